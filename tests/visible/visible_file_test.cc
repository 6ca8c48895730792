// File to file: formats, alpha, metadata kept, atomic outputs and input protection.
#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "aigcmark/metadata.h"
#include "aigcmark/visible.h"
#include "common/test_util.h"
#include "visible/visible_test_util.h"

namespace aigcmark {
namespace {

TEST(VisibleFile, EveryFormatRoundTrips) {
  test::TempDir dir;
  auto photo = ReadImageFile(test::RealPhotos().front());
  ASSERT_TRUE(photo.ok());
  for (const char* ext : {"jpg", "png", "webp", "tiff"}) {
    SCOPED_TRACE(ext);
    std::string format = std::string(ext) == "jpg" ? "jpeg" : ext;
    std::string in = dir.File(std::string("in.") + ext), out = dir.File(std::string("out.") + ext);
    auto encoded = EncodeImage(*photo, format);
    ASSERT_TRUE(encoded.ok());
    test::WriteBytes(in, *encoded);
    auto info = AddVisibleLabelFile(in, out);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    auto img = ReadImageFile(out);
    ASSERT_TRUE(img.ok()) << img.status().ToString();
    auto r = CheckVisibleLabel(*img);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->detected);
    EXPECT_TRUE(r->compliant);
  }
  // No temp files left behind.
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << e.path();
  }
}

TEST(VisibleFile, AlphaIsKeptForBgraPng) {
  test::TempDir dir;
  cv::Mat bgr = cv::imread(test::RealPhotos().front(), cv::IMREAD_COLOR);
  cv::Mat bgra;
  cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
  // Left half opaque, right half fully transparent, so a bottom-right label sits on alpha 0.
  for (int y = 0; y < bgra.rows; ++y) {
    for (int x = bgra.cols / 2; x < bgra.cols; ++x) bgra.at<cv::Vec4b>(y, x)[3] = 0;
  }
  std::string in = dir.File("in.png"), out = dir.File("out.png");
  ASSERT_TRUE(cv::imwrite(in, bgra));
  auto info = AddVisibleLabelFile(in, out);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  cv::Mat got = cv::imread(out, cv::IMREAD_UNCHANGED);
  ASSERT_EQ(got.channels(), 4);
  ASSERT_EQ(got.size(), bgra.size());
  const auto& lb = info->label_box;
  cv::Rect label(lb[0], lb[1], lb[2], lb[3]);
  int changed_outside = 0, visible_inside = 0;
  for (int y = 0; y < got.rows; ++y) {
    for (int x = 0; x < got.cols; ++x) {
      uint8_t a = got.at<cv::Vec4b>(y, x)[3];
      if (label.contains({x, y})) {
        visible_inside += a > 0;
      } else {
        changed_outside += a != bgra.at<cv::Vec4b>(y, x)[3];
      }
    }
  }
  EXPECT_EQ(changed_outside, 0);
  EXPECT_GT(visible_inside, label.area() / 4);  // the label shows on transparent pixels
  auto img = ReadImageFile(out);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->channels, 4);
  auto r = CheckVisibleLabel(*img);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->detected);
}

TEST(VisibleFile, MetadataLabelIsKept) {
  test::TempDir dir;
  std::string labelled = dir.File("labelled.jpg"), out = dir.File("visible.jpg");
  MetadataWriteOptions mw;
  mw.update.content_producer = "aigcmark-test";
  mw.update.produce_id = "visible-1";
  auto written = WriteMetadata(test::RealPhotos().front(), labelled, mw);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto info = AddVisibleLabelFile(labelled, out);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  auto md = ReadMetadata(out);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ASSERT_TRUE(md->aigc.has_value());
  EXPECT_EQ(md->aigc->content_producer, "aigcmark-test");
  EXPECT_EQ(md->aigc->produce_id, "visible-1");
}

// JPEG in, another format out: the input's JPEG comment has no carrier in WebP or TIFF, which
// must not stop the copy, and the AIGC label must reach the output's own carriers.
TEST(VisibleFile, CrossFormatAddKeepsTheMetadataLabel) {
  test::TempDir dir;
  // fruits.jpg carries a JPEG comment ("Handmade Software, Inc. Image Alchemy v1.9.").
  const std::string photo = test::OpenCvData("fruits.jpg");
  ASSERT_TRUE(std::filesystem::exists(photo)) << photo;
  std::string labelled = dir.File("labelled.jpg");
  MetadataWriteOptions mw;
  mw.update.content_producer = "aigcmark-test";
  mw.update.produce_id = "cross-format";
  auto written = WriteMetadata(photo, labelled, mw);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  for (const char* ext : {"png", "webp", "tif"}) {
    SCOPED_TRACE(ext);
    std::string out = dir.File(std::string("visible.") + ext);
    auto info = AddVisibleLabelFile(labelled, out);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    auto md = ReadMetadata(out);
    ASSERT_TRUE(md.ok()) << md.status().ToString();
    ASSERT_TRUE(md->aigc.has_value());
    EXPECT_EQ(md->aigc->content_producer, "aigcmark-test");
    EXPECT_EQ(md->aigc->produce_id, "cross-format");
    auto img = ReadImageFile(out);
    ASSERT_TRUE(img.ok()) << img.status().ToString();
    auto r = CheckVisibleLabel(*img);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->detected);
    EXPECT_TRUE(r->compliant) << r->text;
  }
}

TEST(VisibleFile, InputIsProtectedAndErrorsNameTheFile) {
  test::TempDir dir;
  std::string in = dir.File("in.jpg");
  test::CopyFile(test::RealPhotos().front(), in);
  std::vector<uint8_t> before = test::ReadBytes(in);
  auto same = AddVisibleLabelFile(in, in);
  EXPECT_EQ(same.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(test::ReadBytes(in), before);
  auto in_place = AddVisibleLabelFile(in, in, {}, /*in_place=*/true);
  ASSERT_TRUE(in_place.ok()) << in_place.status().ToString();
  EXPECT_NE(test::ReadBytes(in), before);

  std::string missing = dir.File("missing.jpg");
  auto r = AddVisibleLabelFile(missing, dir.File("x.jpg"));
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("missing.jpg"), std::string::npos);
  std::string junk = dir.File("junk.jpg");
  test::WriteBytes(junk, {0xFF, 0xD8, 0xFF, 0x00, 0x01});
  auto bad = AddVisibleLabelFile(junk, dir.File("y.jpg"));
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("junk.jpg"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.File("y.jpg")));
  // A failing render (no glyphs) leaves no output.
  VisibleAddOptions opts;
  opts.font_file = "/nonexistent.ttf";
  auto nofont = AddVisibleLabelFile(in, dir.File("z.jpg"), opts);
  EXPECT_EQ(nofont.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.File("z.jpg")));
}

}  // namespace
}  // namespace aigcmark
