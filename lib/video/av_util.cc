#include "video/av_util.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstring>
#include <mutex>

extern "C" {
#include <libavutil/display.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
}

namespace aigcmark::video {
namespace {

constexpr int kAvioBufferSize = 64 * 1024;

int ReadPacketCallback(void* opaque, uint8_t* buf, int size) {
  auto* c = static_cast<SourceCursor*>(opaque);
  int64_t total = static_cast<int64_t>(c->src->size());
  if (c->pos >= total) return AVERROR_EOF;
  int n = static_cast<int>(std::min<int64_t>(size, total - c->pos));
  if (!c->src->ReadAt(static_cast<uint64_t>(c->pos), static_cast<size_t>(n), buf).ok()) {
    return AVERROR(EIO);
  }
  c->pos += n;
  return n;
}

int64_t SeekCallback(void* opaque, int64_t offset, int whence) {
  auto* c = static_cast<SourceCursor*>(opaque);
  int64_t total = static_cast<int64_t>(c->src->size());
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE: return total;
    case SEEK_SET: break;
    case SEEK_CUR: offset += c->pos; break;
    case SEEK_END: offset += total; break;
    default: return AVERROR(EINVAL);
  }
  if (offset < 0) return AVERROR(EINVAL);
  c->pos = offset;
  return offset;
}

}  // namespace

FormatOutput::~FormatOutput() {
  if (ctx_ == nullptr) return;
  if (ctx_->pb != nullptr && !(ctx_->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx_->pb);
  avformat_free_context(ctx_);
}

Status FormatOutput::Open(const std::string& format_name, const std::string& path) {
  int err = avformat_alloc_output_context2(&ctx_, nullptr, format_name.c_str(), path.c_str());
  if (err < 0 || ctx_ == nullptr) {
    return UnsupportedError("cannot create a " + format_name + " muxer: " + AvErrorText(err));
  }
  err = avio_open(&ctx_->pb, path.c_str(), AVIO_FLAG_WRITE);
  if (err < 0) return IoError(path + ": cannot create output file: " + AvErrorText(err));
  return Status::Ok();
}

Status FormatOutput::Close() {
  if (ctx_ == nullptr || ctx_->pb == nullptr) return Status::Ok();
  avio_flush(ctx_->pb);
  int pb_error = ctx_->pb->error;
  int err = avio_closep(&ctx_->pb);
  if (pb_error < 0) return IoError("write failed: " + AvErrorText(pb_error));
  if (err < 0) return IoError("closing the output failed: " + AvErrorText(err));
  return Status::Ok();
}

std::string AvErrorText(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof(buf));
  return buf;
}

namespace {

thread_local std::string t_last_av_error;

void LogCallback(void* avcl, int level, const char* fmt, va_list args) {
  if (level > AV_LOG_ERROR) return;
  char line[512];
  int print_prefix = 0;
  av_log_format_line2(avcl, level, fmt, args, line, sizeof(line), &print_prefix);
  std::string s(line);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  // Drop the "[mov,mp4,... @ 0x...] " context prefix: the caller names the file.
  if (size_t close = s.find("] "); !s.empty() && s[0] == '[' && close != std::string::npos) {
    s = s.substr(close + 2);
  }
  if (!s.empty()) t_last_av_error = s;
}

}  // namespace

void InitAvLogging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(LogCallback); });
}

std::string TakeAvLogError() {
  std::string s;
  s.swap(t_last_av_error);
  return s;
}

std::string AvErrorDetail(int err) {
  std::string text = AvErrorText(err);
  std::string log = TakeAvLogError();
  if (!log.empty() && log != text) text += " (" + log + ")";
  return text;
}

InputFile::~InputFile() {
  ctx_.reset();  // avformat_close_input does not free a custom AVIOContext
  if (avio_ != nullptr) {
    av_freep(&avio_->buffer);
    avio_context_free(&avio_);
  }
}

Status InputFile::OpenPath(const std::string& path) {
  InitAvLogging();
  AVFormatContext* raw = nullptr;
  int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (err < 0) {
    if (err == AVERROR(ENOENT)) return NotFoundError(path + ": no such file");
    return CorruptError(path + ": cannot open as a video container: " + AvErrorDetail(err));
  }
  ctx_.reset(raw);
  return FindInfo(path);
}

