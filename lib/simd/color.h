// Colour conversion kernels: 8-bit gray/BGR/BGRA pixels to float luma, and a float luma delta
// added back to every colour channel with saturation. Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_COLOR_H_
#define AIGCMARK_SIMD_COLOR_H_

#include <cstddef>
#include <cstdint>

namespace aigcmark::simd {

/// BT.601 luma weights (Y = kLumaR R + kLumaG G + kLumaB B) in the 14-bit fixed point OpenCV's
/// cvtColor uses (0.299, 0.587, 0.114 to 4 decimals; they sum to exactly 1). Each is a multiple
/// of 2^-14, so every product with an 8-bit value and every sum of them is exact in float: luma
/// is the same to the last bit on every target, in any order, with or without fused multiply-add.
inline constexpr float kLumaR = 4899.0f / 16384.0f;
inline constexpr float kLumaG = 9617.0f / 16384.0f;
inline constexpr float kLumaB = 1868.0f / 16384.0f;

/// Luma of one 8-bit pixel with `channels` 1, 3 or 4 (as LumaFromU8, to the last bit).
inline float LumaOf(const uint8_t* p, int channels) {
  return channels == 1 ? static_cast<float>(p[0]) : kLumaB * p[0] + kLumaG * p[1] + kLumaR * p[2];
}

/// Luma of a `width` x `height` block of interleaved 8-bit pixels with `channels` 1 (gray),
/// 3 (BGR) or 4 (BGRA; alpha ignored). Strides are in elements (bytes for src, floats for dst).
/// Equals the reference exactly (see kLumaR).
void LumaFromU8(const uint8_t* src, ptrdiff_t src_stride, int channels, int width, int height,
                float* dst, ptrdiff_t dst_stride);

/// Adds round-half-even(delta) to every colour channel (alpha untouched), saturating to
/// 0..255. A uniform shift of B, G and R moves luma by exactly the delta and keeps chroma.
void AddLumaDeltaU8(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                    const float* delta, ptrdiff_t delta_stride);

namespace reference {
void LumaFromU8(const uint8_t* src, ptrdiff_t src_stride, int channels, int width, int height,
                float* dst, ptrdiff_t dst_stride);
void AddLumaDeltaU8(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                    const float* delta, ptrdiff_t delta_stride);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_COLOR_H_
