// LabelMedia on video: what must survive (audio, timing, rotation, colour, chapters, tags),
// what must be added (AIGC tag, visible label), and the stream-copy path.
#include <gtest/gtest.h>

#include <atomic>
#include <strings.h>

#include <cmath>
#include <filesystem>

#include "aigcmark/detect.h"
#include "aigcmark/metadata.h"
#include "aigcmark/video.h"
#include "video/video_test_util.h"

namespace aigcmark {
namespace {

using test::Ffmpeg;
using test::Probe;
using test::StreamOf;

// testsrc2 with a sine tone: the usual synthetic clip.
std::string MakeClip(const test::TempDir& dir, const std::string& name, const std::string& extra,
                     const std::string& size = "320x240", double seconds = 3.0) {
  std::string path = dir.File(name);
  char dur[32];
  std::snprintf(dur, sizeof(dur), "%.2f", seconds);
  Ffmpeg("-f lavfi -i testsrc2=size=" + size + ":rate=25:duration=" + dur +
         " -f lavfi -i sine=frequency=440:sample_rate=44100:duration=" + dur + " " + extra +
         " -shortest " + test::Quote(path));
  return path;
}

LabelMediaOptions NoWatermark() {
  LabelMediaOptions o;
  o.watermark = false;
  o.update.content_producer = "ACME-AI";
  o.update.produce_id = "clip-0001";
  o.encode.preset = "veryfast";
  return o;
}

// A container tag, whatever its case (Matroska stores tag names upper-case).
std::string Tag(const nlohmann::json& probe, const std::string& key) {
  if (!probe.contains("format") || !probe["format"].contains("tags")) return "";
  for (const auto& [k, v] : probe["format"]["tags"].items()) {
    if (strcasecmp(k.c_str(), key.c_str()) == 0) return v.get<std::string>();
  }
  return "";
}

double Num(const nlohmann::json& j, const char* key) {
  return j.contains(key) ? std::atof(j[key].get<std::string>().c_str()) : -1.0;
}

TEST(VideoLabel, Mp4KeepsAudioTimingAndAddsTag) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "-c:v libx264 -pix_fmt yuv420p -c:a aac");
  std::string out = dir.File("out.mp4");
  LabelMediaOptions o = NoWatermark();
  o.digital_source_type = kTrainedAlgorithmicMedia;
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->reencoded);
  EXPECT_EQ(r->video_codec, "libx264");
  EXPECT_EQ(r->frames, 75);
  EXPECT_EQ(r->frames_labelled, 75);  // default 3 s on a 3 s clip: every frame

  nlohmann::json pi = Probe(in), po = Probe(out);
  // The label as ffprobe shows it (mdta key AIGC in moov/udta/meta).
  ASSERT_TRUE(po["format"]["tags"].contains("AIGC")) << po.dump(1);
  EXPECT_EQ(po["format"]["tags"]["AIGC"], LabelToJson(r->label));
  EXPECT_EQ(r->label.content_producer, "ACME-AI");
  // Audio packets untouched.
  EXPECT_EQ(test::PacketMd5(in, "0:a"), test::PacketMd5(out, "0:a"));
  // Frame count, frame rate and duration kept.
  EXPECT_EQ(test::CountFrames(out), test::CountFrames(in));
  nlohmann::json vi = StreamOf(pi, "video"), vo = StreamOf(po, "video");
  EXPECT_EQ(vo["r_frame_rate"], vi["r_frame_rate"]);
  EXPECT_EQ(vo["avg_frame_rate"], vi["avg_frame_rate"]);
  EXPECT_NEAR(Num(vo, "duration"), Num(vi, "duration"), 0.001);
  EXPECT_NEAR(Num(po["format"], "duration"), Num(pi["format"], "duration"), 0.03);
  EXPECT_EQ(vo["pix_fmt"], "yuv420p");
  // The project's own reader agrees.
  auto md = ReadMetadata(out);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ASSERT_TRUE(md->aigc.has_value());
  EXPECT_EQ(*md->aigc, r->label);
  EXPECT_EQ(md->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);
}

