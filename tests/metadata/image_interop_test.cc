// Interop with exiftool as an independent reader and writer of the image carriers.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "aigcmark/metadata.h"
#include "common/test_util.h"
#include "metadata/image_test_util.h"

namespace aigcmark::test {
namespace {

class ImageInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveTool("exiftool")) GTEST_SKIP() << "exiftool is not installed (scripts/setup.sh)";
    config_ = SharedFile("labels/tc260.exiftool.config");
    ASSERT_TRUE(std::filesystem::exists(config_)) << config_;
  }

  // Runs exiftool with the TC260 config; fails the test when exiftool does.
  std::string Exiftool(const std::string& args) {
    CommandResult r = aigcmark::test::Run("exiftool -config " + Quote(config_) + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    return r.out;
  }

  std::string Make(const std::string& photo, const std::string& ext) {
    std::string in = dir_.File("in_" + std::to_string(counter_++) + ext);
    if (std::filesystem::path(photo).extension() == ext) {
      CopyFile(photo, in);
    } else {
      ConvertPhoto(photo, in);
    }
    return in;
  }

  TempDir dir_;
  std::string config_;
  int counter_ = 0;
};

const char* kFormats[] = {".jpg", ".png", ".webp", ".tiff"};

MetadataWriteOptions Producer() {
  MetadataWriteOptions o;
  o.update = ProducerUpdate();
  return o;
}

TEST_F(ImageInterop, ExiftoolReadsWhatWeWriteExactly) {
  for (const char* ext : kFormats) {
    SCOPED_TRACE(ext);
    std::string in = Make(OpenCvData("baboon.jpg"), ext);
    std::string out = dir_.File(std::string("out") + ext);
    MetadataWriteOptions o = Producer();
    o.digital_source_type = kTrainedAlgorithmicMedia;
    auto w = WriteMetadata(in, out, o);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ(Exiftool("-XMP-TC260:AIGC -b " + Quote(out)), LabelToJson(ProducerLabel()));
    EXPECT_EQ(Exiftool("-XMP-iptcExt:DigitalSourceType -b " + Quote(out)),
              kTrainedAlgorithmicMedia);
    // exiftool sees no structural damage in what we wrote.
    CommandResult v = aigcmark::test::Run("exiftool -validate -warning -error -a -s " + Quote(out));
    EXPECT_EQ(v.out.find("Error"), std::string::npos) << v.out;
  }
}

TEST_F(ImageInterop, WeReadWhatExiftoolWritesToXmp) {
  const std::string json = LabelToJson(ProducerLabel());
  for (const char* ext : kFormats) {
    SCOPED_TRACE(ext);
    std::string f = Make(OpenCvData("building.jpg"), ext);
    Exiftool("-q -overwrite_original " + Quote("-XMP-TC260:AIGC=" + json) + " " +
             Quote(std::string("-XMP-iptcExt:DigitalSourceType=") + kTrainedAlgorithmicMedia) +
             " " + Quote(f));
    auto r = ReadMetadata(f);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(*r->aigc, ProducerLabel());
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierXmp});
    EXPECT_EQ(r->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
    EXPECT_TRUE(r->problems.empty()) << r->problems.front();
  }
}

TEST_F(ImageInterop, WeReadWhatExiftoolWritesToUserComment) {
  for (const char* ext : {".jpg", ".png", ".webp", ".tiff"}) {
    SCOPED_TRACE(ext);
    std::string f = Make(OpenCvData("fruits.jpg"), ext);
    Exiftool("-q -overwrite_original " +
             Quote("-UserComment=" + LabelToWrappedJson(ProducerLabel())) + " " + Quote(f));
    auto r = ReadMetadata(f);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(*r->aigc, ProducerLabel());
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierExifUserComment});
  }
  // exiftool writes UserComment as UNICODE (UTF-16 in the EXIF byte order) when the text is not
  // ASCII; a Chinese reserved code makes it do so. The label is read, with its Annex E problem.
  AigcLabel cjk = ProducerLabel();
  cjk.reserved_code1 = "\xE7\xAD\xBE\xE5\x90\x8D";  // 签名
  for (const char* order : {"II", "MM"}) {
    SCOPED_TRACE(order);
    std::string f = Make(OpenCvData("fruits.jpg"), ".jpg");
    Exiftool("-q -overwrite_original -charset exif=UTF8 -ExifByteOrder=" + std::string(order) +
             " " + Quote("-UserComment=" + LabelToWrappedJson(cjk)) + " " + Quote(f));
    ASSERT_NE(Exiftool("-v3 " + Quote(f)).find("UNICODE"), std::string::npos);
    auto r = ReadMetadata(f);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value()) << r->problems.size();
    EXPECT_EQ(*r->aigc, cjk);
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierExifUserComment});
  }
}

