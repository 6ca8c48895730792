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
    int width, int height, int rotation_cw, const VisibleAddOptions& options,
    double until_seconds) {
  rotation_cw = ((rotation_cw % 360) + 360) % 360;
  if (rotation_cw % 90 != 0) return InvalidArgumentError("rotation must be a multiple of 90");
  const bool swap = rotation_cw == 90 || rotation_cw == 270;
  const int dw = swap ? height : width, dh = swap ? width : height;
  auto painter = VisibleLabelPainter::Create(dw, dh, options);
  if (!painter.ok()) return painter.status();
  Image canvas;
  canvas.width = dw;
  canvas.height = dh;
  canvas.channels = 3;
  canvas.pixels.assign(static_cast<size_t>(dw) * dh * 3, 0);
  return std::unique_ptr<VisibleLabelProcessor>(
      new VisibleLabelProcessor(std::move(painter).value(), std::move(canvas), width, height,
                                rotation_cw, until_seconds));
}

VisibleLabelProcessor::VisibleLabelProcessor(VisibleLabelPainter painter, Image canvas, int width,
                                             int height, int rotation_cw, double until_seconds)
    : painter_(std::move(painter)),
      canvas_(std::move(canvas)),
      width_(width),
      height_(height),
      rotation_cw_(rotation_cw),
      until_seconds_(until_seconds) {}

void VisibleLabelProcessor::ToStored(int dx, int dy, int* sx, int* sy) const {
  switch (rotation_cw_) {
    case 90: *sx = dy, *sy = height_ - 1 - dx; return;
    case 180: *sx = width_ - 1 - dx, *sy = height_ - 1 - dy; return;
    case 270: *sx = width_ - 1 - dy, *sy = dx; return;
    default: *sx = dx, *sy = dy; return;
  }
}

void VisibleLabelProcessor::ToDisplay(int sx, int sy, int* dx, int* dy) const {
  switch (rotation_cw_) {
    case 90: *dx = height_ - 1 - sy, *dy = sx; return;
    case 180: *dx = width_ - 1 - sx, *dy = height_ - 1 - sy; return;
    case 270: *dx = sy, *dy = width_ - 1 - sx; return;
    default: *dx = sx, *dy = sy; return;
  }
}

Status VisibleLabelProcessor::Process(YuvFrame& f) {
  if (!(f.seconds < until_seconds_)) return Status::Ok();
  if (f.y.width != width_ || f.y.height != height_) {
    return InternalError("visible label: frame size changed inside the pipeline");
  }
  const int csx = f.chroma_shift_x, csy = f.chroma_shift_y;
  auto stored_bgr = [&](int sx, int sy, uint8_t* out) {
    YuvToBgr(f.matrix, f.y.data[sy * f.y.stride + sx], f.u.data[(sy >> csy) * f.u.stride + (sx >> csx)],
             f.v.data[(sy >> csy) * f.v.stride + (sx >> csx)], out);
  };
  // The label box in display coordinates, widened to whole chroma samples. Before the first
  // paint the painter has not placed the label yet (it picks its style from the pixels
  // underneath): convert everything.
  std::array<int, 4> lb = painter_.info().label_box;
  if (lb[2] <= 0 || lb[3] <= 0) lb = {0, 0, canvas_.width, canvas_.height};
  const int align = 1 << std::max(csx, csy);
  const int x0 = std::max(0, lb[0]) / align * align, y0 = std::max(0, lb[1]) / align * align;
  const int x1 = std::min(canvas_.width, (lb[0] + lb[2] + align - 1) / align * align);
  const int y1 = std::min(canvas_.height, (lb[1] + lb[3] + align - 1) / align * align);
  if (x1 <= x0 || y1 <= y0) return Status::Ok();
  const int bw = x1 - x0, bh = y1 - y0;

  before_.resize(static_cast<size_t>(bw) * bh * 3);
  for (int dy = y0; dy < y1; ++dy) {
    uint8_t* out = canvas_.row(dy) + x0 * 3;
    for (int dx = x0; dx < x1; ++dx, out += 3) {
      int sx, sy;
      ToStored(dx, dy, &sx, &sy);
      stored_bgr(sx, sy, out);
    }
    std::memcpy(before_.data() + static_cast<size_t>(dy - y0) * bw * 3, canvas_.row(dy) + x0 * 3,
                static_cast<size_t>(bw) * 3);
  }
  AIGCMARK_RETURN_IF_ERROR(painter_.Paint(canvas_));

  // Luma of every changed pixel; chroma samples with a changed pixel are collected and then
  // recomputed from their whole block.
  const int cw = f.u.width, ch = f.u.height;
  dirty_.resize(static_cast<size_t>(cw) * ch, 0);
  dirty_list_.clear();
  const auto& painted = painter_.info().label_box;
  const int px0 = std::max(x0, painted[0]), py0 = std::max(y0, painted[1]);
  const int px1 = std::min(x1, painted[0] + painted[2]), py1 = std::min(y1, painted[1] + painted[3]);
  for (int dy = py0; dy < py1; ++dy) {
    const uint8_t* now = canvas_.row(dy) + px0 * 3;
    const uint8_t* was = before_.data() + (static_cast<size_t>(dy - y0) * bw + (px0 - x0)) * 3;
    for (int dx = px0; dx < px1; ++dx, now += 3, was += 3) {
      if (std::memcmp(now, was, 3) == 0) continue;
      int sx, sy;
      ToStored(dx, dy, &sx, &sy);
      f.y.data[sy * f.y.stride + sx] =
          LumaByte(f.matrix, Luma01(f.matrix, now[0] / 255.0, now[1] / 255.0, now[2] / 255.0));
      int ci = (sy >> csy) * cw + (sx >> csx);
      if (!dirty_[ci]) {
        dirty_[ci] = 1;
        dirty_list_.push_back(ci);
      }
    }
  }
  for (int ci : dirty_list_) {
    dirty_[ci] = 0;
    const int cx = ci % cw, cy = ci / cw;
    double sb = 0, sg = 0, sr = 0;
    int n = 0;
    for (int sy = cy << csy; sy < std::min(height_, (cy + 1) << csy); ++sy) {
      for (int sx = cx << csx; sx < std::min(width_, (cx + 1) << csx); ++sx) {
        int dx, dy;
        ToDisplay(sx, sy, &dx, &dy);
        uint8_t bgr[3];
        if (dx >= x0 && dx < x1 && dy >= y0 && dy < y1) {
          std::memcpy(bgr, canvas_.row(dy) + dx * 3, 3);
        } else {
          stored_bgr(sx, sy, bgr);
        }
        sb += bgr[0], sg += bgr[1], sr += bgr[2];
        ++n;
      }
    }
    const double b = sb / (255.0 * n), g = sg / (255.0 * n), r = sr / (255.0 * n);
    const double yn = Luma01(f.matrix, b, g, r);
    f.u.data[cy * f.u.stride + cx] = ChromaByte(f.matrix, (b - yn) / (2.0 * (1.0 - f.matrix.kb)));
    f.v.data[cy * f.v.stride + cx] = ChromaByte(f.matrix, (r - yn) / (2.0 * (1.0 - f.matrix.kr)));
  }
  ++*frames_labelled_;
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
