// Round trips of the image label carriers through the public API on real opencv-doc photos,
// with pixel data checked byte-for-byte, plus reading every secondary carrier.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "aigcmark/metadata.h"
#include "common/test_util.h"
#include "metadata/image_test_util.h"

namespace aigcmark::test {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool HasProblemContaining(const MetadataReport& r, const std::string& needle) {
  for (const auto& p : r.problems) {
    if (p.find(needle) != std::string::npos) return true;
  }
  return false;
}

MetadataWriteOptions Producer(const std::string& id = "img-0001") {
  MetadataWriteOptions o;
  o.update = ProducerUpdate(id);
  return o;
}

// Writes a producer label, reads it back and checks it is the only label and sits in XMP.
void ExpectRoundTrip(const std::string& in, const std::string& out) {
  auto written = WriteMetadata(in, out, Producer());
  ASSERT_TRUE(written.ok()) << in << ": " << written.status().ToString();
  EXPECT_EQ(*written, ProducerLabel());
  auto back = ReadMetadata(out);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->aigc.has_value()) << out;
  EXPECT_EQ(*back->aigc, ProducerLabel());
  EXPECT_TRUE(Has(back->carriers, kCarrierXmp));
  EXPECT_TRUE(back->problems.empty()) << back->problems.front();
  EXPECT_TRUE(SamePixels(in, out)) << in;
}

TEST(ImageCarriers, JpegRoundTripOnRealPhotosKeepsScanAndOtherSegments) {
  TempDir dir;
  auto photos = RealJpegs();
  ASSERT_FALSE(photos.empty());
  for (const auto& photo : photos) {
    SCOPED_TRACE(photo);
    std::string out = dir.File(std::filesystem::path(photo).filename().string());
    ExpectRoundTrip(photo, out);
    auto before = ReadBytes(photo), after = ReadBytes(out);
    EXPECT_EQ(JpegScan(before), JpegScan(after));
    EXPECT_EQ(JpegNonXmpSegments(before), JpegNonXmpSegments(after));
    auto original = ReadMetadata(photo);
    ASSERT_TRUE(original.ok());
    EXPECT_FALSE(original->aigc.has_value());
  }
}

TEST(ImageCarriers, PngRoundTripOnRealPhotosKeepsIdatAndOtherChunks) {
  TempDir dir;
  auto photos = RealPngs();
  ASSERT_FALSE(photos.empty());
  for (const auto& photo : photos) {
    SCOPED_TRACE(photo);
    std::string out = dir.File(std::filesystem::path(photo).filename().string());
    ExpectRoundTrip(photo, out);
    auto before = ReadBytes(photo), after = ReadBytes(out);
    EXPECT_EQ(PngIdat(before), PngIdat(after));
    EXPECT_EQ(PngNonXmpChunks(before), PngNonXmpChunks(after));
  }
}

TEST(ImageCarriers, WebpAndTiffMadeFromRealPhotosRoundTrip) {
  TempDir dir;
  for (const char* name : {"fruits.jpg", "baboon.jpg", "smarties.png"}) {
    for (const char* ext : {".webp", ".tiff"}) {
      SCOPED_TRACE(std::string(name) + ext);
      std::string in = dir.File(std::string("in_") + name + ext);
      ConvertPhoto(OpenCvData(name), in);
      ExpectRoundTrip(in, dir.File(std::string("out_") + name + ext));
    }
  }
}

TEST(ImageCarriers, WritingTwiceReplacesTheXmpLabelInsteadOfAddingOne) {
  TempDir dir;
  for (const char* name : {"fruits.jpg", "pic1.png"}) {
    SCOPED_TRACE(name);
    std::string ext = std::filesystem::path(name).extension().string();
    std::string a = dir.File("a" + ext), b = dir.File("b" + ext);
    ASSERT_TRUE(WriteMetadata(OpenCvData(name), a, Producer("first")).ok());
    ASSERT_TRUE(WriteMetadata(a, b, Producer("second")).ok());
    auto r = ReadMetadata(b);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->aigc->produce_id, "second");
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierXmp});
    EXPECT_TRUE(r->problems.empty()) << r->problems.front();
    EXPECT_TRUE(SamePixels(OpenCvData(name), b));
  }
}

