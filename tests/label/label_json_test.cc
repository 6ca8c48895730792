#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "aigcmark/label.h"
#include "common/test_util.h"

namespace aigcmark {
namespace {

AigcLabel Example() {
  AigcLabel l;
  l.label = "1";
  l.content_producer = "001191110102MACQD9K64010000";
  l.produce_id = "img-20261122-0001";
  return l;
}

// JSON-escapes a string (quotes and backslashes only; enough for label text).
std::string nlohmann_escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool HasProblem(const ParsedLabel& p, const std::string& needle) {
  for (const auto& s : p.problems) {
    if (s.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(LabelJsonTest, CanonicalFormMatchesTheSharedExampleExactly) {
  std::ifstream in(test::SharedFile("labels/aigc-example.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string expected = ss.str();
  while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
  EXPECT_EQ(LabelToJson(Example()), expected);
  EXPECT_EQ(LabelToWrappedJson(Example()), "{\"AIGC\":" + expected + "}");
}

TEST(LabelJsonTest, RoundTripsBareAndWrappedForms) {
  for (const std::string& text : {LabelToJson(Example()), LabelToWrappedJson(Example())}) {
    auto p = ParseLabelJson(text);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_EQ(p->label, Example());
    EXPECT_TRUE(p->problems.empty()) << p->problems[0];
  }
}

TEST(LabelJsonTest, QuoteEscapeSurvivesRoundTrip) {
  AigcLabel l = Example();
  l.reserved_code1 = "sig\"x";
  std::string json = LabelToJson(l);
  EXPECT_NE(json.find("sig\\\"x"), std::string::npos);
  auto p = ParseLabelJson(json);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->label.reserved_code1, "sig\"x");
  EXPECT_TRUE(p->problems.empty());
}

TEST(LabelJsonTest, ToleratesButReportsUnknownMissingDuplicateAndNonStringKeys) {
  auto p = ParseLabelJson(
      R"({"Label":"1","Label":"2","ContentProducer":"P","ProduceID":7,"Extra":"x"})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->label.content_producer, "P");
  EXPECT_EQ(p->label.produce_id, "7");
  EXPECT_TRUE(HasProblem(*p, "duplicate key Label"));
  EXPECT_TRUE(HasProblem(*p, "unknown key Extra"));
  EXPECT_TRUE(HasProblem(*p, "missing key ReservedCode1"));
  EXPECT_TRUE(HasProblem(*p, "ProduceID is a number"));
}

TEST(LabelJsonTest, AcceptsAigcValueStoredAsEscapedString) {
  auto p = ParseLabelJson("{\"AIGC\":" + nlohmann_escape(LabelToJson(Example())) + "}");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->label, Example());
}

TEST(LabelJsonTest, RejectsNonJsonAndObjectsWithoutLabelKeys) {
  EXPECT_EQ(ParseLabelJson("not json").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLabelJson("[1,2]").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLabelJson(R"({"foo":"bar"})").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLabelJson(R"({"AIGC":5})").status().code(), StatusCode::kCorrupt);
  EXPECT_EQ(ParseLabelJson("").status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace aigcmark
