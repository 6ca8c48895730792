// Highway per-target code for weight.h.
#include <algorithm>
#include <cmath>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/weight.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/weight.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One row of WeightResidual; templated on `kAccumulate` so the branch leaves the inner loop.
// Same operations in the same order as the reference (no fusable multiply-add), so every
// target matches it to the last bit in practice.
template <bool kAccumulate>
HWY_INLINE void WeightRow(const float* HWY_RESTRICT v, const float* HWY_RESTRICT a,
                          const float* HWY_RESTRICT ms, size_t w, float inv_ref, float lo,
                          float hi, float eps, float floor, float* HWY_RESTRICT o) {
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

void WeightResidualImpl(const float* residual, const float* activity, const float* mean_square,
                        ptrdiff_t in_stride, int width, int height, float activity_ref,
                        float mask_lo, float mask_hi, float eps, float ms_floor, bool accumulate,
                        float* out, ptrdiff_t out_stride) {
  const float inv_ref = 1.0f / activity_ref;
  const size_t w = static_cast<size_t>(width);
  for (int y = 0; y < height; ++y) {
    const ptrdiff_t k = y * in_stride;
    float* o = out + y * out_stride;
    if (accumulate) {
      WeightRow<true>(residual + k, activity + k, mean_square + k, w, inv_ref, mask_lo, mask_hi,
                      eps, ms_floor, o);
    } else {
      WeightRow<false>(residual + k, activity + k, mean_square + k, w, inv_ref, mask_lo, mask_hi,
                       eps, ms_floor, o);
    }
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(WeightResidualImpl);

void WeightResidual(const float* residual, const float* activity, const float* mean_square,
                    ptrdiff_t in_stride, int width, int height, float activity_ref,
                    float mask_lo, float mask_hi, float eps, float ms_floor, bool accumulate,
                    float* out, ptrdiff_t out_stride) {
  HWY_DYNAMIC_DISPATCH(WeightResidualImpl)(residual, activity, mean_square, in_stride, width,
                                           height, activity_ref, mask_lo, mask_hi, eps, ms_floor,
                                           accumulate, out, out_stride);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
