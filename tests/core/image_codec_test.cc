#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "aigcmark/image.h"
#include "common/test_util.h"
#include "core/image_codec.h"

namespace aigcmark {
namespace {

TEST(ImageCodecTest, DecodesRealPhotoAndRoundTripsPng) {
  auto img = ReadImageFile(test::OpenCvData("fruits.jpg"));
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  cv::Mat ref = cv::imread(test::OpenCvData("fruits.jpg"), cv::IMREAD_COLOR);
  EXPECT_EQ(img->width, ref.cols);
  EXPECT_EQ(img->height, ref.rows);
  EXPECT_EQ(img->channels, 3);
  auto png = EncodeImage(*img, "png");
  ASSERT_TRUE(png.ok());
  auto back = DecodeImage(*png);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->pixels, img->pixels);  // PNG is lossless
}

TEST(ImageCodecTest, KeepsAlpha) {
  cv::Mat bgra(40, 30, CV_8UC4, cv::Scalar(10, 20, 30, 128));
  std::vector<uint8_t> png;
  cv::imencode(".png", bgra, png);
  auto img = DecodeImage(png);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->channels, 4);
  EXPECT_EQ(img->pixels[3], 128);
}

TEST(ImageCodecTest, RefusesHugeDeclaredSizeBeforeDecoding) {
  auto bytes = test::ReadBytes(test::OpenCvData("graf1.png"));
  // Rewrite the IHDR width/height to 100000 x 100000.
  for (int i = 16; i < 24; ++i) bytes[i] = 0;
  bytes[17] = bytes[21] = 0x01;
  bytes[18] = bytes[22] = 0x86;
  bytes[19] = bytes[23] = 0xA0;
  auto img = DecodeImage(bytes);
  EXPECT_EQ(img.status().code(), StatusCode::kResourceExhausted);
  DecodeLimits tiny;
  tiny.max_pixels = 1000;
  EXPECT_EQ(ReadImageFile(test::OpenCvData("fruits.jpg"), tiny).status().code(),
            StatusCode::kResourceExhausted);
}

TEST(ImageCodecTest, TruncatedJpegScanDataIsCorruptNotAGreyPicture) {
  // libjpeg only warns on a JPEG cut inside its scan data; every real photo cut in half must
  // still be refused, and the intact ones (some with trailers after EOI) accepted.
  int photos = 0;
  for (const std::string& path : test::RealPhotos()) {
    auto bytes = test::ReadBytes(path);
    if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) continue;
    ++photos;
    EXPECT_TRUE(DecodeImage(bytes).ok()) << path;
    std::vector<uint8_t> half(bytes.begin(), bytes.begin() + bytes.size() / 2);
    auto img = DecodeImage(half);
    EXPECT_EQ(img.status().code(), StatusCode::kCorrupt) << path;
    bytes.insert(bytes.end(), {'t', 'r', 'a', 'i', 'l', 'e', 'r'});
    EXPECT_TRUE(DecodeImage(bytes).ok()) << path << " with trailing bytes after EOI";
  }
  EXPECT_GE(photos, 10);
}

TEST(ImageCodecTest, CorruptAndEmptyInputsFailClearly) {
  EXPECT_EQ(DecodeImage({}).status().code(), StatusCode::kCorrupt);
  auto bytes = test::ReadBytes(test::OpenCvData("fruits.jpg"));
  bytes.resize(200);
  EXPECT_FALSE(DecodeImage(bytes).ok());
  EXPECT_EQ(DecodeImage({'h', 'e', 'l', 'l', 'o'}).status().code(), StatusCode::kUnsupported);
}

// The watermark detector's decode: a JPEG's Y plane as one channel (within JPEG rounding of
// the luma of its colour decode), everything else exactly as DecodeImage, with the same
// refusals of truncated JPEGs and oversized images.
TEST(ImageCodecTest, LumaDecodeIsTheJpegYPlaneAndOtherwiseTheNormalDecode) {
  const auto jpeg = test::ReadBytes(test::OpenCvData("fruits.jpg"));
  auto luma = DecodeImageLuma(jpeg);
  auto colour = DecodeImage(jpeg);
  ASSERT_TRUE(luma.ok() && colour.ok());
  EXPECT_EQ(luma->channels, 1);
  EXPECT_EQ(luma->width, colour->width);
  EXPECT_EQ(luma->height, colour->height);
  cv::Mat bgr(colour->height, colour->width, CV_8UC3, colour->pixels.data(), colour->stride());
  cv::Mat y(luma->height, luma->width, CV_8UC1, luma->pixels.data(), luma->stride()), from_bgr;
  cv::cvtColor(bgr, from_bgr, cv::COLOR_BGR2GRAY);
  cv::Mat diff;
  cv::absdiff(y, from_bgr, diff);
  EXPECT_LT(cv::mean(diff)[0], 1.5);  // chroma upsampling and rounding, not a different image
  EXPECT_GT(cv::norm(y, cv::NORM_L1), 0.0);

  const auto png = test::ReadBytes(test::OpenCvData("graf1.png"));
  auto png_luma = DecodeImageLuma(png);
  auto png_colour = DecodeImage(png);
  ASSERT_TRUE(png_luma.ok() && png_colour.ok());
  EXPECT_EQ(png_luma->channels, png_colour->channels);
  EXPECT_EQ(png_luma->pixels, png_colour->pixels);

  std::vector<uint8_t> half(jpeg.begin(), jpeg.begin() + jpeg.size() / 2);
  EXPECT_EQ(DecodeImageLuma(half).status().code(), StatusCode::kCorrupt);
  DecodeLimits tiny;
  tiny.max_pixels = 1000;
  EXPECT_EQ(DecodeImageLuma(jpeg, tiny).status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace aigcmark
