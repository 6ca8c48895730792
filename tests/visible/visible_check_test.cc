// Checking: unlabeled photos stay unlabeled, labels drawn by other tools are read, and the
// compliance rules (elements, height, edge) are reported.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "aigcmark/visible.h"
#include "common/test_util.h"
#include "visible/visible_test_util.h"

namespace aigcmark {
namespace {

using test::Quote;

TEST(VisibleCheck, UnlabeledPhotosHaveNoLabel) {
  std::vector<std::string> photos = test::RealPhotos();
  ASSERT_GE(photos.size(), 10u);
  int detected = 0;
  for (const std::string& p : photos) {
    auto r = CheckVisibleLabel(test::LoadPhoto(p));
    ASSERT_TRUE(r.ok()) << p << ": " << r.status().ToString();
    if (r->detected) {
      ++detected;
      ADD_FAILURE() << p << ": reported \"" << r->text << "\"";
    }
    EXPECT_TRUE(r->problems.empty());
  }
  EXPECT_EQ(detected, 0);
}

// Draws text with FFmpeg's drawtext filter (its own FreeType path and layout).
std::string DrawWithFfmpeg(const test::TempDir& dir, const std::string& photo, const std::string& font,
                           const std::string& text, const std::string& x, const std::string& y,
                           double size_ratio, const std::string& extra, const std::string& name) {
  std::string text_file = dir.File(name + ".txt");
  test::WriteBytes(text_file, std::vector<uint8_t>(text.begin(), text.end()));
  std::string out = dir.File(name + ".png");
  char fontsize[64];
  std::snprintf(fontsize, sizeof(fontsize), "min(w\\,h)*%.3f", size_ratio);
  std::string filter = "drawtext=fontfile=" + font + ":textfile=" + text_file +
                       ":fontsize=" + fontsize + ":x=" + x + ":y=" + y + extra;
  test::CommandResult r = test::Run("ffmpeg -loglevel error -y -i " + Quote(photo) + " -vf " +
                                    Quote(filter) + " -frames:v 1 " + Quote(out));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

TEST(VisibleCheck, FindsLabelsDrawnByFfmpegDrawtext) {
  if (!test::HaveTool("ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  std::string sans = test::FcMatchFile("Noto Sans CJK SC");
  std::string serif = test::FcMatchFile("Noto Serif CJK SC");
  std::string dejavu = test::FcMatchFile("DejaVu Sans:bold");
  ASSERT_NE(sans.find("CJK"), std::string::npos) << "fonts-noto-cjk missing";
  std::vector<std::string> photos = test::RealPhotos();
  ASSERT_GE(photos.size(), 4u);
  test::TempDir dir;
  struct Case {
    std::string font, text, x, y, extra, position;
  };
  const std::vector<Case> cases = {
      // Boxed white text, bottom-right.
      {sans, "AI生成", "w-tw-w*0.03", "h-th-h*0.03", ":fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8",
       "bottom-right"},
      // Outlined text, top-left, no box.
      {sans, "人工智能生成", "w*0.02", "h*0.02", ":fontcolor=white:borderw=3:bordercolor=black", "top-left"},
      // Another font: serif CJK, dark text on a light box, top centre.
      {serif, "AI合成", "(w-tw)/2", "h*0.02", ":fontcolor=black:box=1:boxcolor=white@0.8:boxborderw=6", "top"},
      // Latin text in DejaVu, bottom-left.
      {dejavu, "AI-generated", "w*0.02", "h-th-h*0.02", ":fontcolor=yellow:borderw=2:bordercolor=black",
       "bottom-left"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.text + " in " + c.font);
    std::string file = DrawWithFfmpeg(dir, photos[i], c.font, c.text, c.x, c.y, 0.065, c.extra,
                                      "ff" + std::to_string(i));
    auto img = ReadImageFile(file);
    ASSERT_TRUE(img.ok()) << img.status().ToString();
    auto r = CheckVisibleLabel(*img);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->detected);
    EXPECT_EQ(r->text, c.text);
    EXPECT_EQ(r->position, c.position);
    EXPECT_TRUE(r->compliant) << (r->problems.empty() ? "" : r->problems[0]);
  }
}

TEST(VisibleCheck, ReportsNonCompliantLabels) {
  if (!test::HaveTool("ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  std::string sans = test::FcMatchFile("Noto Sans CJK SC:bold");
  std::vector<std::string> photos = test::RealPhotos();
  test::TempDir dir;
  const std::string boxed = ":fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=6";
  {
    // Too small: 3% of the shortest side.
    std::string f = DrawWithFfmpeg(dir, photos[0], sans, "AI生成", "w-tw-w*0.03", "h-th-h*0.03", 0.03,
                                   boxed, "small");
    auto r = CheckVisibleLabel(*ReadImageFile(f));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->detected);
    EXPECT_FALSE(r->compliant);
    EXPECT_LT(r->height_ratio, 0.05);
    ASSERT_FALSE(r->problems.empty());
    EXPECT_NE(r->problems[0].find("height"), std::string::npos);
  }
  {
    // No AI element: "生成" alone.
    std::string f = DrawWithFfmpeg(dir, photos[1], sans, "内容生成", "w*0.03", "h*0.03", 0.07, boxed,
                                   "noai");
    auto r = CheckVisibleLabel(*ReadImageFile(f));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->detected);
    EXPECT_FALSE(r->compliant);
    EXPECT_NE(std::find_if(r->problems.begin(), r->problems.end(),
                           [](const std::string& p) { return p.find("AI element") != std::string::npos; }),
              r->problems.end());
  }
}

TEST(VisibleCheck, FindsSmallLowContrastLabels) {
  // Gray text on a slightly darker gray plate at exactly 5%: little contrast, small text.
  Image img = test::LoadPhoto(test::RealPhotos().front());
  VisibleAddOptions opts;
  opts.height_ratio = 0.05;
  opts.opacity = 0.6;
  opts.backing = VisibleBacking::kPlate;
  auto info = AddVisibleLabel(img, opts);
  ASSERT_TRUE(info.ok());
  auto r = CheckVisibleLabel(test::Resized(img, 0.5));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->detected);
  EXPECT_EQ(r->text, "AI生成");
}

TEST(VisibleCheck, FindsOurLabelOnSmallPhotosAfterHalving) {
  // After halving, HappyFish is 130x97 (text ~6 px tall) and smarties 206x178 (~11 px, dark text
  // with a light outline over the sweets): the smallest labels of the bench.
  struct Case {
    const char* photo;
    VisiblePosition position;
  };
  for (const Case& c : {Case{"HappyFish.jpg", VisiblePosition::kTopRight},
                        Case{"smarties.png", VisiblePosition::kBottom}}) {
    SCOPED_TRACE(c.photo);
    const std::string path = test::OpenCvData(c.photo);
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    Image img = test::LoadPhoto(path);
    VisibleAddOptions opts;
    opts.position = c.position;
    ASSERT_TRUE(AddVisibleLabel(img, opts).ok());
    auto r = CheckVisibleLabel(test::Resized(img, 0.5));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->detected);
    EXPECT_TRUE(r->compliant) << r->text << " " << (r->problems.empty() ? "" : r->problems[0]);
    EXPECT_EQ(r->position, VisiblePositionName(c.position));
  }
}

TEST(VisibleCheck, OpenCvHersheyTextIsRead) {
  // Another renderer and font entirely: OpenCV's Hershey stroke font.
  cv::Mat m = cv::imread(test::RealPhotos()[2], cv::IMREAD_COLOR);
  ASSERT_FALSE(m.empty());
  const int shortest = std::min(m.cols, m.rows);
  double scale = cv::getFontScaleFromHeight(cv::FONT_HERSHEY_DUPLEX, static_cast<int>(0.07 * shortest), 2);
  int baseline = 0;
  cv::Size ts = cv::getTextSize("AI generated", cv::FONT_HERSHEY_DUPLEX, scale, 2, &baseline);
  cv::Point org(m.cols - ts.width - shortest / 30, m.rows - shortest / 30);
  cv::rectangle(m, cv::Rect(org.x - 6, org.y - ts.height - 6, ts.width + 12, ts.height + baseline + 12),
                cv::Scalar(0, 0, 0), cv::FILLED);
  cv::putText(m, "AI generated", org, cv::FONT_HERSHEY_DUPLEX, scale, cv::Scalar(255, 255, 255), 2,
              cv::LINE_AA);
  auto r = CheckVisibleLabel(test::FromMat(m));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->detected);
  EXPECT_EQ(r->position, "bottom-right");
  EXPECT_TRUE(r->compliant) << r->text;
}

TEST(VisibleCheck, IsThreadSafe) {
  std::vector<Image> images;
  for (int i = 0; i < 4; ++i) {
    Image img = test::LoadPhoto(test::RealPhotos()[i]);
    VisibleAddOptions opts;
    opts.position = i % 2 ? VisiblePosition::kTopLeft : VisiblePosition::kBottomRight;
    ASSERT_TRUE(AddVisibleLabel(img, opts).ok());
    images.push_back(std::move(img));
  }
  std::vector<VisibleResult> serial;
  for (const Image& img : images) serial.push_back(*CheckVisibleLabel(img));
  std::vector<VisibleResult> parallel(images.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < images.size(); ++i) {
    threads.emplace_back([&, i] { parallel[i] = *CheckVisibleLabel(images[i]); });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < images.size(); ++i) {
    EXPECT_TRUE(parallel[i].detected);
    EXPECT_EQ(parallel[i].text, serial[i].text);
    EXPECT_EQ(parallel[i].box, serial[i].box);
  }
}

TEST(VisibleCheck, BadInputsAreErrors) {
  Image empty;
  EXPECT_EQ(CheckVisibleLabel(empty).status().code(), StatusCode::kInvalidArgument);
  Image img = test::LoadPhoto(test::RealPhotos().front());
  VisibleCheckOptions opts;
  opts.languages = "xx_nonexistent";
  auto r = CheckVisibleLabel(img, opts);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("xx_nonexistent"), std::string::npos);
}

}  // namespace
}  // namespace aigcmark