TEST(VideoLabel, SubtitlesCopiedUntouched) {
  test::TempDir dir;
  std::string srt = dir.File("subs.srt");
  std::string text =
      "1\n00:00:00,200 --> 00:00:01,000\nHello\n\n2\n00:00:01,500 --> 00:00:02,500\nWorld\n";
  test::WriteBytes(srt, std::vector<uint8_t>(text.begin(), text.end()));
  std::string in = MakeClip(dir, "in.mp4", "-f srt -i " + test::Quote(srt) +
                                               " -map 0 -map 1 -map 2 -c:v libx264 -pix_fmt "
                                               "yuv420p -c:a aac -c:s mov_text");
  std::string out = dir.File("out.mp4");
  auto r = LabelMedia(in, out, NoWatermark());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  nlohmann::json po = Probe(out);
  EXPECT_EQ(StreamOf(po, "subtitle").value("codec_name", ""), "mov_text");
  EXPECT_EQ(test::PacketFrameMd5(in, "0:s"), test::PacketFrameMd5(out, "0:s"));
  EXPECT_EQ(test::PacketMd5(in, "0:a"), test::PacketMd5(out, "0:a"));
}

TEST(VideoLabel, VisibleLabelOnOpeningSecondsOnly) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "-c:v libx264 -pix_fmt yuv420p -c:a aac", "640x360", 4.0);
  std::string out = dir.File("out.mp4");
  LabelMediaOptions o = NoWatermark();
  o.visible_seconds = 2.0;
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->frames, 100);
  EXPECT_EQ(r->frames_labelled, 50);  // t < 2 s at 25 fps

  // Read frames back at 0.2 s, 1.8 s (labelled) and 3 s (not) and look for the label.
  auto frame_at = [&](double t) {
    std::string png = dir.File("f" + std::to_string(static_cast<int>(t * 10)) + ".png");
    Ffmpeg("-ss " + std::to_string(t) + " -i " + test::Quote(out) + " -frames:v 1 " + test::Quote(png));
    auto img = ReadImageFile(png);
    EXPECT_TRUE(img.ok()) << img.status().ToString();
    return img.ok() ? *img : Image{};
  };
  for (double t : {0.2, 1.8}) {
    auto v = CheckVisibleLabel(frame_at(t));
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    EXPECT_TRUE(v->detected) << "no visible label at t=" << t;
    EXPECT_TRUE(v->compliant) << "t=" << t;
    EXPECT_GE(v->height_ratio, 0.05);
  }
  auto late = CheckVisibleLabel(frame_at(3.0));
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->detected) << "label still shown at 3 s: " << late->text;
}

