// End-to-end: `aigcmark visible add|check` and the visible object in `aigcmark detect --json`.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/test_util.h"

namespace aigcmark::test {
namespace {

nlohmann::json ParseLine(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << line;
  return j;
}

void ExpectVisibleShape(const nlohmann::json& v) {
  ASSERT_TRUE(v.is_object());
  for (const char* key : {"detected", "text", "position", "box", "height_ratio", "compliant", "problems"}) {
    EXPECT_TRUE(v.contains(key)) << key;
  }
  EXPECT_TRUE(v["box"].is_array());
  EXPECT_EQ(v["box"].size(), 4u);
  EXPECT_TRUE(v["problems"].is_array());
}

TEST(VisibleCli, AddThenCheckJson) {
  TempDir dir;
  std::string in = RealPhotos().front(), out = dir.File("labelled.jpg");
  CommandResult add = RunCli("visible add " + Quote(in) + " -o " + Quote(out));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("bottom-right"), std::string::npos);
  ASSERT_TRUE(std::filesystem::exists(out));

  std::string unlabeled = RealPhotos()[1];
  CommandResult check = RunCli("visible check " + Quote(out) + " " + Quote(unlabeled) + " --json");
  ASSERT_EQ(check.exit_code, 0) << check.err;
  std::vector<std::string> lines = Lines(check.out);
  ASSERT_EQ(lines.size(), 2u);
  nlohmann::json a = ParseLine(lines[0]);
  EXPECT_EQ(a["file"], out);
  EXPECT_TRUE(a["error"].is_null());
  ExpectVisibleShape(a["visible"]);
  EXPECT_EQ(a["visible"]["detected"], true);
  EXPECT_EQ(a["visible"]["text"], "AI生成");
  EXPECT_EQ(a["visible"]["position"], "bottom-right");
  EXPECT_EQ(a["visible"]["compliant"], true);
  EXPECT_GE(a["visible"]["height_ratio"].get<double>(), 0.05);
  EXPECT_TRUE(a["visible"]["problems"].empty());
  nlohmann::json b = ParseLine(lines[1]);
  EXPECT_EQ(b["visible"]["detected"], false);

  // Plain text output names the file and the result.
  CommandResult text = RunCli("visible check " + Quote(out));
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("AI生成"), std::string::npos);
  EXPECT_NE(text.out.find("compliant"), std::string::npos);
}

// A JPEG with a comment (fruits.jpg) written as WebP or TIFF, formats without a comment carrier.
TEST(VisibleCli, AddConvertsAJpegWithACommentToOtherFormats) {
  TempDir dir;
  std::string in = OpenCvData("fruits.jpg");
  ASSERT_TRUE(std::filesystem::exists(in)) << in;
  for (const char* ext : {"webp", "tif", "png"}) {
    SCOPED_TRACE(ext);
    std::string out = dir.File(std::string("out.") + ext);
    CommandResult add = RunCli("visible add " + Quote(in) + " -o " + Quote(out));
    ASSERT_EQ(add.exit_code, 0) << add.err;
    CommandResult check = RunCli("visible check --json " + Quote(out));
    ASSERT_EQ(check.exit_code, 0) << check.err;
    nlohmann::json j = ParseLine(Lines(check.out).at(0));
    EXPECT_EQ(j["visible"]["detected"], true) << check.out;
    EXPECT_EQ(j["visible"]["compliant"], true) << check.out;
  }
}

TEST(VisibleCli, AddOptions) {
  TempDir dir;
  std::string in = RealPhotos().front(), out = dir.File("top.png");
  CommandResult add = RunCli("visible add " + Quote(in) + " -o " + Quote(out) +
                             " --text 人工智能生成 --position top-left --backing plate --color '#ffff00'"
                             " --height-ratio 0.07 --margin 10 --opacity 0.9");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  CommandResult check = RunCli("visible check --json " + Quote(out));
  ASSERT_EQ(check.exit_code, 0);
  nlohmann::json j = ParseLine(Lines(check.out).at(0));
  EXPECT_EQ(j["visible"]["text"], "人工智能生成");
  EXPECT_EQ(j["visible"]["position"], "top-left");
  EXPECT_NEAR(j["visible"]["height_ratio"].get<double>(), 0.07, 0.01);
}

