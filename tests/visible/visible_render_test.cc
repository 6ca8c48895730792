// Rendering: every position on real photos, compliant height measured on the pixels, found again
// after JPEG 75 and after halving the size.
#include <gtest/gtest.h>

#include <algorithm>

#include "aigcmark/visible.h"
#include "common/test_util.h"
#include "visible/visible_test_util.h"

#include <opencv2/imgproc.hpp>

namespace aigcmark {
namespace {

using test::JpegRoundTrip;
using test::LoadPhoto;
using test::Resized;

constexpr VisiblePosition kPositions[] = {
    VisiblePosition::kTopLeft,    VisiblePosition::kTop,    VisiblePosition::kTopRight,
    VisiblePosition::kLeft,       VisiblePosition::kRight,  VisiblePosition::kBottomLeft,
    VisiblePosition::kBottom,     VisiblePosition::kBottomRight};

std::vector<std::string> SomePhotos(size_t n) {
  std::vector<std::string> photos = test::RealPhotos();
  if (photos.size() > n) photos.resize(n);
  return photos;
}

TEST(VisibleRender, EveryPositionIsCompliantOnThePixelsAndFoundAfterJpegAndResize) {
  std::vector<std::string> photos = SomePhotos(3);
  ASSERT_FALSE(photos.empty()) << "opencv-doc photos are missing";
  for (const std::string& photo : photos) {
    for (VisiblePosition pos : kPositions) {
      SCOPED_TRACE(photo + " at " + VisiblePositionName(pos));
      Image img = LoadPhoto(photo);
      ASSERT_GT(img.width, 0);
      const int shortest = std::min(img.width, img.height);
      VisibleAddOptions opts;
      opts.position = pos;
      auto info = AddVisibleLabel(img, opts);
      ASSERT_TRUE(info.ok()) << info.status().ToString();
      // The inked rows measured on the output pixels, not the renderer's own numbers.
      int ink = test::MeasuredInkHeight(img, info->label_box, info->text_color);
      EXPECT_GE(ink, 0.05 * shortest);
      EXPECT_LE(ink, 0.075 * shortest);
      EXPECT_GE(info->height_ratio, 0.05);
      // Inside the image, touching the requested edges' band.
      const auto& lb = info->label_box;
      EXPECT_GE(lb[0], 0);
      EXPECT_GE(lb[1], 0);
      EXPECT_LE(lb[0] + lb[2], img.width);
      EXPECT_LE(lb[1] + lb[3], img.height);
      auto after_jpeg = CheckVisibleLabel(JpegRoundTrip(img, 75));
      ASSERT_TRUE(after_jpeg.ok()) << after_jpeg.status().ToString();
      EXPECT_TRUE(after_jpeg->detected);
      EXPECT_EQ(after_jpeg->text, "AI生成");
      EXPECT_EQ(after_jpeg->position, VisiblePositionName(pos));
      EXPECT_TRUE(after_jpeg->compliant) << (after_jpeg->problems.empty() ? "" : after_jpeg->problems[0]);
      EXPECT_NEAR(after_jpeg->height_ratio, info->height_ratio, 0.01);
      // The checker's box overlaps the drawn text box.
      const auto& b = after_jpeg->box;
      const auto& t = info->box;
      int ix = std::min(b[0] + b[2], t[0] + t[2]) - std::max(b[0], t[0]);
      int iy = std::min(b[1] + b[3], t[1] + t[3]) - std::max(b[1], t[1]);
      EXPECT_GT(ix, t[2] / 2);
      EXPECT_GT(iy, t[3] / 2);
      auto after_resize = CheckVisibleLabel(Resized(img, 0.5));
      ASSERT_TRUE(after_resize.ok());
      EXPECT_TRUE(after_resize->detected);
      EXPECT_TRUE(after_resize->compliant)
          << after_resize->text << " " << (after_resize->problems.empty() ? "" : after_resize->problems[0]);
    }
  }
}

TEST(VisibleRender, OtherTextsAndStylesAreReadBack) {
  struct Case {
    const char* text;
    VisibleBacking backing;
    const char* color;
  };
  const Case cases[] = {{"人工智能生成", VisibleBacking::kPlate, nullptr},
                        {"AI合成", VisibleBacking::kOutline, "yellow"},
                        {"AI-generated", VisibleBacking::kAuto, nullptr}};
  std::vector<std::string> photos = SomePhotos(2);
  ASSERT_FALSE(photos.empty());
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Image img = LoadPhoto(photos.back());
    VisibleAddOptions opts;
    opts.text = c.text;
    opts.backing = c.backing;
    if (c.color) opts.text_color = *ParseColor(c.color);
    auto info = AddVisibleLabel(img, opts);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    if (c.backing != VisibleBacking::kAuto) {
      EXPECT_EQ(info->backing, c.backing);
    }
    auto r = CheckVisibleLabel(JpegRoundTrip(img, 75));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->detected);
    EXPECT_TRUE(r->compliant) << r->text;
  }
}

