// Container tags of Matroska/WebM/AVI, read through libavformat over the ByteSource: only the
// header is parsed (avformat_open_input, which follows Matroska's SeekHead to the Tags element);
// no packet is demuxed and no stream info is probed.
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include <algorithm>
#include <memory>

#include "aigcmark/metadata.h"
#include "metadata/bmff_carriers_internal.h"
#include "metadata/carriers.h"

namespace aigcmark {
namespace {

constexpr int kAvioBufferSize = 64 * 1024;
constexpr const char* kProbeSize = "1048576";  // header probing only; bounded on hostile input

struct IoCursor {
  const ByteSource* src;
  uint64_t pos = 0;
};

int ReadPacket(void* opaque, uint8_t* buf, int buf_size) {
  auto* io = static_cast<IoCursor*>(opaque);
  uint64_t size = io->src->size();
  if (io->pos >= size) return AVERROR_EOF;
  size_t n = static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(buf_size), size - io->pos));
  if (!io->src->ReadAt(io->pos, n, buf).ok()) return AVERROR(EIO);
  io->pos += n;
  return static_cast<int>(n);
}

int64_t Seek(void* opaque, int64_t offset, int whence) {
  auto* io = static_cast<IoCursor*>(opaque);
  int64_t size = static_cast<int64_t>(io->src->size());
  if (whence & AVSEEK_SIZE) return size;
  int64_t base = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = static_cast<int64_t>(io->pos); break;
    case SEEK_END: base = size; break;
    default: return AVERROR(EINVAL);
  }
  if ((offset > 0 && base > INT64_MAX - offset)) return AVERROR(EINVAL);
  int64_t target = base + offset;
  if (target < 0) return AVERROR(EINVAL);
  io->pos = static_cast<uint64_t>(target);
  return target;
}

std::string AvError(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof(buf));
  return buf;
}

struct AvioDeleter {
  void operator()(AVIOContext* ctx) const {
    if (ctx) av_freep(&ctx->buffer);
    avio_context_free(&ctx);
  }
};

struct InputDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};

const char* DemuxerName(MediaFormat format) {
  switch (format) {
    case MediaFormat::kMatroska:
    case MediaFormat::kWebm: return "matroska";  // one demuxer serves both
    case MediaFormat::kAvi: return "avi";
    default: return nullptr;
  }
}

}  // namespace

Status ReadAvTagCarriers(const ByteSource& src, MediaFormat format, RawMetadata* out) {
  const char* demuxer = DemuxerName(format);
  const AVInputFormat* ifmt = demuxer ? av_find_input_format(demuxer) : nullptr;
  if (ifmt == nullptr) return UnsupportedError("no container tag reader for this format");

  IoCursor cursor{&src};
  auto* buffer = static_cast<uint8_t*>(av_malloc(kAvioBufferSize));
  if (buffer == nullptr) return ResourceExhaustedError("out of memory");
  std::unique_ptr<AVIOContext, AvioDeleter> avio(
      avio_alloc_context(buffer, kAvioBufferSize, 0, &cursor, ReadPacket, nullptr, Seek));
  if (!avio) {
    av_free(buffer);
    return ResourceExhaustedError("out of memory");
  }
  AVFormatContext* raw = avformat_alloc_context();
  if (raw == nullptr) return ResourceExhaustedError("out of memory");
  raw->pb = avio.get();
  raw->flags |= AVFMT_FLAG_CUSTOM_IO;
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "probesize", kProbeSize, 0);
  av_dict_set(&opts, "formatprobesize", kProbeSize, 0);
  int rc = avformat_open_input(&raw, "", ifmt, &opts);  // frees `raw` on failure
  av_dict_free(&opts);
  if (rc < 0) {
    return CorruptError(std::string("not a readable ") + FormatName(format) + " file: " + AvError(rc));
  }
  std::unique_ptr<AVFormatContext, InputDeleter> ic(raw);

  // av_dict_get matches keys case-insensitively unless AV_DICT_MATCH_CASE is given.
  if (const AVDictionaryEntry* e = av_dict_get(ic->metadata, kMdtaLabelKey, nullptr, 0)) {
    out->labels.push_back({kCarrierMkvTag, e->value});
  }
  if (const AVDictionaryEntry* e = av_dict_get(ic->metadata, kMdtaDigitalSourceTypeKey, nullptr, 0)) {
    out->digital_source_type = e->value;
  }
  return Status::Ok();
}

}  // namespace aigcmark
