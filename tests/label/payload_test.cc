#include <gtest/gtest.h>

#include "aigcmark/label.h"

namespace aigcmark {
namespace {

TEST(PayloadTest, BindsLabelDigitAndProducerIds) {
  AigcLabel a;
  a.content_producer = "P1";
  a.produce_id = "id-1";
  uint64_t pa = PayloadFromLabel(a);
  EXPECT_EQ(pa >> 56, 1u);
  EXPECT_EQ(PayloadFromLabel(a), pa);  // deterministic
  AigcLabel b = a;
  b.produce_id = "id-2";
  EXPECT_NE(PayloadFromLabel(b), pa);
  AigcLabel c = a;
  c.label = "3";
  EXPECT_EQ(PayloadFromLabel(c) >> 56, 3u);
  EXPECT_EQ(PayloadFromLabel(c) & 0x00FFFFFFFFFFFFFFull, pa & 0x00FFFFFFFFFFFFFFull);
  AigcLabel d = a;
  d.content_propagator = "X";  // propagator fields do not change the producer's payload
  d.propagate_id = "y";
  EXPECT_EQ(PayloadFromLabel(d), pa);
}

TEST(PayloadTest, KnownVector) {
  // SHA-256("P1\nid-1") = 1b8943d6dfd0f165...: computed independently with
  // `printf 'P1\nid-1' | sha256sum`; the payload is the Label digit then the first 7 bytes.
  AigcLabel a;
  a.content_producer = "P1";
  a.produce_id = "id-1";
  EXPECT_EQ(PayloadToHex(PayloadFromLabel(a)), "011b8943d6dfd0f1");
}

TEST(PayloadTest, HexRoundTripAndErrors) {
  auto v = PayloadFromHex("0123456789abcdef");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 0x0123456789abcdefull);
  EXPECT_EQ(PayloadToHex(*v), "0123456789abcdef");
  EXPECT_EQ(*PayloadFromHex("0123456789ABCDEF"), 0x0123456789abcdefull);
  EXPECT_FALSE(PayloadFromHex("0123").ok());
  EXPECT_FALSE(PayloadFromHex("0123456789abcdeg").ok());
}

}  // namespace
}  // namespace aigcmark
