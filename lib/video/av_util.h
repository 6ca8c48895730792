// Small RAII wrappers and helpers around FFmpeg libav* shared by the video pipeline and the
// video detector; internal to lib/video.
#ifndef AIGCMARK_VIDEO_AV_UTIL_H_
#define AIGCMARK_VIDEO_AV_UTIL_H_

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark::video {

struct FormatInputDeleter {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};

using FormatInputPtr = std::unique_ptr<AVFormatContext, FormatInputDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

/// An output format context that owns its AVIO handle (closed on destruction).
class FormatOutput {
 public:
  FormatOutput() = default;
  ~FormatOutput();
  FormatOutput(const FormatOutput&) = delete;
  FormatOutput& operator=(const FormatOutput&) = delete;
  AVFormatContext* get() const { return ctx_; }
  AVFormatContext* operator->() const { return ctx_; }
  /// Allocates the context for `format_name` writing to `path` and opens the file.
  Status Open(const std::string& format_name, const std::string& path);
  /// Closes the file (after the trailer); reports write errors.
  Status Close();

 private:
  AVFormatContext* ctx_ = nullptr;
};

/// av_strerror as a std::string.
std::string AvErrorText(int err);

/// Routes libav* logging into a per-thread "last error" instead of stderr, once per process;
/// our own messages name the file and append that detail (e.g. "moov atom not found").
void InitAvLogging();
/// The last libav* error-level log line on this thread (cleared by the call), or "".
std::string TakeAvLogError();
/// `AvErrorText(err)`, plus the last libav* log line when it says more.
std::string AvErrorDetail(int err);

/// Read position of a custom AVIOContext over a ByteSource.
struct SourceCursor {
  const ByteSource* src = nullptr;
  int64_t pos = 0;
};

/// Opens a container from a path (`src` null) or from a ByteSource through a custom AVIOContext
/// (so detection works on archive members in memory too), and reads stream info.
/// `name` is used in error messages.
class InputFile {
 public:
  InputFile() = default;
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  Status OpenPath(const std::string& path);
  Status OpenSource(const ByteSource& src);
  AVFormatContext* get() const { return ctx_.get(); }
  AVFormatContext* operator->() const { return ctx_.get(); }

 private:
  Status FindInfo(const std::string& name);

  FormatInputPtr ctx_;
  AVIOContext* avio_ = nullptr;  // owned when reading from a ByteSource
  SourceCursor cursor_;
};

/// Index of the main video stream (not cover art), or a kUnsupported/kCorrupt status naming why.
StatusOr<int> FindMainVideoStream(AVFormatContext* ctx, const std::string& name);

/// Opens a decoder for `stream` with frame threading; `threads` 0 = automatic.
StatusOr<CodecContextPtr> OpenDecoder(const AVStream* stream, int threads, const std::string& name);

/// Stream duration in seconds from the stream or the container; 0 when unknown.
double StreamDurationSeconds(const AVFormatContext* ctx, const AVStream* stream);

/// Clockwise degrees (0, 90, 180, 270) a player turns the stored frames for display, from the
/// stream's display matrix (rotation metadata of phone videos); 0 when there is none.
int DisplayRotationCw(const AVStream* stream);

/// True for 8-bit planar YUV layouts the frame processors work on directly.
bool IsPlanarYuv8(AVPixelFormat fmt);

}  // namespace aigcmark::video

#endif  // AIGCMARK_VIDEO_AV_UTIL_H_
