// PLACEHOLDER until the watermark module lands (issue 3): reports "not detected".
#include "aigcmark/watermark.h"
namespace aigcmark {
Status EmbedWatermark(Image&, uint64_t, const WatermarkEmbedOptions&) { return UnsupportedError("pending"); }
StatusOr<WatermarkResult> DetectWatermark(const Image&, const WatermarkDetectOptions&) { return WatermarkResult{}; }
}  // namespace aigcmark
