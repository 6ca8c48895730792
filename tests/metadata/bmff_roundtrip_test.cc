// MP4/MOV labels on FFmpeg-made clips: write + read back through the public API, label updates,
// interop with ffprobe / ffmpeg / exiftool, byte-identical media samples, MKV/WebM tags.
#include <gtest/gtest.h>

#include <filesystem>

#include "aigcmark/metadata.h"
#include "metadata/bmff_carriers_internal.h"
#include "metadata/bmff_test_util.h"

namespace aigcmark {
namespace {

using test::FfprobeTag;
using test::MakeClip;
using test::Quote;

MetadataWriteOptions Producer() {
  MetadataWriteOptions o;
  o.update.label = "1";
  o.update.content_producer = "001191110102MACQD9K64010000";
  o.update.produce_id = "vid-20261122-0001";
  return o;
}

std::vector<std::string> Streams(const std::string& path) {
  return test::Lines(test::Run("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 " +
                         Quote(path)).out);
}

class BmffRoundTripTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::HaveTool("ffmpeg") && test::HaveTool("ffprobe"));
    clip_ = dir_.File(std::string("clip.") + GetParam());
    auto r = MakeClip(clip_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  test::TempDir dir_;
  std::string clip_;
};

TEST_P(BmffRoundTripTest, WritesMdtaKeyThatReadsBackAndFfprobeShows) {
  std::string out = dir_.File(std::string("labelled.") + GetParam());
  MetadataWriteOptions opts = Producer();
  opts.digital_source_type = kTrainedAlgorithmicMedia;
  auto written = WriteMetadata(clip_, out, opts);
  ASSERT_TRUE(written.ok()) << written.status().ToString();

  auto back = ReadMetadata(out);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->aigc.has_value());
  EXPECT_EQ(*back->aigc, *written);
  EXPECT_EQ(back->carriers, std::vector<std::string>{kCarrierMp4Mdta});
  EXPECT_EQ(back->digital_source_type, std::string(kTrainedAlgorithmicMedia));
  EXPECT_TRUE(back->problems.empty());

  // ffprobe, an independent reader, shows exactly the canonical JSON and the source type.
  EXPECT_EQ(FfprobeTag(out, "AIGC"), LabelToJson(*written));
  EXPECT_EQ(FfprobeTag(out, "DigitalSourceType"), kTrainedAlgorithmicMedia);
  // The derived ftyp tags are not duplicated into mdta keys; the brand survives.
  EXPECT_EQ(FfprobeTag(out, "major_brand"), FfprobeTag(clip_, "major_brand"));

  // Media samples and timestamps are byte-identical; every stream is still there.
  AIGCMARK_EXPECT_SAME_FRAMES(out, clip_);
  EXPECT_EQ(Streams(out), (std::vector<std::string>{"video", "audio"}));
  // The input is untouched.
  auto in = ReadMetadata(clip_);
  ASSERT_TRUE(in.ok());
  EXPECT_FALSE(in->aigc.has_value());
}

TEST_P(BmffRoundTripTest, PropagatorUpdateKeepsProducerFields) {
  std::string first = dir_.File(std::string("p1.") + GetParam());
  ASSERT_TRUE(WriteMetadata(clip_, first, Producer()).ok());
  MetadataWriteOptions prop;
  prop.update.content_propagator = "PLATFORM01";
  prop.update.propagate_id = "post-42";
  std::string second = dir_.File(std::string("p2.") + GetParam());
  auto written = WriteMetadata(first, second, prop);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto back = ReadMetadata(second);
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->aigc.has_value());
  EXPECT_EQ(back->aigc->content_producer, "001191110102MACQD9K64010000");
  EXPECT_EQ(back->aigc->produce_id, "vid-20261122-0001");
  EXPECT_EQ(back->aigc->content_propagator, "PLATFORM01");
  EXPECT_EQ(back->aigc->propagate_id, "post-42");
  // Exactly one AIGC key after two writes.
  EXPECT_EQ(FfprobeTag(second, "AIGC"), LabelToJson(*written));
  AIGCMARK_EXPECT_SAME_FRAMES(second, clip_);
}

