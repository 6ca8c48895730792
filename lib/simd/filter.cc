// Highway per-target code for filter.h.
#include <algorithm>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/filter.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/filter.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void BoxMeanImpl(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
                 float* dst, ptrdiff_t dst_stride) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const size_t w = static_cast<size_t>(width);
  std::vector<float> rows(w * static_cast<size_t>(height));
  // Horizontal sums: vectors in the interior, clamped scalar sums near the borders.
  for (int y = 0; y < height; ++y) {
    const float* s = src + y * src_stride;
    float* t = rows.data() + static_cast<size_t>(y) * w;
    auto border = [&](size_t x) {
      float sum = 0.0f;
      for (int k = -radius; k <= radius; ++k) {
        sum += s[std::clamp(static_cast<int>(x) + k, 0, width - 1)];
      }
      t[x] = sum;
    };
    const size_t r = static_cast<size_t>(radius);
    size_t x = 0;
    for (; x < std::min(r, w); ++x) border(x);
    for (; x + r + n <= w; x += n) {
      auto sum = hn::LoadU(df, s + x - r);
      for (size_t k = 1; k <= 2 * r; ++k) sum = hn::Add(sum, hn::LoadU(df, s + x - r + k));
      hn::StoreU(sum, df, t + x);
    }
    for (; x < w; ++x) border(x);
  }
  // Vertical sums of the row sums, vectorised across x.
  const auto scale = hn::Set(df, 1.0f / static_cast<float>((2 * radius + 1) * (2 * radius + 1)));
  std::vector<const float*> taps(2 * radius + 1);
  for (int y = 0; y < height; ++y) {
    for (int k = -radius; k <= radius; ++k) {
      taps[k + radius] = rows.data() + static_cast<size_t>(std::clamp(y + k, 0, height - 1)) * w;
    }
    float* d = dst + y * dst_stride;
    size_t x = 0;
    for (; x + n <= w; x += n) {
      auto sum = hn::LoadU(df, taps[0] + x);
      for (size_t k = 1; k < taps.size(); ++k) sum = hn::Add(sum, hn::LoadU(df, taps[k] + x));
      hn::StoreU(hn::Mul(sum, scale), df, d + x);
    }
    for (; x < w; ++x) {
      float sum = taps[0][x];
      for (size_t k = 1; k < taps.size(); ++k) sum += taps[k][x];
      d[x] = sum * hn::GetLane(scale);
    }
  }
}

void AbsDiffImpl(const float* a, const float* b, float* out, size_t count) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  size_t i = 0;
  for (; i + n <= count; i += n) {
    hn::StoreU(hn::Abs(hn::Sub(hn::LoadU(df, a + i), hn::LoadU(df, b + i))), df, out + i);
  }
  if (i < count) reference::AbsDiff(a + i, b + i, out + i, count - i);
}

void NormalizedResidualImpl(const float* x, const float* mean, const float* activity, float eps,
                            float* out, size_t count) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const auto e = hn::Set(df, eps);
  size_t i = 0;
  for (; i + n <= count; i += n) {
    const auto num = hn::Sub(hn::LoadU(df, x + i), hn::LoadU(df, mean + i));
    hn::StoreU(hn::Div(num, hn::Add(hn::LoadU(df, activity + i), e)), df, out + i);
  }
  if (i < count) {
    reference::NormalizedResidual(x + i, mean + i, activity + i, eps, out + i, count - i);
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(BoxMeanImpl);
HWY_EXPORT(AbsDiffImpl);
HWY_EXPORT(NormalizedResidualImpl);

void BoxMean(const float* src, ptrdiff_t src_stride, int width, int height, int radius,
             float* dst, ptrdiff_t dst_stride) {
  HWY_DYNAMIC_DISPATCH(BoxMeanImpl)(src, src_stride, width, height, radius, dst, dst_stride);
}

void AbsDiff(const float* a, const float* b, float* out, size_t n) {
  HWY_DYNAMIC_DISPATCH(AbsDiffImpl)(a, b, out, n);
}

void NormalizedResidual(const float* x, const float* mean, const float* activity, float eps,
                        float* out, size_t n) {
  HWY_DYNAMIC_DISPATCH(NormalizedResidualImpl)(x, mean, activity, eps, out, n);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
