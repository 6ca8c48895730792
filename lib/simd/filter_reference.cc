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
  auto row = [&](int y) { return rows.data() + static_cast<size_t>(std::clamp(y, 0, height - 1)) * width; };
  std::vector<float> col(width);  // running vertical sums (filter.h, kBoxRestartRows)
  for (int y = 0; y < height; ++y) {
    float* d = dst + y * dst_stride;
    for (int x = 0; x < width; ++x) {
      if (y % kBoxRestartRows == 0) {
        float sum = row(y - radius)[x];
        for (int k = -radius + 1; k <= radius; ++k) sum += row(y + k)[x];
        col[x] = sum;
      } else {
        col[x] = (col[x] - row(y - 1 - radius)[x]) + row(y + radius)[x];
      }
      d[x] = col[x] * scale;
    }
  }
}

void BoxMeanOfSquares(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                      float* dst, ptrdiff_t dst_stride) {
  std::vector<float> squares(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const float v = src[y * src_stride + x];
      squares[static_cast<size_t>(y) * width + x] = v * v;
    }
  }
  BoxMean(squares.data(), width, width, height, radius, dst, dst_stride);
}

void BoxMeanAbsDev(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                   float* mean, ptrdiff_t mean_stride, float* absdev, ptrdiff_t absdev_stride) {
  BoxMean(src, src_stride, width, height, radius, mean, mean_stride);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      absdev[y * absdev_stride + x] = std::fabs(src[y * src_stride + x] - mean[y * mean_stride + x]);
    }
  }
}

void BoxMeanResidual(const float* x, const float* mean, const float* absdev, ptrdiff_t in_stride,
                     int width, int height, int radius, float eps, float* out,
                     ptrdiff_t out_stride) {
  std::vector<float> act(static_cast<size_t>(width) * height);
  BoxMean(absdev, in_stride, width, height, radius, act.data(), width);
  for (int y = 0; y < height; ++y) {
    for (int i = 0; i < width; ++i) {
      const ptrdiff_t k = y * in_stride + i;
      out[y * out_stride + i] = (x[k] - mean[k]) / (act[static_cast<size_t>(y) * width + i] + eps);
    }
  }
}

}  // namespace aigcmark::simd::reference
