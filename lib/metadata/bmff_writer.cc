// Writes the MP4/MOV label by remuxing with libavformat, stream copy only (no decode, no
// encode): the mov/mp4 muxer with movflags use_metadata_tags stores every global tag as an
// `mdta` key in moov/udta/meta, which is where ffprobe and other readers look for AIGC.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

#include "core/byte_source.h"
#include "metadata/bmff_box.h"
#include "metadata/bmff_carriers_internal.h"
#include "metadata/carriers.h"
#include "metadata/xmp_packet.h"

namespace aigcmark {
namespace {

std::string AvError(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof(buf));
  return buf;
}

struct InputDeleter {
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct OutputDeleter {
  void operator()(AVFormatContext* ctx) const {
    if (ctx && ctx->pb && !(ctx->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx->pb);
    avformat_free_context(ctx);
  }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct DictDeleter {
  void operator()(AVDictionary* d) const { av_dict_free(&d); }
};

// Global tags the demuxer derives from the ftyp box; the muxer writes ftyp itself, so copying
// them would only add stale mdta keys.
constexpr const char* kDerivedGlobalTags[] = {"major_brand", "minor_version", "compatible_brands"};

// How the input is laid out, so the output keeps it: "fast start" (moov before mdat) stays fast
// start, and a fragmented file (moof boxes, moov/mvex) stays fragmented. Remuxing a fragmented
// file into a plain one makes FFmpeg round its edit list and shift every timestamp.
struct Layout {
  bool moov_first = false;
  bool fragmented = false;
};

Layout ScanLayout(const std::string& path) {
  Layout layout;
  auto src = OpenFileSource(path);
  if (!src.ok()) return layout;
  bool seen_mdat = false;
  (void)ForEachBox(**src, 0, (*src)->size(), 0, [&](const BoxHeader& b) {
    if (b.type == FourCc("mdat")) seen_mdat = true;
    if (b.type == FourCc("moof")) layout.fragmented = true;
    if (b.type == FourCc("moov")) {
      layout.moov_first = !seen_mdat;
      return ForEachBox(**src, b.payload_offset(), b.end(), 1, [&](const BoxHeader& c) {
        if (c.type == FourCc("mvex")) layout.fragmented = true;
        return Status::Ok();
      });
    }
    return Status::Ok();
  });
  return layout;
}

// The codec tag to keep for a copied stream, as `ffmpeg -c copy` decides: keep the input's tag
// unless the output muxer maps it to a different codec.
uint32_t OutputCodecTag(const AVOutputFormat* ofmt, const AVCodecParameters* par) {
  if (!ofmt->codec_tag) return par->codec_tag;
  if (av_codec_get_id(ofmt->codec_tag, par->codec_tag) == par->codec_id) return par->codec_tag;
  unsigned int tag = 0;
  if (!av_codec_get_tag2(ofmt->codec_tag, par->codec_id, &tag)) return par->codec_tag;
  return 0;  // let the muxer choose its own tag for this codec
}

// FFmpeg's mov demuxer keeps everything after the fixed tx3g fields as mov_text extradata,
// including the 'btrt' box the mp4 muxer appends; copied verbatim, every relabel would grow
// the sample entry by another 20 bytes. Dropping trailing btrt boxes keeps rewrites stable.
void StripTrailingBtrt(AVCodecParameters* par) {
  static const uint8_t kBtrt[8] = {0, 0, 0, 20, 'b', 't', 'r', 't'};
  while (par->extradata && par->extradata_size >= 20 &&
         std::memcmp(par->extradata + par->extradata_size - 20, kBtrt, sizeof(kBtrt)) == 0) {
    par->extradata_size -= 20;
  }
}

// Creates one output stream per input stream the muxer can hold. Data streams the muxer cannot
// store (QuickTime timecode tracks; the muxer recreates those from the video stream's
// "timecode" tag) are skipped; any other stream it cannot store fails the write, so no audio,
// video or subtitle track is ever dropped silently.
Status AddStreams(AVFormatContext* ic, AVFormatContext* oc, std::vector<int>* map) {
  map->assign(ic->nb_streams, -1);
  for (unsigned i = 0; i < ic->nb_streams; ++i) {
    AVStream* ist = ic->streams[i];
    const AVCodecParameters* par = ist->codecpar;
    int supported = avformat_query_codec(oc->oformat, par->codec_id, FF_COMPLIANCE_NORMAL);
    if (supported == 0 || par->codec_type == AVMEDIA_TYPE_ATTACHMENT) {
      if (par->codec_type == AVMEDIA_TYPE_DATA || par->codec_type == AVMEDIA_TYPE_ATTACHMENT) {
        ist->discard = AVDISCARD_ALL;
        continue;
      }
      return UnsupportedError("stream #" + std::to_string(i) + " (" +
                              avcodec_get_name(par->codec_id) + ") cannot be stored in " +
                              oc->oformat->name + " without re-encoding");
    }
    AVStream* ost = avformat_new_stream(oc, nullptr);
    if (ost == nullptr) return ResourceExhaustedError("out of memory");
    int rc = avcodec_parameters_copy(ost->codecpar, par);
    if (rc < 0) return InternalError("cannot copy codec parameters: " + AvError(rc));
    ost->codecpar->codec_tag = OutputCodecTag(oc->oformat, par);
    if (par->codec_id == AV_CODEC_ID_MOV_TEXT) StripTrailingBtrt(ost->codecpar);
    ost->time_base = ist->time_base;
    ost->avg_frame_rate = ist->avg_frame_rate;
    ost->r_frame_rate = ist->r_frame_rate;
    ost->sample_aspect_ratio = ist->sample_aspect_ratio;
    ost->disposition = ist->disposition;
    av_dict_copy(&ost->metadata, ist->metadata, 0);
#if LIBAVFORMAT_VERSION_INT < AV_VERSION_INT(60, 15, 100)
    // Before FFmpeg 6.1, stream-level side data (display matrix, spherical, ...) lives on the
    // stream; from 6.1 on it is codecpar->coded_side_data, copied above.
    for (int s = 0; s < ist->nb_side_data; ++s) {
      const AVPacketSideData& sd = ist->side_data[s];
      uint8_t* dst = av_stream_new_side_data(ost, sd.type, sd.size);
      if (dst == nullptr) return ResourceExhaustedError("out of memory");
      std::memcpy(dst, sd.data, sd.size);
    }
#endif
    (*map)[i] = ost->index;
  }
  if (oc->nb_streams == 0) return UnsupportedError("no stream that can be copied");
  return Status::Ok();
}

// Chapters as `ffmpeg -map_chapters 0` copies them (libavformat has no public constructor).
Status CopyChapters(const AVFormatContext* ic, AVFormatContext* oc) {
  if (ic->nb_chapters == 0) return Status::Ok();
  oc->chapters = static_cast<AVChapter**>(av_calloc(ic->nb_chapters, sizeof(AVChapter*)));
  if (oc->chapters == nullptr) return ResourceExhaustedError("out of memory");
  for (unsigned i = 0; i < ic->nb_chapters; ++i) {
    const AVChapter* in = ic->chapters[i];
    auto* c = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
    if (c == nullptr) return ResourceExhaustedError("out of memory");
    c->id = in->id;
    c->time_base = in->time_base;
    c->start = in->start;
    c->end = in->end;
    av_dict_copy(&c->metadata, in->metadata, 0);
    oc->chapters[oc->nb_chapters++] = c;
  }
  return Status::Ok();
}

Status SetGlobalTags(const AVFormatContext* ic, AVFormatContext* oc, const AigcLabel& label,
                     const std::optional<std::string>& dst) {
  av_dict_copy(&oc->metadata, ic->metadata, 0);
  for (const char* key : kDerivedGlobalTags) av_dict_set(&oc->metadata, key, nullptr, 0);
  // Replace every spelling of the keys so exactly one AIGC entry is written.
  av_dict_set(&oc->metadata, kMdtaLabelKey, nullptr, 0);
  if (av_dict_set(&oc->metadata, kMdtaLabelKey, LabelToJson(label).c_str(), 0) < 0) {
    return ResourceExhaustedError("out of memory");
  }
  if (dst) {
    av_dict_set(&oc->metadata, kMdtaDigitalSourceTypeKey, nullptr, 0);
    if (av_dict_set(&oc->metadata, kMdtaDigitalSourceTypeKey, dst->c_str(), 0) < 0) {
      return ResourceExhaustedError("out of memory");
    }
  }
  return Status::Ok();
}

Status CopyPackets(AVFormatContext* ic, AVFormatContext* oc, const std::vector<int>& map) {
  std::unique_ptr<AVPacket, PacketDeleter> pkt(av_packet_alloc());
  if (!pkt) return ResourceExhaustedError("out of memory");
  for (;;) {
    int rc = av_read_frame(ic, pkt.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) return CorruptError("cannot read media samples: " + AvError(rc));
    int out_index = pkt->stream_index < static_cast<int>(map.size()) ? map[pkt->stream_index] : -1;
    if (out_index < 0) {
      av_packet_unref(pkt.get());
      continue;
    }
    av_packet_rescale_ts(pkt.get(), ic->streams[pkt->stream_index]->time_base,
                         oc->streams[out_index]->time_base);
    pkt->stream_index = out_index;
    pkt->pos = -1;
    rc = av_interleaved_write_frame(oc, pkt.get());  // takes ownership of the payload
    if (rc < 0) return IoError("cannot write media samples: " + AvError(rc));
  }
  return Status::Ok();
}

// The muxer does not copy XMP, so an existing packet is carried over as a top-level XMP uuid
// box with TC260:AIGC (and the source type) updated to match the new mdta key. A packet Exiv2
// cannot parse is kept as it was rather than lost. (A C2PA manifest is not carried over: the
// rewrite breaks its hash binding, so it would no longer validate.)
StatusOr<std::optional<std::string>> CarriedXmp(const std::string& in_path, const AigcLabel& label,
                                                const std::optional<std::string>& dst) {
  AIGCMARK_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src, OpenFileSource(in_path));
  AIGCMARK_ASSIGN_OR_RETURN(std::optional<std::string> packet, FindBmffXmpPacket(*src));
  if (!packet) return packet;
  auto merged = MergeXmpPacket(*packet, LabelToJson(label), dst);
  if (merged.ok()) return std::optional<std::string>(*merged);
  return packet;
}

Status AppendUuidBox(const std::string& path, const std::array<uint8_t, 16>& uuid,
                     const std::string& payload) {
  uint64_t size = 8 + 16 + payload.size();
  if (size > UINT32_MAX) return ResourceExhaustedError("XMP packet too large to carry over");
  uint8_t head[8] = {static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
                     static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size), 'u', 'u', 'i', 'd'};
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(reinterpret_cast<const char*>(head), sizeof(head));
  out.write(reinterpret_cast<const char*>(uuid.data()), static_cast<std::streamsize>(uuid.size()));
  out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
  out.close();
  if (!out) return IoError(path + ": cannot append the XMP box");
  return Status::Ok();
}

}  // namespace

Status WriteBmffLabel(const std::string& in_path, const std::string& out_path, MediaFormat format,
                      const AigcLabel& label, const std::optional<std::string>& dst) {
  if (!IsIsoBmff(format)) return InvalidArgumentError("not an MP4/MOV file");
  AIGCMARK_ASSIGN_OR_RETURN(std::optional<std::string> xmp, CarriedXmp(in_path, label, dst));
  AVFormatContext* raw_in = nullptr;
  const AVInputFormat* mov_demuxer = av_find_input_format("mov");
  int rc = avformat_open_input(&raw_in, in_path.c_str(), mov_demuxer, nullptr);
  if (rc < 0) return CorruptError("cannot open as MP4/MOV: " + AvError(rc));
  std::unique_ptr<AVFormatContext, InputDeleter> ic(raw_in);
  rc = avformat_find_stream_info(ic.get(), nullptr);
  if (rc < 0) return CorruptError("cannot read stream parameters: " + AvError(rc));

  // Keep the container flavour: QuickTime stays QuickTime, MP4 keeps its major brand.
  const char* muxer = format == MediaFormat::kMov ? "mov" : "mp4";
  AVFormatContext* raw_out = nullptr;
  rc = avformat_alloc_output_context2(&raw_out, nullptr, muxer, out_path.c_str());
  if (rc < 0 || raw_out == nullptr) return InternalError("cannot create the " + std::string(muxer) + " muxer");
  std::unique_ptr<AVFormatContext, OutputDeleter> oc(raw_out);

  std::vector<int> map;
  AIGCMARK_RETURN_IF_ERROR(AddStreams(ic.get(), oc.get(), &map));
  AIGCMARK_RETURN_IF_ERROR(CopyChapters(ic.get(), oc.get()));
  AIGCMARK_RETURN_IF_ERROR(SetGlobalTags(ic.get(), oc.get(), label, dst));

  AVDictionary* raw_opts = nullptr;
  Layout layout = ScanLayout(in_path);
  av_dict_set(&raw_opts, "movflags",
              layout.fragmented   ? "+use_metadata_tags+frag_keyframe+empty_moov"
              : layout.moov_first ? "+use_metadata_tags+faststart"
                                  : "+use_metadata_tags",
              0);
  const AVDictionaryEntry* brand = av_dict_get(ic->metadata, "major_brand", nullptr, AV_DICT_MATCH_CASE);
  if (format == MediaFormat::kMp4 && brand && std::strlen(brand->value) == 4) {
    av_dict_set(&raw_opts, "brand", brand->value, 0);
  }
  std::unique_ptr<AVDictionary, DictDeleter> opts(raw_opts);

  rc = avio_open(&oc->pb, out_path.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) return IoError(out_path + ": cannot create: " + AvError(rc));
  raw_opts = opts.release();
  rc = avformat_write_header(oc.get(), &raw_opts);
  opts.reset(raw_opts);
  if (rc < 0) return InternalError("cannot start the " + std::string(muxer) + " output: " + AvError(rc));
  AIGCMARK_RETURN_IF_ERROR(CopyPackets(ic.get(), oc.get(), map));
  rc = av_write_trailer(oc.get());
  if (rc < 0) return IoError("cannot finish the output: " + AvError(rc));
  rc = avio_closep(&oc->pb);
  if (rc < 0) return IoError(out_path + ": cannot flush: " + AvError(rc));
  if (xmp) AIGCMARK_RETURN_IF_ERROR(AppendUuidBox(out_path, kXmpUuid, *xmp));
  return Status::Ok();
}

}  // namespace aigcmark
