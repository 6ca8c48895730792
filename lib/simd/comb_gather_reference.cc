// Scalar reference for comb_gather.h (compiled without auto-vectorisation or FMA contraction).
#include "simd/comb_gather.h"

namespace aigcmark::simd::reference {

uint32_t CombGatherSum(const uint8_t* table, int f, const float* kx, const float* ky, size_t n,
                       float a, float b) {
  const float off = static_cast<float>(f) + 0.5f;
  uint32_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const float fx = a * kx[i] - b * ky[i], fy = b * kx[i] + a * ky[i];
    int ix = static_cast<int>(fx + off), iy = static_cast<int>(fy + off);
    ix -= ix >= f ? f : 0;
    iy -= iy >= f ? f : 0;
    sum += table[static_cast<size_t>(iy) * f + ix];
  }
  return sum;
}

}  // namespace aigcmark::simd::reference
