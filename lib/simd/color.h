// Colour conversion kernels: 8-bit gray/BGR/BGRA pixels to float luma, and a float luma delta
// added back to every colour channel with saturation. Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_COLOR_H_
#define AIGCMARK_SIMD_COLOR_H_

#include <cstddef>
#include <cstdint>

namespace aigcmark::simd {

/// BT.601 luma weights (Y = kLumaR R + kLumaG G + kLumaB B), as used by JPEG and OpenCV.
inline constexpr float kLumaR = 0.299f;
inline constexpr float kLumaG = 0.587f;
inline constexpr float kLumaB = 0.114f;

/// Luma of a `width` x `height` block of interleaved 8-bit pixels with `channels` 1 (gray),
/// 3 (BGR) or 4 (BGRA; alpha ignored). Strides are in elements (bytes for src, floats for dst).
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
