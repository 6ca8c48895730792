// Broken or unusable video inputs: a clear error naming the file, and nothing left at -o.
#include <gtest/gtest.h>

#include <filesystem>

#include "aigcmark/detect.h"
#include "aigcmark/video.h"
#include "video/video_test_util.h"

namespace aigcmark {
namespace {

using test::Ffmpeg;
using test::Quote;

LabelMediaOptions Opts() {
  LabelMediaOptions o;
  o.watermark = false;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "bad-1";
  o.encode.preset = "ultrafast";
  return o;
}

// Labels `in` and expects failure naming the file and containing `expected`; no output left.
void ExpectCleanFailure(const test::TempDir& dir, const std::string& in,
                        const std::string& expected, const LabelMediaOptions& o = Opts()) {
  auto before = test::ListDir(dir.path());
  std::string out = dir.File("out.mp4");
  auto r = LabelMedia(in, out, o);
  ASSERT_FALSE(r.ok()) << in;
  EXPECT_NE(r.status().message().find(in), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find(expected), std::string::npos) << r.status().message();
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(test::ListDir(dir.path()), before) << "a temp file was left behind";
}

std::string MakeMp4(const test::TempDir& dir, const std::string& name, const std::string& extra) {
  std::string path = dir.File(name);
  Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -f lavfi -i sine=duration=2 "
         "-c:v libx264 -pix_fmt yuv420p -c:a aac " + extra + " " + Quote(path));
  return path;
}

void Truncate(const std::string& path, double keep) {
  auto bytes = test::ReadBytes(path);
  bytes.resize(static_cast<size_t>(bytes.size() * keep));
  test::WriteBytes(path, bytes);
}

TEST(VideoBadInput, MissingMoov) {
  test::TempDir dir;
  std::string in = MakeMp4(dir, "nomoov.mp4", "");  // moov at the end: cut it off
  Truncate(in, 0.7);
  ExpectCleanFailure(dir, in, "moov");
}

TEST(VideoBadInput, TruncatedMdat) {
  test::TempDir dir;
  std::string in = MakeMp4(dir, "cut.mp4", "-movflags +faststart");  // moov first, data cut
  Truncate(in, 0.6);
  ExpectCleanFailure(dir, in, "truncated");
}

TEST(VideoBadInput, NoVideoStream) {
  test::TempDir dir;
  std::string in = dir.File("audio.m4a");
  Ffmpeg("-f lavfi -i sine=duration=1 -c:a aac " + Quote(in));
  ExpectCleanFailure(dir, in, "no video stream");
  DetectReport d = Detect(in);
  ASSERT_TRUE(d.error.has_value());
  EXPECT_NE(d.error->find("no video stream"), std::string::npos) << *d.error;
}

TEST(VideoBadInput, UnsupportedCodec) {
  test::TempDir dir;
  std::string in = dir.File("odd.avi");
  Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=1 -c:v mpeg4 -vtag XVID " + Quote(in));
  // Rename the codec's FourCC (stream header and bitmap header) to one no decoder knows.
  auto bytes = test::ReadBytes(in);
  int replaced = 0;
  for (size_t i = 0; i + 4 <= bytes.size(); ++i) {
    if ((bytes[i] == 'X' || bytes[i] == 'x') && (bytes[i + 1] == 'V' || bytes[i + 1] == 'v') &&
        (bytes[i + 2] == 'I' || bytes[i + 2] == 'i') && (bytes[i + 3] == 'D' || bytes[i + 3] == 'd')) {
      bytes[i] = 'Q', bytes[i + 1] = 'Q', bytes[i + 2] = 'Z', bytes[i + 3] = 'Z';
      ++replaced;
    }
  }
  ASSERT_GE(replaced, 2);
  test::WriteBytes(in, bytes);
  ExpectCleanFailure(dir, in, "unsupported video codec");
}

TEST(VideoBadInput, NotAVideoAtAll) {
  test::TempDir dir;
  std::string in = dir.File("junk.mp4");
  std::string s = "....ftypisom" + std::string(200, 'x');
  test::WriteBytes(in, std::vector<uint8_t>(s.begin(), s.end()));
  auto before = test::ListDir(dir.path());
  auto r = LabelMedia(in, dir.File("out.mp4"), Opts());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(in), std::string::npos) << r.status().message();
  EXPECT_EQ(test::ListDir(dir.path()), before);
}

TEST(VideoBadInput, BadOptions) {
  test::TempDir dir;
  std::string in = MakeMp4(dir, "ok.mp4", "");
  auto before = test::ListDir(dir.path());
  LabelMediaOptions o = Opts();
  o.visible_seconds = 1.0;
  EXPECT_EQ(LabelMedia(in, dir.File("a.mp4"), o).status().code(), StatusCode::kInvalidArgument);
  o = Opts();
  o.encode.preset = "warp-speed";
  EXPECT_EQ(LabelMedia(in, dir.File("b.mp4"), o).status().code(), StatusCode::kInvalidArgument);
  o = Opts();
  EXPECT_EQ(LabelMedia(in, dir.File("c.avi"), o).status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(LabelMedia(in, in, o).status().code(), StatusCode::kInvalidArgument);
  o.update.label = "7";
  EXPECT_EQ(LabelMedia(in, dir.File("d.mp4"), o).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(test::ListDir(dir.path()), before);
}

}  // namespace
}  // namespace aigcmark
