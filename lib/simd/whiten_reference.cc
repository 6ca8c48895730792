// Scalar reference for whiten.h: the chain of filter.h and weight.h references on whole planes
// (compiled without auto-vectorisation).
#include <cstring>
#include <vector>

#include "simd/color.h"
#include "simd/filter.h"
#include "simd/weight.h"
#include "simd/whiten.h"

namespace aigcmark::simd::reference {

void WhitenResidual(const float* x, ptrdiff_t x_stride, const uint8_t* zero, ptrdiff_t zero_stride,
                    int width, int height, const WhitenParams& p, bool accumulate, float* out,
                    ptrdiff_t out_stride) {
  const size_t w = static_cast<size_t>(width), n = w * static_cast<size_t>(height);
  // BoxMeanResidual takes x, mean and absdev at one stride: pack x.
  std::vector<float> packed(n), mean(n), absdev(n), white(n), act(n), ms(n);
  for (int y = 0; y < height; ++y) {
    std::memcpy(packed.data() + y * w, x + y * x_stride, w * sizeof(float));
  }
  BoxMeanAbsDev(packed.data(), width, width, height, p.mean_radius, mean.data(), width,
                absdev.data(), width);
  BoxMeanResidual(packed.data(), mean.data(), absdev.data(), width, width, height, p.norm_radius,
                  p.residual_eps, white.data(), width);
  if (zero != nullptr) {
    for (int y = 0; y < height; ++y) {
      for (int i = 0; i < width; ++i) {
        if (zero[y * zero_stride + i] != 0) white[y * w + i] = 0.0f;
      }
    }
  }
  BoxMeanAbsDev(packed.data(), width, width, height, p.activity_inner, mean.data(), width,
                absdev.data(), width);
  BoxMean(absdev.data(), width, width, height, p.activity_outer, act.data(), width);
  BoxMeanOfSquares(white.data(), width, width, height, p.rms_radius, ms.data(), width);
  WeightResidual(white.data(), act.data(), ms.data(), width, width, height, p.activity_ref,
                 p.mask_lo, p.mask_hi, p.activity_eps, p.ms_floor, accumulate, out, out_stride);
}

void WhitenResidualU8(const uint8_t* pixels, ptrdiff_t stride, int channels, const uint8_t* zero,
                      ptrdiff_t zero_stride, int width, int height, const WhitenParams& p,
                      bool accumulate, float* out, ptrdiff_t out_stride) {
  std::vector<float> luma(static_cast<size_t>(width) * static_cast<size_t>(height));
  reference::LumaFromU8(pixels, stride, channels, width, height, luma.data(), width);
  reference::WhitenResidual(luma.data(), width, zero, zero_stride, width, height, p, accumulate,
                            out, out_stride);
}

}  // namespace aigcmark::simd::reference
