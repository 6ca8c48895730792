#include "video/transcode.h"

#include <strings.h>

#include <algorithm>
#include <chrono>
#include <cstring>

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include "video/av_util.h"

namespace aigcmark::video {
namespace {

using Clock = std::chrono::steady_clock;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsMovFamily(const std::string& muxer) { return muxer == "mp4" || muxer == "mov"; }

// The non-"J" twin of a full-range planar YUV format; range lives in color_range instead.
AVPixelFormat UnJpeg(AVPixelFormat f) {
  switch (f) {
    case AV_PIX_FMT_YUVJ420P: return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: return AV_PIX_FMT_YUV444P;
    default: return f;
  }
}

bool EncoderSupports(const AVCodec* codec, AVPixelFormat fmt) {
  if (codec->pix_fmts == nullptr) return true;
  for (const AVPixelFormat* p = codec->pix_fmts; *p != AV_PIX_FMT_NONE; ++p) {
    if (*p == fmt) return true;
  }
  return false;
}

// Index of `preset` in x264's preset ladder (ultrafast = 0 ... placebo = 9); medium = 5.
int PresetRank(const std::string& preset) {
  static const char* kPresets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                   "medium",    "slow",      "slower",   "veryslow", "placebo"};
  for (int i = 0; i < 10; ++i) {
    if (preset == kPresets[i]) return i;
  }
  return -1;
}

struct EncoderChoice {
  const AVCodec* codec = nullptr;
  std::string family;  // "h264", "h265", "vp9", "av1"
};

StatusOr<EncoderChoice> PickEncoder(const std::string& requested, const std::string& muxer) {
  std::string family = Lower(requested);
  if (family.empty()) family = muxer == "webm" ? "vp9" : "h264";
  if (family == "x264" || family == "avc" || family == "libx264") family = "h264";
  if (family == "x265" || family == "hevc" || family == "libx265") family = "h265";
  if (family == "libvpx-vp9") family = "vp9";
  std::vector<const char*> names;
  if (family == "h264") names = {"libx264"};
  else if (family == "h265") names = {"libx265"};
  else if (family == "vp9") names = {"libvpx-vp9"};
  else if (family == "av1") names = {"libsvtav1", "libaom-av1", "librav1e"};
  else return InvalidArgumentError("unknown video codec '" + requested + "' (use h264, h265, vp9 or av1)");
  for (const char* n : names) {
    if (const AVCodec* c = avcodec_find_encoder_by_name(n)) return EncoderChoice{c, family};
  }
  return UnsupportedError("this FFmpeg build has no " + family + " encoder (" + names[0] + ")");
}

// Encoder options for the family: quality (crf) and speed (preset), with each library's knobs.
Status EncoderOptions(const EncoderChoice& e, const VideoEncodeOptions& o, AVCodecContext* enc,
                      AVDictionary** dict) {
  std::string preset = o.preset.empty() ? "medium" : o.preset;
  int rank = PresetRank(preset);
  if (rank < 0) {
    return InvalidArgumentError("unknown preset '" + preset +
                                "' (ultrafast, superfast, veryfast, faster, fast, medium, slow, "
                                "slower, veryslow)");
  }
  std::string name = e.codec->name;
  int crf = o.crf;
  if (e.family == "h264" || e.family == "h265") {
    if (crf < 0) crf = e.family == "h264" ? 23 : 28;
    if (crf > 51) return InvalidArgumentError("--crf must be 0..51 for " + e.family);
    av_dict_set(dict, "preset", preset.c_str(), 0);
    av_dict_set_int(dict, "crf", crf, 0);
    if (e.family == "h265") av_dict_set(dict, "x265-params", "log-level=error", 0);
  } else if (e.family == "vp9") {
    if (crf < 0) crf = 31;
    if (crf > 63) return InvalidArgumentError("--crf must be 0..63 for vp9");
    enc->bit_rate = 0;  // constant quality
    av_dict_set_int(dict, "crf", crf, 0);
    av_dict_set(dict, "deadline", "good", 0);
    av_dict_set_int(dict, "cpu-used", std::clamp(8 - rank, 1, 8), 0);
    av_dict_set(dict, "row-mt", "1", 0);
  } else {  // av1
    if (crf < 0) crf = 35;
    if (crf > 63) return InvalidArgumentError("--crf must be 0..63 for av1");
    if (name == "libsvtav1") {
      av_dict_set_int(dict, "crf", crf, 0);
      av_dict_set_int(dict, "preset", std::clamp(13 - rank, 4, 12), 0);
    } else if (name == "libaom-av1") {
      enc->bit_rate = 0;
      av_dict_set_int(dict, "crf", crf, 0);
      av_dict_set_int(dict, "cpu-used", std::clamp(8 - rank / 2, 4, 8), 0);
      av_dict_set(dict, "row-mt", "1", 0);
    } else {
      av_dict_set_int(dict, "qp", std::clamp(crf * 4, 0, 255), 0);
      av_dict_set_int(dict, "speed", std::clamp(10 - rank, 0, 10), 0);
    }
  }
  return Status::Ok();
}

// Tags that describe the old bitstream or container and would be wrong after re-encoding.
bool IsStaleStreamTag(const char* key) {
  static const char* kStale[] = {"encoder", "BPS", "DURATION", "NUMBER_OF_FRAMES",
                                 "NUMBER_OF_BYTES", "_STATISTICS_WRITING_APP",
                                 "_STATISTICS_WRITING_DATE_UTC", "_STATISTICS_TAGS"};
  for (const char* s : kStale) {
    if (std::strncmp(key, s, std::strlen(s)) == 0) return true;
  }
  return false;
}

// Container tags that the MP4 demuxer synthesises from ftyp (and the old muxer's name); they
// describe the input file, and with use_metadata_tags would become bogus mdta keys.
bool IsSynthesisedFormatTag(const char* key) {
  return strcasecmp(key, "major_brand") == 0 || strcasecmp(key, "minor_version") == 0 ||
         strcasecmp(key, "compatible_brands") == 0 || strcasecmp(key, "encoder") == 0;
}

void CopyDict(AVDictionary** dst, const AVDictionary* src, bool (*skip)(const char*)) {
  const AVDictionaryEntry* e = nullptr;
  while ((e = av_dict_get(src, "", e, AV_DICT_IGNORE_SUFFIX)) != nullptr) {
    if (skip != nullptr && skip(e->key)) continue;
    av_dict_set(dst, e->key, e->value, 0);
  }
}

// Stream side data (display matrix = rotation, stereo 3D, spherical, HDR mastering, ...).
Status CopyStreamSideData(const AVStream* in, AVStream* out, bool reencoded) {
#if LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100)
  const AVPacketSideData* sd = in->codecpar->coded_side_data;
  int count = in->codecpar->nb_coded_side_data;
#else
  const AVPacketSideData* sd = in->side_data;
  int count = in->nb_side_data;
#endif
  for (int i = 0; i < count; ++i) {
    if (reencoded && sd[i].type == AV_PKT_DATA_CPB_PROPERTIES) continue;
#if LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100)
    AVPacketSideData* dst = av_packet_side_data_new(&out->codecpar->coded_side_data,
                                                    &out->codecpar->nb_coded_side_data,
                                                    sd[i].type, sd[i].size, 0);
    if (dst == nullptr) return ResourceExhaustedError("out of memory");
    std::memcpy(dst->data, sd[i].data, sd[i].size);
#else
    uint8_t* dst = av_stream_new_side_data(out, sd[i].type, sd[i].size);
    if (dst == nullptr) return ResourceExhaustedError("out of memory");
    std::memcpy(dst, sd[i].data, sd[i].size);
#endif
  }
  return Status::Ok();
}

Status CopyChapters(const AVFormatContext* in, AVFormatContext* out) {
  if (in->nb_chapters == 0) return Status::Ok();
  auto** chapters = static_cast<AVChapter**>(av_calloc(in->nb_chapters, sizeof(AVChapter*)));
  if (chapters == nullptr) return ResourceExhaustedError("out of memory");
  out->chapters = chapters;
  for (unsigned i = 0; i < in->nb_chapters; ++i) {
    const AVChapter* src = in->chapters[i];
    auto* ch = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
    if (ch == nullptr) return ResourceExhaustedError("out of memory");
    ch->id = src->id;
    ch->time_base = src->time_base;
    ch->start = src->start;
    ch->end = src->end;
    av_dict_copy(&ch->metadata, src->metadata, 0);
    out->chapters[out->nb_chapters++] = ch;
  }
  return Status::Ok();
}

const char* MediaTypeName(AVMediaType t) {
  const char* s = av_get_media_type_string(t);
  return s != nullptr ? s : "unknown";
}

std::string ContainerLabel(const std::string& muxer) {
  if (muxer == "matroska") return "Matroska";
  if (muxer == "webm") return "WebM";
  if (muxer == "mov") return "MOV";
  return "MP4";
}

class Pipeline {
 public:
  Pipeline(const std::string& in, const std::string& out, const TranscodeOptions& o,
           TranscodeStats* stats)
      : in_path_(in), out_path_(out), o_(o), stats_(stats) {}