TEST(ImageCarriers, PropagatorUpdateKeepsProducerFields) {
  TempDir dir;
  for (const char* name : {"messi5.jpg", "graf1.png"}) {
    SCOPED_TRACE(name);
    std::string ext = std::filesystem::path(name).extension().string();
    std::string a = dir.File("a" + ext);
    ASSERT_TRUE(WriteMetadata(OpenCvData(name), a, Producer()).ok());
    MetadataWriteOptions prop;
    prop.update.content_propagator = "91310000PLATFORM01";
    prop.update.propagate_id = "post-42";
    auto w = WriteMetadata(a, a, prop);  // in place
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    auto r = ReadMetadata(a);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(r->aigc->label, "1");
    EXPECT_EQ(r->aigc->content_producer, "91110000MA01ABCDEF");
    EXPECT_EQ(r->aigc->produce_id, "img-0001");
    EXPECT_EQ(r->aigc->content_propagator, "91310000PLATFORM01");
    EXPECT_EQ(r->aigc->propagate_id, "post-42");
  }
}

TEST(ImageCarriers, DigitalSourceTypeRoundTripsAndSurvivesALaterWrite) {
  TempDir dir;
  for (const char* name : {"home.jpg", "smarties.png"}) {
    SCOPED_TRACE(name);
    std::string ext = std::filesystem::path(name).extension().string();
    std::string a = dir.File("a" + ext);
    MetadataWriteOptions o = Producer();
    o.digital_source_type = kTrainedAlgorithmicMedia;
    ASSERT_TRUE(WriteMetadata(OpenCvData(name), a, o).ok());
    auto r = ReadMetadata(a);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
    // A later write without a digital source type leaves it alone.
    ASSERT_TRUE(WriteMetadata(a, a, Producer("again")).ok());
    r = ReadMetadata(a);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
  }
}

TEST(ImageCarriers, PngTextChunksWithKeywordAigcAreRead) {
  const std::string bare = LabelToJson(ProducerLabel());
  const std::string wrapped = LabelToWrappedJson(ProducerLabel());
  auto png = ReadBytes(OpenCvData("pic1.png"));
  struct Case {
    const char* type;
    std::string data;
  } cases[] = {
      {"tEXt", std::string("AIGC\0", 5) + bare},
      {"tEXt", std::string("AIGC\0", 5) + wrapped},
      {"zTXt", std::string("AIGC\0\0", 6) + Deflate(wrapped)},
      {"iTXt", std::string("AIGC\0\0\0\0\0", 9) + bare},
      {"iTXt", std::string("AIGC\0\1\0zh\0AIGC\0", 15) + Deflate(wrapped)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.type);
    auto r = ReadMetadataFromMemory(InsertPngChunk(png, c.type, c.data), "crafted.png");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(*r->aigc, ProducerLabel());
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierPngText});
  }
}

TEST(ImageCarriers, PngTextLabelIsKeptInStepWithTheXmpWeWrite) {
  TempDir dir;
  std::string in = dir.File("in.png"), out = dir.File("out.png");
  auto original = ReadBytes(OpenCvData("pic1.png"));
  WriteBytes(in,
             InsertPngChunk(original, "zTXt",
                            std::string("AIGC\0\0", 6) + Deflate(LabelToJson(ProducerLabel()))));
  MetadataWriteOptions prop;  // a propagator adds its fields
  prop.update.content_propagator = "PLATFORM";
  prop.update.propagate_id = "p-1";
  auto w = WriteMetadata(in, out, prop);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->produce_id, "img-0001");  // the producer's fields came from the text chunk
  auto r = ReadMetadata(out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->carriers, (std::vector<std::string>{kCarrierXmp, kCarrierPngText}));
  EXPECT_TRUE(r->problems.empty()) << r->problems.front();
  EXPECT_EQ(*r->aigc, *w);
  EXPECT_EQ(PngIdat(ReadBytes(out)), PngIdat(original));
}

TEST(ImageCarriers, ConcurrentReadsAgree) {
  TempDir dir;
  std::vector<std::string> files;
  for (const char* name : {"fruits.jpg", "pic1.png", "baboon.jpg", "smarties.png"}) {
    std::string out = dir.File(std::string("l_") + name);
    ASSERT_TRUE(WriteMetadata(OpenCvData(name), out, Producer(name)).ok());
    files.push_back(out);
  }
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        size_t k = static_cast<size_t>(t + i) % files.size();
        auto r = ReadMetadata(files[k]);
        if (r.ok() && r->aigc &&
            r->aigc->produce_id == std::filesystem::path(files[k]).filename().string().substr(2)) {
          ++good;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 8 * 25);
}

