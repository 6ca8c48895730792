// The payload channel code: exact round trip, error correction, and the keyed check.
#include <gtest/gtest.h>

#include <random>

#include "watermark/codec.h"

namespace aigcmark::wm {
namespace {

std::vector<float> Soft(const std::vector<uint8_t>& bits, float amplitude) {
  std::vector<float> s(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) s[i] = bits[i] ? -amplitude : amplitude;
  return s;
}

TEST(WatermarkCodec, RoundTripsPayloads) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    const uint64_t p = rng();
    const auto coded = EncodePayload(p, 0x1234);
    ASSERT_EQ(coded.size(), static_cast<size_t>(kCodedBits));
    auto d = DecodePayload(Soft(coded, 1.0f), 0x1234);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, p);
  }
}

TEST(WatermarkCodec, CorrectsNoisySoftBits) {
  std::mt19937_64 rng(2);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  int ok = 0;
  for (int i = 0; i < 40; ++i) {
    const uint64_t p = rng();
    auto soft = Soft(EncodePayload(p, 7), 1.0f);
    int flipped = 0;
    for (float& s : soft) {
      const float before = s;
      s += noise(rng) * 0.9f;  // about 13% raw bit errors
      flipped += (before > 0) != (s > 0);
    }
    EXPECT_GT(flipped, 0);
    auto d = DecodePayload(soft, 7);
    ok += d && *d == p;
  }
  EXPECT_GE(ok, 38);
}

TEST(WatermarkCodec, CrcRejectsOtherKeysAndGarbage) {
  const uint64_t p = 0x0123456789abcdefULL;
  EXPECT_FALSE(DecodePayload(Soft(EncodePayload(p, 0x1111), 1.0f), 0x2222).has_value());
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  int accepted = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<float> soft(kCodedBits);
    for (float& s : soft) s = noise(rng);
    accepted += DecodePayload(soft, 0x5555).has_value();
  }
  EXPECT_LE(accepted, 1);  // 2^-16 per decode
}

TEST(WatermarkCodec, RejectsWrongLength) {
  EXPECT_FALSE(ViterbiDecode(std::vector<float>(10, 1.0f), 0).crc_ok);
}

}  // namespace
}  // namespace aigcmark::wm
