// Linear interpolation between two rows: the passes of a small rotation done as three shears
// (each shear moves whole rows or columns by a sub-pixel amount). Highway dispatch + scalar
// reference.
#ifndef AIGCMARK_SIMD_LERP_H_
#define AIGCMARK_SIMD_LERP_H_

#include <cstddef>

namespace aigcmark::simd {

/// out[i] = a[i] + t * (b[i] - a[i]) for i < n, in float without fused multiply-add (exact:
/// every target returns the reference). `out` may alias neither input.
void LerpConst(const float* a, const float* b, float t, size_t n, float* out);

/// Between two of three rows: out[i] = lerp(r1[i], r2[i], t[i]) where up[i] > 0, else
/// lerp(r0[i], r1[i], t[i]) (lerp(a, b, t) = a + t * (b - a)). A column shift whose integer
/// part steps up by one somewhere in the span, in one pass.
void LerpVarStep(const float* r0, const float* r1, const float* r2, const float* t,
                 const float* up, size_t n, float* out);

namespace reference {
void LerpConst(const float* a, const float* b, float t, size_t n, float* out);
void LerpVarStep(const float* r0, const float* r1, const float* r2, const float* t,
                 const float* up, size_t n, float* out);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_LERP_H_