TEST_P(BmffRoundTripTest, InPlaceUpdate) {
  std::string file = dir_.File(std::string("inplace.") + GetParam());
  test::CopyFile(clip_, file);
  auto written = WriteMetadata(file, file, Producer());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(FfprobeTag(file, "AIGC"), LabelToJson(*written));
  // Only the file itself is left in the directory: no temporary files.
  int entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 2);  // clip + inplace
}

TEST_P(BmffRoundTripTest, ReadsWhatFfmpegWrites) {
  std::string json = LabelToJson(ApplyLabelUpdate(std::nullopt, Producer().update));
  std::string out = dir_.File(std::string("ffmpeg.") + GetParam());
  auto r = test::Run("ffmpeg -nostdin -v error -y -i " + Quote(clip_) + " -map 0 -c copy -metadata AIGC=" +
               Quote(json) + " -movflags use_metadata_tags " + Quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto back = ReadMetadata(out);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->aigc.has_value());
  EXPECT_EQ(LabelToJson(*back->aigc), json);
  EXPECT_EQ(back->carriers, std::vector<std::string>{kCarrierMp4Mdta});
}

TEST_P(BmffRoundTripTest, KeepsRotationStreamTagsAndFastStart) {
  // A rotated, fast-start clip with a stream language and a title.
  std::string src = dir_.File(std::string("rot.") + GetParam());
  auto r = test::Run("ffmpeg -nostdin -v error -y -i " + Quote(clip_) +
               " -map 0 -c copy -metadata:s:v:0 rotate=90 -metadata:s:a:0 language=fra"
               " -metadata title=Demo -movflags +faststart " + Quote(src));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = dir_.File(std::string("rot-labelled.") + GetParam());
  ASSERT_TRUE(WriteMetadata(src, out, Producer()).ok());
  auto side = [](const std::string& p) {
    return test::Run("ffprobe -v error -select_streams v:0 -show_entries stream_side_data=rotation "
               "-of default=nw=1:nk=1 " + Quote(p)).out;
  };
  EXPECT_FALSE(side(src).empty());
  EXPECT_EQ(side(out), side(src));
  EXPECT_EQ(test::Run("ffprobe -v error -select_streams a:0 -show_entries stream_tags=language "
                "-of default=nw=1:nk=1 " + Quote(out)).out, "fra\n");
  EXPECT_EQ(FfprobeTag(out, "title"), "Demo");
  AIGCMARK_EXPECT_SAME_FRAMES(out, src);
  // moov still precedes mdat.
  auto bytes = test::ReadBytes(out);
  std::string s(bytes.begin(), bytes.end());
  EXPECT_LT(s.find("moov"), s.find("mdat"));
}

TEST_P(BmffRoundTripTest, FragmentedInputStaysFragmentedWithIdenticalTimestamps) {
  std::string src = dir_.File(std::string("frag.") + GetParam());
  auto r = test::Run("ffmpeg -nostdin -v error -y -i " + Quote(clip_) +
                     " -map 0 -c copy -movflags frag_keyframe+empty_moov " + Quote(src));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = dir_.File(std::string("frag-labelled.") + GetParam());
  auto written = WriteMetadata(src, out, Producer());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(FfprobeTag(out, "AIGC"), LabelToJson(*written));
  AIGCMARK_EXPECT_SAME_FRAMES(out, src);
  auto bytes = test::ReadBytes(out);
  EXPECT_NE(std::string(bytes.begin(), bytes.end()).find("moof"), std::string::npos);
}

