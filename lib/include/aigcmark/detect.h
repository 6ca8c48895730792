// The moderator's question in one call: is this file labelled, by whom, and is it compliant?
#ifndef AIGCMARK_DETECT_H_
#define AIGCMARK_DETECT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aigcmark/metadata.h"
#include "aigcmark/visible.h"
#include "aigcmark/watermark.h"

namespace aigcmark {

struct DetectOptions {
  bool metadata = true;   ///< Read metadata carriers (never decodes pixels).
  bool watermark = true;  ///< Decode pixels and look for the invisible watermark.
  bool visible = false;   ///< OCR the edges for a visible label (slower).
  WatermarkDetectOptions watermark_options;
  VisibleCheckOptions visible_options;
  DecodeLimits decode_limits;  ///< Pixel-count limit for every decode.
};

/// One file's findings. `error` is set when the file could not be read at all; the parts that
/// were not requested stay unset.
struct DetectReport {
  std::string file;
  std::string format;                  ///< "jpeg", "png", "webp", "tiff", "mp4", ... or "".
  std::optional<std::string> error;    ///< Names the file and the problem.
  std::optional<MetadataReport> metadata;
  std::optional<WatermarkResult> watermark;
  std::optional<VisibleResult> visible;
  std::optional<int> frames_checked;   ///< Video only.
  /// Video only: how long the visible label is shown from its first appearance, in seconds
  /// (estimated from frames probed every 0.5 s); unset when no label was found.
  std::optional<double> visible_seconds;
  /// Whether the watermark payload equals PayloadFromLabel(metadata label); unset unless both
  /// a watermark payload and a metadata label were found.
  std::optional<bool> watermark_matches_label;
};

/// The overall answer for summaries.
enum class Verdict { kLabeled, kUnlabeled, kBrokenLabel, kError };
const char* VerdictName(Verdict verdict);  ///< "labeled", "unlabeled", "broken-label", "error".
Verdict Classify(const DetectReport& report);

/// Runs every requested check on one file: one engine for `detect`, `scan` and video.
DetectReport Detect(const std::string& path, const DetectOptions& options = {});
/// The same on bytes in memory (archive members); `name` is reported as the file.
DetectReport DetectFromMemory(const std::vector<uint8_t>& bytes, const std::string& name,
                              const DetectOptions& options = {});

/// One compact JSON object (no newline) in the documented `detect --json` shape.
std::string DetectReportToJson(const DetectReport& report);

}  // namespace aigcmark

#endif  // AIGCMARK_DETECT_H_
