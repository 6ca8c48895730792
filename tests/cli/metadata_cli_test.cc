// End-to-end: the `metadata` and `detect` CLI contract on real photos and FFmpeg-made clips.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/test_util.h"

namespace aigcmark {
namespace {

using nlohmann::json;
using test::Quote;
using test::RunCli;

constexpr const char* kProducer = "001191110102MACQD9K64010000";

std::string WriteArgs(const std::string& in, const std::string& out) {
  return "metadata write " + Quote(in) + " -o " + Quote(out) + " --label 1 --producer " +
         kProducer + " --produce-id img-20261122-0001";
}

json DetectJson(const std::string& file) {
  auto r = RunCli("detect --json --no-watermark " + Quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto lines = test::Lines(r.out);
  EXPECT_EQ(lines.size(), 1u) << r.out;
  return lines.empty() ? json() : json::parse(lines[0]);
}

TEST(MetadataCliTest, WriteJpegThenDetectReportsAllSevenFieldsAndLeavesInputAlone) {
  test::TempDir dir;
  std::string in = dir.File("in.jpg"), out = dir.File("out.jpg");
  test::CopyFile(test::OpenCvData("fruits.jpg"), in);
  auto before = test::ReadBytes(in);
  auto r = RunCli(WriteArgs(in, out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::ReadBytes(in), before) << "the input must never be modified without --in-place";
  json j = DetectJson(out);
  EXPECT_EQ(j["format"], "jpeg");
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["verdict"], "labeled");
  const json& aigc = j["metadata"]["aigc"];
  ASSERT_TRUE(aigc.is_object()) << j.dump();
  EXPECT_EQ(aigc.size(), 7u);
  EXPECT_EQ(aigc["Label"], "1");
  EXPECT_EQ(aigc["ContentProducer"], kProducer);
  EXPECT_EQ(aigc["ProduceID"], "img-20261122-0001");
  EXPECT_EQ(aigc["PropagateID"], "");
  EXPECT_NE(std::find(j["metadata"]["carriers"].begin(), j["metadata"]["carriers"].end(), "xmp"),
            j["metadata"]["carriers"].end());
  EXPECT_TRUE(j["metadata"]["problems"].empty()) << j.dump();
  EXPECT_EQ(j["metadata"]["c2pa"], false);
}

TEST(MetadataCliTest, PropagatorUpdateKeepsProducerAndInPlaceWorks) {
  test::TempDir dir;
  std::string f = dir.File("photo.png");
  test::CopyFile(test::OpenCvData("graf1.png"), f);
  ASSERT_EQ(RunCli(WriteArgs(f, dir.File("tmp.png"))).exit_code, 0);
  auto r = RunCli("metadata write " + Quote(dir.File("tmp.png")) +
                  " --in-place --propagator PLATFORM42 --propagate-id share-77");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json aigc = DetectJson(dir.File("tmp.png"))["metadata"]["aigc"];
  EXPECT_EQ(aigc["ContentProducer"], kProducer);
  EXPECT_EQ(aigc["ProduceID"], "img-20261122-0001");
  EXPECT_EQ(aigc["ContentPropagator"], "PLATFORM42");
  EXPECT_EQ(aigc["PropagateID"], "share-77");
}

TEST(MetadataCliTest, Mp4LabelIsVisibleToFfprobe) {
  test::TempDir dir;
  std::string in = std::string(AIGCMARK_SOURCE_DIR) + "/samples/media/clip.mp4";
  std::string out = dir.File("out.mp4");
  auto r = RunCli(WriteArgs(in, out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto probe = test::Run("ffprobe -v error -show_entries format_tags=AIGC -of default=nw=1:nk=1 " +
                         Quote(out));
  EXPECT_EQ(probe.out, "{\"Label\":\"1\",\"ContentProducer\":\"001191110102MACQD9K64010000\","
                       "\"ProduceID\":\"img-20261122-0001\",\"ReservedCode1\":\"\","
                       "\"ContentPropagator\":\"\",\"PropagateID\":\"\",\"ReservedCode2\":\"\"}\n");
  json j = DetectJson(out);
  EXPECT_EQ(j["format"], "mp4");
  EXPECT_EQ(j["metadata"]["aigc"]["ProduceID"], "img-20261122-0001");
}

TEST(MetadataCliTest, UsageErrorsExitTwo) {
  test::TempDir dir;
  std::string in = dir.File("in.jpg");
  test::CopyFile(test::OpenCvData("fruits.jpg"), in);
  // Neither -o nor --in-place.
  EXPECT_EQ(RunCli("metadata write " + Quote(in) + " --producer P --produce-id X").exit_code, 2);
  // -o naming the input without --in-place.
  EXPECT_EQ(RunCli(WriteArgs(in, in)).exit_code, 2);
  // Label outside 1..3.
  EXPECT_EQ(RunCli("metadata write " + Quote(in) + " -o " + Quote(dir.File("o.jpg")) +
                   " --label 4 --producer P --produce-id X").exit_code, 2);
  EXPECT_EQ(RunCli("no-such-command").exit_code, 2);
  EXPECT_EQ(RunCli("detect").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.File("o.jpg")));
}

TEST(MetadataCliTest, InvalidLabelValuesAreRefusedWithoutOutput) {
  test::TempDir dir;
  std::string in = dir.File("in.jpg"), out = dir.File("out.jpg");
  test::CopyFile(test::OpenCvData("fruits.jpg"), in);
  auto r = RunCli("metadata write " + Quote(in) + " -o " + Quote(out) +
                  " --producer 'has space' --produce-id X");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Annex E"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MetadataCliTest, BadInputsAreNamedAndOthersStillProcessed) {
  test::TempDir dir;
  std::string truncated = dir.File("truncated.jpg"), empty = dir.File("empty.png");
  std::string text = dir.File("notes.mp4"), good = dir.File("good.jpg");
  auto bytes = test::ReadBytes(test::OpenCvData("fruits.jpg"));
  test::WriteBytes(truncated, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 300));
  test::WriteBytes(empty, {});
  test::WriteBytes(text, {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'});
  test::CopyFile(test::OpenCvData("fruits.jpg"), good);
  auto r = RunCli("detect --json " + Quote(empty) + " " + Quote(text) + " " +
                  Quote(dir.File("missing.jpg")) + " " + Quote(good));
  EXPECT_EQ(r.exit_code, 1);
  auto lines = test::Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_NE(json::parse(lines[0])["error"].get<std::string>().find("empty.png"), std::string::npos);
  EXPECT_NE(json::parse(lines[1])["error"].get<std::string>().find("notes.mp4"), std::string::npos);
  EXPECT_NE(json::parse(lines[2])["error"].get<std::string>().find("missing.jpg"), std::string::npos);
  EXPECT_TRUE(json::parse(lines[3])["error"].is_null());
  EXPECT_NE(r.err.find("empty.png"), std::string::npos);
  // Writing into a file that cannot be read leaves no output behind.
  auto w = RunCli(WriteArgs(text, dir.File("out.mp4")));
  EXPECT_EQ(w.exit_code, 1);
  EXPECT_NE(w.err.find("notes.mp4"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.File("out.mp4")));
}

TEST(MetadataCliTest, WrongExtensionIsSniffedByContent) {
  test::TempDir dir;
  std::string png_named_jpg = dir.File("really-a-png.jpg"), out = dir.File("out.jpg");
  test::CopyFile(test::OpenCvData("graf1.png"), png_named_jpg);
  ASSERT_EQ(RunCli(WriteArgs(png_named_jpg, out)).exit_code, 0);
  json j = DetectJson(out);
  EXPECT_EQ(j["format"], "png");
  EXPECT_EQ(j["metadata"]["aigc"]["Label"], "1");
}

TEST(MetadataCliTest, TextReportAndVersion) {
  test::TempDir dir;
  std::string out = dir.File("out.jpg");
  ASSERT_EQ(RunCli(WriteArgs(test::OpenCvData("fruits.jpg"), out)).exit_code, 0);
  auto r = RunCli("metadata read " + Quote(out));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("metadata label: 1 (AI-generated)"), std::string::npos) << r.out;
  auto v = RunCli("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("aigcmark 0."), std::string::npos);
  EXPECT_EQ(RunCli("--help").exit_code, 0);
}

}  // namespace
}  // namespace aigcmark
