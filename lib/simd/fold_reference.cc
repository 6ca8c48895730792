// Scalar references for fold.h (compiled without auto-vectorisation).
#include <algorithm>

#include "simd/fold.h"

namespace aigcmark::simd::reference {

void FoldAdd(const float* src, ptrdiff_t stride, int width, int height, int period, int off_x,
             int off_y, float* tile) {
  for (int y = 0; y < height; ++y) {
    const float* s = src + y * stride;
    float* t = tile + static_cast<ptrdiff_t>((y + off_y) % period) * period;
    for (int x = 0; x < width; ++x) t[(x + off_x) % period] += s[x];
  }
}

void ModulatePeriodicRow(const float* activity, const float* tile_row, int period, int phase,
                         float act_scale, float lo, float hi, float gain, float* out, size_t n) {
  for (size_t x = 0; x < n; ++x) {
    const float m = std::clamp(activity[x] * act_scale, lo, hi);
    out[x] = gain * m * tile_row[(x + phase) % period];
  }
}

double Dot(const float* a, const float* b, size_t n) {
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<double>(a[i]) * b[i];
  return sum;
}

}  // namespace aigcmark::simd::reference
