// Periodic-tile kernels for the watermark: folding (accumulating) an image into a period-P tile,
// modulating a periodic tile by a perceptual mask, and dot products.
// Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_FOLD_H_
#define AIGCMARK_SIMD_FOLD_H_

#include <cstddef>

namespace aigcmark::simd {

/// tile[((y + off_y) % period) * period + (x + off_x) % period] += src[y * stride + x]
/// for every pixel of a width x height float image. 0 <= off_x, off_y < period.
void FoldAdd(const float* src, ptrdiff_t stride, int width, int height, int period, int off_x,
             int off_y, float* tile);

/// One row of the embedding delta:
/// out[x] = gain * clamp(activity[x] * act_scale, lo, hi) * tile_row[(x + phase) % period].
void ModulatePeriodicRow(const float* activity, const float* tile_row, int period, int phase,
                         float act_scale, float lo, float hi, float gain, float* out, size_t n);

/// Sum of a[i] * b[i] (float lanes, summed in double at the end).
double Dot(const float* a, const float* b, size_t n);

namespace reference {
void FoldAdd(const float* src, ptrdiff_t stride, int width, int height, int period, int off_x,
             int off_y, float* tile);
void ModulatePeriodicRow(const float* activity, const float* tile_row, int period, int phase,
                         float act_scale, float lo, float hi, float gain, float* out, size_t n);
double Dot(const float* a, const float* b, size_t n);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_FOLD_H_
