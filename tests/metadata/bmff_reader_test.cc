// The MP4/MOV carrier reader on crafted boxes: every layout writers use, and hostile sizes.
#include <gtest/gtest.h>

#include "aigcmark/metadata.h"
#include "core/byte_source.h"
#include "core/limits.h"
#include "metadata/bmff_box.h"
#include "metadata/bmff_carriers_internal.h"
#include "metadata/carriers.h"
#include "metadata/bmff_test_util.h"

namespace aigcmark {
namespace {

using test::Box;
using test::Bytes;
using test::Ftyp;
using test::MdtaMeta;
using test::U32;
using test::UuidBox;
using test::XmpPacket;

constexpr const char* kJson =
    R"({"Label":"1","ContentProducer":"001191110102MACQD9K64010000","ProduceID":"vid-1","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""})";

std::string Mdat() { return Box("mdat", std::string(64, '\x55')); }

StatusOr<MetadataReport> ReadString(const std::string& file) {
  return ReadMetadataFromMemory(Bytes(file), "crafted.mp4");
}

TEST(BmffBoxTest, ReadsCompactLargeAndToEndSizes) {
  std::string file = Ftyp() + U32(1) + "free" + std::string("\0\0\0\0\0\0\0\x14", 8) + "abcd" +
                     U32(0) + "mdat" + "xyz";
  auto src = MemorySource(reinterpret_cast<const uint8_t*>(file.data()), file.size(), "t");
  std::vector<BoxHeader> boxes;
  ASSERT_TRUE(ForEachBox(*src, 0, src->size(), 0, [&](const BoxHeader& b) {
                boxes.push_back(b);
                return Status::Ok();
              }).ok());
  ASSERT_EQ(boxes.size(), 3u);
  EXPECT_EQ(boxes[0].type, FourCc("ftyp"));
  EXPECT_EQ(boxes[1].type, FourCc("free"));
  EXPECT_EQ(boxes[1].header_size, 16u);
  EXPECT_EQ(boxes[1].payload_size(), 4u);
  EXPECT_EQ(boxes[2].type, FourCc("mdat"));
  EXPECT_EQ(boxes[2].payload_size(), 3u);  // size 0: to the end of the file
}

TEST(BmffBoxTest, RejectsSizesThatPassTheParent) {
  struct Case {
    const char* what;
    std::string bytes;
  } cases[] = {
      {"size 0xFFFFFFFF", U32(0xFFFFFFFF) + "mdat" + "abc"},
      {"huge largesize", U32(1) + "mdat" + std::string(8, '\x7F') + "abc"},
      {"largesize below header", U32(1) + "mdat" + std::string(7, '\0') + '\x04'},
      {"size below header", U32(4) + "free"},
      {"uuid without room for its type", U32(12) + "uuid" + "abcd"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto src = MemorySource(reinterpret_cast<const uint8_t*>(c.bytes.data()), c.bytes.size(), "t");
    Status s = ForEachBox(*src, 0, src->size(), 0, [](const BoxHeader&) { return Status::Ok(); });
    EXPECT_EQ(s.code(), StatusCode::kCorrupt) << s.ToString();
  }
}

TEST(BmffBoxTest, RejectsNestingDeeperThanTheLimit) {
  std::string nested = Box("free", "");
  for (int i = 0; i < kMaxBoxDepth + 2; ++i) nested = Box("moov", nested);
  auto src = MemorySource(reinterpret_cast<const uint8_t*>(nested.data()), nested.size(), "t");
  std::function<Status(const BoxHeader&, int)> descend = [&](const BoxHeader& b, int depth) {
    if (b.type != FourCc("moov")) return Status::Ok();
    return ForEachBox(*src, b.payload_offset(), b.end(), depth + 1,
                      [&](const BoxHeader& c) { return descend(c, depth + 1); });
  };
  Status s = ForEachBox(*src, 0, src->size(), 0, [&](const BoxHeader& b) { return descend(b, 0); });
  EXPECT_EQ(s.code(), StatusCode::kCorrupt);
  EXPECT_NE(s.message().find("deeper"), std::string::npos) << s.message();
}

TEST(BmffReaderTest, ReadsMdtaKeyInUdtaMeta) {
  std::string file = Ftyp() + Mdat() +
                     Box("moov", Box("mvhd", std::string(100, '\0')) +
                                     Box("udta", MdtaMeta({{"encoder", "Lavf"},
                                                           {"AIGC", kJson},
                                                           {"DigitalSourceType", kTrainedAlgorithmicMedia}})));
  auto r = ReadString(file);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->aigc.has_value());
  EXPECT_EQ(LabelToJson(*r->aigc), kJson);
  EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierMp4Mdta});
  EXPECT_EQ(r->digital_source_type, std::string(kTrainedAlgorithmicMedia));
  EXPECT_FALSE(r->c2pa);
}

TEST(BmffReaderTest, ReadsQuickTimeMetaWithoutFullBoxHeaderDirectlyInMoov) {
  std::string file = Box("ftyp", "qt  " + U32(0) + "qt  ") + Mdat() +
                     Box("moov", MdtaMeta({{"aigc", kJson}}, /*full_box=*/false) + U32(0));
  auto r = ReadString(file);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->aigc.has_value());
  EXPECT_EQ(r->aigc->produce_id, "vid-1");
  EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierMp4Mdta});
}

TEST(BmffReaderTest, IgnoresItunesMetaWithOtherHandler) {
  std::string meta = MdtaMeta({{"AIGC", kJson}});
  size_t at = meta.find("mdta");  // the hdlr's handler type
  meta.replace(at, 4, "mdir");
  auto r = ReadString(Ftyp() + Box("moov", Box("udta", meta)) + Mdat());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
}

