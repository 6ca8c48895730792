// Scalar references for filter.h (compiled without auto-vectorisation).
#include <algorithm>
#include <cmath>
#include <vector>

#include "simd/filter.h"

namespace aigcmark::simd::reference {

void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride) {
  std::vector<float> rows(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    const float* s = src + y * src_stride;
    float* t = rows.data() + static_cast<size_t>(y) * width;
    for (int x = 0; x < width; ++x) {
      float sum = 0.0f;
      for (int k = -radius; k <= radius; ++k) sum += s[std::clamp(x + k, 0, width - 1)];
      t[x] = sum;
    }
  }
  const float scale = 1.0f / static_cast<float>((2 * radius + 1) * (2 * radius + 1));
  for (int y = 0; y < height; ++y) {
    float* d = dst + y * dst_stride;
    for (int x = 0; x < width; ++x) {
      float sum = 0.0f;
      for (int k = -radius; k <= radius; ++k) {
        sum += rows[static_cast<size_t>(std::clamp(y + k, 0, height - 1)) * width + x];
      }
      d[x] = sum * scale;
    }
  }
}

void AbsDiff(const float* a, const float* b, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = std::fabs(a[i] - b[i]);
}

void NormalizedResidual(const float* x, const float* mean, const float* activity, float eps,
                        float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = (x[i] - mean[i]) / (activity[i] + eps);
}

}  // namespace aigcmark::simd::reference
