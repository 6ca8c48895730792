// Each SIMD kernel on every target this CPU supports (hwy::SupportedAndGeneratedTargets) against
// its scalar reference: exact for 8-bit outputs, a stated tolerance for floats; odd sizes,
// unaligned starts and padded strides.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "hwy/targets.h"
#include "simd/color.h"
#include "simd/comb_gather.h"
#include "simd/filter.h"
#include "simd/fold.h"
#include "simd/lerp.h"
#include "simd/weight.h"
#include "simd/whiten.h"

namespace aigcmark::simd {
namespace {

// Float kernels reorder sums and use FMA: allow this much relative error.
constexpr float kRelTol = 2e-5f;

// Runs `body` once per supported target, with that target forced for dynamic dispatch.
void ForEachTarget(const std::function<void(const char*)>& body) {
  const auto targets = hwy::SupportedAndGeneratedTargets();
  ASSERT_FALSE(targets.empty());
  for (int64_t t : targets) {
    hwy::SetSupportedTargetsForTest(t);
    body(hwy::TargetName(t));
  }
  hwy::SetSupportedTargetsForTest(0);
}

std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

std::vector<float> RandomFloats(size_t n, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(n);
  for (auto& f : v) f = u(rng);
  return v;
}

void ExpectNear(const std::vector<float>& want, const std::vector<float>& got, const std::string& what) {
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_NEAR(want[i], got[i], kRelTol * std::max(1.0f, std::fabs(want[i]))) << what << " at " << i;
  }
}

struct Shape {
  int w, h, offset;  // offset: unaligned start in elements
};
const Shape kShapes[] = {{1, 1, 0}, {7, 3, 1}, {33, 5, 3}, {129, 7, 5}, {1001, 3, 7}};

TEST(SimdKernels, LumaFromU8MatchesReferenceOnEveryTarget) {
  for (int channels : {1, 3, 4}) {
    for (const Shape& s : kShapes) {
      const ptrdiff_t src_stride = s.w * channels + 5, dst_stride = s.w + 3;
      auto src = RandomBytes(s.offset + src_stride * s.h, 1u + channels * 31u + s.w);
      std::vector<float> want(s.offset + dst_stride * s.h, -1.0f);
      reference::LumaFromU8(src.data() + s.offset, src_stride, channels, s.w, s.h,
                            want.data() + s.offset, dst_stride);
      ForEachTarget([&](const char* target) {
        std::vector<float> got(want.size(), -1.0f);
        LumaFromU8(src.data() + s.offset, src_stride, channels, s.w, s.h, got.data() + s.offset, dst_stride);
        // Exact: the weights make every product and sum exact (color.h).
        for (size_t i = 0; i < want.size(); ++i) {
          ASSERT_EQ(want[i], got[i])
              << target << " luma c" << channels << " w" << s.w << " at " << i;
        }
      });
    }
  }
}

TEST(SimdKernels, AddLumaDeltaU8IsExactOnEveryTarget) {
  for (int channels : {1, 3, 4}) {
    for (const Shape& s : kShapes) {
      const ptrdiff_t stride = s.w * channels + 3, dstride = s.w + 2;
      auto pixels = RandomBytes(s.offset + stride * s.h, 7u + channels + s.w);
      // Deltas across the rounding boundaries and beyond saturation, including exact halves.
      auto delta = RandomFloats(s.offset + dstride * s.h, 9u + s.w, -300.0f, 300.0f);
      for (size_t i = 0; i < delta.size(); i += 3) delta[i] = std::round(delta[i] / 50.0f) * 0.5f;
      auto want = pixels;
      reference::AddLumaDeltaU8(want.data() + s.offset, stride, channels, s.w, s.h, delta.data() + s.offset, dstride);
      ForEachTarget([&](const char* target) {
        auto got = pixels;
        AddLumaDeltaU8(got.data() + s.offset, stride, channels, s.w, s.h, delta.data() + s.offset, dstride);
        EXPECT_EQ(want, got) << target << " channels " << channels << " width " << s.w;
      });
    }
  }
}

TEST(SimdKernels, BoxMeanMatchesReferenceOnEveryTarget) {
  // Radii 1-4 take unrolled code, others the generic loop.
  for (int radius : {0, 1, 3, 4, 6}) {
    for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 11, 3}, Shape{130, 9, 5}}) {
      const ptrdiff_t ss = s.w + 3, ds = s.w + 1;
      auto src = RandomFloats(s.offset + ss * s.h, 3u + radius + s.w, 0.0f, 255.0f);
      std::vector<float> want(s.offset + ds * s.h, 0.0f);
      reference::BoxMean(src.data() + s.offset, ss, s.w, s.h, radius, want.data() + s.offset, ds);
      ForEachTarget([&](const char* target) {
        std::vector<float> got(want.size(), 0.0f);
        BoxMean(src.data() + s.offset, ss, s.w, s.h, radius, got.data() + s.offset, ds);
        ExpectNear(want, got, std::string(target) + " box r" + std::to_string(radius));
      });
    }
  }
}

