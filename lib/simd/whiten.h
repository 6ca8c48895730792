// The watermark detector's front end as one streaming kernel: the chain of box filters that
// whitens a luma plane and weights the residual, with every intermediate kept in rings of a few
// rows (L2-resident) instead of whole planes. Highway dispatch + scalar reference (the chain of
// filter.h and weight.h references on whole planes).
#ifndef AIGCMARK_SIMD_WHITEN_H_
#define AIGCMARK_SIMD_WHITEN_H_

#include <cstddef>
#include <cstdint>

namespace aigcmark::simd {

/// Box radii (0..16) and constants of WhitenResidual.
struct WhitenParams {
  int mean_radius = 3;     ///< local mean m of x, and absdev d = |x - m|
  int norm_radius = 4;     ///< residual (x - m) / (BoxMean(d) + residual_eps)
  int activity_inner = 1;  ///< activity = BoxMean(|x - BoxMean(x, inner)|, outer)
  int activity_outer = 3;
  int rms_radius = 2;  ///< the residual's local mean square
  float residual_eps = 1.0f;
  float activity_ref = 5.0f;  ///< WeightResidual's constants
  float mask_lo = 0.35f;
  float mask_hi = 1.6f;
  float activity_eps = 1.0f;
  float ms_floor = 0.1f;
};

/// out = e, or out += e when `accumulate`, where, with replicated borders:
///   m, d  = BoxMeanAbsDev(x, mean_radius)
///   white = BoxMeanResidual(x, m, d, norm_radius, residual_eps), then 0 where zero[i] != 0
///   act   = BoxMean(|x - BoxMean(x, activity_inner)|, activity_outer)
///   ms    = BoxMeanOfSquares(white, rms_radius)
///   e     = WeightResidual(white, act, ms, activity_ref, mask_lo, mask_hi, activity_eps,
///                          ms_floor)
/// Each output is computed with the same operations as that chain of filter.h/weight.h kernels
/// on the same target. `zero` (bytes, its own stride) may be null: nothing is zeroed. Strides
/// are in elements; `out` must not alias the inputs; width and height >= 1.
void WhitenResidual(const float* x, ptrdiff_t x_stride, const uint8_t* zero, ptrdiff_t zero_stride,
                    int width, int height, const WhitenParams& params, bool accumulate, float* out,
                    ptrdiff_t out_stride);

/// WhitenResidual of the luma of 8-bit pixels (`channels` 1, 3 or 4, as LumaFromU8): equal to
/// LumaFromU8 into a plane, then WhitenResidual of that plane, on the same target, but converts
/// rows as they are needed instead of writing and re-reading a whole float plane. `stride` in
/// bytes; `zero` as for WhitenResidual.
void WhitenResidualU8(const uint8_t* pixels, ptrdiff_t stride, int channels, const uint8_t* zero,
                      ptrdiff_t zero_stride, int width, int height, const WhitenParams& params,
                      bool accumulate, float* out, ptrdiff_t out_stride);

namespace reference {
void WhitenResidualU8(const uint8_t* pixels, ptrdiff_t stride, int channels, const uint8_t* zero,
                      ptrdiff_t zero_stride, int width, int height, const WhitenParams& params,
                      bool accumulate, float* out, ptrdiff_t out_stride);
void WhitenResidual(const float* x, ptrdiff_t x_stride, const uint8_t* zero, ptrdiff_t zero_stride,
                    int width, int height, const WhitenParams& params, bool accumulate, float* out,
                    ptrdiff_t out_stride);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_WHITEN_H_
