#include <gtest/gtest.h>

#include "aigcmark/label.h"

namespace aigcmark {
namespace {

AigcLabel Valid() {
  AigcLabel l;
  l.content_producer = "001191110102MACQD9K64010000";
  l.produce_id = "img-0001";
  return l;
}

TEST(LabelRulesTest, ValidLabelsPass) {
  EXPECT_TRUE(ValidateLabel(Valid()).empty());
  AigcLabel l = Valid();
  l.label = "3";
  l.content_propagator = "PLATFORM42";
  l.propagate_id = "p-9";
  EXPECT_TRUE(ValidateLabel(l).empty());
  AigcLabel only_propagator;
  only_propagator.label = "3";
  only_propagator.content_propagator = "PLATFORM42";
  only_propagator.propagate_id = "p-9";
  EXPECT_TRUE(ValidateLabel(only_propagator).empty());
}

TEST(LabelRulesTest, AnnexEViolationsAreReported) {
  AigcLabel l = Valid();
  l.label = "4";
  EXPECT_EQ(ValidateLabel(l).size(), 1u);
  l = Valid();
  l.produce_id = "has space";
  EXPECT_EQ(ValidateLabel(l).size(), 1u);
  l = Valid();
  l.reserved_code1 = "back\\slash";
  EXPECT_EQ(ValidateLabel(l).size(), 1u);
  l = Valid();
  l.content_producer = "生成";
  EXPECT_EQ(ValidateLabel(l).size(), 1u);
  l = Valid();
  l.produce_id.clear();
  EXPECT_GE(ValidateLabel(l).size(), 1u);
  EXPECT_FALSE(ValidateLabel(AigcLabel{}).empty());
}

TEST(LabelRulesTest, UpdateKeepsProducerFieldsWhenPropagatorIsAdded) {
  LabelUpdate u;
  u.content_propagator = "PLATFORM42";
  u.propagate_id = "p-9";
  AigcLabel out = ApplyLabelUpdate(Valid(), u);
  EXPECT_EQ(out.content_producer, Valid().content_producer);
  EXPECT_EQ(out.produce_id, Valid().produce_id);
  EXPECT_EQ(out.content_propagator, "PLATFORM42");
  EXPECT_EQ(out.propagate_id, "p-9");
  AigcLabel fresh = ApplyLabelUpdate(std::nullopt, u);
  EXPECT_EQ(fresh.label, "1");
  EXPECT_TRUE(fresh.content_producer.empty());
}

}  // namespace
}  // namespace aigcmark
