// Per-target row of WeightResidual, shared by weight.cc and whiten.cc (the fused front end) so
// that both weight every pixel with the same operations. Included once per Highway target.
#if defined(AIGCMARK_SIMD_WEIGHT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef AIGCMARK_SIMD_WEIGHT_INL_H_
#undef AIGCMARK_SIMD_WEIGHT_INL_H_
#else
#define AIGCMARK_SIMD_WEIGHT_INL_H_
#endif

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One row of WeightResidual; templated on `kAccumulate` so the branch leaves the inner loop.
// Same operations in the same order as the reference (no fusable multiply-add), so every
// target matches it to the last bit in practice.
template <bool kAccumulate>
HWY_INLINE void WeightRow(const float* HWY_RESTRICT v, const float* HWY_RESTRICT a,
                          const float* HWY_RESTRICT ms, size_t w, float inv_ref, float lo, float hi,
                          float eps, float floor, float* HWY_RESTRICT o) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const auto vinv = hn::Set(df, inv_ref), vlo = hn::Set(df, lo), vhi = hn::Set(df, hi);
  const auto veps = hn::Set(df, eps), vfloor = hn::Set(df, floor);
  size_t x = 0;
  for (; x + n <= w; x += n) {
    const auto act = hn::LoadU(df, a + x);
    const auto m = hn::Min(hn::Max(hn::Mul(act, vinv), vlo), vhi);
    const auto den = hn::Mul(hn::Add(act, veps), hn::Sqrt(hn::Add(hn::LoadU(df, ms + x), vfloor)));
    auto e = hn::Div(hn::Mul(hn::LoadU(df, v + x), m), den);
    if (kAccumulate) e = hn::Add(hn::LoadU(df, o + x), e);
    hn::StoreU(e, df, o + x);
  }
  for (; x < w; ++x) {
    const float m = std::clamp(a[x] * inv_ref, lo, hi);
    const float e = v[x] * m / ((a[x] + eps) * std::sqrt(ms[x] + floor));
    o[x] = kAccumulate ? o[x] + e : e;
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#endif  // AIGCMARK_SIMD_WEIGHT_INL_H_
