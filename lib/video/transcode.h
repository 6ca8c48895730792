// The one-pass video pipeline: demux → decode → frame processors → encode → mux, other streams
// copied; or a pure stream copy (remux) with new container tags.
#ifndef AIGCMARK_VIDEO_TRANSCODE_H_
#define AIGCMARK_VIDEO_TRANSCODE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "aigcmark/image.h"
#include "aigcmark/status.h"
#include "aigcmark/video.h"
#include "video/frame_processor.h"

namespace aigcmark::video {

/// Builds the processors once the frame size is known (width, height of the encoded frames, and
/// the clockwise rotation a player applies for display).
using ProcessorFactory = std::function<StatusOr<std::vector<std::unique_ptr<FrameProcessor>>>(
    int width, int height, int rotation_cw)>;

struct TranscodeOptions {
  /// libavformat muxer name: "mp4", "mov", "matroska" or "webm".
  std::string muxer;
  /// Re-encode the main video stream through the processors; false = copy every stream.
  bool reencode = true;
  ProcessorFactory processors;
  VideoEncodeOptions encode;
  /// Container-level tags to set (e.g. {"AIGC", json}); other input tags are kept.
  std::vector<std::pair<std::string, std::string>> format_tags;
  std::function<void(const VideoProgress&)> progress;
  const std::atomic<bool>* cancel = nullptr;
  DecodeLimits decode_limits;
};

struct TranscodeStats {
  int64_t frames = 0;           ///< Video frames written.
  std::string encoder;          ///< e.g. "libx264"; empty for stream copy.
  std::vector<std::string> notes;
};

/// Muxer name for an output path's extension (.mp4/.m4v, .mov, .mkv, .webm), or kUnsupported.
StatusOr<std::string> MuxerForPath(const std::string& path);

/// Reads `in`, writes `out` (normally a temp path; left partially written on error, the caller
/// removes it). Errors name `in` (or `out` for write failures).
Status Transcode(const std::string& in, const std::string& out, const TranscodeOptions& options,
                 TranscodeStats* stats);

/// Reads the container tag `key` of a written file through libavformat ("" when absent).
StatusOr<std::string> ReadFormatTag(const std::string& path, const std::string& key);

}  // namespace aigcmark::video

#endif  // AIGCMARK_VIDEO_TRANSCODE_H_
