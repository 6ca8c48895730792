// Hostile MP4/MOV inputs: reading and writing give a clear Status, never crash, never leave an
// output file behind.
#include <gtest/gtest.h>

#include <filesystem>

#include "aigcmark/metadata.h"
#include "metadata/bmff_test_util.h"

namespace aigcmark {
namespace {

using test::Box;
using test::MakeClip;
using test::U32;

class BmffCorruptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::HaveTool("ffmpeg"));
    clip_ = dir_.File("clip.mp4");
    auto r = MakeClip(clip_, "-metadata AIGC=" +
                                 test::Quote(R"({"Label":"1","ContentProducer":"P","ProduceID":"I","ReservedCode1":"","ContentPropagator":"","PropagateID":"","ReservedCode2":""})") +
                                 " -movflags use_metadata_tags");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    bytes_ = test::ReadBytes(clip_);
  }

  // Reading fails with `code` naming the file, and writing from it leaves no output.
  void ExpectRejected(const std::vector<uint8_t>& bytes, const std::string& what, StatusCode code) {
    SCOPED_TRACE(what);
    std::string in = dir_.File("bad.mp4"), out = dir_.File("out.mp4");
    test::WriteBytes(in, bytes);
    auto r = ReadMetadata(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), code) << r.status().ToString();
    EXPECT_NE(r.status().message().find(in), std::string::npos) << r.status().message();
    MetadataWriteOptions opts;
    opts.update.produce_id = "x";
    auto w = WriteMetadata(in, out, opts);
    ASSERT_FALSE(w.ok());
    EXPECT_FALSE(std::filesystem::exists(out));
    size_t entries = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      (void)e;
      ++entries;
    }
    EXPECT_EQ(entries, 2u) << "a temporary file was left behind";  // clip.mp4 + bad.mp4
  }

  // Offset of the first top-level box of `type`.
  size_t TopLevel(const char* type) const {
    size_t off = 0;
    while (off + 8 <= bytes_.size()) {
      uint32_t size = (uint32_t{bytes_[off]} << 24) | (uint32_t{bytes_[off + 1]} << 16) |
                      (uint32_t{bytes_[off + 2]} << 8) | bytes_[off + 3];
      if (std::equal(type, type + 4, bytes_.begin() + static_cast<long>(off) + 4)) return off;
      off += size;
    }
    return std::string::npos;
  }

  test::TempDir dir_;
  std::string clip_;
  std::vector<uint8_t> bytes_;
};

TEST_F(BmffCorruptTest, TruncatedAtSeveralPoints) {
  size_t moov = TopLevel("moov");
  ASSERT_NE(moov, std::string::npos);
  for (size_t cut : {size_t{5}, size_t{20}, size_t{40}, bytes_.size() / 2, moov + 4, moov + 100,
                     bytes_.size() - 1}) {
    std::vector<uint8_t> b(bytes_.begin(), bytes_.begin() + static_cast<long>(cut));
    ExpectRejected(b, "cut at " + std::to_string(cut),
                   cut < 8 ? StatusCode::kUnsupported : StatusCode::kCorrupt);
  }
}

TEST_F(BmffCorruptTest, MoovMissing) {
  size_t moov = TopLevel("moov");
  ASSERT_NE(moov, std::string::npos);
  std::vector<uint8_t> b(bytes_.begin(), bytes_.begin() + static_cast<long>(moov));
  ExpectRejected(b, "moov removed", StatusCode::kCorrupt);
  // moov renamed to free: same.
  b = bytes_;
  std::copy_n("free", 4, b.begin() + static_cast<long>(moov) + 4);
  ExpectRejected(b, "moov renamed", StatusCode::kCorrupt);
}

TEST_F(BmffCorruptTest, HugeDeclaredSizes) {
  size_t mdat = TopLevel("mdat");
  ASSERT_NE(mdat, std::string::npos);
  std::vector<uint8_t> b = bytes_;
  std::fill_n(b.begin() + static_cast<long>(mdat), 4, 0xFF);
  ExpectRejected(b, "mdat size 0xFFFFFFFF", StatusCode::kCorrupt);

  // largesize: 1 then a 64-bit size of 2^62, inserted as a new top-level box.
  std::string huge = U32(1) + "free" + std::string("\x40\0\0\0\0\0\0\0", 8);
  b = bytes_;
  b.insert(b.begin() + static_cast<long>(mdat), huge.begin(), huge.end());
  ExpectRejected(b, "largesize 2^62", StatusCode::kCorrupt);

  // A udta inside moov that claims 2 GiB.
  std::string s(bytes_.begin(), bytes_.end());
  size_t udta = s.find("udta");
  ASSERT_NE(udta, std::string::npos);
  b = bytes_;
  std::string big = U32(0x7FFFFFFF);
  std::copy(big.begin(), big.end(), b.begin() + static_cast<long>(udta) - 4);
  ExpectRejected(b, "udta 2 GiB", StatusCode::kCorrupt);
}

TEST_F(BmffCorruptTest, ZeroByteAndNotAnMp4) {
  ExpectRejected({}, "zero bytes", StatusCode::kCorrupt);
  std::string junk = "this is a text file, not a video at all; it only has an .mp4 name";
  ExpectRejected(test::Bytes(junk), "text named .mp4", StatusCode::kUnsupported);
  // An ftyp followed by garbage sizes.
  ExpectRejected(test::Bytes(test::Ftyp() + std::string(64, '\x01')), "ftyp then junk",
                 StatusCode::kCorrupt);
}

TEST_F(BmffCorruptTest, WriteFailureLeavesExistingOutputUntouched) {
  std::string out = dir_.File("existing.mp4");
  test::WriteBytes(out, {1, 2, 3});
  std::vector<uint8_t> cut(bytes_.begin(), bytes_.begin() + static_cast<long>(bytes_.size() / 2));
  std::string in = dir_.File("cut.mp4");
  test::WriteBytes(in, cut);
  MetadataWriteOptions opts;
  opts.update.produce_id = "x";
  EXPECT_FALSE(WriteMetadata(in, out, opts).ok());
  EXPECT_EQ(test::ReadBytes(out), (std::vector<uint8_t>{1, 2, 3}));
}

}  // namespace
}  // namespace aigcmark