TEST(BmffReaderTest, ReadsXmpUuidAtTopLevelAndInUdta) {
  std::string xmp = XmpPacket(kJson, kTrainedAlgorithmicMedia);
  for (bool in_udta : {false, true}) {
    SCOPED_TRACE(in_udta ? "moov/udta" : "top level");
    std::string uuid = UuidBox(kXmpUuid, xmp + std::string(3, '\0'));
    std::string file = in_udta ? Ftyp() + Box("moov", Box("udta", uuid)) + Mdat()
                               : Ftyp() + Box("moov", "") + Mdat() + uuid;
    auto r = ReadString(file);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->aigc.has_value());
    EXPECT_EQ(LabelToJson(*r->aigc), kJson);
    EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierMp4Xmp});
    EXPECT_EQ(r->digital_source_type, std::string(kTrainedAlgorithmicMedia));
  }
}

TEST(BmffReaderTest, ReadsQuickTimeXmpAtomInUdta) {
  auto r = ReadString(Box("ftyp", "qt  " + U32(0) + "qt  ") +
                      Box("moov", Box("udta", Box("XMP_", XmpPacket(kJson)))) + Mdat());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->carriers, std::vector<std::string>{kCarrierMp4Xmp});
}

TEST(BmffReaderTest, BothCarriersAgreeingAreBothListed) {
  std::string file = Ftyp() + Box("moov", Box("udta", MdtaMeta({{"AIGC", kJson}}))) + Mdat() +
                     UuidBox(kXmpUuid, XmpPacket(kJson));
  auto r = ReadString(file);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->carriers, (std::vector<std::string>{kCarrierMp4Mdta, kCarrierMp4Xmp}));
  EXPECT_TRUE(r->problems.empty());
}

TEST(BmffReaderTest, DisagreeingCarriersAreAProblem) {
  std::string other = R"({"Label":"2","ContentProducer":"x","ProduceID":"y","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""})";
  std::string file = Ftyp() + Box("moov", Box("udta", MdtaMeta({{"AIGC", kJson}}))) + Mdat() +
                     UuidBox(kXmpUuid, XmpPacket(other));
  auto r = ReadString(file);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->aigc->label, "1");
  ASSERT_FALSE(r->problems.empty());
  EXPECT_NE(r->problems[0].find("disagree"), std::string::npos) << r->problems[0];
}

TEST(BmffReaderTest, MalformedXmpIsAProblemNotAFailure) {
  std::string file = Ftyp() + Box("moov", "") + Mdat() + UuidBox(kXmpUuid, "<x:xmpmeta <<<");
  auto r = ReadString(file);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_NE(r->problems[0].find("mp4-xmp"), std::string::npos);
}

TEST(BmffReaderTest, DetectsC2paManifestBox) {
  std::string manifest = UuidBox(kC2paUuid, U32(0) + std::string("manifest\0", 9) + U32(0) + "jumb");
  auto r = ReadString(Ftyp() + Box("moov", "") + Mdat() + manifest);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->c2pa);
  auto merkle = ReadString(Ftyp() + Box("moov", "") + Mdat() +
                           UuidBox(kC2paUuid, U32(0) + std::string("merkle\0", 7)));
  ASSERT_TRUE(merkle.ok());
  EXPECT_FALSE(merkle->c2pa);
}

TEST(BmffReaderTest, MissingMoovIsCorrupt) {
  auto r = ReadString(Ftyp() + Mdat());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_NE(r.status().message().find("crafted.mp4"), std::string::npos);
  EXPECT_NE(r.status().message().find("moov"), std::string::npos);
}

TEST(BmffReaderTest, BadKeysBoxIsAProblem) {
  std::string meta = MdtaMeta({{"AIGC", kJson}});
  size_t at = meta.find("keys") + 8;  // entry_count
  meta.replace(at, 4, U32(0x10000000));
  auto r = ReadString(Ftyp() + Box("moov", Box("udta", meta)) + Mdat());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_NE(r->problems[0].find("keys"), std::string::npos);
}

TEST(BmffReaderTest, MetadataBoxOverTheLimitIsRefusedBeforeAllocating) {
  // A well-formed box larger than kMaxMetadataBytes: reported, not loaded.
  std::string big(kMaxMetadataBytes + 1, ' ');
  auto r = ReadString(Ftyp() + Box("moov", "") + UuidBox(kXmpUuid, big));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->problems.size(), 1u);
  EXPECT_NE(r->problems[0].find("exceeds the limit"), std::string::npos) << r->problems[0];
}

TEST(BmffReaderTest, HugeDeclaredSizesAreCorrupt) {
  for (const std::string& tail : {U32(0xFFFFFFFF) + "moov" + Box("udta", ""),
                                  U32(1) + "moov" + std::string(8, '\xFF') + Box("udta", "")}) {
    auto r = ReadString(Ftyp() + tail);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << r.status().ToString();
    EXPECT_NE(r.status().message().find("'moov'"), std::string::npos) << r.status().message();
  }
  // Inside moov, a child that claims more than moov holds.
  auto r = ReadString(Ftyp() + Box("moov", U32(0x7FFFFFFF) + "udta") + Mdat());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
}

TEST(BmffReaderTest, ShortInputsAreCorrupt) {
  RawMetadata raw;
  std::string tiny = "\0\0\0";
  auto src = MemorySource(reinterpret_cast<const uint8_t*>(tiny.data()), tiny.size(), "t");
  EXPECT_EQ(ReadBmffCarriers(*src, &raw).code(), StatusCode::kCorrupt);
  auto empty = ReadMetadataFromMemory({}, "empty.mp4");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace aigcmark