TEST_F(ImageInterop, WeReadPngTextThatExiftoolWrites) {
  // exiftool writes new PNG text keywords once they are user-defined tags.
  std::string cfg = dir_.File("png-aigc.config");
  WriteBytes(cfg, [] {
    std::string s =
        "%Image::ExifTool::UserDefined = (\n"
        "  'Image::ExifTool::PNG::TextualData' => { AIGC => { } },\n);\n1;\n";
    return std::vector<uint8_t>(s.begin(), s.end());
  }());
  for (const char* zip : {"", "-z "}) {
    SCOPED_TRACE(zip);
    std::string f = Make(OpenCvData("pic1.png"), ".png");
    CommandResult w = aigcmark::test::Run(
        "exiftool -config " + Quote(cfg) + " -q -overwrite_original " + zip +
        Quote("-PNG:AIGC=" + LabelToWrappedJson(ProducerLabel())) + " " + Quote(f));
    ASSERT_EQ(w.exit_code, 0) << w.err;
    auto r = ReadMetadata(f);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(*r->aigc, ProducerLabel());
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierPngText});
  }
}

TEST_F(ImageInterop, DisagreeingXmpAndUserCommentAreReported) {
  std::string f = Make(OpenCvData("home.jpg"), ".jpg");
  AigcLabel other = ProducerLabel("another-id");
  Exiftool("-q -overwrite_original " + Quote("-XMP-TC260:AIGC=" + LabelToJson(ProducerLabel())) +
           " " + Quote("-UserComment=" + LabelToWrappedJson(other)) + " " + Quote(f));
  auto r = ReadMetadata(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->aigc, ProducerLabel());
  EXPECT_EQ(r->carriers, (std::vector<std::string>{kCarrierXmp, kCarrierExifUserComment}));
  bool disagree = false;
  for (const auto& p : r->problems) disagree |= p.find("labels disagree") != std::string::npos;
  EXPECT_TRUE(disagree);
}

TEST_F(ImageInterop, ExistingMetadataSurvivesOurWrite) {
  for (const char* ext : kFormats) {
    SCOPED_TRACE(ext);
    std::string f = Make(OpenCvData("messi5.jpg"), ext);
    Exiftool(
        "-q -overwrite_original -Make=Aigcmark-Test-Cam -Model=Model-7 "
        "-XMP-dc:Title=Keep-me -XMP-dc:Creator=Someone " +
        Quote(f));
    std::string out = dir_.File(std::string("kept") + ext);
    auto w = WriteMetadata(f, out, Producer());
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_EQ(Exiftool("-Make -b " + Quote(out)), "Aigcmark-Test-Cam");
    EXPECT_EQ(Exiftool("-Model -b " + Quote(out)), "Model-7");
    EXPECT_EQ(Exiftool("-XMP-dc:Title -b " + Quote(out)), "Keep-me");
    EXPECT_EQ(Exiftool("-XMP-dc:Creator -b " + Quote(out)), "Someone");
    EXPECT_EQ(Exiftool("-XMP-TC260:AIGC -b " + Quote(out)), LabelToJson(ProducerLabel()));
    EXPECT_TRUE(SamePixels(f, out));
  }
}

TEST_F(ImageInterop, IccProfileSurvivesOurWrite) {
  // board.jpg (opencv-doc) carries an sRGB profile; exiftool copies it into each test file.
  std::string icc = dir_.File("profile.icc");
  CommandResult c = aigcmark::test::Run("exiftool -icc_profile -b " +
                                        Quote(OpenCvData("board.jpg")) + " >" + Quote(icc));
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_GT(std::filesystem::file_size(icc), 128u);
  for (const char* ext : kFormats) {
    SCOPED_TRACE(ext);
    std::string f = Make(OpenCvData("orange.jpg"), ext);
    Exiftool("-q -overwrite_original " + Quote("-ICC_Profile<=" + icc) + " " + Quote(f));
    std::string before = Exiftool("-icc_profile -b " + Quote(f));
    ASSERT_FALSE(before.empty());
    std::string out = dir_.File(std::string("icc") + ext);
    ASSERT_TRUE(WriteMetadata(f, out, Producer()).ok());
    EXPECT_EQ(Exiftool("-icc_profile -b " + Quote(out)), before);
    EXPECT_TRUE(SamePixels(f, out));
  }
}

}  // namespace
}  // namespace aigcmark::test
