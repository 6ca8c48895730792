// Highway per-target code for fold.h.
#include <algorithm>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/fold.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/fold.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// acc[i] += src[i]; the building block of folding.
HWY_INLINE void AddSpan(float* HWY_RESTRICT acc, const float* HWY_RESTRICT src, size_t count) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  size_t i = 0;
  for (; i + n <= count; i += n) {
    hn::StoreU(hn::Add(hn::LoadU(df, acc + i), hn::LoadU(df, src + i)), df, acc + i);
  }
  for (; i < count; ++i) acc[i] += src[i];
}

void FoldAddImpl(const float* src, ptrdiff_t stride, int width, int height, int period,
                 int off_x, int off_y, float* tile) {
  for (int y = 0; y < height; ++y) {
    const float* s = src + y * stride;
    float* t = tile + static_cast<ptrdiff_t>((y + off_y) % period) * period;
    // Each run of the row that maps onto contiguous tile columns is one vector add.
    int x = 0, col = off_x % period;
    while (x < width) {
      const int run = std::min(width - x, period - col);
      AddSpan(t + col, s + x, static_cast<size_t>(run));
      x += run;
      col = 0;
    }
  }
}

void ModulatePeriodicRowImpl(const float* activity, const float* tile_row, int period,
                             int phase, float act_scale, float lo, float hi, float gain,
                             float* out, size_t count) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  const auto vs = hn::Set(df, act_scale), vlo = hn::Set(df, lo), vhi = hn::Set(df, hi);
  const auto vg = hn::Set(df, gain);
  size_t x = 0;
  size_t col = static_cast<size_t>(phase % period);
  while (x < count) {
    const size_t run = std::min(count - x, static_cast<size_t>(period) - col);
    size_t i = 0;
    for (; i + n <= run; i += n) {
      auto m = hn::Min(hn::Max(hn::Mul(hn::LoadU(df, activity + x + i), vs), vlo), vhi);
      hn::StoreU(hn::Mul(hn::Mul(m, vg), hn::LoadU(df, tile_row + col + i)), df, out + x + i);
    }
    for (; i < run; ++i) {
      const float m = std::clamp(activity[x + i] * act_scale, lo, hi);
      out[x + i] = gain * m * tile_row[col + i];
    }
    x += run;
    col = 0;
  }
}

double DotImpl(const float* a, const float* b, size_t count) {
  const hn::ScalableTag<float> df;
  const size_t n = hn::Lanes(df);
  // Four independent accumulators hide the FMA latency; blocks bound the float error.
  double total = 0.0;
  size_t i = 0;
  constexpr size_t kBlock = 4096;
  while (i + 4 * n <= count) {
    auto s0 = hn::Zero(df), s1 = hn::Zero(df), s2 = hn::Zero(df), s3 = hn::Zero(df);
    const size_t end = std::min(count, i + kBlock);
    for (; i + 4 * n <= end; i += 4 * n) {
      s0 = hn::MulAdd(hn::LoadU(df, a + i), hn::LoadU(df, b + i), s0);
      s1 = hn::MulAdd(hn::LoadU(df, a + i + n), hn::LoadU(df, b + i + n), s1);
      s2 = hn::MulAdd(hn::LoadU(df, a + i + 2 * n), hn::LoadU(df, b + i + 2 * n), s2);
      s3 = hn::MulAdd(hn::LoadU(df, a + i + 3 * n), hn::LoadU(df, b + i + 3 * n), s3);
    }
    const auto s = hn::Add(hn::Add(s0, s1), hn::Add(s2, s3));
    total += static_cast<double>(hn::GetLane(hn::SumOfLanes(df, s)));
  }
  for (; i < count; ++i) total += static_cast<double>(a[i]) * b[i];
  return total;
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(FoldAddImpl);
HWY_EXPORT(ModulatePeriodicRowImpl);
HWY_EXPORT(DotImpl);

void FoldAdd(const float* src, ptrdiff_t stride, int width, int height, int period, int off_x,
             int off_y, float* tile) {
  HWY_DYNAMIC_DISPATCH(FoldAddImpl)(src, stride, width, height, period, off_x, off_y, tile);
}

void ModulatePeriodicRow(const float* activity, const float* tile_row, int period, int phase,
                         float act_scale, float lo, float hi, float gain, float* out, size_t n) {
  HWY_DYNAMIC_DISPATCH(ModulatePeriodicRowImpl)(activity, tile_row, period, phase, act_scale, lo,
                                                hi, gain, out, n);
}

double Dot(const float* a, const float* b, size_t n) {
  return HWY_DYNAMIC_DISPATCH(DotImpl)(a, b, n);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
