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

// Pixels within kFillMargin of padding: regions of exactly one luma value that touch the
// frame's border and are long thin strips (rotation corners, letterbox bars). Flat areas inside
// the picture, and flat backgrounds (not thin), are left alone. Empty when there is none. Flood
// fills from the border cost in proportion to the regions found, so photos without padding pay
// almost nothing.
cv::Mat FillMask(const Plane& luma) {
  const int w = luma.width, h = luma.height;
  if (w < 3 || h < 3) return cv::Mat();
  cv::Mat src(h, w, CV_32F, const_cast<float*>(luma.px.data()));
  // Reused per thread: a fresh zeroed frame per call costs page faults for nothing. Zeroed only
  // at the first seed: most photos have none and never touch it.
  thread_local cv::Mat seen;
  bool seen_zeroed = false;
  cv::Mat pad;
  constexpr int kFlags = 8 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE;
  const int min_length = std::min(w, h) / 4;
  // (x, y) on the border, (ix, iy) its inward neighbour, (ax, ay) its neighbour along the border.
  auto visit = [&](int x, int y, int ix, int iy, int ax, int ay) {
    if (seen_zeroed && seen.at<uint8_t>(y + 1, x + 1) != 0) return;
    const float v = src.at<float>(y, x);
    // Padding is a run, not a lone pixel: seed only where both neighbours match.
    if (src.at<float>(iy, ix) != v || src.at<float>(ay, ax) != v) return;
    if (!seen_zeroed) {
      seen.create(h + 2, w + 2, CV_8U);
      seen.setTo(0);
      seen_zeroed = true;
    }
    cv::Rect r;
    cv::floodFill(src, seen, cv::Point(x, y), cv::Scalar(), &r, cv::Scalar(0), cv::Scalar(0),
                  kFlags | (1 << 8));
    const bool strip = std::max(r.width, r.height) >= min_length &&
                       6 * std::min(r.width, r.height) <= std::max(r.width, r.height);
    if (!strip) return;
    if (pad.empty()) pad = cv::Mat(h + 2, w + 2, CV_8U, cv::Scalar(0));
    cv::floodFill(src, pad, cv::Point(x, y), cv::Scalar(), nullptr, cv::Scalar(0), cv::Scalar(0),
                  kFlags | (255 << 8));
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
  cv::Mat grown;
  cv::dilate(pad(cv::Rect(1, 1, w, h)), grown,
             cv::getStructuringElement(cv::MORPH_RECT,
                                       cv::Size(2 * kFillMargin + 1, 2 * kFillMargin + 1)));
  return grown;
}

// Per-thread luma plane of the detector's front end, grown to the largest region seen and
// reused: a fresh 4 MB buffer per 1080p frame costs more in page faults than the filtering.
Plane& ThreadLuma() {
  thread_local Plane luma;
  return luma;
}

// The central region as luma at working scale, into the thread's plane.
const Plane& RegionLuma(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height) {
  const int scale = GridScaleFor(width, height);
  const int rw = std::min(width, kMaxRegion * scale), rh = std::min(height, kMaxRegion * scale);
  const int x0 = (width - rw) / 2, y0 = (height - rh) / 2;
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
  const Plane& luma = RegionLuma(pixels, stride, channels, width, height);
  const int w = luma.width, h = luma.height;
  if (!accumulate) {
    out.width = w;
    out.height = h;
    out.px.resize(static_cast<size_t>(w) * h);
  }
  // Fill areas and their straight edges (rotation corners, letterbox bars) carry no mark but
  // strong spectral lines: they are left out.
  const cv::Mat fill = FillMask(luma);
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