TEST(SimdKernels, BoxMeanAbsDevMatchesReferenceOnEveryTarget) {
  for (int radius : {0, 1, 3, 4}) {
    for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 11, 3}, Shape{130, 9, 5}, Shape{1001, 3, 7}}) {
      const ptrdiff_t ss = s.w + 3, ms = s.w + 1, as = s.w + 5;
      auto src = RandomFloats(s.offset + ss * s.h, 31u + radius + s.w, 0.0f, 255.0f);
      std::vector<float> want_mean(s.offset + ms * s.h, -1.0f), want_dev(s.offset + as * s.h, -1.0f);
      reference::BoxMeanAbsDev(src.data() + s.offset, ss, s.w, s.h, radius, want_mean.data() + s.offset, ms,
                               want_dev.data() + s.offset, as);
      ForEachTarget([&](const char* target) {
        std::vector<float> mean(want_mean.size(), -1.0f), dev(want_dev.size(), -1.0f);
        BoxMeanAbsDev(src.data() + s.offset, ss, s.w, s.h, radius, mean.data() + s.offset, ms, dev.data() + s.offset,
                      as);
        const std::string what = std::string(target) + " r" + std::to_string(radius) + " w" + std::to_string(s.w);
        ExpectNear(want_mean, mean, what + " mean");
        // |x - mean| cancels: compare against the magnitude of the inputs, not of the difference.
        ASSERT_EQ(want_dev.size(), dev.size());
        for (size_t i = 0; i < dev.size(); ++i) ASSERT_NEAR(want_dev[i], dev[i], kRelTol * 255.0f) << what << " absdev at " << i;
      });
    }
  }
}

TEST(SimdKernels, BoxMeanResidualMatchesReferenceOnEveryTarget) {
  for (int radius : {0, 1, 4}) {
    for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 11, 3}, Shape{130, 9, 5}, Shape{1001, 3, 7}}) {
      const ptrdiff_t is = s.w + 3, os = s.w + 2;
      const size_t in_size = s.offset + is * s.h;
      auto x = RandomFloats(in_size, 41u + radius + s.w, 0.0f, 255.0f);
      auto mean = RandomFloats(in_size, 42u + radius + s.w, 0.0f, 255.0f);
      auto dev = RandomFloats(in_size, 43u + radius + s.w, 0.0f, 30.0f);
      // Outside the written pixels (stride padding, offset) the output must stay untouched.
      const auto start = RandomFloats(s.offset + os * s.h, 44u + s.w, -10.0f, 10.0f);
      auto want = start;
      reference::BoxMeanResidual(x.data() + s.offset, mean.data() + s.offset, dev.data() + s.offset, is, s.w, s.h,
                                 radius, 1.0f, want.data() + s.offset, os);
      ForEachTarget([&](const char* target) {
        auto got = start;
        BoxMeanResidual(x.data() + s.offset, mean.data() + s.offset, dev.data() + s.offset, is, s.w, s.h, radius,
                        1.0f, got.data() + s.offset, os);
        ExpectNear(want, got, std::string(target) + " r" + std::to_string(radius) + " w" + std::to_string(s.w));
      });
    }
  }
}

TEST(SimdKernels, DotMatchesReferenceOnEveryTarget) {
  for (size_t n : {1u, 15u, 16u, 17u, 1023u}) {
    const size_t off = n % 7;
    auto a = RandomFloats(n + off, 11u + n, -50.0f, 50.0f);
    auto b = RandomFloats(n + off, 12u + n, -50.0f, 50.0f);
    const double want_dot = reference::Dot(a.data() + off, b.data() + off, n);
    // Float lanes vs the double scalar sum: relative to the sum of |a*b|.
    double mag = 0;
    for (size_t i = 0; i < n; ++i) mag += std::fabs(a[off + i] * b[off + i]);
    ForEachTarget([&](const char* target) {
      EXPECT_NEAR(want_dot, Dot(a.data() + off, b.data() + off, n), 1e-5 * mag + 1e-6) << target;
    });
  }
}

