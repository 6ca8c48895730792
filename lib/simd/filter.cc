// Highway per-target code for filter.h.
#include <algorithm>
#include <cmath>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/filter.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/box-inl.h"
#include "simd/filter.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// An op on (row, column) used as an op on the columns of row `y` (RunningMeans).
template <class Op>
struct AtRow {
  const Op& op;
  int y;
  template <class D, class V>
  HWY_INLINE void Vec(D d, size_t x, V v) const {
    op.Vec(d, y, x, v);
  }
  HWY_INLINE void Lane(size_t x, float v) const { op.Lane(y, x, v); }
};

// Box means of `src`, one output row at a time: the horizontal sums of the window's 2r+1 rows
// and of the row that just left it live in a small ring (L1/L2-resident instead of a
// whole-image buffer), beside the running column sums; `op` gets each row's means in
// registers (Vec) or, for the last lanes, one at a time (Lane).
template <bool kSquare = false, class Op>
HWY_INLINE void BoxRows(const float* src, ptrdiff_t src_stride, int width, int height,
                        int radius, const Op& op) {
  const size_t w = static_cast<size_t>(width);
  const int window = 2 * radius + 1;
  // One slot more than the window: the row leaving it is still needed when the next enters.
  const int slots = window + 1;
  std::vector<float> ring(w * static_cast<size_t>(slots + 1));
  float* const col = ring.data() + w * static_cast<size_t>(slots);
  auto slot = [&](int row) { return ring.data() + static_cast<size_t>(row % slots) * w; };
  const float scale = 1.0f / static_cast<float>(window * window);
  const float* taps[2 * 16 + 1];
  int next = 0;  // the next source row whose horizontal sums are due
  for (int y = 0; y < height; ++y) {
    for (const int need = std::min(height - 1, y + radius); next <= need; ++next) {
      HorizontalSums<kSquare>(src + next * src_stride, w, radius, slot(next));
    }
    for (int k = -radius; k <= radius; ++k) {
      taps[k + radius] = slot(std::clamp(y + k, 0, height - 1));
    }
    RunningMeans(taps, window, slot(std::clamp(y - 1 - radius, 0, height - 1)),
                 y % kBoxRestartRows == 0, col, w, scale, AtRow<Op>{op, y});
  }
}

struct StoreMean {
  float* dst;
  ptrdiff_t stride;
  template <class D, class V>
  HWY_INLINE void Vec(D d, int y, size_t x, V mean) const {
    hn::StoreU(mean, d, dst + y * stride + x);
  }
  HWY_INLINE void Lane(int y, size_t x, float mean) const { dst[y * stride + x] = mean; }
};

void BoxMeanImpl(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                 float* dst, ptrdiff_t dst_stride) {
  BoxRows(src, src_stride, width, height, radius, StoreMean{dst, dst_stride});
}

void BoxMeanOfSquaresImpl(const float* src, ptrdiff_t src_stride, int width, int height,
                          int radius, float* dst, ptrdiff_t dst_stride) {
  BoxRows<true>(src, src_stride, width, height, radius, StoreMean{dst, dst_stride});
}

// The mean goes out and is subtracted from the source while still in registers.
struct StoreMeanAbsDev {
  const float* src;
  ptrdiff_t src_stride;
  float* mean;
  ptrdiff_t mean_stride;
  float* absdev;
  ptrdiff_t absdev_stride;
  template <class D, class V>
  HWY_INLINE void Vec(D d, int y, size_t x, V m) const {
    hn::StoreU(m, d, mean + y * mean_stride + x);
    const auto s = hn::LoadU(d, src + y * src_stride + x);
    hn::StoreU(hn::Abs(hn::Sub(s, m)), d, absdev + y * absdev_stride + x);
  }
  HWY_INLINE void Lane(int y, size_t x, float m) const {
    mean[y * mean_stride + x] = m;
    absdev[y * absdev_stride + x] = std::fabs(src[y * src_stride + x] - m);
  }
};

// The activity never reaches memory: it divides the residual at once.
struct StoreResidual {
  const float* x;
  const float* mean;
  ptrdiff_t in_stride;
  float eps;
  float* out;
  ptrdiff_t out_stride;
  template <class D, class V>
  HWY_INLINE void Vec(D d, int y, size_t i, V act) const {
    const ptrdiff_t k = y * in_stride + static_cast<ptrdiff_t>(i);
    const auto num = hn::Sub(hn::LoadU(d, x + k), hn::LoadU(d, mean + k));
    hn::StoreU(hn::Div(num, hn::Add(act, hn::Set(d, eps))), d, out + y * out_stride + i);
  }
  HWY_INLINE void Lane(int y, size_t i, float act) const {
    const ptrdiff_t k = y * in_stride + static_cast<ptrdiff_t>(i);
    out[y * out_stride + i] = (x[k] - mean[k]) / (act + eps);
  }
};

void BoxMeanAbsDevImpl(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                       float* mean, ptrdiff_t mean_stride, float* absdev,
                       ptrdiff_t absdev_stride) {
  BoxRows(src, src_stride, width, height, radius,
          StoreMeanAbsDev{src, src_stride, mean, mean_stride, absdev, absdev_stride});
}

void BoxMeanResidualImpl(const float* x, const float* mean, const float* absdev,
                         ptrdiff_t in_stride, int width, int height, int radius, float eps,
                         float* out, ptrdiff_t out_stride) {
  BoxRows(absdev, in_stride, width, height, radius,
          StoreResidual{x, mean, in_stride, eps, out, out_stride});
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(BoxMeanImpl);
HWY_EXPORT(BoxMeanOfSquaresImpl);
HWY_EXPORT(BoxMeanAbsDevImpl);
HWY_EXPORT(BoxMeanResidualImpl);

void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride) {
  HWY_DYNAMIC_DISPATCH(BoxMeanImpl)(src, src_stride, width, height, radius, dst, dst_stride);
}

void BoxMeanOfSquares(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                      float* dst, ptrdiff_t dst_stride) {
  HWY_DYNAMIC_DISPATCH(BoxMeanOfSquaresImpl)(src, src_stride, width, height, radius, dst,
                                             dst_stride);
}

void BoxMeanAbsDev(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                   float* mean, ptrdiff_t mean_stride, float* absdev, ptrdiff_t absdev_stride) {
  HWY_DYNAMIC_DISPATCH(BoxMeanAbsDevImpl)(src, src_stride, width, height, radius, mean,
                                          mean_stride, absdev, absdev_stride);
}

void BoxMeanResidual(const float* x, const float* mean, const float* absdev, ptrdiff_t in_stride,
                     int width, int height, int radius, float eps, float* out,
                     ptrdiff_t out_stride) {
  HWY_DYNAMIC_DISPATCH(BoxMeanResidualImpl)(x, mean, absdev, in_stride, width, height, radius,
                                            eps, out, out_stride);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
