// The detector's front end: the central region of an image as luma, whitened (locally
// normalised residual) and weighted by the mark's expected amplitude, with padding left out.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "simd/color.h"
#include "simd/whiten.h"
#include "watermark/internal.h"
#include "watermark/layout.h"

namespace aigcmark::wm {
namespace {

constexpr int kMaxRegion = 1024;        // working pixels per side analysed
constexpr float kWhitenEps = 1.0f;      // added to the activities that divide
constexpr int kFillMargin = 6;          // residual support (box radii 3 + 4) around padding
constexpr int kLocalRmsRadius = 2;      // second normalisation of the residual: 5x5 RMS
constexpr float kLocalRmsFloor = 0.1f;  // mean square added under the root

struct Span {
  int y, l, r;  // row and inclusive column range
};

// The 8-connected region of pixels equal to the seed's value, as spans, each pixel marked in
// `seen` (which also stops the fill: earlier regions are never re-entered). A scanline fill:
// cost in proportion to the region. cv::floodFill was 23% of an unmarked 1080p detect on
// opencv-doc photos, as it re-copies its whole mask on every call.
// `at(x, y)`: the luma.
template <class At>
cv::Rect FloodEqual(const At& at, int w, int h, int sx, int sy, uint8_t* seen,
                    std::vector<Span>& spans, std::vector<Span>& todo) {
  const float v = at(sx, sy);
  spans.clear();
  todo.clear();
  todo.push_back({sy, sx, sx});
  int x0 = sx, x1 = sx, y0 = sy, y1 = sy;
  while (!todo.empty()) {
    const Span t = todo.back();
    todo.pop_back();
    uint8_t* srow = seen + static_cast<size_t>(t.y) * w;
    if (srow[t.l]) continue;  // filled since it was queued
    int l = t.l, r = t.l;
    while (l > 0 && !srow[l - 1] && at(l - 1, t.y) == v) --l;
    while (r + 1 < w && !srow[r + 1] && at(r + 1, t.y) == v) ++r;
    std::fill(srow + l, srow + r + 1, uint8_t{1});
    spans.push_back({t.y, l, r});
    x0 = std::min(x0, l);
    x1 = std::max(x1, r);
    y0 = std::min(y0, t.y);
    y1 = std::max(y1, t.y);
    // 8-connectivity: the rows above and below, one column wider on each side.
    for (const int ny : {t.y - 1, t.y + 1}) {
      if (ny < 0 || ny >= h) continue;
      const uint8_t* nseen = seen + static_cast<size_t>(ny) * w;
      const int end = std::min(r + 1, w - 1);
      for (int i = std::max(l - 1, 0); i <= end;) {
        if (nseen[i] || at(i, ny) != v) {
          ++i;
          continue;
        }
        todo.push_back({ny, i, i});  // one seed per run
        while (i <= end && !nseen[i] && at(i, ny) == v) ++i;
      }
    }
  }
  return cv::Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
}

// Pixels within kFillMargin of padding: regions of exactly one luma value that touch the
// frame's border and are long thin strips (rotation corners, letterbox bars). Flat areas inside
// the picture, and flat backgrounds (not thin), are left alone. Empty when there is none. Fills
// from the border cost in proportion to the regions found, so photos without padding pay
// almost nothing. `at(x, y)`: the luma of the w x h plane.
template <class At>
cv::Mat FillMask(int w, int h, const At& at) {
  if (w < 3 || h < 3) return cv::Mat();
  // Reused per thread: a fresh zeroed buffer per call costs page faults for nothing. Zeroed
  // only at the first seed: most photos have none and never touch it.
  thread_local std::vector<uint8_t> seen;
  thread_local std::vector<Span> spans, todo;
  bool seen_zeroed = false;
  cv::Mat pad;
  const int min_length = std::min(w, h) / 4;
  // (x, y) on the border, (ix, iy) its inward neighbour, (ax, ay) its neighbour along the border.
  auto visit = [&](int x, int y, int ix, int iy, int ax, int ay) {
    if (seen_zeroed && seen[static_cast<size_t>(y) * w + x] != 0) return;
    const float v = at(x, y);
    // Padding is a run, not a lone pixel: seed only where both neighbours match.
    if (at(ix, iy) != v || at(ax, ay) != v) return;
    if (!seen_zeroed) {
      seen.assign(static_cast<size_t>(w) * h, 0);
      seen_zeroed = true;
    }
    const cv::Rect r = FloodEqual(at, w, h, x, y, seen.data(), spans, todo);
    const bool strip = std::max(r.width, r.height) >= min_length &&
                       6 * std::min(r.width, r.height) <= std::max(r.width, r.height);
    if (!strip) return;
    if (pad.empty()) pad = cv::Mat(h, w, CV_8U, cv::Scalar(0));
    for (const Span& sp : spans) {
      std::fill(pad.ptr<uint8_t>(sp.y) + sp.l, pad.ptr<uint8_t>(sp.y) + sp.r + 1, uint8_t{255});
    }
  };
  for (int x = 0; x + 1 < w; ++x) {
    visit(x, 0, x, 1, x + 1, 0);
    visit(x, h - 1, x, h - 2, x + 1, h - 1);
  }
  for (int y = 0; y + 1 < h; ++y) {
    visit(0, y, 1, y, 0, y + 1);
    visit(w - 1, y, w - 2, y, w - 1, y + 1);
  }
  if (pad.empty()) return cv::Mat();
  // Outside the frame counts as padding too: when the image is padded, a kFillMargin-wide
  // frame along its whole border is left out (as cv::floodFill's mask border gave before).
  cv::Mat grown;
  cv::dilate(pad, grown,
             cv::getStructuringElement(cv::MORPH_RECT,
                                       cv::Size(2 * kFillMargin + 1, 2 * kFillMargin + 1)),
             cv::Point(-1, -1), 1, cv::BORDER_CONSTANT, cv::Scalar(1));
  return grown;
}

cv::Mat FillMask(const Plane& luma) {
  const float* px = luma.px.data();
  const int w = luma.width;
  return FillMask(w, luma.height, [=](int x, int y) { return px[static_cast<size_t>(y) * w + x]; });
}

// Per-thread luma plane of the detector's front end, grown to the largest region seen and
// reused: a fresh 4 MB buffer per 1080p frame costs more in page faults than the filtering.
Plane& ThreadLuma() {
  thread_local Plane luma;
  return luma;
}

// The central region of the image that the detector analyses (before scaling to working scale).
struct Region {
  int x0, y0, w, h, scale;
};
Region CentralRegion(int width, int height) {
  const int scale = GridScaleFor(width, height);
  const int rw = std::min(width, kMaxRegion * scale), rh = std::min(height, kMaxRegion * scale);
  return {(width - rw) / 2, (height - rh) / 2, rw, rh, scale};
}

// The central region as luma at working scale, into the thread's plane.
const Plane& RegionLuma(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height) {
  const auto [x0, y0, rw, rh, scale] = CentralRegion(width, height);
  Plane& luma = ThreadLuma();
  luma.width = rw;
  luma.height = rh;
  if (luma.px.size() < static_cast<size_t>(rw) * rh) luma.px.resize(static_cast<size_t>(rw) * rh);
  simd::LumaFromU8(pixels + y0 * stride + x0 * channels, stride, channels, rw, rh,
                   luma.px.data(), rw);
  if (scale > 1) {
    cv::Mat src(rh, rw, CV_32F, luma.px.data()), dst;
    cv::resize(src, dst, cv::Size(rw / scale, rh / scale), 0, 0, cv::INTER_AREA);
    luma.width = dst.cols;
    luma.height = dst.rows;
    std::copy(dst.begin<float>(), dst.end<float>(), luma.px.begin());
  }
  return luma;
}

// The weighted, whitened residual of the detection region, written to `out` (sized here) or,
// when `accumulate`, added to `out`, which must hold the region of a frame of the same size.
void WhitenRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                  bool accumulate, Plane& out) {
  // One streaming pass (simd/whiten.h): residual (x - mean7x7) / (9x9 mean of |x - mean7x7| +
  // eps), zeroed on the fill mask; the embedder's activity map (7x7 mean of |x - mean3x3|), which
  // set the mark's local amplitude; a second, finer normalisation by the residual's 5x5 RMS
  // (edges and fine texture leave heavy-tailed residuals that the 9x9 normalisation does not
  // flatten); and the matched-filter weight, the mark's expected amplitude in the whitened
  // residual, mask(activity) / (activity + eps) (heavy texture holds little of it).
  simd::WhitenParams p;
  p.mean_radius = 3;
  p.norm_radius = 4;
  p.activity_inner = 1;
  p.activity_outer = 3;
  p.rms_radius = kLocalRmsRadius;
  p.residual_eps = kWhitenEps;
  p.activity_ref = kActivityRef;
  p.mask_lo = kMaskLo;
  p.mask_hi = kMaskHi;
  p.activity_eps = kWhitenEps;
  p.ms_floor = kLocalRmsFloor;
  auto size_out = [&](int w, int h) {
    if (accumulate) return;
    out.width = w;
    out.height = h;
    out.px.resize(static_cast<size_t>(w) * h);
  };
  // Fill areas and their straight edges (rotation corners, letterbox bars) carry no mark but
  // strong spectral lines: they are left out.
  auto zero = [](const cv::Mat& fill) { return fill.empty() ? nullptr : fill.data; };
  auto zero_stride = [](const cv::Mat& fill) {
    return fill.empty() ? 0 : static_cast<ptrdiff_t>(fill.step);
  };
  // At working scale 1 the pixels are whitened directly, and the padding search reads the luma
  // of the few pixels it visits: no luma plane is written and read back (a quarter of an
  // unmarked 1080p front end, with the image's pixels cold in cache). Luma is exact
  // (simd/color.h), so the result is the same to the bit.
  const Region r = CentralRegion(width, height);
  if (r.scale == 1) {
    const uint8_t* origin = pixels + r.y0 * stride + r.x0 * channels;
    const cv::Mat fill = FillMask(r.w, r.h, [=](int x, int y) {
      return simd::LumaOf(origin + y * stride + x * channels, channels);
    });
    size_out(r.w, r.h);
    simd::WhitenResidualU8(origin, stride, channels, zero(fill), zero_stride(fill), r.w, r.h, p,
                           accumulate, out.px.data(), out.width);
    return;
  }
  const Plane& luma = RegionLuma(pixels, stride, channels, width, height);
  const int w = luma.width, h = luma.height;
  size_out(w, h);
  const cv::Mat fill = FillMask(luma);
  simd::WhitenResidual(luma.px.data(), w, fill.empty() ? nullptr : fill.data,
                       fill.empty() ? 0 : static_cast<ptrdiff_t>(fill.step), w, h, p, accumulate,
                       out.px.data(), out.width);
}

}  // namespace

