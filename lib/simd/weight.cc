// Highway per-target code for weight.h.
#include <algorithm>
#include <cmath>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/weight.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/weight-inl.h"
#include "simd/weight.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

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
