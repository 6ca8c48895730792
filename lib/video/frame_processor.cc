#include "video/frame_processor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace aigcmark::video {
namespace {

uint8_t Clamp8(double v) {
  return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

// One Y'CbCr triple to B'G'R' bytes.
inline void YuvToBgr(const YuvMatrix& m, int y, int u, int v, uint8_t* bgr) {
  double yn, cb, cr;
  if (m.full_range) {
    yn = y / 255.0;
    cb = (u - 128) / 255.0;
    cr = (v - 128) / 255.0;
  } else {
    yn = (y - 16) / 219.0;
    cb = (u - 128) / 224.0;
    cr = (v - 128) / 224.0;
  }
  double r = yn + 2.0 * (1.0 - m.kr) * cr;
  double b = yn + 2.0 * (1.0 - m.kb) * cb;
  double g = (yn - m.kr * r - m.kb * b) / (1.0 - m.kr - m.kb);
  bgr[0] = Clamp8(b * 255.0);
  bgr[1] = Clamp8(g * 255.0);
  bgr[2] = Clamp8(r * 255.0);
}

inline double Luma01(const YuvMatrix& m, double b, double g, double r) {
  return m.kr * r + (1.0 - m.kr - m.kb) * g + m.kb * b;
}

inline uint8_t LumaByte(const YuvMatrix& m, double yn) {
  return Clamp8(m.full_range ? yn * 255.0 : 16.0 + 219.0 * yn);
}

inline uint8_t ChromaByte(const YuvMatrix& m, double c) {
  return Clamp8(128.0 + (m.full_range ? 255.0 : 224.0) * c);
}

}  // namespace

YuvMatrix MatrixFor(int av_colorspace, bool full_range, int height) {
  YuvMatrix m;
  m.full_range = full_range;
  switch (av_colorspace) {
    case AVCOL_SPC_BT709:
      m.kr = 0.2126;
      m.kb = 0.0722;
      break;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
      m.kr = 0.299;
      m.kb = 0.114;
      break;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
      m.kr = 0.2627;
      m.kb = 0.0593;
      break;
    case AVCOL_SPC_SMPTE240M:
      m.kr = 0.212;
      m.kb = 0.087;
      break;
    default:
      if (height < 720) {
        m.kr = 0.299;
        m.kb = 0.114;
      }
      break;
  }
  return m;
}

StatusOr<std::unique_ptr<VisibleLabelProcessor>> VisibleLabelProcessor::Create(
    int width, int height, const VisibleAddOptions& options, double until_seconds) {
  auto painter = VisibleLabelPainter::Create(width, height, options);
  if (!painter.ok()) return painter.status();
  Image canvas;
  canvas.width = width;
  canvas.height = height;
  canvas.channels = 3;
  canvas.pixels.assign(static_cast<size_t>(width) * height * 3, 0);
  return std::unique_ptr<VisibleLabelProcessor>(
      new VisibleLabelProcessor(std::move(painter).value(), std::move(canvas), until_seconds));
}

VisibleLabelProcessor::VisibleLabelProcessor(VisibleLabelPainter painter, Image canvas,
                                             double until_seconds)
    : painter_(std::move(painter)), canvas_(std::move(canvas)), until_seconds_(until_seconds) {}

Status VisibleLabelProcessor::Process(YuvFrame& f) {
  if (!(f.seconds < until_seconds_)) return Status::Ok();
  if (f.y.width != canvas_.width || f.y.height != canvas_.height) {
    return InternalError("visible label: frame size changed inside the pipeline");
  }
  // The label box, widened to whole chroma samples. Before the first paint the painter has not
  // placed the label yet (it picks its style from the pixels underneath): convert everything.
  std::array<int, 4> lb = painter_.info().label_box;
  if (lb[2] <= 0 || lb[3] <= 0) lb = {0, 0, canvas_.width, canvas_.height};
  const int sx = 1 << f.chroma_shift_x, sy = 1 << f.chroma_shift_y;
  int x0 = std::max(0, lb[0]) / sx * sx;
  int y0 = std::max(0, lb[1]) / sy * sy;
  int x1 = std::min(canvas_.width, lb[0] + lb[2]);
  int y1 = std::min(canvas_.height, lb[1] + lb[3]);
  x1 = std::min(canvas_.width, (x1 + sx - 1) / sx * sx);
  y1 = std::min(canvas_.height, (y1 + sy - 1) / sy * sy);
  if (x1 <= x0 || y1 <= y0) return Status::Ok();
  const int bw = x1 - x0, bh = y1 - y0;

  for (int y = y0; y < y1; ++y) {
    const uint8_t* yr = f.y.data + y * f.y.stride;
    const uint8_t* ur = f.u.data + (y >> f.chroma_shift_y) * f.u.stride;
    const uint8_t* vr = f.v.data + (y >> f.chroma_shift_y) * f.v.stride;
    uint8_t* out = canvas_.row(y) + x0 * 3;
    for (int x = x0; x < x1; ++x, out += 3) {
      YuvToBgr(f.matrix, yr[x], ur[x >> f.chroma_shift_x], vr[x >> f.chroma_shift_x], out);
    }
  }
  before_.resize(static_cast<size_t>(bw) * bh * 3);
  for (int y = 0; y < bh; ++y) {
    std::memcpy(before_.data() + static_cast<size_t>(y) * bw * 3, canvas_.row(y0 + y) + x0 * 3,
                static_cast<size_t>(bw) * 3);
  }
  AIGCMARK_RETURN_IF_ERROR(painter_.Paint(canvas_));
  // Only the painted box can differ; narrow the write-back to it after the first paint.
  const auto& painted = painter_.info().label_box;
  const int px0 = std::max(x0, painted[0] / sx * sx), py0 = std::max(y0, painted[1] / sy * sy);
  const int px1 = std::min(x1, (painted[0] + painted[2] + sx - 1) / sx * sx);
  const int py1 = std::min(y1, (painted[1] + painted[3] + sy - 1) / sy * sy);

  // Write back luma of changed pixels, and chroma of every sample whose block changed.
  for (int cy = py0; cy < py1; cy += sy) {
    for (int cx = px0; cx < px1; cx += sx) {
      bool changed = false;
      double sb = 0, sg = 0, sr = 0;
      for (int dy = 0; dy < sy; ++dy) {
        int y = cy + dy;
        const uint8_t* now = canvas_.row(y) + cx * 3;
        const uint8_t* was = before_.data() + (static_cast<size_t>(y - y0) * bw + (cx - x0)) * 3;
        uint8_t* yrow = f.y.data + y * f.y.stride;
        for (int dx = 0; dx < sx; ++dx, now += 3, was += 3) {
          sb += now[0];
          sg += now[1];
          sr += now[2];
          if (std::memcmp(now, was, 3) != 0) {
            changed = true;
            yrow[cx + dx] = LumaByte(f.matrix, Luma01(f.matrix, now[0] / 255.0, now[1] / 255.0,
                                                      now[2] / 255.0));
          }
        }
      }
      if (!changed) continue;
      const double n = 255.0 * sx * sy;
      double b = sb / n, g = sg / n, r = sr / n;
      double yn = Luma01(f.matrix, b, g, r);
      f.u.data[(cy >> f.chroma_shift_y) * f.u.stride + (cx >> f.chroma_shift_x)] =
          ChromaByte(f.matrix, (b - yn) / (2.0 * (1.0 - f.matrix.kb)));
      f.v.data[(cy >> f.chroma_shift_y) * f.v.stride + (cx >> f.chroma_shift_x)] =
          ChromaByte(f.matrix, (r - yn) / (2.0 * (1.0 - f.matrix.kr)));
    }
  }
  ++frames_labelled_;
  return Status::Ok();
}

StatusOr<std::unique_ptr<WatermarkProcessor>> WatermarkProcessor::Create(
    uint64_t payload, const WatermarkEmbedOptions& options) {
  auto embedder = WatermarkEmbedder::Create(payload, options);
  if (!embedder.ok()) return embedder.status();
  return std::unique_ptr<WatermarkProcessor>(new WatermarkProcessor(std::move(embedder).value()));
}

Status WatermarkProcessor::Process(YuvFrame& f) { return embedder_.EmbedPlane(f.y); }

}  // namespace aigcmark::video