Status InputFile::OpenSource(const ByteSource& src) {
  InitAvLogging();
  cursor_.src = &src;
  cursor_.pos = 0;
  auto* buffer = static_cast<uint8_t*>(av_malloc(kAvioBufferSize));
  if (buffer == nullptr) return ResourceExhaustedError(src.name() + ": out of memory");
  avio_ = avio_alloc_context(buffer, kAvioBufferSize, 0, &cursor_, ReadPacketCallback, nullptr,
                             SeekCallback);
  if (avio_ == nullptr) {
    av_free(buffer);
    return ResourceExhaustedError(src.name() + ": out of memory");
  }
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return ResourceExhaustedError(src.name() + ": out of memory");
  raw->pb = avio_;
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  int err = avformat_open_input(&raw, src.name().c_str(), nullptr, nullptr);
  if (err < 0) {  // avformat_open_input frees `raw` on failure
    return CorruptError(src.name() + ": cannot open as a video container: " +
                        AvErrorDetail(err));
  }
  ctx_.reset(raw);
  return FindInfo(src.name());
}

Status InputFile::FindInfo(const std::string& name) {
  int err = avformat_find_stream_info(ctx_.get(), nullptr);
  if (err < 0) {
    return CorruptError(name + ": cannot read stream information: " + AvErrorDetail(err));
  }
  return Status::Ok();
}

StatusOr<int> FindMainVideoStream(AVFormatContext* ctx, const std::string& name) {
  int best = -1;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) continue;
    if (st->disposition & AV_DISPOSITION_ATTACHED_PIC) continue;
    best = static_cast<int>(i);
    break;
  }
  if (best < 0) return UnsupportedError(name + ": no video stream");
  const AVCodecParameters* par = ctx->streams[best]->codecpar;
  if (par->codec_id == AV_CODEC_ID_NONE || avcodec_find_decoder(par->codec_id) == nullptr) {
    const char* codec = avcodec_get_name(par->codec_id);
    return UnsupportedError(name + ": unsupported video codec " +
                            (codec != nullptr ? std::string(codec) : std::string("(unknown)")) +
                            " (no decoder in this FFmpeg build)");
  }
  if (par->width <= 0 || par->height <= 0) {
    return CorruptError(name + ": video stream has no frame size");
  }
  return best;
}

StatusOr<CodecContextPtr> OpenDecoder(const AVStream* stream, int threads,
                                      const std::string& name) {
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr) return UnsupportedError(name + ": no decoder for the video codec");
  CodecContextPtr dec(avcodec_alloc_context3(codec));
  if (!dec) return ResourceExhaustedError(name + ": out of memory");
  int err = avcodec_parameters_to_context(dec.get(), stream->codecpar);
  if (err < 0) return CorruptError(name + ": bad video parameters: " + AvErrorText(err));
  dec->pkt_timebase = stream->time_base;
  dec->thread_count = threads;
  dec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  err = avcodec_open2(dec.get(), codec, nullptr);
  if (err < 0) {
    return UnsupportedError(name + ": cannot open the " + std::string(codec->name) +
                            " decoder: " + AvErrorText(err));
  }
  return dec;
}

double StreamDurationSeconds(const AVFormatContext* ctx, const AVStream* st) {
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
    return static_cast<double>(st->duration) * av_q2d(st->time_base);
  }
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0) {
    return static_cast<double>(ctx->duration) / AV_TIME_BASE;
  }
  return 0.0;
}

int DisplayRotationCw(const AVStream* st) {
  const uint8_t* matrix = nullptr;
#if LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100)
  const AVPacketSideData* sd = av_packet_side_data_get(
      st->codecpar->coded_side_data, st->codecpar->nb_coded_side_data, AV_PKT_DATA_DISPLAYMATRIX);
  if (sd != nullptr && sd->size >= 9 * sizeof(int32_t)) matrix = sd->data;
#else
  size_t size = 0;
  matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (size < 9 * sizeof(int32_t)) matrix = nullptr;
#endif
  if (matrix == nullptr) return 0;
  double ccw = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  int cw = static_cast<int>(std::lround(-ccw / 90.0)) * 90;
  return ((cw % 360) + 360) % 360;
}

bool IsPlanarYuv8(AVPixelFormat fmt) {
  switch (fmt) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
      return true;
    default:
      return false;
  }
}

}  // namespace aigcmark::video
