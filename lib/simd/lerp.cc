// Highway per-target code for lerp.h.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/lerp.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/lerp.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Separate subtract, multiply and add (this file is compiled without FMA contraction), so
// every target rounds as the reference does.
void LerpConstImpl(const float* HWY_RESTRICT a, const float* HWY_RESTRICT b, float t, size_t n,
                   float* HWY_RESTRICT out) {
  const hn::ScalableTag<float> df;
  const size_t lanes = hn::Lanes(df);
  const auto vt = hn::Set(df, t);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const auto va = hn::LoadU(df, a + i);
    hn::StoreU(hn::Add(va, hn::Mul(vt, hn::Sub(hn::LoadU(df, b + i), va))), df, out + i);
  }
  reference::LerpConst(a + i, b + i, t, n - i, out + i);
}

void LerpVarStepImpl(const float* HWY_RESTRICT r0, const float* HWY_RESTRICT r1,
                     const float* HWY_RESTRICT r2, const float* HWY_RESTRICT t,
                     const float* HWY_RESTRICT up, size_t n, float* HWY_RESTRICT out) {
  const hn::ScalableTag<float> df;
  const size_t lanes = hn::Lanes(df);
  const auto zero = hn::Zero(df);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const auto m = hn::Gt(hn::LoadU(df, up + i), zero);
    const auto v1 = hn::LoadU(df, r1 + i);
    const auto a = hn::IfThenElse(m, v1, hn::LoadU(df, r0 + i));
    const auto b = hn::IfThenElse(m, hn::LoadU(df, r2 + i), v1);
    hn::StoreU(hn::Add(a, hn::Mul(hn::LoadU(df, t + i), hn::Sub(b, a))), df, out + i);
  }
  reference::LerpVarStep(r0 + i, r1 + i, r2 + i, t + i, up + i, n - i, out + i);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(LerpConstImpl);
HWY_EXPORT(LerpVarStepImpl);

void LerpConst(const float* a, const float* b, float t, size_t n, float* out) {
  HWY_DYNAMIC_DISPATCH(LerpConstImpl)(a, b, t, n, out);
}

void LerpVarStep(const float* r0, const float* r1, const float* r2, const float* t,
                 const float* up, size_t n, float* out) {
  HWY_DYNAMIC_DISPATCH(LerpVarStepImpl)(r0, r1, r2, t, up, n, out);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