TEST(VisibleCli, DetectJsonCarriesTheSameObject) {
  TempDir dir;
  std::string out = dir.File("labelled.png");
  ASSERT_EQ(RunCli("visible add " + Quote(RealPhotos().front()) + " -o " + Quote(out)).exit_code, 0);
  CommandResult r = RunCli("detect --json --visible " + Quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = ParseLine(Lines(r.out).at(0));
  ExpectVisibleShape(j["visible"]);
  EXPECT_EQ(j["visible"]["detected"], true);
  EXPECT_EQ(j["visible"]["text"], "AI生成");
  EXPECT_EQ(j["visible"]["compliant"], true);
}

// A PNG stored sideways (EXIF Orientation 6 in its eXIf chunk): `visible add` draws the label
// upright in the corner the viewer sees, and `visible check` and `detect --visible` report it
// there, in the coordinates of the displayed 600x868 picture.
TEST(VisibleCli, SidewaysPngIsLabelledAndCheckedAsDisplayed) {
  if (!HaveTool("exiftool") || !HaveTool("ffmpeg")) GTEST_SKIP() << "exiftool or ffmpeg missing";
  TempDir dir;
  const std::string photo = OpenCvData("building.jpg");  // 868x600 landscape
  ASSERT_TRUE(std::filesystem::exists(photo)) << photo;
  const std::string in = dir.File("sideways.png"), out = dir.File("labelled.png");
  ASSERT_EQ(test::Run("ffmpeg -nostdin -v error -i " + Quote(photo) + " " + Quote(in)).exit_code,
            0);
  ASSERT_EQ(test::Run("exiftool -q -overwrite_original -Orientation#=6 " + Quote(in)).exit_code, 0);
  CommandResult add = RunCli("visible add " + Quote(in) + " -o " + Quote(out));
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(test::Run("exiftool -a -s3 -n -Orientation " + Quote(out)).out, "6\n");
  for (const std::string& cmd : {"visible check --json ", "detect --json --visible "}) {
    SCOPED_TRACE(cmd);
    CommandResult r = RunCli(cmd + Quote(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json v = ParseLine(Lines(r.out).at(0))["visible"];
    ExpectVisibleShape(v);
    EXPECT_EQ(v["detected"], true);
    EXPECT_EQ(v["compliant"], true);
    EXPECT_EQ(v["position"], "bottom-right");
    // Below row 600, which only exists in the displayed (turned) picture.
    EXPECT_GE(v["box"][0].get<int>(), 300);
    EXPECT_GT(v["box"][1].get<int>() + v["box"][3].get<int>(), 600);
  }
}

TEST(VisibleCli, ExitCodes) {
  TempDir dir;
  std::string in = dir.File("in.jpg");
  CopyFile(RealPhotos().front(), in);
  // Usage errors: bad position, bad colour, no output, output equal to input.
  EXPECT_EQ(RunCli("visible add " + Quote(in) + " -o " + Quote(dir.File("o.jpg")) + " --position middle").exit_code, 2);
  EXPECT_EQ(RunCli("visible add " + Quote(in) + " -o " + Quote(dir.File("o.jpg")) + " --color nope").exit_code, 2);
  EXPECT_EQ(RunCli("visible add " + Quote(in)).exit_code, 2);
  EXPECT_EQ(RunCli("visible add " + Quote(in) + " -o " + Quote(in)).exit_code, 2);
  EXPECT_EQ(RunCli("visible add " + Quote(in) + " -o " + Quote(dir.File("o.jpg")) + " --height-ratio 0.03").exit_code, 2);
  EXPECT_EQ(RunCli("visible").exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.File("o.jpg")));
  // Input failures: missing font names the font; unreadable input names the file.
  CommandResult font = RunCli("visible add " + Quote(in) + " -o " + Quote(dir.File("o.jpg")) +
                              " --font /nonexistent/font.ttf");
  EXPECT_EQ(font.exit_code, 1);
  EXPECT_NE(font.err.find("/nonexistent/font.ttf"), std::string::npos) << font.err;
  std::string junk = dir.File("junk.png");
  WriteBytes(junk, {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0});
  CommandResult check = RunCli("visible check --json " + Quote(junk) + " " + Quote(in));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("junk.png"), std::string::npos);
  std::vector<std::string> lines = Lines(check.out);
  ASSERT_EQ(lines.size(), 2u);  // the good file is still checked
  nlohmann::json bad = ParseLine(lines[0]);
  EXPECT_TRUE(bad["error"].is_string());
  EXPECT_TRUE(bad["visible"].is_null());
  EXPECT_TRUE(ParseLine(lines[1])["error"].is_null());
}

}  // namespace
}  // namespace aigcmark::test
