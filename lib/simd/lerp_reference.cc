// Scalar reference for lerp.h (compiled without auto-vectorisation or FMA contraction).
#include "simd/lerp.h"

namespace aigcmark::simd::reference {

void LerpConst(const float* a, const float* b, float t, size_t n, float* out) {
  for (size_t i = 0; i < n; ++i) out[i] = a[i] + t * (b[i] - a[i]);
}

void LerpVarStep(const float* r0, const float* r1, const float* r2, const float* t,
                 const float* up, size_t n, float* out) {
  for (size_t i = 0; i < n; ++i) {
    const float a = up[i] > 0.0f ? r1[i] : r0[i];
    const float b = up[i] > 0.0f ? r2[i] : r1[i];
    out[i] = a + t[i] * (b - a);
  }
}

}  // namespace aigcmark::simd::reference
