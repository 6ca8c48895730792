// The detector's front end: the central region of an image as luma, whitened (locally
// normalised residual) and weighted by the mark's expected amplitude, with padding left out.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "simd/color.h"
#include "simd/filter.h"
#include "simd/weight.h"
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
  // Reused per thread: a fresh zeroed frame per call costs page faults for nothing.
  thread_local cv::Mat seen;
  seen.create(h + 2, w + 2, CV_8U);
  seen.setTo(0);
  cv::Mat pad;
  constexpr int kFlags = 8 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE;
  const int min_length = std::min(w, h) / 4;
  // (x, y) on the border, (ix, iy) its inward neighbour, (ax, ay) its neighbour along the border.
  auto visit = [&](int x, int y, int ix, int iy, int ax, int ay) {
    if (seen.at<uint8_t>(y + 1, x + 1) != 0) return;
    const float v = src.at<float>(y, x);
    // Padding is a run, not a lone pixel: seed only where both neighbours match.
    if (src.at<float>(iy, ix) != v || src.at<float>(ay, ax) != v) return;
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

// Per-thread scratch planes of the detector's front end, grown to the largest region seen and
// reused: fresh 4 MB buffers per 1080p frame cost more in page faults than the filtering.
struct WhitenScratch {
  Plane luma;
  std::vector<float> mean, absdev, white;
};

WhitenScratch& ThreadWhitenScratch() {
  thread_local WhitenScratch scratch;
  return scratch;
}

// The weighted, whitened residual of the detection region, written to `out` (sized here) or,
// when `accumulate`, added to `out`, which must hold the region of a frame of the same size.
void WhitenRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                  bool accumulate, Plane& out) {
  WhitenScratch& s = ThreadWhitenScratch();
  const int scale = GridScaleFor(width, height);
  const int rw = std::min(width, kMaxRegion * scale), rh = std::min(height, kMaxRegion * scale);
  const int x0 = (width - rw) / 2, y0 = (height - rh) / 2;
  Plane& luma = s.luma;
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
  const int w = luma.width, h = luma.height;
  const size_t n = static_cast<size_t>(w) * h;
  if (!accumulate) {
    out.width = w;
    out.height = h;
    out.px.resize(n);
  }
  float* mean = AtLeast(s.mean, n);
  float* absdev = AtLeast(s.absdev, n);
  float* white = AtLeast(s.white, n);
  simd::BoxMeanAbsDev(luma.px.data(), w, w, h, 3, mean, w, absdev, w);
  simd::BoxMeanResidual(luma.px.data(), mean, absdev, w, w, h, 4, kWhitenEps, white, w);
  // The embedder's activity map, which set the mark's local amplitude.
  simd::BoxMeanAbsDev(luma.px.data(), w, w, h, 1, mean, w, absdev, w);
  simd::BoxMean(absdev, w, w, h, 3, mean, w);
  const float* act = mean;
  // Fill areas and their straight edges (rotation corners, letterbox bars) carry no mark but
  // strong spectral lines: they are left out.
  const cv::Mat fill = FillMask(luma);
  if (!fill.empty()) {
    for (size_t i = 0; i < n; ++i) white[i] = fill.data[i] ? 0.0f : white[i];
  }
  // Second, finer normalisation: the residual's local RMS over 5x5 (edges and fine texture
  // leave heavy-tailed residuals that the 9x9 absdev normalisation does not flatten).
  float* local_ms = luma.px.data();  // luma is not needed any more
  simd::BoxMeanOfSquares(white, w, w, h, kLocalRmsRadius, local_ms, w);
  // Matched-filter weight: the mark's expected amplitude in the whitened residual,
  // mask(activity) / (activity + eps); heavy texture holds little of it.
  simd::WeightResidual(white, act, local_ms, w, w, h, kActivityRef, kMaskLo, kMaskHi, kWhitenEps,
                       kLocalRmsFloor, accumulate, out.px.data(), out.width);
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

}  // namespace aigcmark::wm