TEST(VideoLabel, RotationColourChaptersAndTagsPreserved) {
  test::TempDir dir;
  std::string base = MakeClip(dir, "base.mp4",
                              "-c:v libx264 -pix_fmt yuv420p -color_primaries bt709 "
                              "-color_trc bt709 -colorspace bt709 -color_range tv -c:a aac");
  std::string meta = dir.File("meta.txt");
  test::WriteBytes(meta, [] {
    std::string s =
        ";FFMETADATA1\ntitle=Sample clip\ncomment=made for a test\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1500\ntitle=Opening\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=1500\nEND=3000\ntitle=Rest\n";
    return std::vector<uint8_t>(s.begin(), s.end());
  }());
  std::string in = dir.File("in.mkv");
  Ffmpeg("-i " + test::Quote(base) + " -i " + test::Quote(meta) +
         " -map 0 -map_metadata 1 -map_chapters 1 -c copy " + test::Quote(in));
  std::string rotated = dir.File("rot.mp4");
  Ffmpeg("-i " + test::Quote(base) + " -c copy -metadata:s:v:0 rotate=90 " + test::Quote(rotated));

  // Matroska: chapters, title, colour.
  std::string out = dir.File("out.mkv");
  auto r = LabelMedia(in, out, NoWatermark());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  nlohmann::json po = Probe(out);
  EXPECT_EQ(Tag(po, "AIGC"), LabelToJson(r->label));
  EXPECT_EQ(Tag(po, "title"), "Sample clip");
  EXPECT_EQ(Tag(po, "comment"), "made for a test");
  ASSERT_EQ(po["chapters"].size(), 2u);
  EXPECT_EQ(po["chapters"][1]["tags"]["title"], "Rest");
  nlohmann::json vo = StreamOf(po, "video");
  EXPECT_EQ(vo.value("color_primaries", ""), "bt709");
  EXPECT_EQ(vo.value("color_transfer", ""), "bt709");
  EXPECT_EQ(vo.value("color_space", ""), "bt709");
  EXPECT_EQ(vo.value("color_range", ""), "tv");
  EXPECT_EQ(test::PacketMd5(in, "0:a"), test::PacketMd5(out, "0:a"));
  auto md = ReadMetadata(out);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ASSERT_TRUE(md->aigc.has_value());
  EXPECT_EQ(*md->aigc, r->label);

  // MP4: the display matrix (rotation) survives re-encoding.
  std::string out_rot = dir.File("out_rot.mp4");
  auto rr = LabelMedia(rotated, out_rot, NoWatermark());
  ASSERT_TRUE(rr.ok()) << rr.status().ToString();
  nlohmann::json vr = StreamOf(Probe(out_rot), "video");
  ASSERT_TRUE(vr.contains("side_data_list")) << vr.dump(1);
  EXPECT_EQ(vr["side_data_list"][0].value("rotation", 0), 90);
  // The label is upright for viewers: ffmpeg rotates on decode, as players do.
  std::string shown = dir.File("shown.png");
  Ffmpeg("-i " + test::Quote(out_rot) + " -frames:v 1 " + test::Quote(shown));
  auto img = ReadImageFile(shown);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->width, 240);  // portrait after rotation
  auto v = CheckVisibleLabel(*img);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_TRUE(v->detected);
  EXPECT_EQ(v->position, "bottom-right");
  DetectOptions d;
  d.visible = true;
  d.watermark = false;
  DetectReport rep = Detect(out_rot, d);
  ASSERT_TRUE(rep.visible.has_value());
  EXPECT_TRUE(rep.visible->detected);
}

TEST(VideoLabel, MetadataOnlyIsAStreamCopy) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "-c:v libx264 -pix_fmt yuv420p -c:a aac");
  LabelMediaOptions o = NoWatermark();
  o.visible = false;
  o.digital_source_type = kTrainedAlgorithmicMedia;
  std::string out = dir.File("out.mp4");
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->reencoded);
  EXPECT_EQ(test::PacketFrameMd5(in, "0:v"), test::PacketFrameMd5(out, "0:v"));
  EXPECT_EQ(test::PacketMd5(in, "0:a"), test::PacketMd5(out, "0:a"));
  auto md = ReadMetadata(out);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ASSERT_TRUE(md->aigc.has_value());
  EXPECT_EQ(md->digital_source_type.value_or(""), kTrainedAlgorithmicMedia);

  // Matroska goes through the pipeline's copy mode: same promise.
  std::string mkv = dir.File("in.mkv");
  Ffmpeg("-i " + test::Quote(in) + " -c copy " + test::Quote(mkv));
  std::string out_mkv = dir.File("out.mkv");
  auto rm = LabelMedia(mkv, out_mkv, o);
  ASSERT_TRUE(rm.ok()) << rm.status().ToString();
  EXPECT_FALSE(rm->reencoded);
  EXPECT_EQ(test::PacketFrameMd5(mkv, "0:v"), test::PacketFrameMd5(out_mkv, "0:v"));
  nlohmann::json po = Probe(out_mkv);
  EXPECT_EQ(Tag(po, "AIGC"), LabelToJson(rm->label));
  EXPECT_EQ(Tag(po, "DigitalSourceType"), kTrainedAlgorithmicMedia);
  EXPECT_EQ(Tag(po, "major_brand"), "");  // the MP4 input's ftyp is not a tag of the output
}

