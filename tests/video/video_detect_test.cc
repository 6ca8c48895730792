// Detect on video: watermark over sampled frames, visible label on the opening seconds.
#include <gtest/gtest.h>

#include <filesystem>

#include "aigcmark/detect.h"
#include "aigcmark/video.h"
#include "video/video_test_util.h"

namespace aigcmark {
namespace {

using test::Ffmpeg;
using test::Quote;

std::string MakeClip(const test::TempDir& dir, const std::string& name, const std::string& src,
                     double seconds) {
  std::string path = dir.File(name);
  Ffmpeg("-f lavfi -i " + src + "=size=640x360:rate=25:duration=" + std::to_string(seconds) +
         " -f lavfi -i sine=duration=" + std::to_string(seconds) +
         " -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest " + Quote(path));
  return path;
}

TEST(VideoDetect, WatermarkAndMetadataAgree) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "testsrc2", 3);
  std::string out = dir.File("out.mp4");
  LabelMediaOptions o;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "v-42";
  o.encode.preset = "veryfast";
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->watermark_check.has_value());
  EXPECT_TRUE(r->watermark_check->detected);

  DetectReport d = Detect(out);
  ASSERT_FALSE(d.error.has_value()) << *d.error;
  ASSERT_TRUE(d.watermark.has_value());
  EXPECT_TRUE(d.watermark->detected);
  ASSERT_TRUE(d.watermark->payload.has_value());
  EXPECT_EQ(*d.watermark->payload, r->payload);
  EXPECT_LE(d.watermark->false_alarm, 1e-6);
  EXPECT_EQ(d.watermark_matches_label, std::optional<bool>(true));
  ASSERT_TRUE(d.frames_checked.has_value());
  EXPECT_GE(*d.frames_checked, 4);
  EXPECT_EQ(Classify(d), Verdict::kLabeled);

  // The original carries nothing.
  DetectReport clean = Detect(in);
  ASSERT_FALSE(clean.error.has_value()) << *clean.error;
  ASSERT_TRUE(clean.watermark.has_value());
  EXPECT_FALSE(clean.watermark->detected);
  EXPECT_EQ(Classify(clean), Verdict::kUnlabeled);

  // Bytes in memory (archive members) give the same answer.
  DetectReport mem = DetectFromMemory(test::ReadBytes(out), "member.mp4");
  ASSERT_FALSE(mem.error.has_value()) << *mem.error;
  ASSERT_TRUE(mem.watermark && mem.watermark->payload);
  EXPECT_EQ(*mem.watermark->payload, r->payload);
}

TEST(VideoDetect, VisibleLabelFoundAndTimed) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "testsrc2", 5);
  std::string out = dir.File("out.mp4");
  LabelMediaOptions o;
  o.watermark = false;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "v-43";
  o.encode.preset = "veryfast";
  ASSERT_TRUE(LabelMedia(in, out, o).ok());
  DetectOptions d;
  d.visible = true;
  d.watermark = false;
  DetectReport rep = Detect(out, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  ASSERT_TRUE(rep.visible.has_value());
  EXPECT_TRUE(rep.visible->detected);
  EXPECT_TRUE(rep.visible->compliant) << ::testing::PrintToString(rep.visible->problems);
  EXPECT_GE(rep.visible->height_ratio, 0.05);
  EXPECT_GE(rep.frames_checked.value_or(0), 5);
  // The default label stays 3 s; probes every 0.5 s bound the estimate.
  ASSERT_TRUE(rep.visible_seconds.has_value());
  EXPECT_GE(*rep.visible_seconds, 2.5);
  EXPECT_LE(*rep.visible_seconds, 4.0);

  DetectReport clean = Detect(in, d);
  ASSERT_TRUE(clean.visible.has_value());
  EXPECT_FALSE(clean.visible->detected);
}

TEST(VideoDetect, LabelShownTooBrieflyIsNotCompliant) {
  test::TempDir dir;
  const char* font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
  if (!std::filesystem::exists(font)) GTEST_SKIP() << "fonts-noto-cjk not installed";
  std::string in = dir.File("brief.mp4");
  // "AI生成" drawn by ffmpeg itself for only the first second.
  Ffmpeg(std::string("-f lavfi -i testsrc2=size=640x360:rate=25:duration=5 -vf ") +
         "\"drawtext=fontfile=" + font + ":text='AI生成':fontsize=40:fontcolor=white:"
         "box=1:boxcolor=black@0.8:boxborderw=8:x=w-tw-20:y=h-th-20:enable='lt(t,1)'\" "
         "-c:v libx264 -pix_fmt yuv420p " + Quote(in));
  DetectOptions d;
  d.visible = true;
  d.watermark = false;
  DetectReport rep = Detect(in, d);
  ASSERT_FALSE(rep.error.has_value()) << *rep.error;
  ASSERT_TRUE(rep.visible.has_value());
  ASSERT_TRUE(rep.visible->detected);
  EXPECT_FALSE(rep.visible->compliant);
  std::string problems = ::testing::PrintToString(rep.visible->problems);
  EXPECT_NE(problems.find("at least 2 s"), std::string::npos) << problems;
  ASSERT_TRUE(rep.visible_seconds.has_value());
  EXPECT_LT(*rep.visible_seconds, 2.0);
}

}  // namespace
}  // namespace aigcmark
