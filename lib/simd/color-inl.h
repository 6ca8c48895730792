// Per-target row of LumaFromU8, shared by color.cc and whiten.cc (the front end that converts
// rows as it whitens them). Included once per Highway target.
#if defined(AIGCMARK_SIMD_COLOR_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef AIGCMARK_SIMD_COLOR_INL_H_
#undef AIGCMARK_SIMD_COLOR_INL_H_
#else
#define AIGCMARK_SIMD_COLOR_INL_H_
#endif

#include <cstddef>
#include <cstdint>

#include "hwy/highway.h"
#include "simd/color.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Luma of one row of w pixels. The weights are exact 14-bit fractions (color.h), so every
// product and sum is exact: fused or not, this equals the reference bit for bit.
HWY_INLINE void LumaRow(const uint8_t* HWY_RESTRICT s, int channels, size_t w,
                        float* HWY_RESTRICT d) {
  const hn::ScalableTag<float> df;
  const hn::Rebind<int32_t, decltype(df)> di;
  const hn::Rebind<uint8_t, decltype(df)> du8;
  const size_t n = hn::Lanes(df);
  const auto wb = hn::Set(df, kLumaB), wg = hn::Set(df, kLumaG), wr = hn::Set(df, kLumaR);
  auto to_float = [&](auto v8) { return hn::ConvertTo(df, hn::PromoteTo(di, v8)); };
  size_t x = 0;
  if (channels == 1) {
    for (; x + n <= w; x += n) hn::StoreU(to_float(hn::LoadU(du8, s + x)), df, d + x);
  } else if (channels == 3) {
    for (; x + n <= w; x += n) {
      hn::Vec<decltype(du8)> b, g, r;
      hn::LoadInterleaved3(du8, s + 3 * x, b, g, r);
      auto v = hn::Mul(to_float(b), wb);
      v = hn::MulAdd(to_float(g), wg, v);
      v = hn::MulAdd(to_float(r), wr, v);
      hn::StoreU(v, df, d + x);
    }
  } else {
    for (; x + n <= w; x += n) {
      hn::Vec<decltype(du8)> b, g, r, a;
      hn::LoadInterleaved4(du8, s + 4 * x, b, g, r, a);
      auto v = hn::Mul(to_float(b), wb);
      v = hn::MulAdd(to_float(g), wg, v);
      v = hn::MulAdd(to_float(r), wr, v);
      hn::StoreU(v, df, d + x);
    }
  }
  if (x < w)
    reference::LumaFromU8(s + x * channels, 0, channels, static_cast<int>(w - x), 1, d + x, 0);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#endif  // AIGCMARK_SIMD_COLOR_INL_H_
