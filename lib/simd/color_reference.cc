// Scalar references for color.h (compiled without auto-vectorisation).
#include <algorithm>
#include <cmath>

#include "simd/color.h"

namespace aigcmark::simd::reference {

void LumaFromU8(const uint8_t* src, ptrdiff_t src_stride, int channels, int width, int height,
                float* dst, ptrdiff_t dst_stride) {
  for (int y = 0; y < height; ++y) {
    const uint8_t* s = src + y * src_stride;
    float* d = dst + y * dst_stride;
    for (int x = 0; x < width; ++x) d[x] = LumaOf(s + x * channels, channels);
  }
}

void AddLumaDeltaU8(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                    const float* delta, ptrdiff_t delta_stride) {
  const int colour = channels == 1 ? 1 : 3;
  for (int y = 0; y < height; ++y) {
    uint8_t* p = pixels + y * stride;
    const float* dl = delta + y * delta_stride;
    for (int x = 0; x < width; ++x) {
      const int r = static_cast<int>(std::nearbyint(std::clamp(dl[x], -255.0f, 255.0f)));
      for (int c = 0; c < colour; ++c) {
        uint8_t& v = p[x * channels + c];
        v = static_cast<uint8_t>(std::clamp(v + r, 0, 255));
      }
    }
  }
}

}  // namespace aigcmark::simd::reference