TEST_P(BmffRoundTripTest, KeepsChaptersAndSubtitles) {
  std::string chapters = dir_.File("chapters.txt"), subs = dir_.File("subs.srt");
  std::string meta = ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=One\n"
                     "[CHAPTER]\nTIMEBASE=1/1000\nSTART=1000\nEND=2000\ntitle=Two\n";
  std::string srt = "1\n00:00:00,000 --> 00:00:01,000\nhello\n\n2\n00:00:01,000 --> 00:00:02,000\nworld\n";
  test::WriteBytes(chapters, {meta.begin(), meta.end()});
  test::WriteBytes(subs, {srt.begin(), srt.end()});
  std::string src = dir_.File(std::string("ch.") + GetParam());
  auto r = test::Run("ffmpeg -nostdin -v error -y -i " + Quote(clip_) + " -i " + Quote(subs) +
                     " -i " + Quote(chapters) + " -map 0 -map 1 -map_chapters 2 -c copy -c:s mov_text " +
                     Quote(src));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = dir_.File(std::string("ch-labelled.") + GetParam());
  auto written = WriteMetadata(src, out, Producer());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto layout = [](const std::string& p) {
    return test::Run("ffprobe -v error -show_entries stream=codec_type,codec_name:chapter=start_time,"
                     "end_time:chapter_tags=title -of compact " + Quote(p)).out;
  };
  EXPECT_NE(layout(src).find("title=Two"), std::string::npos);
  EXPECT_NE(layout(src).find("mov_text"), std::string::npos);
  EXPECT_EQ(layout(out), layout(src));
  AIGCMARK_EXPECT_SAME_FRAMES(out, src);
  // Relabelling the output changes nothing else either (no growing sample entries).
  std::string again = dir_.File(std::string("ch-again.") + GetParam());
  ASSERT_TRUE(WriteMetadata(out, again, Producer()).ok());
  AIGCMARK_EXPECT_SAME_FRAMES(again, src);
}

INSTANTIATE_TEST_SUITE_P(Containers, BmffRoundTripTest, ::testing::Values("mp4", "mov"),
                         [](const auto& info) { return std::string(info.param); });

TEST(BmffInteropTest, KeepsMajorBrandOfQuickTimeAndMp4) {
  test::TempDir dir;
  std::string mov = dir.File("a.mov"), mp4 = dir.File("a.mp4");
  ASSERT_EQ(MakeClip(mov).exit_code, 0);
  ASSERT_EQ(MakeClip(mp4, "-brand mp42").exit_code, 0);
  for (const std::string& in : {mov, mp4}) {
    std::string out = dir.File("out-" + in.substr(in.size() - 3) + "." + in.substr(in.size() - 3));
    ASSERT_TRUE(WriteMetadata(in, out, Producer()).ok()) << in;
    EXPECT_EQ(FfprobeTag(out, "major_brand"), FfprobeTag(in, "major_brand")) << in;
  }
  EXPECT_EQ(FfprobeTag(mp4, "major_brand"), "mp42");
}

TEST(BmffInteropTest, OpenCvSampleVideoRemuxedToMp4) {
  std::string avi = test::OpenCvData("vtest.avi");
  ASSERT_TRUE(std::filesystem::exists(avi)) << avi;
  test::TempDir dir;
  std::string mp4 = dir.File("vtest.mp4");
  // vtest.avi is MPEG-4 part 2 (msmpeg4v3), which MP4 cannot hold: re-encode once to H.264.
  auto r = test::Run("ffmpeg -nostdin -v error -y -i " + Quote(avi) +
                     " -frames:v 75 -c:v libx264 -preset veryfast -pix_fmt yuv420p " + Quote(mp4));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string out = dir.File("vtest-labelled.mp4");
  auto written = WriteMetadata(mp4, out, Producer());
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(FfprobeTag(out, "AIGC"), LabelToJson(*written));
  AIGCMARK_EXPECT_SAME_FRAMES(out, mp4);
}

TEST(BmffInteropTest, ReadsXmpThatExiftoolWritesIntoMp4) {
  ASSERT_TRUE(test::HaveTool("exiftool"));
  test::TempDir dir;
  std::string mp4 = dir.File("x.mp4");
  ASSERT_EQ(MakeClip(mp4).exit_code, 0);
  std::string json = LabelToJson(ApplyLabelUpdate(std::nullopt, Producer().update));
  auto r = test::Run("exiftool -config " + Quote(test::SharedFile("labels/tc260.exiftool.config")) +
                     " -q -overwrite_original -XMP-TC260:AIGC=" +
               Quote(json) + " -XMP-iptcExt:DigitalSourceType=" + Quote(kTrainedAlgorithmicMedia) +
               " " + Quote(mp4));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto back = ReadMetadata(mp4);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->aigc.has_value());
  EXPECT_EQ(LabelToJson(*back->aigc), json);
  EXPECT_EQ(back->carriers, std::vector<std::string>{kCarrierMp4Xmp});
  EXPECT_EQ(back->digital_source_type, std::string(kTrainedAlgorithmicMedia));
}