TEST(ImageCarriers, ExifUserCommentInEveryCharsetIsRead) {
  const std::string wrapped = LabelToWrappedJson(ProducerLabel());
  auto utf16 = [&](bool be) {
    std::string s;
    for (char c : wrapped) {
      if (be) s.push_back('\0');
      s.push_back(c);
      if (!be) s.push_back('\0');
    }
    return s;
  };
  auto jpeg = ReadBytes(OpenCvData("orange.jpg"));
  struct Case {
    const char* name;
    std::string comment;
    bool big_endian;
  } cases[] = {
      {"ascii-le", std::string("ASCII\0\0\0", 8) + wrapped, false},
      {"ascii-be", std::string("ASCII\0\0\0", 8) + wrapped, true},
      {"undefined", std::string(8, '\0') + wrapped + std::string(3, '\0'), false},
      {"unicode-le", std::string("UNICODE\0", 8) + utf16(false), false},
      {"unicode-be", std::string("UNICODE\0", 8) + utf16(true), true},
      {"no-charset", wrapped, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto bytes = InsertJpegSegment(jpeg, 0xE1, ExifWithUserComment(c.comment, c.big_endian));
    auto r = ReadMetadataFromMemory(bytes, "crafted.jpg");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(*r->aigc, ProducerLabel());
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierExifUserComment});
  }
}

TEST(ImageCarriers, OrdinaryUserCommentIsNotALabel) {
  auto bytes = InsertJpegSegment(ReadBytes(OpenCvData("orange.jpg")), 0xE1,
                                 ExifWithUserComment(std::string("ASCII\0\0\0Holiday", 15), false));
  auto r = ReadMetadataFromMemory(bytes, "comment.jpg");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->aigc.has_value());
  EXPECT_TRUE(r->problems.empty());
}

TEST(ImageCarriers, XmpAttributeFormAndOtherPrefixesAreRead) {
  const std::string json = LabelToJson(ProducerLabel());
  std::string escaped;
  for (char c : json) escaped += (c == '"') ? std::string("&quot;") : std::string(1, c);
  const std::string packet =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
      "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
      "<rdf:Description rdf:about=\"\" xmlns:aigc=\"http://www.tc260.org.cn/ns/AIGC/1.0/\" "
      "xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" aigc:AIGC=\"" +
      escaped + "\" Iptc4xmpExt:DigitalSourceType=\"" + kTrainedAlgorithmicMedia +
      "\"/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
  auto jpeg = InsertJpegSegment(ReadBytes(OpenCvData("apple.jpg")), 0xE1,
                                std::string("http://ns.adobe.com/xap/1.0/\0", 29) + packet);
  auto r = ReadMetadataFromMemory(jpeg, "attr.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->aigc.has_value());
  EXPECT_EQ(*r->aigc, ProducerLabel());
  EXPECT_EQ(r->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
  EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierXmp});
}

TEST(ImageCarriers, DisagreeingCarriersAreReportedAndOurWriteBringsThemInStep) {
  AigcLabel other = ProducerLabel("some-other-id");
  auto jpeg = InsertJpegSegment(ReadBytes(OpenCvData("apple.jpg")), 0xE1,
                                ExifWithUserComment(LabelToWrappedJson(other), false));
  TempDir dir;
  std::string in = dir.File("in.jpg"), mid = dir.File("mid.jpg"), out = dir.File("out.jpg");
  WriteBytes(in, jpeg);
  // A reader-only view: XMP says one thing, EXIF another.
  WriteBytes(mid, InsertJpegSegment(jpeg, 0xE1, [] {
               return std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                      "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
                      "xmlns:TC260=\"http://www.tc260.org.cn/ns/AIGC/1.0/\"><TC260:AIGC>" +
                      LabelToJson(ProducerLabel()) +
                      "</TC260:AIGC></rdf:Description></rdf:RDF></x:xmpmeta>";
             }()));
  auto r = ReadMetadata(mid);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r->aigc, ProducerLabel());  // XMP comes first
  EXPECT_EQ(r->carriers, (std::vector<std::string>{kCarrierXmp, kCarrierExifUserComment}));
  EXPECT_TRUE(HasProblemContaining(*r, "labels disagree"));

  // Writing sets both carriers to the written label; the scan data is untouched.
  ASSERT_TRUE(WriteMetadata(in, out, Producer()).ok());
  r = ReadMetadata(out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->aigc, ProducerLabel());
  EXPECT_EQ(r->carriers, (std::vector<std::string>{kCarrierXmp, kCarrierExifUserComment}));
  EXPECT_TRUE(r->problems.empty()) << r->problems.front();
  EXPECT_EQ(JpegScan(ReadBytes(out)), JpegScan(jpeg));
}