TEST(VisibleRender, HeightRatioIsHonouredAndShrinksToFit) {
  Image img = LoadPhoto(test::RealPhotos().front());
  const int shortest = std::min(img.width, img.height);
  VisibleAddOptions opts;
  opts.height_ratio = 0.10;
  auto info = AddVisibleLabel(img, opts);
  ASSERT_TRUE(info.ok());
  EXPECT_GE(info->box[3], 0.10 * shortest);
  EXPECT_LE(info->box[3], 0.10 * shortest + 2);
  // A long text at 20% would not fit the width: it shrinks, but never below 5%.
  Image img2 = LoadPhoto(test::RealPhotos().front());
  opts.text = "本图片由人工智能生成";
  opts.height_ratio = 0.2;
  auto info2 = AddVisibleLabel(img2, opts);
  ASSERT_TRUE(info2.ok()) << info2.status().ToString();
  EXPECT_GE(info2->height_ratio, 0.05);
  EXPECT_LT(info2->height_ratio, 0.2);
  EXPECT_LE(info2->label_box[0] + info2->label_box[2], img2.width);
}

TEST(VisibleRender, RefusesNonCompliantOptions) {
  Image img = LoadPhoto(test::RealPhotos().front());
  VisibleAddOptions opts;
  opts.height_ratio = 0.04;
  EXPECT_EQ(AddVisibleLabel(img, opts).status().code(), StatusCode::kInvalidArgument);
  opts = {};
  opts.opacity = 0.2;
  EXPECT_EQ(AddVisibleLabel(img, opts).status().code(), StatusCode::kInvalidArgument);
  opts = {};
  opts.text = "  ";
  EXPECT_EQ(AddVisibleLabel(img, opts).status().code(), StatusCode::kInvalidArgument);
  opts = {};
  opts.text = std::string("AI\xff");
  EXPECT_EQ(AddVisibleLabel(img, opts).status().code(), StatusCode::kInvalidArgument);
  opts = {};
  opts.text = std::string(200, 'W');
  auto too_long = AddVisibleLabel(img, opts);
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.status().message().find("does not fit"), std::string::npos);
}

TEST(VisibleRender, NoBackingIsRefusedWhereTheTextWouldNotContrast) {
  // White text on a white page cannot be compliant without a plate or outline.
  Image white;
  white.width = 400;
  white.height = 300;
  white.channels = 3;
  white.pixels.assign(white.stride() * white.height, 255);
  VisibleAddOptions opts;
  opts.backing = VisibleBacking::kNone;
  opts.text_color = Rgb{255, 255, 255};
  auto r = AddVisibleLabel(white, opts);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("contrast"), std::string::npos);
  // Auto colour picks black on white and needs no plate.
  opts = {};
  auto ok = AddVisibleLabel(white, opts);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->text_color, (Rgb{0, 0, 0}));
  EXPECT_EQ(ok->backing, VisibleBacking::kOutline);
}

TEST(VisibleRender, MissingFontAndMissingGlyphsAreClearErrors) {
  Image img = LoadPhoto(test::RealPhotos().front());
  VisibleAddOptions opts;
  opts.font_file = "/nonexistent/font.ttf";
  auto r = AddVisibleLabel(img, opts);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("/nonexistent/font.ttf"), std::string::npos);
  std::string dejavu = test::FcMatchFile("DejaVu Sans");
  if (dejavu.find("DejaVu") != std::string::npos) {
    opts.font_file = dejavu;
    auto no_cjk = AddVisibleLabel(img, opts);
    EXPECT_EQ(no_cjk.status().code(), StatusCode::kNotFound);
    EXPECT_NE(no_cjk.status().message().find("生"), std::string::npos) << no_cjk.status().message();
  }
  // No installed font has this private-use character.
  opts = {};
  opts.text = "AI生成\xee\x80\x80";
  auto none = AddVisibleLabel(img, opts);
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_NE(none.status().message().find("U+E000"), std::string::npos) << none.status().message();
}

TEST(VisibleRender, PainterKeepsItsStyleAcrossFrames) {
  Image frame = LoadPhoto(test::RealPhotos().front());
  auto painter = VisibleLabelPainter::Create(frame.width, frame.height);
  ASSERT_TRUE(painter.ok());
  Image first = frame;
  ASSERT_TRUE(painter->Paint(first).ok());
  const VisibleLabelInfo info = painter->info();
  // A very different second frame keeps position, colour and backing (no flicker).
  Image dark = frame;
  std::fill(dark.pixels.begin(), dark.pixels.end(), 10);
  ASSERT_TRUE(painter->Paint(dark).ok());
  EXPECT_EQ(painter->info().box, info.box);
  EXPECT_EQ(painter->info().backing, info.backing);
  EXPECT_EQ(painter->info().text_color, info.text_color);
  Image wrong;
  wrong.width = frame.width + 1;
  wrong.height = frame.height;
  wrong.channels = 3;
  wrong.pixels.resize(wrong.stride() * wrong.height);
  EXPECT_EQ(painter->Paint(wrong).code(), StatusCode::kInvalidArgument);
}

TEST(VisibleRender, GrayImagesAreLabelled) {
  Image bgr = LoadPhoto(test::RealPhotos().front());
  cv::Mat gray;
  cv::cvtColor(test::ToMat(bgr), gray, cv::COLOR_BGR2GRAY);
  Image img = test::FromMat(gray);
  auto info = AddVisibleLabel(img);
  ASSERT_TRUE(info.ok());
  auto r = CheckVisibleLabel(img);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->detected);
  EXPECT_TRUE(r->compliant);
}

}  // namespace
}  // namespace aigcmark