TEST(BmffInteropTest, WritingKeepsAnExistingXmpLabelInStep) {
  ASSERT_TRUE(test::HaveTool("exiftool"));
  const std::string config = Quote(test::SharedFile("labels/tc260.exiftool.config"));
  // exiftool puts XMP in a top-level uuid box in MP4 and in moov/udta/XMP_ in MOV.
  for (const char* ext : {"mp4", "mov"}) {
    SCOPED_TRACE(ext);
    test::TempDir dir;
    std::string in = dir.File(std::string("x.") + ext);
    ASSERT_EQ(MakeClip(in).exit_code, 0);
    std::string json = LabelToJson(ApplyLabelUpdate(std::nullopt, Producer().update));
    auto r = test::Run("exiftool -config " + config + " -q -overwrite_original -XMP-TC260:AIGC=" +
                       Quote(json) + " -XMP-dc:Title=Keep " + Quote(in));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    MetadataWriteOptions prop;
    prop.update.content_propagator = "PLATFORM01";
    prop.update.propagate_id = "post-42";
    std::string out = dir.File(std::string("out.") + ext);
    auto written = WriteMetadata(in, out, prop);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    auto back = ReadMetadata(out);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->carriers, (std::vector<std::string>{kCarrierMp4Mdta, kCarrierMp4Xmp}));
    EXPECT_TRUE(back->problems.empty()) << back->problems[0];
    EXPECT_EQ(back->aigc->produce_id, "vid-20261122-0001");
    EXPECT_EQ(back->aigc->propagate_id, "post-42");
    // exiftool still sees the other XMP property and the updated label.
    auto x = test::Run("exiftool -config " + config + " -s3 -XMP-dc:Title -XMP-TC260:AIGC " + Quote(out));
    EXPECT_EQ(x.out, "Keep\n" + LabelToJson(*written) + "\n");
    AIGCMARK_EXPECT_SAME_FRAMES(out, in);
  }
}

TEST(AvTagTest, ReadsMatroskaAndWebmTags) {
  test::TempDir dir;
  std::string json = LabelToJson(ApplyLabelUpdate(std::nullopt, Producer().update));
  struct Case {
    const char* name;
    const char* codecs;
  } cases[] = {{"clip.mkv", "-c:v libx264 -c:a aac"}, {"clip.webm", "-c:v libvpx -b:v 200k -c:a libopus"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out = dir.File(c.name);
    auto r = test::Run(std::string("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=10:duration=1 "
                             "-f lavfi -i sine=duration=1 -shortest ") +
                 c.codecs + " -metadata AIGC=" + Quote(json) + " -metadata DigitalSourceType=" +
                 Quote(kTrainedAlgorithmicMedia) + " " + Quote(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto back = ReadMetadata(out);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    ASSERT_TRUE(back->aigc.has_value());
    EXPECT_EQ(LabelToJson(*back->aigc), json);
    EXPECT_EQ(back->carriers, std::vector<std::string>{kCarrierMkvTag});
    EXPECT_EQ(back->digital_source_type, std::string(kTrainedAlgorithmicMedia));
  }
}

TEST(AvTagTest, UnlabelledAndTruncatedMatroska) {
  test::TempDir dir;
  std::string mkv = dir.File("plain.mkv");
  auto r = test::Run("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=10:duration=1 "
               "-c:v libx264 " + Quote(mkv));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto back = ReadMetadata(mkv);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_FALSE(back->aigc.has_value());
  auto bytes = test::ReadBytes(mkv);
  bytes.resize(40);  // EBML header only
  auto cut = ReadMetadataFromMemory(bytes, "cut.mkv");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), StatusCode::kCorrupt) << cut.status().ToString();
  EXPECT_NE(cut.status().message().find("cut.mkv"), std::string::npos);
}

TEST(BmffWriteTest, RefusesMatroskaOutput) {
  test::TempDir dir;
  std::string mkv = dir.File("a.mkv");
  ASSERT_EQ(test::Run("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=160x120:rate=10:duration=1 "
                "-c:v libx264 " + Quote(mkv)).exit_code, 0);
  auto w = WriteMetadata(mkv, dir.File("b.mkv"), Producer());
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kUnsupported);
  EXPECT_FALSE(std::filesystem::exists(dir.File("b.mkv")));
}

}  // namespace
}  // namespace aigcmark
