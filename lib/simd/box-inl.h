// Per-target building blocks of the separable box mean, shared by filter.cc (one filter per
// call) and whiten.cc (a chain of filters streamed row by row), so that both compute every
// output with the same operations in the same order. Included once per Highway target.
#if defined(AIGCMARK_SIMD_BOX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef AIGCMARK_SIMD_BOX_INL_H_
#undef AIGCMARK_SIMD_BOX_INL_H_
#else
#define AIGCMARK_SIMD_BOX_INL_H_
#endif

#include <algorithm>
#include <cstddef>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Interior vector pairs of HorizontalSums for a radius known at compile time (unrolled taps,
// two independent chains of adds per step); returns the first x not done (the caller's
// one-vector loop finishes the row).
template <bool kSquare, int kRadius>
HWY_INLINE size_t HorizontalSumsInterior(const float* HWY_RESTRICT s, size_t w,
                                         float* HWY_RESTRICT t) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  constexpr size_t r = kRadius;
  auto load = [&](size_t i) {
    const auto v = hn::LoadU(df, s + i);
    return kSquare ? hn::Mul(v, v) : v;
  };
  size_t x = r;
  for (; x + r + 2 * n <= w; x += 2 * n) {
    auto sum0 = load(x - r), sum1 = load(x + n - r);
    for (size_t k = 1; k <= 2 * r; ++k) {
      sum0 = hn::Add(sum0, load(x - r + k));
      sum1 = hn::Add(sum1, load(x + n - r + k));
    }
    hn::StoreU(sum0, df, t + x);
    hn::StoreU(sum1, df, t + x + n);
  }
  return x;
}

// Horizontal (2r+1)-tap sums of one row (of its squares when kSquare) with replicated borders:
// vectors in the interior, clamped scalar sums near the borders (summed in the reference's order).
// Each output's vector sum is a chain of dependent adds in the reference's order; the radii the
// filters use are unrolled, with two chains side by side (with a runtime-length tap loop and
// one chain, the streamed front end took 4.9 ms on a 2-MP plane; 3.5-4.2 ms this way).
template <bool kSquare>
HWY_INLINE void HorizontalSums(const float* HWY_RESTRICT s, size_t w, int radius,
                               float* HWY_RESTRICT t) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const size_t r = static_cast<size_t>(radius);
  const int last = static_cast<int>(w) - 1;
  auto tap = [&](int i) {
    const float v = s[std::clamp(i, 0, last)];
    return kSquare ? v * v : v;
  };
  auto load = [&](size_t i) {
    const auto v = hn::LoadU(df, s + i);
    return kSquare ? hn::Mul(v, v) : v;
  };
  auto border = [&](size_t x) {
    float sum = 0.0f;
    for (int k = -radius; k <= radius; ++k) sum += tap(static_cast<int>(x) + k);
    t[x] = sum;
  };
  size_t x = 0;
  for (; x < std::min(r, w); ++x) border(x);
  if (x == r) {
    switch (radius) {
      case 1: x = HorizontalSumsInterior<kSquare, 1>(s, w, t); break;
      case 2: x = HorizontalSumsInterior<kSquare, 2>(s, w, t); break;
      case 3: x = HorizontalSumsInterior<kSquare, 3>(s, w, t); break;
      case 4: x = HorizontalSumsInterior<kSquare, 4>(s, w, t); break;
      default: break;
    }
  }
  for (; x + r + n <= w; x += n) {
    auto sum = load(x - r);
    for (size_t k = 1; k <= 2 * r; ++k) sum = hn::Add(sum, load(x - r + k));
    hn::StoreU(sum, df, t + x);
  }
  for (; x < w; ++x) border(x);
}

// One output row of a box mean from the column sums `col` of its window's rows of horizontal
// sums: on restart rows (see filter.h, kBoxRestartRows) `col` is summed afresh from `taps`
// (top to bottom), otherwise updated as (col - leaving) + entering, the window's last tap; the
// means are col * scale. `op` gets them in registers (Vec) or, for the last lanes, one at a
// time (Lane). The reference does the same operations per column.
template <class Op>
HWY_INLINE void RunningMeans(const float* const* taps, int window, const float* leaving,
                             bool restart, float* HWY_RESTRICT col, size_t w, float scale,
                             const Op& op) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const auto vscale = hn::Set(df, scale);
  const float* entering = taps[window - 1];
  size_t x = 0;
  for (; x + n <= w; x += n) {
    hn::Vec<decltype(df)> sum;
    if (restart) {
      sum = hn::LoadU(df, taps[0] + x);
      for (int k = 1; k < window; ++k) sum = hn::Add(sum, hn::LoadU(df, taps[k] + x));
    } else {
      sum = hn::Add(hn::Sub(hn::LoadU(df, col + x), hn::LoadU(df, leaving + x)),
                    hn::LoadU(df, entering + x));
    }
    hn::StoreU(sum, df, col + x);
    op.Vec(df, x, hn::Mul(sum, vscale));
  }
  for (; x < w; ++x) {
    float sum;
    if (restart) {
      sum = taps[0][x];
      for (int k = 1; k < window; ++k) sum += taps[k][x];
    } else {
      sum = (col[x] - leaving[x]) + entering[x];
    }
    col[x] = sum;
    op.Lane(x, sum * scale);
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#endif  // AIGCMARK_SIMD_BOX_INL_H_
