// The one detection engine: verdicts and the watermark <-> metadata binding on real files.
#include "aigcmark/detect.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aigcmark/label.h"
#include "aigcmark/metadata.h"
#include "aigcmark/watermark.h"
#include "common/test_util.h"

namespace aigcmark {
namespace {

using test::Quote;

AigcLabel Producer() {
  AigcLabel l;
  l.content_producer = "001191110102MACQD9K64010000";
  l.produce_id = "img-20261122-0001";
  return l;
}

StatusOr<AigcLabel> Label(const std::string& in, const std::string& out) {
  MetadataWriteOptions o;
  o.update.content_producer = Producer().content_producer;
  o.update.produce_id = Producer().produce_id;
  return WriteMetadata(in, out, o);
}

TEST(DetectTest, UnlabeledPhotoIsUnlabeledEvenWithMalformedUnrelatedXmp) {
  // ela_original.jpg carries XMP with duplicate property nodes: a metadata problem, not a label.
  DetectOptions o;
  o.watermark = false;
  DetectReport r = Detect(test::OpenCvData("ela_original.jpg"), o);
  ASSERT_FALSE(r.error) << *r.error;
  ASSERT_TRUE(r.metadata);
  EXPECT_FALSE(r.metadata->aigc);
  EXPECT_FALSE(r.metadata->problems.empty());
  EXPECT_FALSE(r.metadata->broken_label);
  EXPECT_EQ(Classify(r), Verdict::kUnlabeled);
  EXPECT_EQ(Classify(Detect(test::OpenCvData("fruits.jpg"), o)), Verdict::kUnlabeled);
}

TEST(DetectTest, LabelThatBreaksAnnexEWrittenByExiftoolIsBroken) {
  if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool not installed";
  test::TempDir dir;
  std::string f = dir.File("p.jpg");
  test::CopyFile(test::OpenCvData("fruits.jpg"), f);
  auto r = test::Run("exiftool -config " + Quote(test::SharedFile("labels/tc260.exiftool.config")) +
                     " -q -overwrite_original '-XMP-TC260:AIGC={\"Label\":\"5\",\"ContentProducer\":\"P 1\"}' " + Quote(f));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  DetectOptions o;
  o.watermark = false;
  DetectReport rep = Detect(f, o);
  ASSERT_TRUE(rep.metadata && rep.metadata->aigc);
  EXPECT_EQ(rep.metadata->aigc->label, "5");
  EXPECT_TRUE(rep.metadata->broken_label);
  EXPECT_EQ(Classify(rep), Verdict::kBrokenLabel);
  auto j = nlohmann::json::parse(DetectReportToJson(rep));
  EXPECT_EQ(j["verdict"], "broken-label");
  EXPECT_GE(j["metadata"]["problems"].size(), 3u);  // Label value, space, missing keys
}

TEST(DetectTest, DisagreeingCarriersAreBroken) {
  if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool not installed";
  test::TempDir dir;
  std::string f = dir.File("p.jpg");
  ASSERT_TRUE(Label(test::OpenCvData("fruits.jpg"), f).ok());
  AigcLabel other = Producer();
  other.produce_id = "someone-else";
  auto r = test::Run("exiftool -q -overwrite_original " +
                     Quote("-EXIF:UserComment=" + LabelToWrappedJson(other)) + " " + Quote(f));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  DetectOptions o;
  o.watermark = false;
  DetectReport rep = Detect(f, o);
  ASSERT_TRUE(rep.metadata);
  EXPECT_EQ(rep.metadata->carriers.size(), 2u);
  EXPECT_EQ(Classify(rep), Verdict::kBrokenLabel);
}

TEST(DetectTest, WatermarkBoundToTheLabelAgreesAndAForeignOneDoesNot) {
  test::TempDir dir;
  std::string labelled = dir.File("labelled.png");
  auto label = Label(test::OpenCvData("baboon.jpg"), dir.File("tmp.jpg"));
  ASSERT_TRUE(label.ok()) << label.status().ToString();
  for (bool bound : {true, false}) {
    uint64_t payload = bound ? PayloadFromLabel(*label) : 0x0123456789abcdefull;
    std::string out = dir.File(bound ? "bound.png" : "foreign.png");
    ASSERT_TRUE(EmbedWatermarkFile(dir.File("tmp.jpg"), out, payload, {}).ok());
    DetectReport rep = Detect(out);
    ASSERT_FALSE(rep.error) << *rep.error;
    ASSERT_TRUE(rep.watermark && rep.watermark->detected);
    EXPECT_EQ(*rep.watermark->payload, payload);
    ASSERT_TRUE(rep.metadata && rep.metadata->aigc) << "metadata must survive the embed";
    ASSERT_TRUE(rep.watermark_matches_label);
    EXPECT_EQ(*rep.watermark_matches_label, bound);
    EXPECT_EQ(Classify(rep), bound ? Verdict::kLabeled : Verdict::kBrokenLabel);
  }
}

TEST(DetectTest, MemoryAndFileGiveTheSameReport) {
  test::TempDir dir;
  std::string f = dir.File("p.jpg");
  ASSERT_TRUE(Label(test::OpenCvData("fruits.jpg"), f).ok());
  DetectReport a = Detect(f);
  DetectReport b = DetectFromMemory(test::ReadBytes(f), f);
  EXPECT_EQ(DetectReportToJson(a), DetectReportToJson(b));
}

}  // namespace
}  // namespace aigcmark

namespace aigcmark {
namespace {

// Splices a raw XMP APP1 segment right after SOI: lets a test plant a malformed packet.
std::vector<uint8_t> WithXmpSegment(std::vector<uint8_t> jpeg, const std::string& packet) {
  static const char kXmpId[] = "http://ns.adobe.com/xap/1.0/";
  std::vector<uint8_t> seg = {0xFF, 0xE1, 0, 0};
  seg.insert(seg.end(), kXmpId, kXmpId + sizeof(kXmpId));  // includes the NUL terminator
  seg.insert(seg.end(), packet.begin(), packet.end());
  size_t len = seg.size() - 2;
  seg[2] = static_cast<uint8_t>(len >> 8);
  seg[3] = static_cast<uint8_t>(len & 0xFF);
  jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
  return jpeg;
}

TEST(DetectTest, MalformedXmpNamingTheLabelIsBrokenNotUnlabeled) {
  auto jpeg = test::ReadBytes(test::OpenCvData("fruits.jpg"));
  const std::string broken =
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
      "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
      "xmlns:TC260='http://www.tc260.org.cn/ns/AIGC/1.0/'><TC260:AIGC>{}</TC260:AIGC>"
      "<TC260:AIGC>{}</TC260:AIGC></rdf:Description></rdf:RDF></x:xmpmeta>";
  const std::string unrelated =
      "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
      "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
      "xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:format>a</dc:format>"
      "<dc:format>b</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>";
  DetectOptions o;
  o.watermark = false;
  DetectReport with_label = DetectFromMemory(WithXmpSegment(jpeg, broken), "broken.jpg", o);
  ASSERT_FALSE(with_label.error) << *with_label.error;
  EXPECT_FALSE(with_label.metadata->problems.empty());
  EXPECT_EQ(Classify(with_label), Verdict::kBrokenLabel);
  DetectReport without = DetectFromMemory(WithXmpSegment(jpeg, unrelated), "other.jpg", o);
  ASSERT_FALSE(without.error) << *without.error;
  EXPECT_FALSE(without.metadata->problems.empty());
  EXPECT_EQ(Classify(without), Verdict::kUnlabeled);
}

}  // namespace
}  // namespace aigcmark
