// Highway per-target code for color.h (see hwy/examples/skeleton.cc for the pattern).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/color.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/color-inl.h"
#include "simd/color.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void LumaFromU8Impl(const uint8_t* src, ptrdiff_t src_stride, int channels, int width, int height,
                    float* dst, ptrdiff_t dst_stride) {
  for (int y = 0; y < height; ++y) {
    LumaRow(src + y * src_stride, channels, static_cast<size_t>(width), dst + y * dst_stride);
  }
}

void AddLumaDeltaU8Impl(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                        const float* delta, ptrdiff_t delta_stride) {
  const hn::ScalableTag<float> df;
  const hn::Rebind<int32_t, decltype(df)> di;
  const hn::Rebind<uint8_t, decltype(df)> du8;
  const size_t n = hn::Lanes(df);
  const auto lim = hn::Set(df, 255.0f);
  const auto zero = hn::Zero(di);
  for (int y = 0; y < height; ++y) {
    uint8_t* p = pixels + y * stride;
    const float* dl = delta + y * delta_stride;
    const size_t w = static_cast<size_t>(width);
    size_t x = 0;
    for (; x + n <= w; x += n) {
      auto r = hn::NearestInt(hn::Min(hn::Max(hn::LoadU(df, dl + x), hn::Neg(lim)), lim));
      // Saturating add of a signed delta = add the positive part, subtract the negative part.
      const auto pos = hn::DemoteTo(du8, hn::Max(r, zero));
      const auto neg = hn::DemoteTo(du8, hn::Max(hn::Neg(r), zero));
      auto apply = [&](auto v) { return hn::SaturatedSub(hn::SaturatedAdd(v, pos), neg); };
      if (channels == 1) {
        hn::StoreU(apply(hn::LoadU(du8, p + x)), du8, p + x);
      } else if (channels == 3) {
        hn::Vec<decltype(du8)> b, g, rr;
        hn::LoadInterleaved3(du8, p + 3 * x, b, g, rr);
        hn::StoreInterleaved3(apply(b), apply(g), apply(rr), du8, p + 3 * x);
      } else {
        hn::Vec<decltype(du8)> b, g, rr, a;
        hn::LoadInterleaved4(du8, p + 4 * x, b, g, rr, a);
        hn::StoreInterleaved4(apply(b), apply(g), apply(rr), a, du8, p + 4 * x);
      }
    }
    if (x < w) {
      reference::AddLumaDeltaU8(p + x * channels, 0, channels, static_cast<int>(w - x), 1,
                                dl + x, 0);
    }
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(LumaFromU8Impl);
HWY_EXPORT(AddLumaDeltaU8Impl);

void LumaFromU8(const uint8_t* src, ptrdiff_t src_stride, int channels, int width, int height,
                float* dst, ptrdiff_t dst_stride) {
  HWY_DYNAMIC_DISPATCH(LumaFromU8Impl)(src, src_stride, channels, width, height, dst, dst_stride);
}

void AddLumaDeltaU8(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                    const float* delta, ptrdiff_t delta_stride) {
  HWY_DYNAMIC_DISPATCH(AddLumaDeltaU8Impl)(pixels, stride, channels, width, height, delta,
                                           delta_stride);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
