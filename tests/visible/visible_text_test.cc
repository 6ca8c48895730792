// The text rules: OCR clean-up, GB 45438 elements, names of positions, backings and colours.
#include <gtest/gtest.h>

#include "aigcmark/visible.h"
#include "visible/text_util.h"

namespace aigcmark {
namespace {

using visible::FindTextElements;
using visible::NormalizeOcrText;

TEST(VisibleText, NormalizesOcrOutput) {
  EXPECT_EQ(NormalizeOcrText("Al生成"), "AI生成");
  EXPECT_EQ(NormalizeOcrText("A1 生 成"), "AI生成");
  EXPECT_EQ(NormalizeOcrText("ＡＩ生成"), "AI生成");
  EXPECT_EQ(NormalizeOcrText("| AI生成,"), "AI生成");
  EXPECT_EQ(NormalizeOcrText("Al-generated"), "AI-generated");
  EXPECT_EQ(NormalizeOcrText("  AI   generated  "), "AI generated");
  EXPECT_EQ(NormalizeOcrText("Alps"), "Alps");  // a real word is left alone
}

TEST(VisibleText, FindsBothElements) {
  for (const char* t : {"AI生成", "人工智能生成", "AI合成", "AI-generated", "ai generated", "AIGC生成"}) {
    auto e = FindTextElements(t);
    EXPECT_TRUE(e.ai) << t;
    EXPECT_TRUE(e.generation) << t;
  }
  EXPECT_FALSE(FindTextElements("内容生成").ai);
  EXPECT_FALSE(FindTextElements("AI").generation);
  EXPECT_FALSE(FindTextElements("MAIN generated").ai);  // "AI" inside a word does not count
  EXPECT_TRUE(FindTextElements("AI").strong_ai);
  EXPECT_FALSE(FindTextElements("ai").strong_ai);
}

TEST(VisibleText, AcceptsOneCharacterOffOnlyNextToAnExactElement) {
  for (const char* t : {"At生成", "AI生咸", "AI合戌", "AI-generaled", "人工智能生戍"}) {
    auto e = FindTextElements(t);
    EXPECT_TRUE(e.ai && e.generation && e.fuzzy) << t;
  }
  // Exact reads are not fuzzy.
  EXPECT_FALSE(FindTextElements("AI生成").fuzzy);
  // Nothing is accepted without one element read exactly, or away from it.
  for (const char* t : {"At生咸", "生咸", "Al", "AI 这是生咸", "At 生成", "Ate生成", "ai生咸"}) {
    auto e = FindTextElements(t);
    EXPECT_FALSE(e.ai && e.generation) << t;
  }
}

TEST(VisibleText, TrimsTextureAroundALabel) {
  EXPECT_EQ(visible::TrimLabelText("AI生成eh"), "AI生成");
  EXPECT_EQ(visible::TrimLabelText("AI生成“2"), "AI生成");
  EXPECT_EQ(visible::TrimLabelText("AI生成一"), "AI生成");
  EXPECT_EQ(visible::TrimLabelText("丨AI生成"), "AI生成");
  EXPECT_EQ(visible::TrimLabelText("AI-generated"), "AI-generated");
  EXPECT_EQ(visible::TrimLabelText("本内容由AI生成"), "本内容由AI生成");
  EXPECT_EQ(visible::TrimLabelText("人工智能生成"), "人工智能生成");
  // Without a label element nothing is trimmed: the text read is reported as read.
  EXPECT_EQ(visible::TrimLabelText("Hang ok"), "Hang ok");
}

TEST(VisibleText, Utf8IsValidated) {
  EXPECT_TRUE(visible::DecodeUtf8("AI生成").ok());
  EXPECT_FALSE(visible::DecodeUtf8("\xC0\x80").ok());      // overlong
  EXPECT_FALSE(visible::DecodeUtf8("\xED\xA0\x80").ok());  // surrogate
  EXPECT_FALSE(visible::DecodeUtf8("\xE7\x94").ok());      // truncated
  EXPECT_EQ(visible::EncodeUtf8(*visible::DecodeUtf8("人工智能生成")), "人工智能生成");
}

TEST(VisibleText, NamesParse) {
  for (const char* n : {"top-left", "top", "top-right", "left", "right", "bottom-left", "bottom",
                        "bottom-right"}) {
    auto p = ParseVisiblePosition(n);
    ASSERT_TRUE(p.ok()) << n;
    EXPECT_STREQ(VisiblePositionName(*p), n);
  }
  auto bad = ParseVisiblePosition("center");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("bottom-right"), std::string::npos);
  EXPECT_EQ(*ParseColor("#ff8000"), (Rgb{255, 128, 0}));
  EXPECT_EQ(*ParseColor("FFF"), (Rgb{255, 255, 255}));
  EXPECT_EQ(*ParseColor("Black"), (Rgb{0, 0, 0}));
  EXPECT_FALSE(ParseColor("#12345").ok());
  EXPECT_EQ(*ParseVisibleBacking("plate"), VisibleBacking::kPlate);
  EXPECT_FALSE(ParseVisibleBacking("box").ok());
}

}  // namespace
}  // namespace aigcmark