TEST(SimdKernels, FoldAndModulateMatchReferenceOnEveryTarget) {
  for (int period : {1, 7, 16, 128}) {
    for (const Shape& s : {Shape{3, 2, 1}, Shape{131, 9, 3}, Shape{300, 5, 2}}) {
      const ptrdiff_t stride = s.w + 4;
      auto src = RandomFloats(s.offset + stride * s.h, 21u + period + s.w, -3.0f, 3.0f);
      const int ox = 5 % period, oy = 3 % period;
      std::vector<float> want(static_cast<size_t>(period) * period, 0.5f);
      reference::FoldAdd(src.data() + s.offset, stride, s.w, s.h, period, ox, oy, want.data());
      auto act = RandomFloats(s.w + s.offset, 22u + s.w, 0.0f, 20.0f);
      auto tile_row = RandomFloats(period, 23u + period, -2.0f, 2.0f);
      std::vector<float> want_mod(s.w);
      reference::ModulatePeriodicRow(act.data() + s.offset, tile_row.data(), period, 3 % period, 0.2f, 0.25f,
                                     1.6f, 2.5f, want_mod.data(), s.w);
      ForEachTarget([&](const char* target) {
        std::vector<float> got(want.size(), 0.5f);
        FoldAdd(src.data() + s.offset, stride, s.w, s.h, period, ox, oy, got.data());
        ExpectNear(want, got, std::string(target) + " fold p" + std::to_string(period));
        std::vector<float> got_mod(s.w);
        ModulatePeriodicRow(act.data() + s.offset, tile_row.data(), period, 3 % period, 0.2f, 0.25f, 1.6f, 2.5f,
                            got_mod.data(), s.w);
        ExpectNear(want_mod, got_mod, std::string(target) + " modulate p" + std::to_string(period));
      });
    }
  }
}

TEST(SimdKernels, BoxMeanOfSquaresMatchesReferenceOnEveryTarget) {
  for (int radius : {0, 1, 2, 4}) {
    for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 11, 3}, Shape{130, 9, 5}, Shape{1001, 3, 7}}) {
      const ptrdiff_t ss = s.w + 3, ds = s.w + 1;
      auto src = RandomFloats(s.offset + ss * s.h, 61u + radius + s.w, -16.0f, 16.0f);
      std::vector<float> want(s.offset + ds * s.h, -1.0f);
      reference::BoxMeanOfSquares(src.data() + s.offset, ss, s.w, s.h, radius, want.data() + s.offset, ds);
      ForEachTarget([&](const char* target) {
        std::vector<float> got(want.size(), -1.0f);
        BoxMeanOfSquares(src.data() + s.offset, ss, s.w, s.h, radius, got.data() + s.offset, ds);
        ExpectNear(want, got, std::string(target) + " squares r" + std::to_string(radius));
      });
    }
  }
}

// WeightResidual uses exact Sqrt and Div in the reference's order (nothing for FMA to fuse), so
// the targets should agree to the bit; allow 4 float ulps of the terms' magnitude.
constexpr float kWeightRelTol = 4 * FLT_EPSILON;

TEST(SimdKernels, WeightResidualMatchesReferenceOnEveryTarget) {
  constexpr float kRef = 5.0f, kLo = 0.35f, kHi = 1.6f, kEps = 1.0f, kFloor = 0.1f;
  for (bool accumulate : {false, true}) {
    for (const Shape& s : kShapes) {
      const ptrdiff_t is = s.w + 5, os = s.w + 2;
      const size_t in_size = s.offset + is * s.h;
      const auto residual = RandomFloats(in_size, 61u + s.w, -8.0f, 8.0f);
      // Activity spans both clamp bounds (activity / kRef from 0 to 4); some mean squares are 0
      // so that only the floor is under the root.
      const auto act = RandomFloats(in_size, 62u + s.w, 0.0f, 20.0f);
      auto ms = RandomFloats(in_size, 63u + s.w, 0.0f, 10.0f);
      for (size_t i = 0; i < ms.size(); i += 5) ms[i] = 0.0f;
      const auto start = RandomFloats(s.offset + os * s.h, 64u + s.w, -10.0f, 10.0f);
      auto want = start;
      reference::WeightResidual(residual.data() + s.offset, act.data() + s.offset, ms.data() + s.offset, is, s.w,
                                s.h, kRef, kLo, kHi, kEps, kFloor, accumulate, want.data() + s.offset, os);
      ForEachTarget([&](const char* target) {
        auto got = start;
        WeightResidual(residual.data() + s.offset, act.data() + s.offset, ms.data() + s.offset, is, s.w, s.h, kRef,
                       kLo, kHi, kEps, kFloor, accumulate, got.data() + s.offset, os);
        const std::string what = std::string(target) + (accumulate ? " accumulate" : " store") + " w" +
                                 std::to_string(s.w);
        ASSERT_EQ(want.size(), got.size());
        for (size_t i = 0; i < want.size(); ++i) {
          // A sum can cancel: scale by the magnitude of what was added, not of the result.
          const float mag = std::fabs(want[i]) + (accumulate ? std::fabs(start[i]) : 0.0f);
          ASSERT_NEAR(want[i], got[i], kWeightRelTol * std::max(1.0f, mag)) << what << " at " << i;
        }
      });
    }
  }
}

