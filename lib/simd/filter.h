// Filtering kernels for the watermark: a separable box mean (local mean and local activity),
// the absolute residual |a - b| and the normalised residual (x - mean) / (activity + eps) that
// whitens an image before detection. Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_FILTER_H_
#define AIGCMARK_SIMD_FILTER_H_

#include <cstddef>

namespace aigcmark::simd {

/// Mean over a (2r+1) x (2r+1) window with replicated borders. `dst` must not alias `src`.
/// Strides are in floats. 0 <= radius <= 16; width and height >= 1.
void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride);

/// out[i] = |a[i] - b[i]| for n contiguous floats (out may alias a or b).
void AbsDiff(const float* a, const float* b, float* out, size_t n);

/// out[i] = (x[i] - mean[i]) / (activity[i] + eps): the locally normalised residual.
void NormalizedResidual(const float* x, const float* mean, const float* activity, float eps,
                        float* out, size_t n);

namespace reference {
void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride);
void AbsDiff(const float* a, const float* b, float* out, size_t n);
void NormalizedResidual(const float* x, const float* mean, const float* activity, float eps,
                        float* out, size_t n);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_FILTER_H_