TEST(VideoLabel, WebmOutputIsVp9WithTag) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mkv", "-c:v libx264 -pix_fmt yuv420p -c:a libopus", "320x240", 2.0);
  std::string out = dir.File("out.webm");
  LabelMediaOptions o = NoWatermark();
  o.encode.preset = "ultrafast";
  auto r = LabelMedia(in, out, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->video_codec, "libvpx-vp9");
  nlohmann::json po = Probe(out);
  EXPECT_EQ(StreamOf(po, "video").value("codec_name", ""), "vp9");
  EXPECT_EQ(Tag(po, "AIGC"), LabelToJson(r->label));
  EXPECT_EQ(test::CountFrames(out), 50);
  EXPECT_EQ(test::PacketMd5(in, "0:a"), test::PacketMd5(out, "0:a"));
}

TEST(VideoLabel, AacIntoWebmIsAClearError) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "-c:v libx264 -pix_fmt yuv420p -c:a aac", "320x240", 2.0);
  std::string out = dir.File("out.webm");
  auto r = LabelMedia(in, out, NoWatermark());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("aac"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("WebM"), std::string::npos) << r.status().message();
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"in.mp4"});
}

TEST(VideoLabel, OpenCvSampleAviToMp4And10BitToH265) {
  test::TempDir dir;
  std::string src = test::OpenCvData("vtest.avi");
  if (!std::filesystem::exists(src)) GTEST_SKIP() << "opencv-doc vtest.avi not installed";
  std::string in = dir.File("vtest3.avi");
  Ffmpeg("-i " + test::Quote(src) + " -t 3 -c copy " + test::Quote(in));
  std::string out = dir.File("out.mp4");
  auto r = LabelMedia(in, out, NoWatermark());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(test::CountFrames(out), test::CountFrames(in));
  EXPECT_EQ(StreamOf(Probe(out), "video")["r_frame_rate"], "10/1");

  // A 10-bit source is processed as 8-bit 4:2:0; H.265 in MP4 is tagged hvc1.
  std::string ten = dir.File("ten.mkv");
  Ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -c:v libx264 -pix_fmt yuv420p10le " +
         test::Quote(ten));
  LabelMediaOptions o = NoWatermark();
  o.encode.codec = "h265";
  o.encode.preset = "ultrafast";
  std::string out265 = dir.File("out265.mp4");
  auto r265 = LabelMedia(ten, out265, o);
  ASSERT_TRUE(r265.ok()) << r265.status().ToString();
  nlohmann::json v = StreamOf(Probe(out265), "video");
  EXPECT_EQ(v.value("codec_name", ""), "hevc");
  EXPECT_EQ(v.value("codec_tag_string", ""), "hvc1");
  EXPECT_EQ(test::CountFrames(out265), 50);
}

TEST(VideoLabel, CancelLeavesNothingBehind) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mp4", "-c:v libx264 -pix_fmt yuv420p -c:a aac");
  std::string out = dir.File("out.mp4");
  std::atomic<bool> cancel{false};
  LabelMediaOptions o = NoWatermark();
  o.cancel = &cancel;
  o.progress = [&](const VideoProgress& p) {
    if (p.frames_done >= 10) cancel.store(true);
  };
  auto r = LabelMedia(in, out, o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("interrupted"), std::string::npos) << r.status().message();
  EXPECT_EQ(test::ListDir(dir.path()), std::vector<std::string>{"in.mp4"});
}

TEST(VideoLabel, LabelUpdateKeepsProducerFields) {
  test::TempDir dir;
  std::string in = MakeClip(dir, "in.mkv", "-c:v libx264 -pix_fmt yuv420p -c:a aac", "320x240", 2.0);
  std::string first = dir.File("first.mkv");
  ASSERT_TRUE(LabelMedia(in, first, NoWatermark()).ok());
  // A propagator adds its fields without a visible label or re-encoding.
  LabelMediaOptions o;
  o.visible = false;
  o.watermark = false;
  o.update.content_propagator = "PLATFORM-X";
  o.update.propagate_id = "p-77";
  std::string second = dir.File("second.mkv");
  auto r = LabelMedia(first, second, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->label.content_producer, "ACME-AI");
  EXPECT_EQ(r->label.content_propagator, "PLATFORM-X");
  EXPECT_EQ(test::PacketFrameMd5(first, "0:v"), test::PacketFrameMd5(second, "0:v"));
}

}  // namespace
}  // namespace aigcmark
