// The payload channel code: exact round trip, error correction at the layout's real length,
// and the keyed check.
#include <gtest/gtest.h>

#include <random>

#include "watermark/codec.h"
#include "watermark/layout.h"

namespace aigcmark::wm {
namespace {

std::vector<float> Soft(const std::vector<uint8_t>& bits, float amplitude) {
  std::vector<float> s(bits.size());
  for (size_t i = 0; i < bits.size(); ++i) s[i] = bits[i] ? -amplitude : amplitude;
  return s;
}

// The code of the default layout: as many coded bits as the layout has payload bins.
const PayloadCode& LayoutCode() { return *LayoutForKey("test-key")->code; }

TEST(WatermarkCodec, FillsEveryPayloadBin) {
  auto layout = LayoutForKey("test-key");
  EXPECT_EQ(static_cast<size_t>(layout->code->coded_bits()), layout->payload.size());
  EXPECT_GT(layout->payload.size(), 4u * kInfoBits);  // rate below 1/4
  EXPECT_LE(layout->crc_mask, 0xFFFFFFu);
}

TEST(WatermarkCodec, RoundTripsPayloads) {
  const PayloadCode& code = LayoutCode();
  std::mt19937_64 rng(1);
  for (int i = 0; i < 50; ++i) {
    const uint64_t p = rng();
    const auto coded = code.Encode(p, 0x123456);
    ASSERT_EQ(coded.size(), static_cast<size_t>(code.coded_bits()));
    const DecodedPayload d = code.Decode(Soft(coded, 1.0f), 0x123456);
    ASSERT_TRUE(d.crc_ok);
    EXPECT_EQ(d.payload, p);
  }
}

TEST(WatermarkCodec, CorrectsHeavilyNoisySoftBits) {
  const PayloadCode& code = LayoutCode();
  std::mt19937_64 rng(2);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  int ok = 0, wrong = 0;
  double flipped = 0, total = 0;
  for (int i = 0; i < 100; ++i) {
    const uint64_t p = rng();
    auto soft = Soft(code.Encode(p, 7), 1.0f);
    for (float& s : soft) {
      const float before = s;
      s += noise(rng) * 1.7f;  // about 28% raw bit errors
      flipped += (before > 0) != (s > 0);
      total += 1;
    }
    const DecodedPayload d = code.Decode(soft, 7);
    ok += d.crc_ok && d.payload == p;
    wrong += d.crc_ok && d.payload != p;
  }
  EXPECT_NEAR(flipped / total, 0.28, 0.02);
  EXPECT_GE(ok, 95);  // measured 100/100
  EXPECT_EQ(wrong, 0);
}

TEST(WatermarkCodec, CrcRejectsOtherKeysAndGarbage) {
  const PayloadCode& code = LayoutCode();
  const uint64_t p = 0x0123456789abcdefULL;
  EXPECT_FALSE(code.Decode(Soft(code.Encode(p, 0x111111), 1.0f), 0x222222).crc_ok);
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  int accepted = 0;
  for (int i = 0; i < 1000; ++i) {
    std::vector<float> soft(code.coded_bits());
    for (float& s : soft) s = noise(rng);
    accepted += code.Decode(soft, 0x555555).crc_ok;
  }
  EXPECT_EQ(accepted, 0);  // kListSize * 2^-24 ~ 1e-6 per decode
}

TEST(WatermarkCodec, CrcIsTheKeyedCrc24) {
  // The key mask is a plain XOR on the 24-bit check.
  EXPECT_EQ(PayloadCrc(0, 0) ^ PayloadCrc(0, 0xABCDEF), 0xABCDEFu);
  EXPECT_NE(PayloadCrc(1, 0), PayloadCrc(2, 0));
  EXPECT_LE(PayloadCrc(~0ULL, 0), 0xFFFFFFu);
}

TEST(WatermarkCodec, RejectsWrongLength) {
  EXPECT_FALSE(LayoutCode().Decode(std::vector<float>(10, 1.0f), 0).crc_ok);
}

}  // namespace
}  // namespace aigcmark::wm