  Status Run();

 private:
  Status SetupStreams();
  Status SetupEncoder(AVStream* in_st, AVStream* out_st);
  Status ProcessDecodedFrames();
  Status HandleFrame(AVFrame* decoded);
  Status Encode(AVFrame* frame);
  Status WritePacket(AVPacket* pkt);
  void ReportProgress(bool final);
  bool Cancelled() const { return o_.cancel != nullptr && o_.cancel->load(); }

  const std::string& in_path_;
  const std::string& out_path_;
  const TranscodeOptions& o_;
  TranscodeStats* stats_;

  InputFile in_;
  FormatOutput out_;
  int vidx_ = -1;
  std::vector<int> stream_map_;
  CodecContextPtr dec_, enc_;
  EncoderChoice encoder_;
  AVPixelFormat work_fmt_ = AV_PIX_FMT_NONE;
  bool work_full_range_ = false;
  SwsPtr sws_;
  FramePtr frame_, work_frame_;
  PacketPtr enc_pkt_;
  std::vector<std::unique_ptr<FrameProcessor>> processors_;
  YuvMatrix matrix_;
  int64_t first_pts_ = AV_NOPTS_VALUE;
  int64_t last_pts_ = AV_NOPTS_VALUE;
  int64_t frames_ = 0;
  int64_t video_packets_ = 0;
  int64_t frames_total_ = 0;
  int decode_errors_ = 0;
  std::string last_decode_error_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_report_ = Clock::now();
};

Status Pipeline::SetupStreams() {
  AVFormatContext* ic = in_.get();
  stream_map_.assign(ic->nb_streams, -1);
  const AVOutputFormat* ofmt = out_->oformat;
  for (unsigned i = 0; i < ic->nb_streams; ++i) {
    AVStream* in_st = ic->streams[i];
    const AVCodecParameters* par = in_st->codecpar;
    const char* codec_name = avcodec_get_name(par->codec_id);
    bool is_main = static_cast<int>(i) == vidx_;
    bool supported = par->codec_id != AV_CODEC_ID_NONE &&
                     avformat_query_codec(ofmt, par->codec_id, FF_COMPLIANCE_NORMAL) != 0;
    if (is_main && o_.reencode) supported = true;
    std::string what = std::string(MediaTypeName(par->codec_type)) + " stream #" +
                       std::to_string(i) + " (" + codec_name + ")";
    if (!supported) {
      if (par->codec_type == AVMEDIA_TYPE_AUDIO || par->codec_type == AVMEDIA_TYPE_SUBTITLE ||
          is_main) {
        return UnsupportedError(in_path_ + ": " + what + " cannot be stored in " +
                                ContainerLabel(o_.muxer) +
                                " without re-encoding; choose an output container that "
                                "holds it (.mkv holds most)");
      }
      stats_->notes.push_back(what + " dropped: " + ContainerLabel(o_.muxer) +
                              " cannot hold it");
      continue;
    }
    if (!is_main && par->codec_type == AVMEDIA_TYPE_VIDEO &&
        !(in_st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      stats_->notes.push_back(what + " copied without labels (only the first video stream is "
                              "labelled)");
    }
    AVStream* out_st = avformat_new_stream(out_.get(), nullptr);
    if (out_st == nullptr) return ResourceExhaustedError("out of memory");
    stream_map_[i] = out_st->index;
    out_st->disposition = in_st->disposition;
    bool reencoded = is_main && o_.reencode;
    CopyDict(&out_st->metadata, in_st->metadata, reencoded ? IsStaleStreamTag : nullptr);
    AIGCMARK_RETURN_IF_ERROR(CopyStreamSideData(in_st, out_st, reencoded));
    if (reencoded) {
      AIGCMARK_RETURN_IF_ERROR(SetupEncoder(in_st, out_st));
    } else {
      int err = avcodec_parameters_copy(out_st->codecpar, par);
      if (err < 0) return InternalError("cannot copy stream parameters: " + AvErrorText(err));
      out_st->codecpar->codec_tag = 0;
      // Keep a tag only when the output container knows it for this codec (e.g. hvc1 in MP4).
      unsigned int tag = 0;
      if (par->codec_tag != 0 &&
          av_codec_get_tag2(ofmt->codec_tag, par->codec_id, &tag) != 0 &&
          av_codec_get_id(ofmt->codec_tag, par->codec_tag) == par->codec_id) {
        out_st->codecpar->codec_tag = par->codec_tag;
      }
      out_st->time_base = in_st->time_base;
      out_st->avg_frame_rate = in_st->avg_frame_rate;
      out_st->r_frame_rate = in_st->r_frame_rate;
      out_st->sample_aspect_ratio = in_st->sample_aspect_ratio;
    }
  }
  return Status::Ok();
}

Status Pipeline::SetupEncoder(AVStream* in_st, AVStream* out_st) {
  AVFormatContext* ic = in_.get();
  const AVCodecParameters* par = in_st->codecpar;
  AIGCMARK_ASSIGN_OR_RETURN(encoder_, PickEncoder(o_.encode.codec, o_.muxer));
  if (avformat_query_codec(out_->oformat, encoder_.codec->id, FF_COMPLIANCE_NORMAL) == 0) {
    return UnsupportedError(ContainerLabel(o_.muxer) + " cannot hold " + encoder_.family +
                            " video; choose another codec or container");
  }
  auto in_fmt = static_cast<AVPixelFormat>(par->format);
  work_full_range_ = par->color_range == AVCOL_RANGE_JPEG || in_fmt == AV_PIX_FMT_YUVJ420P ||
                     in_fmt == AV_PIX_FMT_YUVJ422P || in_fmt == AV_PIX_FMT_YUVJ444P;
  work_fmt_ = IsPlanarYuv8(in_fmt) ? UnJpeg(in_fmt) : AV_PIX_FMT_YUV420P;
  if (!EncoderSupports(encoder_.codec, work_fmt_)) work_fmt_ = AV_PIX_FMT_YUV420P;
  if (UnJpeg(in_fmt) != work_fmt_) {
    const char* from = av_get_pix_fmt_name(in_fmt);
    stats_->notes.push_back(std::string("video converted from ") + (from ? from : "its pixel format") +
                            " to " + av_get_pix_fmt_name(work_fmt_) +
                            " (the labels are drawn on 8-bit planar YUV)");
  }
  const AVPixFmtDescriptor* src_desc = av_pix_fmt_desc_get(in_fmt);
  bool src_is_rgb = src_desc != nullptr && (src_desc->flags & AV_PIX_FMT_FLAG_RGB);
  bool src_is_pal = src_desc != nullptr && (src_desc->flags & AV_PIX_FMT_FLAG_PAL);
  if (src_is_rgb || src_is_pal) work_full_range_ = false;  // swscale writes limited range

  enc_.reset(avcodec_alloc_context3(encoder_.codec));
  if (!enc_) return ResourceExhaustedError("out of memory");
  AVCodecContext* enc = enc_.get();
  enc->width = par->width;
  enc->height = par->height;
  enc->pix_fmt = work_fmt_;
  enc->sample_aspect_ratio = av_guess_sample_aspect_ratio(ic, in_st, nullptr);
  enc->time_base = in_st->time_base;
  enc->framerate = av_guess_frame_rate(ic, in_st, nullptr);
  enc->color_range = work_full_range_ ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  if (src_is_rgb || src_is_pal) {
    enc->colorspace = AVCOL_SPC_SMPTE170M;  // swscale's default RGB → YUV matrix is BT.601
    enc->color_primaries = par->color_primaries;
    enc->color_trc = par->color_trc;
  } else {
    enc->colorspace = par->color_space;
    enc->color_primaries = par->color_primaries;
    enc->color_trc = par->color_trc;
    enc->chroma_sample_location = par->chroma_location;
  }
  enc->field_order = par->field_order;
  enc->thread_count = o_.encode.threads;
  if (out_->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (encoder_.family == "h265" && IsMovFamily(o_.muxer)) {
    enc->codec_tag = MKTAG('h', 'v', 'c', '1');  // playable on Apple devices
  }
  AVDictionary* dict = nullptr;
  Status st = EncoderOptions(encoder_, o_.encode, enc, &dict);
  if (!st.ok()) {
    av_dict_free(&dict);
    return st;
  }
  int err = avcodec_open2(enc, encoder_.codec, &dict);
  av_dict_free(&dict);
  if (err < 0) {
    return UnsupportedError(std::string("cannot open the ") + encoder_.codec->name +
                            " encoder for " + std::to_string(par->width) + "x" +
                            std::to_string(par->height) + " " +
                            av_get_pix_fmt_name(work_fmt_) + ": " + AvErrorDetail(err));
  }
  err = avcodec_parameters_from_context(out_st->codecpar, enc);
  if (err < 0) return InternalError("cannot set stream parameters: " + AvErrorText(err));
  out_st->time_base = enc->time_base;
  out_st->avg_frame_rate = in_st->avg_frame_rate;
  out_st->r_frame_rate = in_st->r_frame_rate;
  out_st->sample_aspect_ratio = enc->sample_aspect_ratio;
  stats_->encoder = encoder_.codec->name;
  matrix_ = MatrixFor(enc->colorspace, work_full_range_, enc->height);
  return Status::Ok();
}

void Pipeline::ReportProgress(bool final) {
  if (!o_.progress) return;
  Clock::time_point now = Clock::now();
  if (!final && now - last_report_ < std::chrono::milliseconds(250)) return;
  last_report_ = now;
  VideoProgress p;
  p.frames_done = frames_;
  p.frames_total = std::max(frames_total_, final ? frames_ : 0);
  p.seconds_elapsed = std::chrono::duration<double>(now - start_).count();
  p.fps = p.seconds_elapsed > 0 ? frames_ / p.seconds_elapsed : 0.0;
  if (p.frames_total > 0 && p.fps > 0) {
    p.eta_seconds = std::max<double>(0.0, (p.frames_total - frames_) / p.fps);
  }
  o_.progress(p);
}

Status Pipeline::WritePacket(AVPacket* pkt) {
  int err = av_interleaved_write_frame(out_.get(), pkt);
  if (err < 0) return IoError(out_path_ + ": cannot write: " + AvErrorDetail(err));
  return Status::Ok();
}

Status Pipeline::Encode(AVFrame* frame) {
  int err = avcodec_send_frame(enc_.get(), frame);
  if (err < 0 && err != AVERROR_EOF) {
    return InternalError(std::string(encoder_.codec->name) + " rejected a frame: " +
                         AvErrorDetail(err));
  }
  AVStream* out_st = out_->streams[stream_map_[vidx_]];
  while (true) {
    err = avcodec_receive_packet(enc_.get(), enc_pkt_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return Status::Ok();
    if (err < 0) {
      return InternalError(std::string(encoder_.codec->name) + " failed: " + AvErrorDetail(err));
    }
    enc_pkt_->stream_index = out_st->index;
    av_packet_rescale_ts(enc_pkt_.get(), enc_->time_base, out_st->time_base);
    AIGCMARK_RETURN_IF_ERROR(WritePacket(enc_pkt_.get()));
  }
}

Status Pipeline::HandleFrame(AVFrame* decoded) {
  if (processors_.empty() && o_.processors) {
    AIGCMARK_ASSIGN_OR_RETURN(processors_,
                              o_.processors(enc_->width, enc_->height,
                                            DisplayRotationCw(in_->streams[vidx_])));
  }
  // Timestamps: keep the decoder's, forced strictly increasing as encoders require.
  int64_t pts = decoded->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = decoded->pts;
  if (pts == AV_NOPTS_VALUE) {
    int64_t step = std::max<int64_t>(1, decoded->pkt_duration);
    pts = last_pts_ == AV_NOPTS_VALUE ? 0 : last_pts_ + step;
  }
  if (last_pts_ != AV_NOPTS_VALUE && pts <= last_pts_) pts = last_pts_ + 1;
  last_pts_ = pts;
  if (first_pts_ == AV_NOPTS_VALUE) first_pts_ = pts;

  // Processors write into the frame. A decoded frame the decoder still references (a reference
  // picture) is copied into one reused work frame; fresh per-frame copies would cost a page-
  // faulting allocation each time.
  AVFrame* work = decoded;
  bool same_layout = UnJpeg(static_cast<AVPixelFormat>(decoded->format)) == work_fmt_ &&
                     decoded->width == enc_->width && decoded->height == enc_->height;
  if (same_layout && av_frame_is_writable(decoded)) {
    decoded->format = work_fmt_;
  } else {
    if (!work_frame_) {
      work_frame_.reset(av_frame_alloc());
      if (!work_frame_) return ResourceExhaustedError("out of memory");
      work_frame_->format = work_fmt_;
      work_frame_->width = enc_->width;
      work_frame_->height = enc_->height;
      if (av_frame_get_buffer(work_frame_.get(), 0) < 0) {
        return ResourceExhaustedError("out of memory for a video frame");
      }
    }
    int err = av_frame_make_writable(work_frame_.get());  // no-op unless the encoder kept a ref
    if (err < 0) return ResourceExhaustedError("out of memory: " + AvErrorText(err));
    if (same_layout) {
      av_image_copy(work_frame_->data, work_frame_->linesize,
                    const_cast<const uint8_t**>(decoded->data), decoded->linesize, work_fmt_,
                    enc_->width, enc_->height);
    } else {
      auto src_fmt = static_cast<AVPixelFormat>(decoded->format);
      sws_.reset(sws_getCachedContext(sws_.release(), decoded->width, decoded->height, src_fmt,
                                      enc_->width, enc_->height, work_fmt_, SWS_BICUBIC, nullptr,
                                      nullptr, nullptr));
      if (!sws_) {
        const char* name = av_get_pix_fmt_name(src_fmt);
        return UnsupportedError(in_path_ + ": cannot convert video frames from " +
                                std::string(name != nullptr ? name : "this pixel format"));
      }
      sws_scale(sws_.get(), decoded->data, decoded->linesize, 0, decoded->height,
                work_frame_->data, work_frame_->linesize);
    }
    av_frame_copy_props(work_frame_.get(), decoded);
    work = work_frame_.get();
  }

  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(work_fmt_);
  YuvFrame f;
  f.y = {work->data[0], enc_->width, enc_->height, work->linesize[0]};
  f.chroma_shift_x = desc->log2_chroma_w;
  f.chroma_shift_y = desc->log2_chroma_h;
  int cw = AV_CEIL_RSHIFT(enc_->width, desc->log2_chroma_w);
  int ch = AV_CEIL_RSHIFT(enc_->height, desc->log2_chroma_h);
  f.u = {work->data[1], cw, ch, work->linesize[1]};
  f.v = {work->data[2], cw, ch, work->linesize[2]};
  f.matrix = matrix_;
  f.seconds = static_cast<double>(pts - first_pts_) * av_q2d(in_->streams[vidx_]->time_base);
  f.index = frames_;
  for (auto& p : processors_) AIGCMARK_RETURN_IF_ERROR(p->Process(f));

  work->pts = pts;
  work->pict_type = AV_PICTURE_TYPE_NONE;  // let the encoder place keyframes
  work->color_range = enc_->color_range;
  work->colorspace = enc_->colorspace;
  AIGCMARK_RETURN_IF_ERROR(Encode(work));
  ++frames_;
  ReportProgress(false);
  return Status::Ok();
}

Status Pipeline::ProcessDecodedFrames() {
  while (true) {
    int err = avcodec_receive_frame(dec_.get(), frame_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return Status::Ok();
    if (err < 0) {
      ++decode_errors_;
      last_decode_error_ = AvErrorDetail(err);
      return Status::Ok();
    }
    Status st = HandleFrame(frame_.get());
    av_frame_unref(frame_.get());
    AIGCMARK_RETURN_IF_ERROR(st);
    if (Cancelled()) return Status::Ok();
  }
}

Status Pipeline::Run() {
  AIGCMARK_RETURN_IF_ERROR(in_.OpenPath(in_path_));
  AVFormatContext* ic = in_.get();
  AIGCMARK_ASSIGN_OR_RETURN(vidx_, FindMainVideoStream(ic, in_path_));
  AVStream* in_vst = ic->streams[vidx_];
  uint64_t pixels = static_cast<uint64_t>(in_vst->codecpar->width) * in_vst->codecpar->height;
  if (pixels > o_.decode_limits.max_pixels) {
    return ResourceExhaustedError(in_path_ + ": video frames of " + std::to_string(pixels) +
                                  " pixels exceed the limit of " +
                                  std::to_string(o_.decode_limits.max_pixels));
  }
  if (o_.reencode) {
    AIGCMARK_ASSIGN_OR_RETURN(dec_, OpenDecoder(in_vst, o_.encode.threads, in_path_));
    if (dec_->pix_fmt == AV_PIX_FMT_NONE && in_vst->codecpar->format < 0) {
      return CorruptError(in_path_ + ": cannot determine the video pixel format (no decodable "
                          "frame found)");
    }
  }
  if (in_vst->nb_frames > 0) {
    frames_total_ = in_vst->nb_frames;
  } else {
    AVRational fr = av_guess_frame_rate(ic, in_vst, nullptr);
    double d = StreamDurationSeconds(ic, in_vst);
    if (fr.num > 0 && fr.den > 0 && d > 0) frames_total_ = static_cast<int64_t>(d * av_q2d(fr) + 0.5);
  }

  AIGCMARK_RETURN_IF_ERROR(out_.Open(o_.muxer, out_path_));
  AIGCMARK_RETURN_IF_ERROR(SetupStreams());
  CopyDict(&out_->metadata, ic->metadata, IsSynthesisedFormatTag);
  for (const auto& [k, v] : o_.format_tags) av_dict_set(&out_->metadata, k.c_str(), v.c_str(), 0);
  av_dict_set(&out_->metadata, "encoder", LIBAVFORMAT_IDENT, 0);
  AIGCMARK_RETURN_IF_ERROR(CopyChapters(ic, out_.get()));

  AVDictionary* mux_opts = nullptr;
  if (IsMovFamily(o_.muxer)) av_dict_set(&mux_opts, "movflags", "use_metadata_tags", 0);
  int err = avformat_write_header(out_.get(), &mux_opts);
  av_dict_free(&mux_opts);
  if (err < 0) return IoError(out_path_ + ": cannot write the header: " + AvErrorDetail(err));

  frame_.reset(av_frame_alloc());
  enc_pkt_.reset(av_packet_alloc());
  PacketPtr pkt(av_packet_alloc());
  if (!frame_ || !enc_pkt_ || !pkt) return ResourceExhaustedError("out of memory");

  while (true) {
    if (Cancelled()) return FailedPreconditionError("interrupted");
    err = av_read_frame(ic, pkt.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) {
      if (ic->pb != nullptr && avio_feof(ic->pb)) break;  // truncated; checked below
      return CorruptError(in_path_ + ": cannot read: " + AvErrorDetail(err));
    }
    int si = pkt->stream_index;
    if (si == vidx_) ++video_packets_;
    if (si < 0 || si >= static_cast<int>(stream_map_.size()) || stream_map_[si] < 0) {
      av_packet_unref(pkt.get());
      continue;
    }
    if (si == vidx_ && o_.reencode) {
      err = avcodec_send_packet(dec_.get(), pkt.get());
      av_packet_unref(pkt.get());
      if (err < 0 && err != AVERROR(EAGAIN)) {
        ++decode_errors_;
        last_decode_error_ = AvErrorDetail(err);
      }
      AIGCMARK_RETURN_IF_ERROR(ProcessDecodedFrames());
      continue;
    }
    AVStream* in_st = ic->streams[si];
    AVStream* out_st = out_->streams[stream_map_[si]];
    pkt->stream_index = out_st->index;
    av_packet_rescale_ts(pkt.get(), in_st->time_base, out_st->time_base);
    pkt->pos = -1;
    if (si == vidx_) {
      ++frames_;
      ReportProgress(false);
    }
    AIGCMARK_RETURN_IF_ERROR(WritePacket(pkt.get()));
  }
  if (o_.reencode) {
    err = avcodec_send_packet(dec_.get(), nullptr);
    AIGCMARK_RETURN_IF_ERROR(ProcessDecodedFrames());
    if (Cancelled()) return FailedPreconditionError("interrupted");
    if (frames_ == 0) {
      return CorruptError(in_path_ + ": no video frame could be decoded" +
                          (last_decode_error_.empty() ? "" : ": " + last_decode_error_));
    }
    AIGCMARK_RETURN_IF_ERROR(Encode(nullptr));
  }
  // MP4/MOV index every sample up front, so fewer packets than samples means the data was cut
  // off. (AVI counts empty "repeat previous frame" chunks the demuxer skips, so not there.)
  bool indexed = std::strstr(ic->iformat->name, "mov") != nullptr;
  if (indexed && in_vst->nb_frames > 0 && video_packets_ < in_vst->nb_frames) {
    return CorruptError(in_path_ + ": truncated: only " + std::to_string(video_packets_) +
                        " of " + std::to_string(in_vst->nb_frames) +
                        " video frames are present in the file");
  }
  err = av_write_trailer(out_.get());
  if (err < 0) return IoError(out_path_ + ": cannot finish the file: " + AvErrorDetail(err));
  AIGCMARK_RETURN_IF_ERROR(out_.Close().WithContext(out_path_));
  if (decode_errors_ > 0) {
    stats_->notes.push_back(std::to_string(decode_errors_) +
                            " video packet(s) could not be decoded and were skipped (" +
                            last_decode_error_ + ")");
  }
  stats_->frames = frames_;
  ReportProgress(true);
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> MuxerForPath(const std::string& path) {
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  std::string ext =
      (dot == std::string::npos || (slash != std::string::npos && dot < slash))
          ? ""
          : Lower(path.substr(dot + 1));
  if (ext == "mp4" || ext == "m4v") return std::string("mp4");
  if (ext == "mov" || ext == "qt") return std::string("mov");
  if (ext == "mkv") return std::string("matroska");
  if (ext == "webm") return std::string("webm");
  return UnsupportedError(path + ": video output must end in .mp4, .mov, .mkv or .webm");
}

Status Transcode(const std::string& in, const std::string& out, const TranscodeOptions& options,
                 TranscodeStats* stats) {
  Pipeline pipeline(in, out, options, stats);
  return pipeline.Run();
}

StatusOr<std::string> ReadFormatTag(const std::string& path, const std::string& key) {
  InputFile f;
  AIGCMARK_RETURN_IF_ERROR(f.OpenPath(path));
  const AVDictionaryEntry* e = av_dict_get(f->metadata, key.c_str(), nullptr, AV_DICT_MATCH_CASE);
  return std::string(e != nullptr ? e->value : "");
}

}  // namespace aigcmark::video
