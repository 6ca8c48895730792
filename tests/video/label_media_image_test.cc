// LabelMedia on images: visible + watermark + metadata, bound together, read back.
#include <gtest/gtest.h>

#include <filesystem>

#include <opencv2/imgcodecs.hpp>

#include "aigcmark/detect.h"
#include "aigcmark/image.h"
#include "aigcmark/video.h"
#include "video/video_test_util.h"

namespace aigcmark {
namespace {

LabelMediaOptions WithProducer() {
  LabelMediaOptions o;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "img-8";
  return o;
}

TEST(LabelMediaImage, JpegGetsAllThreeLabels) {
  test::TempDir dir;
  std::string in = test::OpenCvData("fruits.jpg");
  if (!std::filesystem::exists(in)) GTEST_SKIP() << "opencv-doc not installed";
  std::string out = dir.File("fruits-labelled.jpg");
  LabelMediaOptions o;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "img-7";
  o.digital_source_type = kTrainedAlgorithmicMedia;
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "jpeg");
  EXPECT_EQ(r->payload, PayloadFromLabel(r->label));

  DetectOptions d;
  d.visible = true;
  DetectReport rep = Detect(out, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  ASSERT_TRUE(rep.metadata && rep.metadata->aigc);
  EXPECT_EQ(rep.metadata->aigc->produce_id, "img-7");
  EXPECT_EQ(rep.metadata->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
  ASSERT_TRUE(rep.watermark.has_value());
  EXPECT_TRUE(rep.watermark->detected);
  EXPECT_EQ(rep.watermark_matches_label, std::optional<bool>(true));
  ASSERT_TRUE(rep.visible.has_value());
  EXPECT_TRUE(rep.visible->detected);
  EXPECT_TRUE(rep.visible->compliant);
  EXPECT_EQ(Classify(rep), Verdict::kLabeled);
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"fruits-labelled.jpg"});
}

// A phone photo stored sideways (EXIF Orientation 6: viewers turn it 90 degrees clockwise) gets
// its label upright in the corner the viewer sees, and detect reads it there; the stored file
// keeps its orientation.
TEST(LabelMediaImage, OrientedJpegGetsAnUprightLabelWhereTheViewerLooks) {
  if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool not installed";
  test::TempDir dir;
  const std::string photo = test::OpenCvData("building.jpg");  // 868x600 landscape
  if (!std::filesystem::exists(photo)) GTEST_SKIP() << "opencv-doc not installed";
  const std::string in = dir.File("sideways.jpg"), out = dir.File("sideways-labelled.jpg");
  test::CopyFile(photo, in);
  ASSERT_EQ(test::Run("exiftool -q -overwrite_original -Orientation#=6 " + test::Quote(in)).exit_code, 0);
  LabelMediaOptions o = WithProducer();
  o.visible_options.position = VisiblePosition::kTopLeft;
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();

  DetectOptions d;
  d.visible = true;
  DetectReport rep = Detect(out, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  ASSERT_TRUE(rep.visible.has_value());
  EXPECT_TRUE(rep.visible->detected);
  EXPECT_TRUE(rep.visible->compliant);
  EXPECT_EQ(rep.visible->position, "top-left");
  // Display coordinates: the viewer's image is 600 wide and 868 tall.
  EXPECT_LT(rep.visible->box[0] + rep.visible->box[2], 300);
  EXPECT_LT(rep.visible->box[1] + rep.visible->box[3], 868 * 3 / 10);
  EXPECT_EQ(test::Run("exiftool -s3 -n -Orientation " + test::Quote(out)).out.substr(0, 1), "6");
}

// The same for a sideways PNG (Orientation 6 in an eXIf chunk, as exiftool writes it): the
// output PNG keeps one eXIf chunk that viewers honour, so it is shown turned like the input,
// and the label is upright in the corner the viewer sees.
TEST(LabelMediaImage, OrientedPngGetsAnUprightLabelWhereTheViewerLooks) {
  if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool not installed";
  test::TempDir dir;
  const std::string photo = test::OpenCvData("building.jpg");  // 868x600 landscape
  if (!std::filesystem::exists(photo)) GTEST_SKIP() << "opencv-doc not installed";
  const std::string in = dir.File("sideways.png"), out = dir.File("sideways-labelled.png");
  auto stored = ReadImageFile(photo);
  ASSERT_TRUE(stored.ok());
  auto png = EncodeImage(*stored, "png");
  ASSERT_TRUE(png.ok());
  test::WriteBytes(in, *png);
  ASSERT_EQ(
      test::Run("exiftool -q -overwrite_original -Orientation#=6 " + test::Quote(in)).exit_code, 0);
  const cv::Size shown = cv::imread(in).size();  // as a viewer shows it
  ASSERT_EQ(shown, cv::Size(600, 868));
  LabelMediaOptions o = WithProducer();
  o.visible_options.position = VisiblePosition::kBottomRight;
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(cv::imread(out).size(), shown);
  EXPECT_EQ(test::Run("exiftool -a -s3 -n -Orientation " + test::Quote(out)).out, "6\n");

  DetectOptions d;
  d.visible = true;
  DetectReport rep = Detect(out, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  ASSERT_TRUE(rep.metadata && rep.metadata->aigc);
  EXPECT_EQ(rep.metadata->aigc->produce_id, "img-8");
  ASSERT_TRUE(rep.watermark.has_value());
  EXPECT_TRUE(rep.watermark->detected);
  ASSERT_TRUE(rep.visible.has_value());
  EXPECT_TRUE(rep.visible->detected);
  EXPECT_TRUE(rep.visible->compliant);
  EXPECT_EQ(rep.visible->position, "bottom-right");
  // Display coordinates: the viewer's image is 600 wide and 868 tall, so the label sits lower
  // than the 600 rows the stored image has.
  EXPECT_GE(rep.visible->box[0], 300);
  EXPECT_GT(rep.visible->box[1] + rep.visible->box[3], 600);
  EXPECT_GT(rep.visible->box[2], 2 * rep.visible->box[3]);  // upright: a wide line
}

// OpenCV's TIFF decoder turns the pixels by the Orientation tag itself: the labelled output
// must not carry the tag again, or viewers turn the picture twice.
TEST(LabelMediaImage, OrientedTiffIsNotTurnedTwice) {
  if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool not installed";
  test::TempDir dir;
  const std::string photo = test::OpenCvData("building.jpg");  // 868x600 landscape
  if (!std::filesystem::exists(photo)) GTEST_SKIP() << "opencv-doc not installed";
  const std::string in = dir.File("sideways.tif"), out = dir.File("sideways-labelled.tif");
  ASSERT_TRUE(cv::imwrite(in, cv::imread(photo)));
  ASSERT_EQ(test::Run("exiftool -q -overwrite_original -Orientation#=6 " + test::Quote(in)).exit_code, 0);
  const cv::Size shown = cv::imread(in).size();  // as a viewer shows it: 600x868
  ASSERT_EQ(shown, cv::Size(600, 868));
  auto r = LabelMedia(in, out, WithProducer());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(cv::imread(out).size(), shown);
  const std::string tag = test::Run("exiftool -s3 -n -Orientation " + test::Quote(out)).out;
  EXPECT_TRUE(tag.empty() || tag.substr(0, 1) == "1") << tag;
}

TEST(LabelMediaImage, EachLabelCanBeSwitchedOff) {
  test::TempDir dir;
  std::string in = test::OpenCvData("baboon.jpg");
  if (!std::filesystem::exists(in)) GTEST_SKIP() << "opencv-doc not installed";
  // Metadata only: the pixels are not touched at all.
  LabelMediaOptions o = WithProducer();
  o.visible = false;
  o.watermark = false;
  std::string md_only = dir.File("md.jpg");
  ASSERT_TRUE(LabelMedia(in, md_only, o).ok());
  auto a = ReadImageFile(in), b = ReadImageFile(md_only);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->pixels, b->pixels);

  // Visible only, as PNG: no metadata label, no watermark.
  in = test::OpenCvData("building.jpg");
  o = WithProducer();
  o.watermark = false;
  o.metadata = false;
  std::string vis = dir.File("vis.png");
  auto r = LabelMedia(in, vis, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->format, "png");
  DetectOptions d;
  d.visible = true;
  DetectReport rep = Detect(vis, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  EXPECT_FALSE(rep.metadata->aigc.has_value());
  EXPECT_FALSE(rep.watermark->detected);
  EXPECT_TRUE(rep.visible->detected);
}

TEST(LabelMediaImage, UnwritableFormatIsAClearError) {
  test::TempDir dir;
  std::string in = dir.File("in.png");
  std::string src = test::OpenCvData("pic1.png");
  if (!std::filesystem::exists(src)) GTEST_SKIP() << "opencv-doc not installed";
  test::CopyFile(src, in);
  auto r = LabelMedia(in, dir.File("out.gif"), WithProducer());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"in.png"});
}

}  // namespace
}  // namespace aigcmark