// The fused front end against the chain of reference kernels. Each output is the chain's
// float operations in the chain's order on every target, so targets agree with the dispatched
// chain to the bit (checked exactly below); against the scalar reference chain the box sums may
// differ by FMA contraction in border lanes, which a division by a small activity can amplify:
// allow kRelTol of the residual's scale (|out| <= ~|white| * 1.6 / sqrt(0.1) ~ 5 |white|).
TEST(SimdKernels, WhitenResidualMatchesReferenceOnEveryTarget) {
  WhitenParams p;  // the detector's radii and constants
  const WhitenParams other{0, 2, 2, 1, 1, 0.5f, 4.0f, 0.25f, 2.0f, 2.0f, 0.05f};
  for (const WhitenParams& params : {p, other}) {
    for (bool masked : {false, true}) {
      for (bool accumulate : {false, true}) {
        for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 11, 3}, Shape{130, 19, 5},
                               Shape{1001, 13, 7}, Shape{64, 40, 0}}) {
          const ptrdiff_t xs = s.w + 3, zs = s.w + 2, os = s.w + 1;
          auto x = RandomFloats(s.offset + xs * s.h, 71u + s.w, 0.0f, 255.0f);
          // Flat runs (zero activity: only the eps terms left) in the first rows.
          for (int y = 0; y < std::min(s.h, 3); ++y) {
            for (int i = 0; i < s.w / 2; ++i) x[s.offset + y * xs + i] = 17.0f;
          }
          std::vector<uint8_t> zero(s.offset + zs * s.h, 0);
          if (masked) {
            const auto bytes = RandomBytes(zero.size(), 72u + s.w);
            for (size_t i = 0; i < zero.size(); ++i) zero[i] = bytes[i] < 64 ? bytes[i] : 0;
          }
          const uint8_t* z = masked ? zero.data() + s.offset : nullptr;
          const auto start = RandomFloats(s.offset + os * s.h, 73u + s.w, -10.0f, 10.0f);
          auto want = start;
          reference::WhitenResidual(x.data() + s.offset, xs, z, zs, s.w, s.h, params, accumulate,
                                    want.data() + s.offset, os);
          ForEachTarget([&](const char* target) {
            const std::string what = std::string(target) + (masked ? " masked" : "") +
                                     (accumulate ? " accumulate" : "") + " w" + std::to_string(s.w) +
                                     " h" + std::to_string(s.h) + " r" + std::to_string(params.mean_radius);
            auto got = start;
            WhitenResidual(x.data() + s.offset, xs, z, zs, s.w, s.h, params, accumulate,
                           got.data() + s.offset, os);
            for (size_t i = 0; i < want.size(); ++i) {
              const float mag = 5.0f + (accumulate ? std::fabs(start[i]) : 0.0f);
              ASSERT_NEAR(want[i], got[i], kRelTol * mag) << what << " at " << i;
            }
            // The dispatched chain of whole-plane kernels on the same target: bit for bit.
            const size_t n = static_cast<size_t>(s.w) * s.h;
            std::vector<float> packed(n), mean(n), dev(n), white(n), act(n), ms(n);
            for (int y = 0; y < s.h; ++y) {
              std::copy_n(x.data() + s.offset + y * xs, s.w, packed.data() + y * s.w);
            }
            BoxMeanAbsDev(packed.data(), s.w, s.w, s.h, params.mean_radius, mean.data(), s.w, dev.data(), s.w);
            BoxMeanResidual(packed.data(), mean.data(), dev.data(), s.w, s.w, s.h, params.norm_radius,
                            params.residual_eps, white.data(), s.w);
            for (int y = 0; z != nullptr && y < s.h; ++y) {
              for (int i = 0; i < s.w; ++i) white[y * s.w + i] = z[y * zs + i] ? 0.0f : white[y * s.w + i];
            }
            BoxMeanAbsDev(packed.data(), s.w, s.w, s.h, params.activity_inner, mean.data(), s.w, dev.data(), s.w);
            BoxMean(dev.data(), s.w, s.w, s.h, params.activity_outer, act.data(), s.w);
            BoxMeanOfSquares(white.data(), s.w, s.w, s.h, params.rms_radius, ms.data(), s.w);
            auto chain = start;
            WeightResidual(white.data(), act.data(), ms.data(), s.w, s.w, s.h, params.activity_ref,
                           params.mask_lo, params.mask_hi, params.activity_eps, params.ms_floor, accumulate,
                           chain.data() + s.offset, os);
            for (size_t i = 0; i < chain.size(); ++i) {
              ASSERT_EQ(chain[i], got[i]) << what << " (dispatched chain) at " << i;
            }
          });
        }
      }
    }
  }
}

