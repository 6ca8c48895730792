#include "video/video_detect.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "aigcmark/video.h"
#include "video/av_util.h"

namespace aigcmark::video {
namespace {

// Opening seconds probed for a visible label, and the probe spacing.
constexpr double kVisibleProbeSeconds = 6.0;
constexpr double kVisibleProbeStep = 0.5;

// Sequential/seeking frame source over one video stream.
class FrameReader {
 public:
  Status Open(const ByteSource& src, const DecodeLimits& limits) {
    name_ = src.name();
    AIGCMARK_RETURN_IF_ERROR(in_.OpenSource(src));
    AIGCMARK_ASSIGN_OR_RETURN(vidx_, FindMainVideoStream(in_.get(), name_));
    const AVStream* st = in_->streams[vidx_];
    uint64_t pixels = static_cast<uint64_t>(st->codecpar->width) * st->codecpar->height;
    if (pixels > limits.max_pixels) {
      return ResourceExhaustedError(name_ + ": video frames of " + std::to_string(pixels) +
                                    " pixels exceed the limit of " +
                                    std::to_string(limits.max_pixels));
    }
    AIGCMARK_ASSIGN_OR_RETURN(dec_, OpenDecoder(st, 0, name_));
    start_pts_ = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    pkt_.reset(av_packet_alloc());
    if (!pkt_) return ResourceExhaustedError("out of memory");
    return Status::Ok();
  }

  double duration() const { return StreamDurationSeconds(in_.get(), in_->streams[vidx_]); }
  int rotation_cw() const { return DisplayRotationCw(in_->streams[vidx_]); }
  const std::string& name() const { return name_; }

  // Only decode reference frames (faster sequential scans; B-frames are skipped).
  void SetSkipNonRef(bool skip) { dec_->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT; }

  // Positions the reader on the keyframe at or before `seconds`; false if seeking failed.
  bool SeekTo(double seconds) {
    const AVStream* st = in_->streams[vidx_];
    int64_t ts = start_pts_ + static_cast<int64_t>(seconds / av_q2d(st->time_base));
    if (av_seek_frame(in_.get(), vidx_, ts, AVSEEK_FLAG_BACKWARD) < 0) return false;
    avcodec_flush_buffers(dec_.get());
    draining_ = false;
    return true;
  }

  // Decodes the next frame into `frame`; false at the end of the stream.
  StatusOr<bool> Next(AVFrame* frame, double* seconds) {
    while (true) {
      int err = avcodec_receive_frame(dec_.get(), frame);
      if (err == 0) {
        int64_t pts = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp
                                                                     : frame->pts;
        if (pts == AV_NOPTS_VALUE) pts = start_pts_;
        *seconds = static_cast<double>(pts - start_pts_) * av_q2d(in_->streams[vidx_]->time_base);
        return true;
      }
      if (err == AVERROR_EOF) return false;
      if (err != AVERROR(EAGAIN)) continue;  // a broken frame: try the next one
      if (draining_) return false;
      err = av_read_frame(in_.get(), pkt_.get());
      if (err < 0) {
        draining_ = true;
        avcodec_send_packet(dec_.get(), nullptr);
        continue;
      }
      if (pkt_->stream_index == vidx_) avcodec_send_packet(dec_.get(), pkt_.get());
      av_packet_unref(pkt_.get());
    }
  }

