// Filtering kernels for the watermark: a separable box mean (local mean and local activity),
// fused with what consumes it in the same pass: the absolute residual |x - mean|, and the
// normalised residual (x - mean) / (activity + eps) that whitens an image before detection
// (the video accumulation happens in weight.h). Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_FILTER_H_
#define AIGCMARK_SIMD_FILTER_H_

#include <cstddef>

namespace aigcmark::simd {

/// The box means' vertical sums run down each column: row y's sum is the previous one minus
/// the row leaving the window plus the row entering it, except on rows y % kBoxRestartRows == 0,
/// where it is summed afresh (top to bottom), which bounds the float drift.
inline constexpr int kBoxRestartRows = 32;

/// Mean over a (2r+1) x (2r+1) window with replicated borders (horizontal sums of 2r+1 taps,
/// then the running vertical sums above). `dst` must not alias `src`.
/// Strides are in floats. 0 <= radius <= 16; width and height >= 1.
void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride);

/// BoxMean of src * src (the squares never reach memory). Same contract as BoxMean.
void BoxMeanOfSquares(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                      float* dst, ptrdiff_t dst_stride);

/// mean = BoxMean(src, radius) and absdev = |src - mean| in one pass. Outputs must not alias
/// `src` or each other. Strides are in floats; 0 <= radius <= 16; width and height >= 1.
void BoxMeanAbsDev(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                   float* mean, ptrdiff_t mean_stride, float* absdev, ptrdiff_t absdev_stride);

/// out = (x - mean) / (BoxMean(absdev, radius) + eps), the locally normalised residual, in one
/// pass. x, mean and absdev share `in_stride`; `out` must not alias them. 0 <= radius <= 16;
/// width and height >= 1.
void BoxMeanResidual(const float* x, const float* mean, const float* absdev, ptrdiff_t in_stride,
                     int width, int height, int radius, float eps, float* out,
                     ptrdiff_t out_stride);

namespace reference {
void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride);
void BoxMeanOfSquares(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                      float* dst, ptrdiff_t dst_stride);
void BoxMeanAbsDev(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                   float* mean, ptrdiff_t mean_stride, float* absdev, ptrdiff_t absdev_stride);
void BoxMeanResidual(const float* x, const float* mean, const float* absdev, ptrdiff_t in_stride,
                     int width, int height, int radius, float eps, float* out,
                     ptrdiff_t out_stride);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_FILTER_H_
