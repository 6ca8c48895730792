#include "core/format.h"

#include <gtest/gtest.h>

#include "common/test_util.h"

namespace aigcmark {
namespace {

MediaFormat SniffFile(const std::string& path) {
  auto b = test::ReadBytes(path);
  return SniffFormat(b.data(), b.size());
}

TEST(FormatTest, SniffsRealFilesByContent) {
  EXPECT_EQ(SniffFile(test::OpenCvData("fruits.jpg")), MediaFormat::kJpeg);
  EXPECT_EQ(SniffFile(test::OpenCvData("graf1.png")), MediaFormat::kPng);
  EXPECT_EQ(SniffFile(test::OpenCvData("vtest.avi")), MediaFormat::kAvi);
}

TEST(FormatTest, SniffsSignatures) {
  auto sniff = [](const std::string& s) {
    return SniffFormat(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  EXPECT_EQ(sniff(std::string("\0\0\0\x18" "ftypisom\0\0\0\0", 16)), MediaFormat::kMp4);
  EXPECT_EQ(sniff(std::string("\0\0\0\x14" "ftypqt  \0\0\0\0", 16)), MediaFormat::kMov);
  EXPECT_EQ(sniff(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), MediaFormat::kWebp);
  EXPECT_EQ(sniff(std::string("II*\0", 4)), MediaFormat::kTiff);
  EXPECT_EQ(sniff(std::string("\x1A\x45\xDF\xA3\x9F\x42\x82\x84webm", 12)), MediaFormat::kWebm);
  EXPECT_EQ(sniff("hello world, not media"), MediaFormat::kUnknown);
  EXPECT_EQ(sniff(""), MediaFormat::kUnknown);
  EXPECT_STREQ(FormatName(MediaFormat::kJpeg), "jpeg");
  EXPECT_TRUE(IsVideoFormat(MediaFormat::kMov));
  EXPECT_FALSE(IsImageFormat(MediaFormat::kMov));
}

}  // namespace
}  // namespace aigcmark