 private:
  std::string name_;
  InputFile in_;
  int vidx_ = -1;
  CodecContextPtr dec_;
  PacketPtr pkt_;
  int64_t start_pts_ = 0;
  bool draining_ = false;
};

// True when plane 0 of the format is 8-bit luma that can be read in place.
bool HasLumaPlane(AVPixelFormat fmt) {
  return IsPlanarYuv8(fmt) || fmt == AV_PIX_FMT_GRAY8 || fmt == AV_PIX_FMT_NV12 ||
         fmt == AV_PIX_FMT_NV21 || fmt == AV_PIX_FMT_YUV410P || fmt == AV_PIX_FMT_YUV411P ||
         fmt == AV_PIX_FMT_YUV440P || fmt == AV_PIX_FMT_YUVJ440P;
}

// The luma of a frame in any other pixel format, converted to 8-bit gray.
Status LumaOf(const AVFrame* f, SwsPtr* sws, Image* out) {
  out->width = f->width;
  out->height = f->height;
  out->channels = 1;
  out->pixels.resize(static_cast<size_t>(f->width) * f->height);
  sws->reset(sws_getCachedContext(sws->release(), f->width, f->height,
                                  static_cast<AVPixelFormat>(f->format), f->width, f->height,
                                  AV_PIX_FMT_GRAY8, SWS_POINT, nullptr, nullptr, nullptr));
  if (!*sws) return UnsupportedError("cannot convert video frames to gray");
  uint8_t* dst[4] = {out->pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {f->width, 0, 0, 0};
  sws_scale(sws->get(), f->data, f->linesize, 0, f->height, dst, dst_stride);
  return Status::Ok();
}

// Turns a stored frame clockwise into display orientation, as a player would.
Image RotatedCw(const Image& in, int rotation_cw) {
  if (rotation_cw == 0) return in;
  const bool swap = rotation_cw == 90 || rotation_cw == 270;
  Image out;
  out.width = swap ? in.height : in.width;
  out.height = swap ? in.width : in.height;
  out.channels = in.channels;
  out.pixels.resize(in.pixels.size());
  const int ch = in.channels;
  for (int sy = 0; sy < in.height; ++sy) {
    const uint8_t* src = in.row(sy);
    for (int sx = 0; sx < in.width; ++sx, src += ch) {
      int dx = sx, dy = sy;
      if (rotation_cw == 90) dx = in.height - 1 - sy, dy = sx;
      if (rotation_cw == 180) dx = in.width - 1 - sx, dy = in.height - 1 - sy;
      if (rotation_cw == 270) dx = sy, dy = in.width - 1 - sx;
      std::memcpy(out.row(dy) + static_cast<size_t>(dx) * ch, src, static_cast<size_t>(ch));
    }
  }
  return out;
}

Status BgrOf(const AVFrame* f, SwsPtr* sws, Image* out) {
  out->width = f->width;
  out->height = f->height;
  out->channels = 3;
  out->pixels.resize(static_cast<size_t>(f->width) * f->height * 3);
  sws->reset(sws_getCachedContext(sws->release(), f->width, f->height,
                                  static_cast<AVPixelFormat>(f->format), f->width, f->height,
                                  AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!*sws) return UnsupportedError("cannot convert video frames to BGR");
  uint8_t* dst[4] = {out->pixels.data(), nullptr, nullptr, nullptr};
  int dst_stride[4] = {f->width * 3, 0, 0, 0};
  sws_scale(sws->get(), f->data, f->linesize, 0, f->height, dst, dst_stride);
  return Status::Ok();
}

// Feeds a few frames from each of several points across the clip into the multi-frame
// accumulator: the mark is the same in every frame, the content is not.
Status CheckWatermark(FrameReader& reader, const DetectOptions& options, DetectReport* report,
                      int* frames_checked) {
  FramePtr frame(av_frame_alloc());
  if (!frame) return ResourceExhaustedError("out of memory");
  SwsPtr sws;
  Image luma;
  WatermarkAccumulator acc(options.watermark_options);
  std::set<int64_t> seen;
  double duration = reader.duration();
  for (int k = 0; k < kWatermarkSeekPoints; ++k) {
    if (k > 0) {
      if (duration <= 0) break;  // unknown length: the sequential frames below are all we get
      if (!reader.SeekTo(duration * k / kWatermarkSeekPoints)) break;
    }
    int per_point = k == 0 && duration <= 0 ? kWatermarkSeekPoints * kWatermarkFramesPerPoint
                                            : kWatermarkFramesPerPoint;
    for (int got = 0; got < per_point;) {
      double t = 0;
      AIGCMARK_ASSIGN_OR_RETURN(bool more, reader.Next(frame.get(), &t));
      if (!more) break;
      if (!seen.insert(frame->best_effort_timestamp).second) {
        av_frame_unref(frame.get());
        continue;
      }
      Status added;
      if (HasLumaPlane(static_cast<AVPixelFormat>(frame->format))) {
        added = acc.AddPlane({frame->data[0], frame->width, frame->height, frame->linesize[0]});
      } else {
        added = LumaOf(frame.get(), &sws, &luma);
        if (added.ok()) added = acc.AddImage(luma);
      }
      av_frame_unref(frame.get());
      if (added.code() == StatusCode::kInvalidArgument) continue;  // frame size changed
      AIGCMARK_RETURN_IF_ERROR(added);
      ++got;
    }
  }
  if (acc.frames() == 0) return CorruptError("no video frame could be decoded");
  *frames_checked += acc.frames();
  AIGCMARK_ASSIGN_OR_RETURN(WatermarkResult wm, acc.Detect());
  report->watermark = wm;
  if (wm.payload && report->metadata && report->metadata->aigc) {
    report->watermark_matches_label = *wm.payload == PayloadFromLabel(*report->metadata->aigc);
  }
  return Status::Ok();
}

// OCRs frames every half second over the opening seconds (and one near the end) to find the
// label, how long it stays, and whether that meets the 2 s rule.
Status CheckVisible(FrameReader& reader, const DetectOptions& options, DetectReport* report,
                    int* frames_checked) {
  FramePtr frame(av_frame_alloc());
  if (!frame) return ResourceExhaustedError("out of memory");
  SwsPtr sws;
  Image bgr;
  double duration = reader.duration();
  const int rotation = reader.rotation_cw();  // OCR sees frames the way viewers do
  reader.SeekTo(0);
  reader.SetSkipNonRef(true);
  struct Probe {
    double t;
    VisibleResult result;
  };
  std::vector<Probe> probes;
  double next_probe = 0.0;
  double last_t = 0.0;
  while (next_probe <= kVisibleProbeSeconds) {
    double t = 0;
    AIGCMARK_ASSIGN_OR_RETURN(bool more, reader.Next(frame.get(), &t));
    if (!more) break;
    last_t = t;
    if (t + 1e-6 < next_probe) {
      av_frame_unref(frame.get());
      continue;
    }
    AIGCMARK_RETURN_IF_ERROR(BgrOf(frame.get(), &sws, &bgr));
    av_frame_unref(frame.get());
    AIGCMARK_ASSIGN_OR_RETURN(VisibleResult r,
                              CheckVisibleLabel(RotatedCw(bgr, rotation), options.visible_options));
    probes.push_back({t, std::move(r)});
    next_probe = std::floor(t / kVisibleProbeStep + 1e-6) * kVisibleProbeStep + kVisibleProbeStep;
  }
  reader.SetSkipNonRef(false);
  if (probes.empty()) return CorruptError("no video frame could be decoded");
  *frames_checked += static_cast<int>(probes.size());

  // A probe near the end tells "labelled throughout" apart from "labelled at the start".
  bool at_end = false;
  bool clip_longer = duration > kVisibleProbeSeconds + kVisibleProbeStep;
  if (clip_longer && reader.SeekTo(std::max(0.0, duration - 1.0))) {
    double t = 0;
    auto more = reader.Next(frame.get(), &t);
    if (more.ok() && *more) {
      AIGCMARK_RETURN_IF_ERROR(BgrOf(frame.get(), &sws, &bgr));
      av_frame_unref(frame.get());
      auto r = CheckVisibleLabel(RotatedCw(bgr, rotation), options.visible_options);
      if (r.ok()) {
        at_end = r->detected;
        ++*frames_checked;
      }
    }
  }

  // The first probe that found the label speaks for the label; the shown time runs until two
  // probes in a row miss it (one OCR miss is tolerated).
  int first = -1;
  for (size_t i = 0; i < probes.size(); ++i) {
    if (probes[i].result.detected) {
      first = static_cast<int>(i);
      break;
    }
  }
  if (first < 0) {
    report->visible = probes.front().result;
    return Status::Ok();
  }
  VisibleResult result = probes[first].result;
  size_t last = static_cast<size_t>(first);
  for (size_t i = first + 1; i < probes.size(); ++i) {
    if (probes[i].result.detected) {
      last = i;
    } else if (i + 1 < probes.size() && !probes[i + 1].result.detected) {
      break;
    }
  }
  bool through_probes = last + 1 == probes.size();
  double start = probes[first].t;
  double shown;
  if (through_probes && (!clip_longer || at_end)) {
    shown = std::max(duration, last_t) - start;  // the whole clip
  } else {
    shown = (last + 1 < probes.size() ? probes[last + 1].t : probes[last].t + kVisibleProbeStep) -
            start;
  }
  char buf[160];
  if (start > kVisibleProbeStep) {
    std::snprintf(buf, sizeof(buf), "visible label first appears at %.1f s, not on the opening frames",
                  start);
    result.problems.push_back(buf);
    result.compliant = false;
  }
  double clip = std::max(duration, last_t);
  if (shown + 1e-6 < kMinVisibleSeconds && shown + 1e-6 < clip) {
    std::snprintf(buf, sizeof(buf),
                  "visible label shown for about %.1f s; GB 45438 asks for at least 2 s", shown);
    result.problems.push_back(buf);
    result.compliant = false;
  }
  report->visible = std::move(result);
  report->visible_seconds = shown;
  return Status::Ok();
}

}  // namespace

void DetectVideoPixels(const ByteSource& src, const DetectOptions& options,
                       DetectReport* report) {
  int frames_checked = 0;
  auto fail = [&](const Status& s) {
    std::string msg = s.message();
    if (msg.rfind(src.name(), 0) != 0) msg = src.name() + ": " + msg;
    report->error = msg;
  };
  if (options.watermark) {
    FrameReader reader;
    Status s = reader.Open(src, options.decode_limits);
    if (s.ok()) s = CheckWatermark(reader, options, report, &frames_checked);
    if (!s.ok()) return fail(s);
  }
  if (options.visible) {
    FrameReader reader;
    Status s = reader.Open(src, options.decode_limits);
    if (s.ok()) s = CheckVisible(reader, options, report, &frames_checked);
    if (!s.ok()) return fail(s);
  }
  report->frames_checked = frames_checked;
}

}  // namespace aigcmark::video
