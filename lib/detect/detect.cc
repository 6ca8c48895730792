// The one detection engine: metadata (no pixel decode) + watermark + visible on the same pixels.
#include "aigcmark/detect.h"

#include <algorithm>

#include "core/byte_source.h"
#include "core/format.h"
#include "core/image_codec.h"
#include "core/limits.h"
#include "metadata/metadata_reader.h"
#include "video/video_detect.h"
#include "visible/orientation.h"

namespace aigcmark {
namespace {

// Fills `report` from any source; metadata first so a corrupt container fails before decoding.
void DetectFromSource(const ByteSource& src, const DetectOptions& options, DetectReport* report) {
  uint8_t head[kSniffBytes] = {};
  size_t n = static_cast<size_t>(std::min<uint64_t>(src.size(), kSniffBytes));
  if (src.size() == 0) {
    report->error = src.name() + ": empty file";
    return;
  }
  if (Status s = src.ReadAt(0, n, head); !s.ok()) {
    report->error = s.WithContext(src.name()).message();
    return;
  }
  MediaFormat format = SniffFormat(head, n);
  report->format = FormatName(format);
  if (options.metadata) {
    auto md = ReadMetadataFromSource(src);
    if (!md.ok()) {
      report->error = md.status().message();
      return;
    }
    report->metadata = std::move(md).value();
  }
  if (!options.watermark && !options.visible) return;
  if (IsVideoFormat(format)) {
    video::DetectVideoPixels(src, options, report);  // sampled frames, one decoder pass
    return;
  }
  if (!IsImageFormat(format)) {
    report->error = src.name() + ": unknown or unsupported format";
    return;
  }
  // Decode once: the watermark and visible checks share the same pixels.
  auto bytes = src.Read(0, src.size(), kMaxInMemoryFileBytes);
  if (!bytes.ok()) {
    report->error = bytes.status().WithContext(src.name()).message();
    return;
  }
  // The watermark reads luma only: without the visible check, JPEG chroma is never decoded.
  auto image = options.visible ? DecodeImage(*bytes, options.decode_limits)
                               : DecodeImageLuma(*bytes, options.decode_limits);
  if (!image.ok()) {
    report->error = image.status().WithContext(src.name()).message();
    return;
  }
  if (options.watermark) {
    auto wm = DetectWatermark(*image, options.watermark_options);
    if (!wm.ok()) {
      report->error = wm.status().WithContext(src.name()).message();
      return;
    }
    report->watermark = *wm;
    if (wm->payload && report->metadata && report->metadata->aigc) {
      report->watermark_matches_label = *wm->payload == PayloadFromLabel(*report->metadata->aigc);
    }
  }
  if (options.visible) {
    // As a viewer sees it: pixels are decoded in stored order, viewers apply EXIF orientation.
    auto vis = visible::CheckVisibleLabelForDisplay(*image, visible::DisplayOrientation(*bytes),
                                                   options.visible_options);
    if (!vis.ok()) {
      report->error = vis.status().WithContext(src.name()).message();
      return;
    }
    report->visible = *vis;
  }
}

}  // namespace

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kLabeled: return "labeled";
    case Verdict::kUnlabeled: return "unlabeled";
    case Verdict::kBrokenLabel: return "broken-label";
    case Verdict::kError: return "error";
  }
  return "error";
}

Verdict Classify(const DetectReport& r) {
  if (r.error) return Verdict::kError;
  bool signal = false, broken = false;
  if (r.metadata) {
    if (r.metadata->aigc) signal = true;
    if (r.metadata->broken_label) broken = true;
  }
  if (r.watermark && r.watermark->detected) signal = true;
  if (r.visible && r.visible->detected) {
    signal = true;
    if (!r.visible->compliant) broken = true;
  }
  if (r.watermark_matches_label && !*r.watermark_matches_label) broken = true;
  if (broken) return Verdict::kBrokenLabel;
  return signal ? Verdict::kLabeled : Verdict::kUnlabeled;
}

DetectReport Detect(const std::string& path, const DetectOptions& options) {
  DetectReport report;
  report.file = path;
  auto src = OpenFileSource(path);
  if (!src.ok()) {
    report.error = src.status().message();
    return report;
  }
  DetectFromSource(**src, options, &report);
  return report;
}

DetectReport DetectFromMemory(const std::vector<uint8_t>& bytes, const std::string& name,
                              const DetectOptions& options) {
  DetectReport report;
  report.file = name;
  auto src = MemorySource(bytes.data(), bytes.size(), name);
  DetectFromSource(*src, options, &report);
  return report;
}

}  // namespace aigcmark
