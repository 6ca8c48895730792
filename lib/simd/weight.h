// The per-pixel matched-filter weight of the watermark detector's front end: it turns the
// whitened residual, the local activity and the residual's local mean square (BoxMeanOfSquares)
// into the plane the search folds.
// Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_WEIGHT_H_
#define AIGCMARK_SIMD_WEIGHT_H_

#include <cstddef>

namespace aigcmark::simd {

/// e = residual * clamp(activity * (1 / activity_ref), mask_lo, mask_hi)
///     / ((activity + eps) * sqrt(mean_square + ms_floor)),
/// per pixel; out = e, or out += e when `accumulate`. The ratio is taken as a product with the
/// float reciprocal of `activity_ref` (as the detector always has), Sqrt and the division are
/// exact IEEE operations on every target. residual, activity and mean_square share `in_stride`;
/// `out` must not alias them. mask_lo <= mask_hi; width and height >= 1.
void WeightResidual(const float* residual, const float* activity, const float* mean_square,
                    ptrdiff_t in_stride, int width, int height, float activity_ref,
                    float mask_lo, float mask_hi, float eps, float ms_floor, bool accumulate,
                    float* out, ptrdiff_t out_stride);

namespace reference {
void WeightResidual(const float* residual, const float* activity, const float* mean_square,
                    ptrdiff_t in_stride, int width, int height, float activity_ref,
                    float mask_lo, float mask_hi, float eps, float ms_floor, bool accumulate,
                    float* out, ptrdiff_t out_stride);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_WEIGHT_H_
