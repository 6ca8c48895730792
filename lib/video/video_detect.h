// Video detection: watermark aggregated over sampled frames, visible label on the opening
// seconds. Called by the one detection engine (lib/detect) for video containers.
#ifndef AIGCMARK_VIDEO_VIDEO_DETECT_H_
#define AIGCMARK_VIDEO_VIDEO_DETECT_H_

#include "aigcmark/detect.h"
#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark::video {

/// How many frames the watermark check samples across a clip.
inline constexpr int kWatermarkSeekPoints = 4;
inline constexpr int kWatermarkFramesPerPoint = 3;

/// Fills report->watermark / visible / frames_checked for a video in `src` as requested by
/// `options` (metadata is read by the caller). On failure sets report->error (naming the file).
void DetectVideoPixels(const ByteSource& src, const DetectOptions& options, DetectReport* report);

}  // namespace aigcmark::video

#endif  // AIGCMARK_VIDEO_VIDEO_DETECT_H_
