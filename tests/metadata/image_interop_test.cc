// Interop with exiftool as an independent reader and writer of the image carriers.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "aigcmark/image.h"
#include "aigcmark/metadata.h"
#include "common/test_util.h"
#include "core/byte_source.h"
#include "metadata/image_test_util.h"
#include "metadata/png_chunks.h"

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

// Where a PNG keeps its EXIF: the chunk indices of eXIf chunks, of raw-profile EXIF text
// chunks (Exiv2's and ImageMagick's hex form, which viewers ignore), and of the first IDAT.
struct PngExifPlaces {
  std::vector<size_t> exif_chunks;
  std::vector<size_t> raw_profiles;
  size_t first_idat = SIZE_MAX;
};

PngExifPlaces FindPngExif(const std::vector<uint8_t>& png) {
  PngExifPlaces p;
  auto src = MemorySource(png.data(), png.size(), "png");
  auto layout = WalkPngChunks(*src);
  EXPECT_TRUE(layout.ok()) << layout.status().ToString();
  if (!layout.ok()) return p;
  for (size_t i = 0; i < layout->chunks.size(); ++i) {
    const PngChunk& c = layout->chunks[i];
    if (c.type == "eXIf") p.exif_chunks.push_back(i);
    if (c.type == "IDAT" && p.first_idat == SIZE_MAX) p.first_idat = i;
    if (IsPngTextChunk(c.type) &&
        IsPngRawExifKeyword(PngTextKeyword(png.data() + c.data_offset(), c.data_size))) {
      p.raw_profiles.push_back(i);
    }
  }
  return p;
}

// Re-encodes the stored pixels (no EXIF orientation applied, no metadata), as the visible
// label and watermark paths do before CopyImageMetadata.
void Reencode(const std::string& from, const std::string& to) {
  auto image = DecodeImage(ReadBytes(from));
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  std::string format = std::filesystem::path(to).extension().string().substr(1);
  if (format == "jpg") format = "jpeg";
  auto encoded = EncodeImage(*image, format);
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  WriteBytes(to, *encoded);
}

// A PNG photo stored sideways (EXIF Orientation 6 in an eXIf chunk, as exiftool writes it) keeps
// showing upright after a re-encode: the copied EXIF sits in one eXIf chunk before the image
// data, where viewers and OpenCV read it, not in a text chunk they ignore; the label survives.
TEST_F(ImageInterop, PngExifIsCopiedIntoOneEXifChunkBeforeTheImageData) {
  std::string in = Make(OpenCvData("building.jpg"), ".png");  // 868x600 landscape
  Exiftool("-q -overwrite_original -Orientation#=6 -Make=Aigcmark-Test-Cam " + Quote(in));
  ASSERT_EQ(FindPngExif(ReadBytes(in)).exif_chunks.size(), 1u);
  std::string labelled = dir_.File("labelled.png");
  ASSERT_TRUE(WriteMetadata(in, labelled, Producer()).ok());
  const cv::Size shown = cv::imread(labelled, cv::IMREAD_COLOR).size();
  ASSERT_EQ(shown, cv::Size(600, 868));

  std::string out = dir_.File("reencoded.png");
  Reencode(labelled, out);
  const std::vector<uint8_t> idat_before = PngIdat(ReadBytes(out));
  ASSERT_TRUE(CopyImageMetadata(ReadBytes(labelled), out).ok());

  const std::vector<uint8_t> bytes = ReadBytes(out);
  const PngExifPlaces places = FindPngExif(bytes);
  ASSERT_EQ(places.exif_chunks.size(), 1u);
  EXPECT_LT(places.exif_chunks[0], places.first_idat);
  EXPECT_TRUE(places.raw_profiles.empty()) << "a second EXIF copy in a text chunk";
  // exiftool sees exactly one Orientation (-a lists duplicates) and the rest of the EXIF.
  EXPECT_EQ(Exiftool("-a -s3 -n -Orientation " + Quote(out)), "6\n");
  EXPECT_EQ(Exiftool("-Make -b " + Quote(out)), "Aigcmark-Test-Cam");
  EXPECT_EQ(Exiftool("-XMP-TC260:AIGC -b " + Quote(out)), LabelToJson(ProducerLabel()));
  EXPECT_EQ(cv::imread(out, cv::IMREAD_COLOR).size(), shown);  // displayed like the input
  EXPECT_EQ(PngIdat(bytes), idat_before);
  auto r = ReadMetadata(out);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->aigc.has_value());
  EXPECT_EQ(*r->aigc, ProducerLabel());
  EXPECT_TRUE(r->problems.empty()) << r->problems.front();
}

