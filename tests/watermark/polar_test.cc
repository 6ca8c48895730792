// The punctured polar code: exact round trips at every rate-matching shape, list decoding at
// the watermark's ~30% raw bit error rate against plain SC, the check's false-accept rate on
// noise, and hostile inputs.
#include "watermark/polar.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace aigcmark::wm {
namespace {

constexpr int kK = 96;  // 64 payload bits + a 32-bit check, as the watermark carries

// CRC-32 (reflected, 0xEDB88320) of the first `n` bits: the test's stand-in for the keyed CRC.
uint32_t Crc32(const std::vector<uint8_t>& bits, int n) {
  uint32_t c = 0xFFFFFFFFu;
  for (int i = 0; i < n; ++i) {
    c ^= bits[i];
    c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

// 64 random bits followed by their 32-bit check.
std::vector<uint8_t> CheckedInfo(std::mt19937_64& rng) {
  std::vector<uint8_t> bits(kK);
  for (int i = 0; i < 64; ++i) bits[i] = rng() & 1;
  const uint32_t c = Crc32(bits, 64);
  for (int i = 0; i < 32; ++i) bits[64 + i] = (c >> i) & 1;
  return bits;
}

bool CheckMatches(const std::vector<uint8_t>& bits) {
  uint32_t c = 0;
  for (int i = 0; i < 32; ++i) c |= static_cast<uint32_t>(bits[64 + i] & 1) << i;
  return Crc32(bits, 64) == c;
}

std::vector<float> Bpsk(const std::vector<uint8_t>& coded) {
  std::vector<float> s(coded.size());
  for (size_t i = 0; i < coded.size(); ++i) s[i] = coded[i] ? -1.0f : 1.0f;
  return s;
}

// The first candidate passing the check, as the detector will pick it (empty if none does).
std::vector<uint8_t> FirstChecked(const std::vector<std::vector<uint8_t>>& candidates) {
  for (const auto& c : candidates) {
    if (CheckMatches(c)) return c;
  }
  return {};
}

struct Trial {
  int frames = 0;
  int success = 0;     // the checked candidate is the sent info
  int wrong = 0;       // a checked candidate that is not the sent info (undetected error)
  double raw_ber = 0;  // hard-decision error rate of the channel
};

// `frames` random checked payloads over BPSK + AWGN(sigma), LLR = received value.
Trial Simulate(const PolarCode& code, float sigma, int list_size, int frames, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  Trial t;
  t.frames = frames;
  int64_t flips = 0, bits = 0;
  for (int f = 0; f < frames; ++f) {
    const auto info = CheckedInfo(rng);
    auto llr = Bpsk(code.Encode(info));
    for (float& v : llr) {
      const bool sent_one = v < 0.0f;
      v += sigma * noise(rng);
      flips += (v < 0.0f) != sent_one;
    }
    bits += static_cast<int64_t>(llr.size());
    const auto picked = FirstChecked(code.DecodeList(llr, list_size));
    if (picked.empty()) continue;
    (picked == info ? t.success : t.wrong) += 1;
  }
  t.raw_ber = static_cast<double>(flips) / static_cast<double>(bits);
  return t;
}

TEST(PolarCode, RoundTripsNoiselessAtEveryShape) {
  std::mt19937_64 rng(1);
  for (int m : {kK + 1, 600, 777, 1024, 1500, 2048}) {
    SCOPED_TRACE(m);
    const PolarCode code(m, kK);
    ASSERT_EQ(code.transmitted_bits(), m);
    ASSERT_EQ(code.info_bits(), kK);
    for (int trial = 0; trial < 5; ++trial) {
      const auto info = CheckedInfo(rng);
      const auto coded = code.Encode(info);
      ASSERT_EQ(coded.size(), static_cast<size_t>(m));
      for (int list_size : {1, 8}) {
        const auto candidates = code.DecodeList(Bpsk(coded), list_size);
        ASSERT_EQ(candidates.size(), static_cast<size_t>(list_size));
        for (const auto& c : candidates) ASSERT_EQ(c.size(), static_cast<size_t>(kK));
        EXPECT_EQ(candidates[0], info);
      }
    }
  }
}

TEST(PolarCode, RoundTripsAtExtremeRates) {
  // Near-rate-1 codes with heavy puncturing: every bit channel puncturing disables must be frozen
  // even where the construction's means underflow (2049/2041 once failed that way).
  std::mt19937_64 rng(7);
  const std::vector<std::pair<int, int>> shapes = {{2, 1},       {97, 1},      {3000, 1000},
                                                   {2049, 2041}, {2274, 2264}, {4096, 4095}};
  for (auto [m, k] : shapes) {
    SCOPED_TRACE(m);
    const PolarCode code(m, k);
    std::vector<uint8_t> info(k);
    for (auto& b : info) b = rng() & 1;
    const auto candidates = code.DecodeList(Bpsk(code.Encode(info)), 4);
    ASSERT_FALSE(candidates.empty());
    EXPECT_EQ(candidates[0], info);
  }
}

TEST(PolarCode, PuncturedCodesDecodeFromTheTransmittedBitsAlone) {
  // N = 1024 for all three; 1 .. 424 of its coded bits are never sent. Erasing a further tenth
  // of the transmitted bits (LLR 0) must still leave the info recoverable and first.
  std::mt19937_64 rng(2);
  for (int m : {600, 780, 1023}) {
    SCOPED_TRACE(m);
    const PolarCode code(m, kK);
    for (int trial = 0; trial < 5; ++trial) {
      const auto info = CheckedInfo(rng);
      const auto coded = code.Encode(info);
      ASSERT_EQ(coded.size(), static_cast<size_t>(m));
      auto llr = Bpsk(coded);
      EXPECT_EQ(code.DecodeList(llr, 4)[0], info);
      for (int i = 0; i < m; i += 10) llr[i] = 0.0f;
      EXPECT_EQ(code.DecodeList(llr, 4)[0], info);
    }
  }
  // Codewords differ between payloads in the transmitted part (the code is injective on it).
  const PolarCode code(600, kK);
  auto a = CheckedInfo(rng);
  auto b = a;
  b[0] ^= 1;
  EXPECT_NE(code.Encode(a), code.Encode(b));
}

TEST(PolarCode, ListDecodingCorrectsThirtyPercentRawErrors) {
  // sigma with Q(1/sigma) = 0.30. Measured here (200 frames, seed 3): CRC-aided SCL-8 recovers
  // 190/200, plain SC (L=1) 116/200, no undetected errors. Over 3000 frames at sigma 1.9
  // (DISABLED_ScanFrameSuccess): L=1 0.67, L=8 0.96, L=16 0.98, L=32 0.99.
  constexpr float kSigma = 1.907f;
  const PolarCode code(780, kK);
  const Trial sc = Simulate(code, kSigma, 1, 200, 3);
  const Trial scl = Simulate(code, kSigma, 8, 200, 3);
  std::printf("raw BER %.3f: SC %d/200, SCL-8 %d/200 (wrong %d, %d)\n", scl.raw_ber, sc.success,
              scl.success, sc.wrong, scl.wrong);
  EXPECT_NEAR(scl.raw_ber, 0.30, 0.01);
  EXPECT_GE(scl.success, 180);
  EXPECT_GE(scl.success, sc.success + 40);
  EXPECT_EQ(scl.wrong, 0);
  EXPECT_EQ(sc.wrong, 0);
}

TEST(PolarCode, PureNoiseAlmostNeverPassesTheCheck) {
  // 2,000 decodes x 8 candidates against a 32-bit check: expected false accepts ~4e-6.
  const PolarCode code(780, kK);
  std::mt19937_64 rng(4);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  int accepted = 0;
  std::vector<float> llr(780);
  for (int i = 0; i < 2000; ++i) {
    for (float& v : llr) v = noise(rng);
    accepted += !FirstChecked(code.DecodeList(llr, 8)).empty();
  }
  EXPECT_EQ(accepted, 0);
}

TEST(PolarCode, RejectsOrSurvivesOddInputs) {
  const PolarCode code(300, kK);
  std::mt19937_64 rng(5);
  const auto info = CheckedInfo(rng);
  const auto llr = Bpsk(code.Encode(info));

  // Wrong LLR count.
  EXPECT_TRUE(code.DecodeList({}, 8).empty());
  EXPECT_TRUE(code.DecodeList(std::vector<float>(299, 1.0f), 8).empty());
  EXPECT_TRUE(code.DecodeList(std::vector<float>(301, 1.0f), 8).empty());
  // Wrong info count.
  EXPECT_TRUE(code.Encode(std::vector<uint8_t>(kK - 1, 0)).empty());
  EXPECT_TRUE(code.Encode(std::vector<uint8_t>(kK + 1, 0)).empty());

  // list_size <= 0 acts as 1; huge list sizes are capped.
  for (int list_size : {0, -5, std::numeric_limits<int>::min()}) {
    const auto c = code.DecodeList(llr, list_size);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0], info);
  }
  EXPECT_EQ(code.DecodeList(llr, std::numeric_limits<int>::max()).size(),
            static_cast<size_t>(kPolarMaxListSize));

  // NaN and infinities: no crash, K-bit candidates; NaN is an erasure, so a few NaNs and
  // infinities of the right sign among clean LLRs still decode.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (const auto& c : code.DecodeList(std::vector<float>(300, nan), 4)) EXPECT_EQ(c.size(), 96u);
  for (const auto& c : code.DecodeList(std::vector<float>(300, -inf), 4)) EXPECT_EQ(c.size(), 96u);
  auto odd = llr;
  for (int i = 0; i < 300; i += 7) odd[i] = nan;
  for (int i = 3; i < 300; i += 11) odd[i] = llr[i] * inf;
  odd[1] = std::numeric_limits<float>::denorm_min() * llr[1];
  odd[2] = std::numeric_limits<float>::max() * llr[2];
  EXPECT_EQ(code.DecodeList(odd, 8)[0], info);

  // Out-of-range shapes give an empty code.
  const std::vector<std::pair<int, int>> bad_shapes = {{96, 96},   {0, 0},   {100, 0},
                                                       {4097, 96}, {10, 20}, {-1, 1}};
  for (auto [m, k] : bad_shapes) {
    const PolarCode bad(m, k);
    EXPECT_EQ(bad.transmitted_bits(), 0);
    EXPECT_EQ(bad.info_bits(), 0);
    EXPECT_TRUE(bad.Encode(std::vector<uint8_t>(k > 0 ? k : 1, 0)).empty());
    EXPECT_TRUE(bad.DecodeList(std::vector<float>(m > 0 ? m : 1, 1.0f), 8).empty());
  }
  EXPECT_EQ(PolarCode(4096, 4095).transmitted_bits(), 4096);
}

TEST(PolarCode, GlobalScaleDoesNotMatterAndDecodingIsDeterministic) {
  const PolarCode code(780, kK);
  std::mt19937_64 rng(6);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  auto llr = Bpsk(code.Encode(CheckedInfo(rng)));
  for (float& v : llr) v += 1.9f * noise(rng);
  const auto reference = code.DecodeList(llr, 8);
  EXPECT_EQ(code.DecodeList(llr, 8), reference);
  for (int exponent : {-100, -20, 20, 100}) {
    auto scaled = llr;
    for (float& v : scaled) v = std::ldexp(v, exponent);
    EXPECT_EQ(code.DecodeList(scaled, 8), reference) << exponent;
  }
}

// Not run by default (about 13 s): frame success against sigma for M = 780, K = 96, the numbers
// quoted above. Run with --gtest_also_run_disabled_tests.
TEST(PolarCode, DISABLED_ScanFrameSuccess) {
  const PolarCode code(780, kK);
  for (float sigma : {1.6f, 1.75f, 1.9f, 1.95f, 2.0f, 2.05f, 2.2f}) {
    std::printf("sigma %.2f", sigma);
    for (int list_size : {1, 8, 16, 32}) {
      const Trial t = Simulate(code, sigma, list_size, 3000, 42);
      std::printf("  L=%d %.3f (wrong %d, raw BER %.3f)", list_size,
                  static_cast<double>(t.success) / t.frames, t.wrong, t.raw_ber);
    }
    std::printf("\n");
  }
}

}  // namespace
}  // namespace aigcmark::wm
