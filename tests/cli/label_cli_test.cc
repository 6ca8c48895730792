// End-to-end: `aigcmark label` on videos and images, then `aigcmark detect` and ffprobe.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/test_util.h"

namespace aigcmark::test {
namespace {

const char* kLabelFlags = " --producer ACME-AI --produce-id cli-1 ";

std::string MakeClip(const TempDir& dir, const std::string& name, const std::string& size,
                     int seconds, const std::string& preset = "veryfast") {
  std::string path = dir.File(name);
  std::string d = std::to_string(seconds);
  CommandResult r = Run("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=" + size +
                        ":rate=25:duration=" + d + " -f lavfi -i sine=duration=" + d +
                        " -c:v libx264 -preset " + preset + " -pix_fmt yuv420p -c:a aac -shortest " +
                        Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

std::string FormatTag(const std::string& path, const std::string& key) {
  CommandResult r = Run("ffprobe -v error -show_entries format_tags=" + key +
                        " -of default=nw=1:nk=1 " + Quote(path));
  std::string s = r.out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> v;
  for (const auto& e : std::filesystem::directory_iterator(dir)) v.push_back(e.path().filename());
  std::sort(v.begin(), v.end());
  return v;
}

TEST(LabelCli, VideoWithoutWatermarkThenDetect) {
  TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "320x240", 3);
  std::string out = dir.File("out.mp4");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags +
                           "--no-watermark --preset veryfast --crf 20 --visible-duration 2.5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("labelled"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("visible label on 63 frames"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("re-encoded with libx264"), std::string::npos) << r.out;
  EXPECT_NE(FormatTag(out, "AIGC").find("\"ProduceID\":\"cli-1\""), std::string::npos);

  CommandResult d = RunCli("detect --json --visible " + Quote(out));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto j = nlohmann::json::parse(d.out);
  EXPECT_EQ(j["format"], "mp4");
  EXPECT_EQ(j["metadata"]["aigc"]["ProduceID"], "cli-1");
  EXPECT_TRUE(j["visible"]["detected"].get<bool>()) << d.out;
  EXPECT_TRUE(j["visible"]["compliant"].get<bool>()) << d.out;
  EXPECT_GE(j["frames_checked"].get<int>(), 5);
  EXPECT_EQ(j["verdict"], "labeled");
}

TEST(LabelCli, VideoFullLabelIsFoundByDetect) {
  TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "640x360", 3);
  std::string out = dir.File("out.mkv");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags +
                           "--preset veryfast");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("watermark "), std::string::npos) << r.out;
  CommandResult d = RunCli("detect --json " + Quote(out));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto j = nlohmann::json::parse(d.out);
  EXPECT_TRUE(j["watermark"]["detected"].get<bool>()) << d.out;
  EXPECT_EQ(j["watermark"]["matches_metadata"], true) << d.out;
  EXPECT_GE(j["frames_checked"].get<int>(), 4);
}

TEST(LabelCli, MetadataOnlyIsStreamCopy) {
  TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "320x240", 2);
  std::string out = dir.File("out.mp4");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags +
                           "--no-visible --no-watermark");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto md5 = [](const std::string& p) {
    return test::Run("ffmpeg -nostdin -v error -i " + Quote(p) +
               " -map 0:v -c copy -f framemd5 - | grep -v '^#'").out;
  };
  EXPECT_EQ(md5(in), md5(out));
  EXPECT_FALSE(FormatTag(out, "AIGC").empty());
}

TEST(LabelCli, ImageWithoutWatermark) {
  TempDir dir;
  std::string in = OpenCvData("home.jpg");
  if (!std::filesystem::exists(in)) GTEST_SKIP() << "opencv-doc not installed";
  std::string out = dir.File("home-ai.jpg");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags +
                           "--no-watermark --text 'AI生成' --position top-left");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  CommandResult d = RunCli("detect --json --visible --no-watermark " + Quote(out));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto j = nlohmann::json::parse(d.out);
  EXPECT_EQ(j["metadata"]["aigc"]["ContentProducer"], "ACME-AI");
  EXPECT_TRUE(j["visible"]["detected"].get<bool>()) << d.out;
  EXPECT_EQ(j["visible"]["position"], "top-left") << d.out;
}

