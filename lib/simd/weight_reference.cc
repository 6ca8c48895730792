// Scalar references for weight.h (compiled without auto-vectorisation).
#include <algorithm>
#include <cmath>

#include "simd/weight.h"

namespace aigcmark::simd::reference {

void WeightResidual(const float* residual, const float* activity, const float* mean_square,
                    ptrdiff_t in_stride, int width, int height, float activity_ref,
                    float mask_lo, float mask_hi, float eps, float ms_floor, bool accumulate,
                    float* out, ptrdiff_t out_stride) {
  const float inv_ref = 1.0f / activity_ref;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const ptrdiff_t k = y * in_stride + x;
      const float a = activity[k];
      const float m = std::clamp(a * inv_ref, mask_lo, mask_hi);
      const float e = residual[k] * m / ((a + eps) * std::sqrt(mean_square[k] + ms_floor));
      float& o = out[y * out_stride + x];
      o = accumulate ? o + e : e;
    }
  }
}

}  // namespace aigcmark::simd::reference