TEST(ImageCarriers, C2paManifestStoreIsDetected) {
  // A JUMBF superbox as C2PA puts it into APP11: "JP", instance, sequence, then jumb/jumd.
  std::string jumbf("JP\0\1\0\0\0\1", 8);
  jumbf += std::string("\0\0\0\x30jumb\0\0\0\x28jumd", 16);
  jumbf += std::string("c2pa\0\x11\0\x10\x80\0\0\xAA\0\x38\x9B\x71\x03", 16) + "c2pa" + '\0';
  auto jpeg = ReadBytes(OpenCvData("butterfly.jpg"));
  auto r = ReadMetadataFromMemory(InsertJpegSegment(jpeg, 0xEB, jumbf), "c2pa.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->c2pa);
  r = ReadMetadataFromMemory(jpeg, "plain.jpg");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->c2pa);
  // An APP11 that is JUMBF but not C2PA does not count.
  std::string other_jumbf("JP\0\1\0\0\0\1\0\0\0\x18jumb\0\0\0\x10jumdxxxx", 28);
  r = ReadMetadataFromMemory(InsertJpegSegment(jpeg, 0xEB, other_jumbf), "jumbf.jpg");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->c2pa);

  auto png = ReadBytes(OpenCvData("pic1.png"));
  r = ReadMetadataFromMemory(InsertPngChunk(png, "caBX", jumbf.substr(8)), "c2pa.png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->c2pa);
  r = ReadMetadataFromMemory(png, "plain.png");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->c2pa);
}

TEST(ImageCarriers, C2paStoreSurvivesOurWrite) {
  std::string jumbf("JP\0\1\0\0\0\1\0\0\0\x18jumb\0\0\0\x10jumdc2pa", 28);
  TempDir dir;
  std::string in = dir.File("in.jpg"), out = dir.File("out.jpg");
  WriteBytes(in, InsertJpegSegment(ReadBytes(OpenCvData("fruits.jpg")), 0xEB, jumbf));
  ASSERT_TRUE(WriteMetadata(in, out, Producer()).ok());
  auto r = ReadMetadata(out);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->c2pa);
}

TEST(ImageCarriers, CopyImageMetadataCarriesTheLabelToAReencodedFile) {
  TempDir dir;
  std::string labelled = dir.File("labelled.jpg"), reencoded = dir.File("reencoded.jpg");
  MetadataWriteOptions o = Producer();
  o.digital_source_type = kTrainedAlgorithmicMedia;
  ASSERT_TRUE(WriteMetadata(OpenCvData("fruits.jpg"), labelled, o).ok());
  ConvertPhoto(labelled, reencoded);  // OpenCV drops all metadata
  auto before = ReadMetadata(reencoded);
  ASSERT_TRUE(before.ok());
  ASSERT_FALSE(before->aigc.has_value());
  std::vector<uint8_t> pixels_before = JpegScan(ReadBytes(reencoded));

  ASSERT_TRUE(CopyImageMetadata(ReadBytes(labelled), reencoded).ok());
  auto after = ReadMetadata(reencoded);
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(after->aigc.has_value());
  EXPECT_EQ(*after->aigc, ProducerLabel());
  EXPECT_EQ(after->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
  EXPECT_EQ(JpegScan(ReadBytes(reencoded)), pixels_before);

  // Across formats too: a labelled JPEG's metadata into a PNG.
  std::string png = dir.File("reencoded.png");
  ConvertPhoto(labelled, png);
  ASSERT_TRUE(CopyImageMetadata(ReadBytes(labelled), png).ok());
  after = ReadMetadata(png);
  ASSERT_TRUE(after.ok());
  ASSERT_TRUE(after->aigc.has_value());
  EXPECT_EQ(*after->aigc, ProducerLabel());
}

TEST(ImageCarriers, CopyImageMetadataKeepsALabelThatOnlySatInPngText) {
  TempDir dir;
  auto source = InsertPngChunk(ReadBytes(OpenCvData("pic1.png")), "tEXt",
                               std::string("AIGC\0", 5) + LabelToWrappedJson(ProducerLabel()));
  std::string target = dir.File("reencoded.png");
  ConvertPhoto(OpenCvData("pic1.png"), target);
  ASSERT_TRUE(CopyImageMetadata(source, target).ok());
  auto r = ReadMetadata(target);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->aigc.has_value());
  EXPECT_EQ(*r->aigc, ProducerLabel());
  EXPECT_TRUE(r->problems.empty()) << r->problems.front();
}

TEST(ImageCarriers, CopyImageMetadataNamesAMissingTarget) {
  Status s = CopyImageMetadata(ReadBytes(OpenCvData("fruits.jpg")), "/nonexistent/x.jpg");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent/x.jpg"), std::string::npos);
}

}  // namespace
}  // namespace aigcmark::test