// The front end straight from 8-bit pixels: the reference (luma plane, then the reference
// chain) within tolerance, and bit for bit LumaFromU8 then WhitenResidual on the same target;
// tall enough for the luma ring to wrap many times, for every channel count, with a mask.
TEST(SimdKernels, WhitenResidualU8MatchesReferenceOnEveryTarget) {
  WhitenParams p;
  const WhitenParams other{0, 2, 2, 1, 1, 0.5f, 4.0f, 0.25f, 2.0f, 2.0f, 0.05f};
  for (const WhitenParams& params : {p, other}) {
    for (int channels : {1, 3, 4}) {
      for (bool accumulate : {false, true}) {
        for (const Shape& s : {Shape{1, 1, 0}, Shape{5, 4, 1}, Shape{37, 61, 3}, Shape{130, 19, 5},
                               Shape{66, 40, 0}}) {
          const bool masked = channels == 3;
          const ptrdiff_t ps = s.w * channels + 5, os = s.w + 1, zs = s.w + 2;
          std::vector<uint8_t> zero(zs * s.h, 0);
          if (masked) {
            const auto bytes = RandomBytes(zero.size(), 82u + s.w);
            for (size_t i = 0; i < zero.size(); ++i) zero[i] = bytes[i] < 64 ? bytes[i] : 0;
          }
          const uint8_t* z = masked ? zero.data() : nullptr;
          auto px = RandomBytes(s.offset + ps * s.h, 81u + s.w + channels);
          // A flat run (zero activity) in the first rows.
          for (int y = 0; y < std::min(s.h, 3); ++y) {
            std::fill_n(px.begin() + s.offset + y * ps, s.w * channels / 2, uint8_t{17});
          }
          const uint8_t* src = px.data() + s.offset;
          const auto start = RandomFloats(s.offset + os * s.h, 83u + s.w, -10.0f, 10.0f);
          auto want = start;
          reference::WhitenResidualU8(src, ps, channels, z, zs, s.w, s.h, params, accumulate,
                                      want.data() + s.offset, os);
          ForEachTarget([&](const char* target) {
            const std::string what = std::string(target) + " c" + std::to_string(channels) +
                                     (masked ? " masked" : "") + (accumulate ? " accumulate" : "") +
                                     " w" + std::to_string(s.w) + " h" + std::to_string(s.h) +
                                     " r" + std::to_string(params.mean_radius);
            auto got = start;
            WhitenResidualU8(src, ps, channels, z, zs, s.w, s.h, params, accumulate,
                             got.data() + s.offset, os);
            for (size_t i = 0; i < want.size(); ++i) {
              const float mag = 5.0f + (accumulate ? std::fabs(start[i]) : 0.0f);
              ASSERT_NEAR(want[i], got[i], kRelTol * mag) << what << " at " << i;
            }
            std::vector<float> luma(static_cast<size_t>(s.w) * s.h);
            LumaFromU8(src, ps, channels, s.w, s.h, luma.data(), s.w);
            auto two_step = start;
            WhitenResidual(luma.data(), s.w, z, zs, s.w, s.h, params, accumulate,
                           two_step.data() + s.offset, os);
            for (size_t i = 0; i < two_step.size(); ++i) {
              ASSERT_EQ(two_step[i], got[i])
                  << what << " (luma plane, then WhitenResidual) at " << i;
            }
          });
        }
      }
    }
  }
}

