// The `aigcmark watermark` CLI contract: flags, JSON lines, exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "common/test_util.h"

namespace aigcmark {
namespace {

using test::Quote;
using test::RunCli;

TEST(WatermarkCli, EmbedThenDetectJson) {
  test::TempDir dir;
  const std::string out = dir.File("marked.jpg");
  auto e = RunCli("watermark embed " + Quote(test::OpenCvData("building.jpg")) + " -o " + Quote(out) +
                  " --payload 0123456789abcdef");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto d = RunCli("watermark detect " + Quote(out) + " " + Quote(test::OpenCvData("fruits.jpg")) + " --json");
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto lines = test::Lines(d.out);
  ASSERT_EQ(lines.size(), 2u);
  auto j = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(j["file"], out);
  EXPECT_TRUE(j["error"].is_null());
  EXPECT_EQ(j["watermark"]["detected"], true);
  EXPECT_EQ(j["watermark"]["payload"], "0123456789abcdef");
  EXPECT_GT(j["watermark"]["score"].get<double>(), 5.0);
  EXPECT_LE(j["watermark"]["false_alarm"].get<double>(), 1e-6);
  auto k = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(k["watermark"]["detected"], false);
  EXPECT_TRUE(k["watermark"]["payload"].is_null());
  // The same watermark object appears in `detect --json`.
  auto all = RunCli("detect --json " + Quote(out));
  ASSERT_EQ(all.exit_code, 0) << all.err;
  auto r = nlohmann::json::parse(test::Lines(all.out).at(0));
  EXPECT_EQ(r["watermark"]["payload"], "0123456789abcdef");
}

TEST(WatermarkCli, KeysAndStrength) {
  test::TempDir dir;
  const std::string out = dir.File("marked.png"), key_file = dir.File("key.txt");
  test::WriteBytes(key_file, {'s', '3', 'c', 'r', '3', 't', '\n'});
  auto e = RunCli("watermark embed " + Quote(test::OpenCvData("leuvenA.jpg")) + " -o " + Quote(out) +
                  " --payload FEDCBA9876543210 --key-file " + Quote(key_file) + " --strength 1.5");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto with_key = RunCli("watermark detect --json --key s3cr3t " + Quote(out));
  ASSERT_EQ(with_key.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(with_key.out)["watermark"]["payload"], "fedcba9876543210");
  auto default_key = RunCli("watermark detect --json " + Quote(out));
  ASSERT_EQ(default_key.exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(default_key.out)["watermark"]["detected"], false);
  auto text = RunCli("watermark detect --key-file " + Quote(key_file) + " " + Quote(out));
  EXPECT_NE(text.out.find("payload fedcba9876543210"), std::string::npos) << text.out;
}

TEST(WatermarkCli, ExitCodes) {
  test::TempDir dir;
  const std::string in = test::OpenCvData("building.jpg");
  // 2: usage (bad payload, missing -o, both key flags, bad strength).
  EXPECT_EQ(RunCli("watermark embed " + Quote(in) + " -o " + Quote(dir.File("a.jpg")) + " --payload 123").exit_code, 2);
  EXPECT_EQ(RunCli("watermark embed " + Quote(in) + " --payload 0123456789abcdef").exit_code, 2);
  EXPECT_EQ(RunCli("watermark detect --key a --key-file " + Quote(in) + " " + Quote(in)).exit_code, 2);
  EXPECT_EQ(RunCli("watermark embed " + Quote(in) + " -o " + Quote(dir.File("a.jpg")) +
                   " --payload 0123456789abcdef --strength 0").exit_code, 2);
  EXPECT_EQ(RunCli("watermark").exit_code, 2);
  // 1: an input failed, named on stderr and in the JSON error; the others are still reported.
  test::WriteBytes(dir.File("junk.jpg"), {0xFF, 0xD8, 0xFF, 0x00, 0x01});
  auto d = RunCli("watermark detect --json " + Quote(dir.File("junk.jpg")) + " " + Quote(in));
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_NE(d.err.find("junk.jpg"), std::string::npos);
  auto lines = test::Lines(d.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_FALSE(nlohmann::json::parse(lines[0])["error"].is_null());
  EXPECT_TRUE(nlohmann::json::parse(lines[1])["error"].is_null());
  auto e = RunCli("watermark embed " + Quote(dir.File("junk.jpg")) + " -o " + Quote(dir.File("b.jpg")) +
                  " --payload 0123456789abcdef");
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_FALSE(test::HaveTool("false") && std::ifstream(dir.File("b.jpg")).good());
}

}  // namespace
}  // namespace aigcmark
