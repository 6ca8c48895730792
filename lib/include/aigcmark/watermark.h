// The invisible, keyed, frequency-domain watermark carrying a 64-bit payload.
#ifndef AIGCMARK_WATERMARK_H_
#define AIGCMARK_WATERMARK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "aigcmark/image.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// The documented public key used when none is given, so anyone can check the open scheme.
inline constexpr const char* kDefaultWatermarkKey = "aigcmark-public-key-v1";

struct WatermarkEmbedOptions {
  std::string key = kDefaultWatermarkKey;  ///< Seeds the pattern; detection needs the same key.
  /// Embedding strength multiplier; 1.0 targets PSNR >= 42 dB on photos. Larger is more robust
  /// and more visible.
  float strength = 1.0f;
};

struct WatermarkDetectOptions {
  std::string key = kDefaultWatermarkKey;
  /// Declare "detected" only when the false-alarm probability is at most this (per image).
  double max_false_alarm = 1e-6;
};

/// Outcome of watermark detection.
struct WatermarkResult {
  bool detected = false;
  std::optional<uint64_t> payload;  ///< Set only when detected and the payload check passed.
  double score = 0.0;               ///< Detection statistic (larger is stronger).
  double false_alarm = 1.0;         ///< Probability that an unmarked image scores this high.
};

/// Embeds `payload` into an 8-bit gray/BGR/BGRA image in place (luma only; alpha untouched).
Status EmbedWatermark(Image& image, uint64_t payload, const WatermarkEmbedOptions& options = {});
/// Blind detection: no original needed; searches scale, rotation and crop offset.
StatusOr<WatermarkResult> DetectWatermark(const Image& image,
                                          const WatermarkDetectOptions& options = {});

}  // namespace aigcmark

#endif  // AIGCMARK_WATERMARK_H_