// The comb's gather: exact on every target, on odd table sizes, points that wrap around the
// table's edges (and must, to stay inside it), unaligned coordinate arrays, and counts that
// leave a tail or span several of the kernel's offset blocks.
TEST(SimdKernels, CombGatherSumIsExactOnEveryTarget) {
  std::mt19937 rng(7);
  // 2896^2 is just under 2^23, the largest f the kernel allows.
  for (int f : {64, 97, 768, 2896}) {
    const auto table = RandomBytes(static_cast<size_t>(f) * f, 31u + f);
    // Band-like integer frequencies within radius 26 (as the comb's), one float of misalignment.
    std::vector<float> kx(1), ky(1);
    std::uniform_int_distribution<int> k(-26, 26);
    while (kx.size() < 1 + 903) {
      const int x = k(rng), y = k(rng);
      if (x * x + y * y > 26 * 26 || x * x + y * y < 16) continue;
      kx.push_back(static_cast<float>(x));
      ky.push_back(static_cast<float>(y));
    }
    std::uniform_real_distribution<double> scale(0.45, 2.2), angle(-0.06, 0.06);
    for (size_t n : {1u, 7u, 16u, 17u, 257u, 903u}) {
      for (int trial = 0; trial < 20; ++trial) {
        const double sc = scale(rng), th = angle(rng);
        const float a = static_cast<float>(std::cos(th) * f / (128 * sc));
        const float b = static_cast<float>(std::sin(th) * f / (128 * sc));
        const uint32_t want = reference::CombGatherSum(table.data(), f, kx.data() + 1, ky.data() + 1, n, a, b);
        ForEachTarget([&](const char* target) {
          ASSERT_EQ(want, CombGatherSum(table.data(), f, kx.data() + 1, ky.data() + 1, n, a, b))
              << target << " f=" << f << " n=" << n << " a=" << a << " b=" << b;
        });
      }
    }
  }
}

// The shears' interpolation: exact on every target (neither side contracts to FMA), on odd
// lengths, unaligned starts, and weights over the whole [0, 1) range; LerpVarStep with steps
// anywhere in the span (or none).
TEST(SimdKernels, LerpKernelsAreExactOnEveryTarget) {
  const auto a = RandomFloats(1200, 11, -40.0f, 40.0f), b = RandomFloats(1200, 12, -40.0f, 40.0f);
  const auto c = RandomFloats(1200, 13, -40.0f, 40.0f), t = RandomFloats(1200, 14, 0.0f, 1.0f);
  std::mt19937 rng(15);
  for (size_t n : {0u, 1u, 7u, 16u, 17u, 33u, 1021u}) {
    for (size_t off : {0u, 1u, 3u}) {
      const float w = t[n % 97];
      std::vector<float> want(n), got(n);
      reference::LerpConst(a.data() + off, b.data() + off, w, n, want.data());
      ForEachTarget([&](const char* target) {
        std::fill(got.begin(), got.end(), -1.0f);
        LerpConst(a.data() + off, b.data() + off, w, n, got.data());
        ASSERT_EQ(0, std::memcmp(want.data(), got.data(), n * sizeof(float))) << target << " n=" << n;
      });
      // Steps at a random column: up = 0 before it and 1 from it (as a shear's rows step).
      std::vector<float> up(n + off);
      const size_t step = n ? rng() % (n + 1) : 0;
      for (size_t i = 0; i < n; ++i) up[off + i] = i >= step ? 1.0f : 0.0f;
      reference::LerpVarStep(a.data() + off, b.data() + off, c.data() + off, t.data() + off,
                             up.data() + off, n, want.data());
      ForEachTarget([&](const char* target) {
        std::fill(got.begin(), got.end(), -1.0f);
        LerpVarStep(a.data() + off, b.data() + off, c.data() + off, t.data() + off,
                    up.data() + off, n, got.data());
        ASSERT_EQ(0, std::memcmp(want.data(), got.data(), n * sizeof(float)))
            << target << " n=" << n << " step=" << step;
      });
    }
  }
}

}  // namespace
}  // namespace aigcmark::simd
