// Highway per-target code for comb_gather.h.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/comb_gather.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include <cstring>

#include "hwy/highway.h"
#include "simd/comb_gather.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Lattice points are computed in float lanes exactly as the reference does (separate multiply
// and add; for these positive values, truncation is Floor), and so is the table offset
// iy * f + ix, an integer below 2^23. Adding 2^23 puts it in the mantissa's bits, read as an
// int32 minus 2^23's bit pattern: Highway's checked float-to-int conversion took 5 instructions
// per vector. Scalar byte loads then sum the block of offsets, which are read two per 64-bit
// load (the loop is bound by instructions issued, not by the table's cache misses: a table
// in L1 runs only 12% faster). x86 gathers (32-bit words at byte offsets, masked) measured
// 2.2x the reference on Zen 5, the decoupled loads 4.3-4.5x.
uint32_t CombGatherSumImpl(const uint8_t* table, int f, const float* kx, const float* ky,
                           size_t n, float a, float b) {
  const hn::ScalableTag<float> df;
  const hn::RebindToSigned<decltype(df)> di;
  const size_t lanes = hn::Lanes(df);
  const float off = static_cast<float>(f) + 0.5f;
  const auto va = hn::Set(df, a), vb = hn::Set(df, b), voff = hn::Set(df, off);
  const auto vf = hn::Set(df, static_cast<float>(f)), vlast = hn::Set(df, static_cast<float>(f - 1));
  const auto vmagic = hn::Set(df, 8388608.0f);
  const auto vmagic_bits = hn::Set(di, 0x4B000000);
  constexpr size_t kBlock = 1024;
  HWY_ALIGN int32_t offsets[kBlock];
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t i = 0;
  while (i + lanes <= n) {
    size_t m = 0;
    for (; m + lanes <= kBlock && i + lanes <= n; m += lanes, i += lanes) {
      const auto x = hn::LoadU(df, kx + i), y = hn::LoadU(df, ky + i);
      const auto fx = hn::Sub(hn::Mul(va, x), hn::Mul(vb, y));
      const auto fy = hn::Add(hn::Mul(vb, x), hn::Mul(va, y));
      auto ix = hn::Floor(hn::Add(fx, voff));
      auto iy = hn::Floor(hn::Add(fy, voff));
      ix = hn::IfThenElse(hn::Gt(ix, vlast), hn::Sub(ix, vf), ix);
      iy = hn::IfThenElse(hn::Gt(iy, vlast), hn::Sub(iy, vf), iy);
      const auto o = hn::Add(hn::Add(hn::Mul(iy, vf), ix), vmagic);
      hn::Store(hn::Sub(hn::BitCast(di, o), vmagic_bits), di, offsets + m);
    }
    size_t k = 0;
    for (; k + 8 <= m; k += 8) {
      uint64_t p0, p1, p2, p3;
      std::memcpy(&p0, offsets + k, 8);
      std::memcpy(&p1, offsets + k + 2, 8);
      std::memcpy(&p2, offsets + k + 4, 8);
      std::memcpy(&p3, offsets + k + 6, 8);
      s0 += table[static_cast<uint32_t>(p0)];
      s1 += table[p0 >> 32];
      s2 += table[static_cast<uint32_t>(p1)];
      s3 += table[p1 >> 32];
      s0 += table[static_cast<uint32_t>(p2)];
      s1 += table[p2 >> 32];
      s2 += table[static_cast<uint32_t>(p3)];
      s3 += table[p3 >> 32];
    }
    for (; k < m; ++k) s0 += table[offsets[k]];
  }
  // The last partial vector: the reference's own loop, so the tail cannot round differently.
  return s0 + s1 + s2 + s3 + reference::CombGatherSum(table, f, kx + i, ky + i, n - i, a, b);
}

}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(CombGatherSumImpl);

uint32_t CombGatherSum(const uint8_t* table, int f, const float* kx, const float* ky, size_t n,
                       float a, float b) {
  return HWY_DYNAMIC_DISPATCH(CombGatherSumImpl)(table, f, kx, ky, n, a, b);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