Plane WhitenedRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                     int height) {
  Plane out;
  WhitenRegion(pixels, stride, channels, width, height, /*accumulate=*/false, out);
  return out;
}

void WhitenedRegionInto(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height, Plane& out) {
  WhitenRegion(pixels, stride, channels, width, height, /*accumulate=*/false, out);
}

void AccumulateWhitenedRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                              int height, Plane& sum) {
  WhitenRegion(pixels, stride, channels, width, height, /*accumulate=*/true, sum);
}

Plane RegionLumaForTest(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height) {
  const Plane& luma = RegionLuma(pixels, stride, channels, width, height);
  Plane copy;
  copy.width = luma.width;
  copy.height = luma.height;
  copy.px.assign(luma.px.begin(), luma.px.begin() + static_cast<ptrdiff_t>(luma.width) * luma.height);
  return copy;
}

std::vector<uint8_t> PaddingMask(const Plane& luma) {
  const cv::Mat fill = FillMask(luma);
  if (fill.empty()) return {};
  std::vector<uint8_t> mask(static_cast<size_t>(luma.width) * luma.height);
  for (int y = 0; y < luma.height; ++y) {
    std::copy_n(fill.ptr<uint8_t>(y), luma.width, mask.data() + static_cast<size_t>(y) * luma.width);
  }
  return mask;
}

}  // namespace aigcmark::wm