// A sideways JPEG re-encoded as PNG shows as the JPEG did: its EXIF becomes the PNG's eXIf.
TEST_F(ImageInterop, JpegOrientationCarriesIntoAPngOutput) {
  std::string in = dir_.File("sideways.jpg");
  CopyFile(OpenCvData("building.jpg"), in);
  Exiftool("-q -overwrite_original -Orientation#=6 " + Quote(in));
  const cv::Size shown = cv::imread(in, cv::IMREAD_COLOR).size();
  ASSERT_EQ(shown, cv::Size(600, 868));
  std::string out = dir_.File("sideways.png");
  Reencode(in, out);
  ASSERT_TRUE(CopyImageMetadata(ReadBytes(in), out).ok());
  const PngExifPlaces places = FindPngExif(ReadBytes(out));
  ASSERT_EQ(places.exif_chunks.size(), 1u);
  EXPECT_LT(places.exif_chunks[0], places.first_idat);
  EXPECT_TRUE(places.raw_profiles.empty());
  EXPECT_EQ(Exiftool("-a -s3 -n -Orientation " + Quote(out)), "6\n");
  EXPECT_EQ(cv::imread(out, cv::IMREAD_COLOR).size(), shown);
}

// `png` with its chunk `index` moved to just before IEND (after the image data).
std::vector<uint8_t> MoveChunkToEnd(const std::vector<uint8_t>& png, size_t index) {
  auto src = MemorySource(png.data(), png.size(), "png");
  auto layout = WalkPngChunks(*src);
  EXPECT_TRUE(layout.ok() && layout->saw_iend && index + 1 < layout->chunks.size());
  if (!layout.ok()) return png;
  const PngChunk& moved = layout->chunks[index];
  const PngChunk& iend = layout->chunks.back();
  std::vector<uint8_t> out(png.begin(), png.begin() + moved.offset);
  out.insert(out.end(), png.begin() + moved.end(), png.begin() + iend.offset);
  out.insert(out.end(), png.begin() + moved.offset, png.begin() + moved.end());
  out.insert(out.end(), png.begin() + iend.offset, png.end());
  return out;
}

// An Orientation that viewers ignored in the source (WebP's, or a PNG eXIf chunk after the
// image data, which PNG 3rd edition readers such as browsers skip) must not start turning a
// JPEG or PNG output, which viewers do turn: the output has to look like the input.
TEST_F(ImageInterop, IgnoredOrientationDoesNotTurnTheOutput) {
  std::string webp = Make(OpenCvData("building.jpg"), ".webp");
  std::string late = Make(OpenCvData("building.jpg"), ".png");
  for (const std::string& f : {webp, late}) {
    Exiftool("-q -overwrite_original -Orientation#=6 -Make=Aigcmark-Test-Cam " + Quote(f));
    ASSERT_EQ(Exiftool("-s3 -n -Orientation " + Quote(f)), "6\n");
  }
  const PngExifPlaces places = FindPngExif(ReadBytes(late));
  ASSERT_EQ(places.exif_chunks.size(), 1u);
  WriteBytes(late, MoveChunkToEnd(ReadBytes(late), places.exif_chunks[0]));
  const PngExifPlaces moved = FindPngExif(ReadBytes(late));
  ASSERT_EQ(moved.exif_chunks.size(), 1u);
  ASSERT_GT(moved.exif_chunks[0], moved.first_idat);
  ASSERT_EQ(Exiftool("-s3 -n -Orientation " + Quote(late)), "6\n");
  // OpenCV, like Firefox, shows a WebP as stored. (It does read a late PNG eXIf, unlike
  // browsers, so it is no witness for that case.)
  const cv::Size stored(868, 600);
  ASSERT_EQ(cv::imread(webp, cv::IMREAD_COLOR).size(), stored);
  for (const std::string& in : {webp, late}) {
    for (const char* ext : {".jpg", ".png"}) {
      SCOPED_TRACE(in + " -> " + ext);
      std::string out = dir_.File("from-" + std::to_string(counter_++) + ext);
      Reencode(in, out);
      ASSERT_TRUE(CopyImageMetadata(ReadBytes(in), out).ok());
      EXPECT_EQ(cv::imread(out, cv::IMREAD_COLOR).size(), stored);
      EXPECT_EQ(Exiftool("-a -s3 -n -EXIF:Orientation " + Quote(out)), "1\n");
      EXPECT_EQ(Exiftool("-Make -b " + Quote(out)), "Aigcmark-Test-Cam");  // the rest is kept
    }
  }
}

}  // namespace
}  // namespace aigcmark::test
