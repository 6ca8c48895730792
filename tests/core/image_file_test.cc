#include "core/image_file.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "common/test_util.h"

namespace aigcmark {
namespace {

TEST(ImageFileTest, OutputFormatFromExtensionOrInput) {
  EXPECT_EQ(*OutputImageFormat("/a/b/out.JPG", MediaFormat::kPng), "jpeg");
  EXPECT_EQ(*OutputImageFormat("out.jpe", MediaFormat::kPng), "jpeg");
  EXPECT_EQ(*OutputImageFormat("out.webp", MediaFormat::kJpeg), "webp");
  EXPECT_EQ(*OutputImageFormat("out.tif", MediaFormat::kJpeg), "tiff");
  EXPECT_EQ(*OutputImageFormat("dir.v2/out", MediaFormat::kPng), "png");  // no extension
  auto gif = OutputImageFormat("out.gif", MediaFormat::kJpeg);
  EXPECT_EQ(gif.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(gif.status().message().find("out.gif"), std::string::npos);
  EXPECT_FALSE(OutputImageFormat("out", MediaFormat::kMp4).ok());
}

TEST(ImageFileTest, EstimatesTheQualityOpenCvEncodedWith) {
  cv::Mat img = cv::imread(test::OpenCvData("fruits.jpg"));
  for (int q : {50, 75, 90, 95}) {
    std::vector<uint8_t> jpeg;
    cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, q});
    EXPECT_NEAR(EstimateJpegQuality(jpeg), q, 1) << q;
  }
  EXPECT_EQ(EstimateJpegQuality(test::ReadBytes(test::OpenCvData("graf1.png"))), 0);
  EXPECT_EQ(EstimateJpegQuality({}), 0);
}

}  // namespace
}  // namespace aigcmark