TEST(LabelCli, ImageFullLabel) {
  TempDir dir;
  std::string in = OpenCvData("baboon.jpg");
  if (!std::filesystem::exists(in)) GTEST_SKIP() << "opencv-doc not installed";
  std::string out = dir.File("baboon-ai.png");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  CommandResult d = RunCli("detect --json " + Quote(out));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto j = nlohmann::json::parse(d.out);
  EXPECT_EQ(j["format"], "png");
  EXPECT_TRUE(j["watermark"]["detected"].get<bool>()) << d.out;
  EXPECT_EQ(j["watermark"]["matches_metadata"], true) << d.out;
  // Compliant by default: generated media says so in IPTC terms too.
  EXPECT_EQ(j["metadata"]["digital_source_type"],
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
}

TEST(LabelCli, DigitalSourceTypeCanBeChangedOrLeftOut) {
  TempDir dir;
  std::string in = OpenCvData("fruits.jpg");
  std::string none = dir.File("none.jpg"), other = dir.File("other.jpg");
  ASSERT_EQ(RunCli("label " + Quote(in) + " -o " + Quote(none) + kLabelFlags +
                   "--no-watermark --no-visible --digital-source-type none").exit_code, 0);
  auto j = nlohmann::json::parse(RunCli("detect --json --no-watermark " + Quote(none)).out);
  EXPECT_TRUE(j["metadata"]["digital_source_type"].is_null()) << j.dump();
  const std::string composite =
      "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
  ASSERT_EQ(RunCli("label " + Quote(in) + " -o " + Quote(other) + kLabelFlags +
                   "--no-watermark --no-visible --digital-source-type " + composite).exit_code, 0);
  j = nlohmann::json::parse(RunCli("detect --json --no-watermark " + Quote(other)).out);
  EXPECT_EQ(j["metadata"]["digital_source_type"], composite);
}

// A 16-bit PNG: the commands that rewrite pixels (which are 8-bit) refuse it, naming the file
// and leaving nothing behind, rather than silently writing an 8-bit copy; a metadata-only label
// keeps its pixels, 16-bit, as they are; detection reads it.
TEST(LabelCli, SixteenBitPixelsAreNotSilentlyReduced) {
  if (!HaveTool("ffmpeg") || !HaveTool("exiftool")) GTEST_SKIP() << "ffmpeg or exiftool missing";
  TempDir dir;
  const std::string in = dir.File("deep.png");
  ASSERT_EQ(test::Run("ffmpeg -loglevel error -y -i " + Quote(OpenCvData("fruits.jpg")) +
                      " -pix_fmt rgb48be " + Quote(in)).exit_code, 0);
  const auto before = ReadBytes(in);
  for (const std::string& args :
       {"watermark embed " + Quote(in) + " -o " + Quote(dir.File("w.png")) +
            " --payload 0123456789abcdef",
        "visible add " + Quote(in) + " -o " + Quote(dir.File("v.png")),
        "label " + Quote(in) + " -o " + Quote(dir.File("l.png")) + kLabelFlags}) {
    CommandResult r = RunCli(args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(in), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("16-bit"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"deep.png"});
  EXPECT_EQ(ReadBytes(in), before);
  const std::string meta = dir.File("m.png");
  CommandResult m =
      RunCli("label " + Quote(in) + " -o " + Quote(meta) + kLabelFlags + "--no-watermark --no-visible");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(test::Run("exiftool -s -s -s -BitDepth " + Quote(meta)).out, "16\n");
  CommandResult d = RunCli("detect --json " + Quote(in) + " " + Quote(meta));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const auto lines = Lines(d.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["metadata"]["aigc"]["ContentProducer"], "ACME-AI");
}

TEST(LabelCli, BadInputExitsOneAndLeavesNothing) {
  TempDir dir;
  std::string in = MakeClip(dir, "cut.mp4", "320x240", 2);
  auto bytes = ReadBytes(in);
  bytes.resize(bytes.size() / 2);  // the moov box at the end is gone
  WriteBytes(in, bytes);
  std::string out = dir.File("out.mp4");
  CommandResult r = RunCli("label " + Quote(in) + " -o " + Quote(out) + kLabelFlags);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(in), std::string::npos) << r.err;
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"cut.mp4"});
}

TEST(LabelCli, UsageErrorsExitTwo) {
  TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "320x240", 2);
  std::string out = Quote(dir.File("out.mp4"));
  EXPECT_EQ(RunCli("label " + Quote(in) + " -o " + out + kLabelFlags + "--visible-duration 1").exit_code, 2);
  EXPECT_EQ(RunCli("label " + Quote(in) + " -o " + out + kLabelFlags + "--visible-duration soon").exit_code, 2);
  EXPECT_EQ(RunCli("label " + Quote(in) + " -o " + out + kLabelFlags + "--position middle").exit_code, 2);
  EXPECT_EQ(RunCli("label " + Quote(in) + " -o " + out + kLabelFlags + "--codec mpeg2").exit_code, 2);
  EXPECT_EQ(RunCli("label " + Quote(in) + kLabelFlags).exit_code, 2);  // no -o
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"in.mp4"});
}

TEST(LabelCli, ProgressOnATerminalOnly) {
  if (!HaveTool("script")) GTEST_SKIP() << "script(1) not installed";
  TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "320x240", 2);
  std::string cmd = Quote(AIGCMARK_CLI) + " label " + Quote(in) + " -o " +
                    Quote(dir.File("tty.mp4")) + kLabelFlags + "--no-watermark --preset veryfast";
  // script(1) gives the CLI a terminal; its output then carries the progress line.
  CommandResult tty = test::Run("script -qec " + Quote(cmd) + " /dev/null");
  ASSERT_EQ(tty.exit_code, 0) << tty.out << tty.err;
  EXPECT_NE(tty.out.find("frame 50/50"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("fps"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("ETA"), std::string::npos) << tty.out;
  CommandResult pipe = RunCli("label " + Quote(in) + " -o " + Quote(dir.File("pipe.mp4")) +
                              kLabelFlags + "--no-watermark --preset veryfast");
  ASSERT_EQ(pipe.exit_code, 0) << pipe.err;
  EXPECT_EQ(pipe.err.find("fps"), std::string::npos) << pipe.err;
}

TEST(LabelCli, InterruptLeavesNoOutput) {
  TempDir dir;
  // Big and slow enough that SIGINT arrives mid-encode.
  std::string in = MakeClip(dir, "in.mp4", "1280x720", 8, "ultrafast");
  std::string out = dir.File("out.mp4");
  // Interrupt only once the encode has visibly started (its temp output exists), so a loaded
  // machine that is slow to start the CLI cannot turn this into a race with the handler.
  CommandResult r = test::Run(
      Quote(AIGCMARK_CLI) + " label " + Quote(in) + " -o " +
      Quote(out) + kLabelFlags + "--no-watermark --preset veryslow & pid=$!; "
      "for i in $(seq 1 1200); do ls -A " + Quote(dir.path()) + " | grep -q '^\\.out\\.mp4\\..*\\.tmp$' && break; sleep 0.05; done; "
      "kill -INT $pid; wait $pid");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  EXPECT_EQ(Entries(dir.path()), std::vector<std::string>{"in.mp4"});
}

}  // namespace
}  // namespace aigcmark::test
