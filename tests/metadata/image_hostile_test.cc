// Truncated, corrupt, empty, huge-declared-length and wrong-extension image files: each gives a
// clear error (naming the file) or a tolerant report, never a crash or a huge allocation.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "aigcmark/metadata.h"
#include "common/test_util.h"
#include "core/byte_source.h"
#include "core/limits.h"
#include "metadata/image_test_util.h"
#include "metadata/jpeg_segments.h"
#include "metadata/png_chunks.h"

namespace aigcmark::test {
namespace {

bool Contains(const std::string& s, const std::string& needle) {
  return s.find(needle) != std::string::npos;
}

bool AnyProblemContains(const MetadataReport& r, const std::string& needle) {
  for (const auto& p : r.problems) {
    if (Contains(p, needle)) return true;
  }
  return false;
}

std::vector<uint8_t> Cut(const std::vector<uint8_t>& v, size_t n) {
  return std::vector<uint8_t>(v.begin(), v.begin() + std::min(n, v.size()));
}

TEST(ImageHostile, EmptyFileIsAClearError) {
  TempDir dir;
  std::string p = dir.File("empty.jpg");
  WriteBytes(p, {});
  auto r = ReadMetadata(p);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), p)) << r.status().message();
  EXPECT_TRUE(Contains(r.status().message(), "empty")) << r.status().message();
}

TEST(ImageHostile, TruncatedJpegHeaderIsCorrupt) {
  auto jpeg = ReadBytes(OpenCvData("fruits.jpg"));
  auto src = MemorySource(jpeg.data(), jpeg.size(), "x");
  auto layout = WalkJpegSegments(*src);
  ASSERT_TRUE(layout.ok());
  // Cut inside every segment before the scan.
  for (const auto& s : layout->segments) {
    auto cut = Cut(jpeg, s.payload_offset + s.payload_size / 2);
    auto r = ReadMetadataFromMemory(cut, "cut.jpg");
    ASSERT_FALSE(r.ok()) << "cut at " << cut.size();
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    EXPECT_TRUE(Contains(r.status().message(), "cut.jpg: JPEG truncated")) << r.status().message();
  }
  auto r = ReadMetadataFromMemory(Cut(jpeg, 3), "three.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
}

TEST(ImageHostile, JpegTruncatedInsideTheScanStillReportsItsMetadata) {
  TempDir dir;
  std::string labelled = dir.File("l.jpg");
  MetadataWriteOptions o;
  o.update = ProducerUpdate();
  ASSERT_TRUE(WriteMetadata(OpenCvData("fruits.jpg"), labelled, o).ok());
  auto bytes = ReadBytes(labelled);
  auto r = ReadMetadataFromMemory(Cut(bytes, bytes.size() / 2), "half.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->aigc.has_value());
}

TEST(ImageHostile, JpegSegmentWithHugeOrImpossibleLength) {
  auto jpeg = ReadBytes(OpenCvData("apple.jpg"));
  // APP1 claiming 65535 bytes right before the end of a tiny file.
  std::vector<uint8_t> tiny = {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x', 'i', 'f'};
  auto r = ReadMetadataFromMemory(tiny, "huge.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_TRUE(Contains(r.status().message(), "declares 65535 bytes")) << r.status().message();

  std::vector<uint8_t> zero_len = {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9};
  r = ReadMetadataFromMemory(zero_len, "zero.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "impossible length")) << r.status().message();

  // A reserved marker code (found by fuzzing: Exiv2 rewrote such a file into a broken one).
  std::vector<uint8_t> reserved = {0xFF, 0xD8, 0xFF, 0x7E, 0x00, 0x04, 0, 0, 0xFF, 0xD9};
  r = ReadMetadataFromMemory(reserved, "reserved.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "invalid marker 0x7E")) << r.status().message();

  // A second SOI inside the header (also found by fuzzing).
  auto two_soi = jpeg;
  two_soi.insert(two_soi.begin() + 2, {0xFF, 0xD8});
  r = ReadMetadataFromMemory(two_soi, "soi.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "unexpected marker 0xD8 at offset 2"))
      << r.status().message();

  std::vector<uint8_t> garbage = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0x12, 0x34};
  r = ReadMetadataFromMemory(garbage, "garbage.jpg");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "expected a marker at offset 8"))
      << r.status().message();
}

TEST(ImageHostile, CorruptExifAndXmpBlocksAreProblemsNotFailures) {
  auto jpeg = ReadBytes(OpenCvData("apple.jpg"));
  // EXIF with an IFD offset far past the block; XMP that is not XML.
  auto bad = InsertJpegSegment(jpeg, 0xE1, std::string("Exif\0\0II*\0\xFF\xFF\xFF\x7F", 14));
  bad = InsertJpegSegment(
      bad, 0xE1,
      std::string("http://ns.adobe.com/xap/1.0/\0", 29) + "<x:xmpmeta><rdf:RDF><unclosed");
  auto r = ReadMetadataFromMemory(bad, "bad-blocks.jpg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
  EXPECT_TRUE(AnyProblemContains(*r, "xmp: XMP packet")) << r->problems.size();

  // Writing refuses to throw away an unreadable XMP packet, with a clear message.
  TempDir dir;
  std::string in = dir.File("in.jpg");
  WriteBytes(in, bad);
  MetadataWriteOptions o;
  o.update = ProducerUpdate();
  auto w = WriteMetadata(in, dir.File("out.jpg"), o);
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(Contains(w.status().message(), "not well-formed")) << w.status().message();
}

TEST(ImageHostile, RareJpegMarkersAreKeptOrRefusedNeverMangled) {
  // DHP (0xDE) is legal but rare; Exiv2 rewrites it into a broken file (found by fuzzing).
  auto jpeg = InsertJpegSegment(ReadBytes(OpenCvData("apple.jpg")), 0xDE, "rare-marker-body");
  TempDir dir;
  std::string plain = dir.File("plain.jpg"), with_exif = dir.File("exif.jpg");
  WriteBytes(plain, jpeg);
  WriteBytes(with_exif, InsertJpegSegment(jpeg, 0xE1,
                                          ExifWithUserComment(LabelToWrappedJson(ProducerLabel()),
                                                              false)));
  MetadataWriteOptions o;
  o.update = ProducerUpdate("new");
  // Our own splice copies the segment verbatim.
  ASSERT_TRUE(WriteMetadata(plain, dir.File("out.jpg"), o).ok());
  EXPECT_EQ(JpegNonXmpSegments(ReadBytes(dir.File("out.jpg"))), JpegNonXmpSegments(jpeg));
  // Updating the EXIF label needs Exiv2, which is not trusted with such a file.
  auto w = WriteMetadata(with_exif, dir.File("out2.jpg"), o);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), StatusCode::kUnsupported);
  EXPECT_TRUE(Contains(w.status().message(), "rare marker 0xDE")) << w.status().message();
  EXPECT_FALSE(std::filesystem::exists(dir.File("out2.jpg")));
}

TEST(ImageHostile, TruncatedPngIsCorrupt) {
  auto png = ReadBytes(OpenCvData("pic1.png"));
  // Too short to be recognised at all: an error naming the file.
  auto sig = ReadMetadataFromMemory(Cut(png, 5), "five.png");
  ASSERT_FALSE(sig.ok());
  EXPECT_TRUE(Contains(sig.status().message(), "five.png: ")) << sig.status().message();
  for (size_t n : {size_t{8}, size_t{20}, size_t{40}, png.size() / 2, png.size() - 5}) {
    auto r = ReadMetadataFromMemory(Cut(png, n), "cut.png");
    ASSERT_FALSE(r.ok()) << "cut at " << n;
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt) << r.status().message();
    EXPECT_TRUE(Contains(r.status().message(), "cut.png: ")) << r.status().message();
  }
  // Ends cleanly right after a chunk but without IEND: still provably truncated.
  auto r = ReadMetadataFromMemory(Cut(png, png.size() - 12), "noiend.png");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_TRUE(Contains(r.status().message(), "noiend.png: truncated PNG")) << r.status().message();
}

TEST(ImageHostile, PngChunkWithHugeDeclaredLength) {
  auto png = ReadBytes(OpenCvData("pic1.png"));
  for (uint32_t len : {0xFFFFFFFFu, 0x7FFFFFFFu, 0x10000000u}) {
    auto bytes = InsertPngChunk(png, "tEXt", "AIGC\0{}");
    size_t at = 8 + 25;  // the inserted chunk's length field
    bytes[at] = static_cast<uint8_t>(len >> 24);
    bytes[at + 1] = static_cast<uint8_t>(len >> 16);
    bytes[at + 2] = static_cast<uint8_t>(len >> 8);
    bytes[at + 3] = static_cast<uint8_t>(len);
    auto r = ReadMetadataFromMemory(bytes, "huge.png");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
    EXPECT_TRUE(Contains(r.status().message(), "declares")) << r.status().message();
  }
}

TEST(ImageHostile, DecompressionBombInZtxtIsBounded) {
  std::string big(kMaxInflatedTextBytes + 1024, 'A');
  auto png = InsertPngChunk(ReadBytes(OpenCvData("pic1.png")), "zTXt",
                            std::string("AIGC\0\0", 6) + Deflate(big));
  auto r = ReadMetadataFromMemory(png, "bomb.png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
  EXPECT_TRUE(AnyProblemContains(*r, "inflates to more than")) << r->problems.size();
}

TEST(ImageHostile, MalformedTextChunksAreProblems) {
  auto png = ReadBytes(OpenCvData("pic1.png"));
  auto a = InsertPngChunk(png, "zTXt", std::string("AIGC\0\0not zlib", 14));
  auto b = InsertPngChunk(a, "iTXt", std::string("AIGC\0\0\0", 7));  // no language fields
  auto c = InsertPngChunk(b, "tEXt", std::string("AIGC\0not json", 13));
  auto d =
      InsertPngChunk(c, "zTXt", std::string("AIGC\0\0", 6) + Deflate("{\"AIGC\":{").substr(0, 6));
  auto r = ReadMetadataFromMemory(d, "malformed.png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->aigc.has_value());
  EXPECT_TRUE(AnyProblemContains(*r, "not a valid zlib stream"));
  EXPECT_TRUE(AnyProblemContains(*r, "truncated in its language fields"));
  EXPECT_TRUE(AnyProblemContains(*r, "unreadable label"));
  EXPECT_TRUE(AnyProblemContains(*r, "compressed text is truncated"));
}

TEST(ImageHostile, PngWalkerRejectsBadStructure) {
  auto png = ReadBytes(OpenCvData("pic1.png"));
  auto bad_type = png;
  bad_type[12] = '1';  // IHDR -> 1HDR
  auto r = ReadMetadataFromMemory(bad_type, "type.png");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "invalid chunk type")) << r.status().message();

  auto not_ihdr = InsertPngChunk(png, "tEXt", "a\0b");
  auto moved = not_ihdr;
  moved.erase(moved.begin() + 8, moved.begin() + 33);  // drop IHDR
  r = ReadMetadataFromMemory(moved, "noihdr.png");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "not IHDR")) << r.status().message();
}

// The eXIf rewrite behind CopyImageMetadata: whatever EXIF chunks a PNG had (several eXIf,
// before and after the image data, raw-profile text), the result holds exactly the given EXIF
// in one eXIf chunk after IHDR, and every other chunk byte for byte in its order.
TEST(ImageHostile, PngExifRewriteLeavesExactlyOneEarlyEXifChunk) {
  const auto png = ReadBytes(OpenCvData("pic1.png"));
  const std::string old_exif("II*\0\x08\0\0\0\0\0\0\0\0\0", 14);
  const std::string new_exif("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14);
  auto messy = InsertPngChunk(png, "eXIf", old_exif);
  messy = InsertPngChunk(messy, "zTXt",
                         std::string("Raw profile type exif\0\0", 23) + Deflate("\nexif\n 6\n00"));
  messy = InsertPngChunk(messy, "tEXt", std::string("Raw profile type APP1\0x", 23));
  messy = InsertPngChunk(messy, "tEXt", std::string("Comment\0keep me", 15));
  // A second eXIf after the image data, just before IEND.
  std::vector<uint8_t> late = MakePngChunk("eXIf", old_exif);
  messy.insert(messy.end() - 12, late.begin(), late.end());

  auto kept_chunks = [](const std::vector<uint8_t>& bytes) {
    auto src = MemorySource(bytes.data(), bytes.size(), "png");
    auto layout = WalkPngChunks(*src);
    EXPECT_TRUE(layout.ok());
    std::vector<std::vector<uint8_t>> out;
    for (const PngChunk& c : layout->chunks) {
      std::vector<uint8_t> raw(bytes.begin() + c.offset, bytes.begin() + c.end());
      if (c.type == "eXIf") continue;
      if (IsPngTextChunk(c.type) &&
          IsPngRawExifKeyword(PngTextKeyword(bytes.data() + c.data_offset(), c.data_size))) {
        continue;
      }
      out.push_back(std::move(raw));
    }
    return out;
  };
  auto rewritten = ReplacePngExif(messy, new_exif);
  ASSERT_TRUE(rewritten.ok()) << rewritten.status().ToString();
  auto src = MemorySource(rewritten->data(), rewritten->size(), "out.png");
  auto layout = WalkPngChunks(*src);
  ASSERT_TRUE(layout.ok());
  ASSERT_GE(layout->chunks.size(), 3u);
  EXPECT_EQ(layout->chunks[1].type, "eXIf");
  EXPECT_EQ(std::vector<uint8_t>(rewritten->begin() + layout->chunks[1].offset,
                                 rewritten->begin() + layout->chunks[1].end()),
            MakePngChunk("eXIf", new_exif));
  int exif_chunks = 0;
  for (const PngChunk& c : layout->chunks) exif_chunks += c.type == "eXIf";
  EXPECT_EQ(exif_chunks, 1);
  EXPECT_EQ(kept_chunks(*rewritten), kept_chunks(messy));
  EXPECT_EQ(kept_chunks(*rewritten).size(), kept_chunks(png).size() + 1);  // + the Comment
  auto r = ReadMetadataFromMemory(*rewritten, "out.png");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->problems.empty()) << r->problems.front();

  // Empty EXIF: every EXIF copy goes, nothing else.
  auto none = ReplacePngExif(messy, "");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(kept_chunks(*none), kept_chunks(messy));
  auto none_src = MemorySource(none->data(), none->size(), "none.png");
  auto none_layout = WalkPngChunks(*none_src);
  ASSERT_TRUE(none_layout.ok());
  for (const PngChunk& c : none_layout->chunks) EXPECT_NE(c.type, "eXIf");
}

// Found by libFuzzer: a stray second IHDR after the image data must not get an eXIf too.
TEST(ImageHostile, PngExifRewriteIgnoresAStraySecondIhdr) {
  auto png = ReadBytes(OpenCvData("pic1.png"));
  const std::vector<uint8_t> ihdr(png.begin() + 8, png.begin() + 33);
  png.insert(png.end() - 12, ihdr.begin(), ihdr.end());
  auto rewritten = ReplacePngExif(png, std::string("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14));
  ASSERT_TRUE(rewritten.ok()) << rewritten.status().ToString();
  auto src = MemorySource(rewritten->data(), rewritten->size(), "out.png");
  auto layout = WalkPngChunks(*src);
  ASSERT_TRUE(layout.ok());
  std::vector<size_t> exif_at;
  for (size_t i = 0; i < layout->chunks.size(); ++i) {
    if (layout->chunks[i].type == "eXIf") exif_at.push_back(i);
  }
  EXPECT_EQ(exif_at, std::vector<size_t>{1});
}

TEST(ImageHostile, PngExifRewriteRefusesWhatItCannotRewrite) {
  const auto png = ReadBytes(OpenCvData("pic1.png"));
  const std::string exif("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14);
  auto code = [&](const std::vector<uint8_t>& bytes, std::string_view e) {
    auto r = ReplacePngExif(bytes, e);
    return r.ok() ? StatusCode::kOk : r.status().code();
  };
  EXPECT_EQ(code(png, exif), StatusCode::kOk);
  EXPECT_EQ(code(Cut(png, 5), exif), StatusCode::kCorrupt);
  EXPECT_EQ(code(Cut(png, png.size() - 12), exif), StatusCode::kCorrupt);  // no IEND
  EXPECT_EQ(code(Cut(png, png.size() / 2), exif), StatusCode::kCorrupt);
  // IHDR followed directly by IEND: no image data to put the chunk before.
  std::vector<uint8_t> no_idat(png.begin(), png.begin() + 33);
  no_idat.insert(no_idat.end(), png.end() - 12, png.end());
  EXPECT_EQ(code(no_idat, exif), StatusCode::kCorrupt);
  // The chunk must hold a TIFF structure (no "Exif\0\0" header, no junk).
  EXPECT_EQ(code(png, std::string("Exif\0\0", 6) + exif), StatusCode::kInvalidArgument);
  EXPECT_EQ(code(png, "MM"), StatusCode::kInvalidArgument);
}

TEST(ImageHostile, TruncatedAndHugeWebpAndTiff) {
  TempDir dir;
  std::string webp = dir.File("a.webp"), tiff = dir.File("a.tiff");
  ConvertPhoto(OpenCvData("fruits.jpg"), webp);
  ConvertPhoto(OpenCvData("fruits.jpg"), tiff);
  auto w = ReadBytes(webp);
  auto r = ReadMetadataFromMemory(Cut(w, w.size() - 10), "cut.webp");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "WebP truncated")) << r.status().message();
  auto huge = w;
  huge[16] = huge[17] = huge[18] = 0xFF;  // first chunk size
  huge[19] = 0x7F;
  r = ReadMetadataFromMemory(huge, "huge.webp");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);

  auto t = ReadBytes(tiff);
  auto bad_ifd = t;
  bad_ifd[4] = bad_ifd[5] = bad_ifd[6] = 0xFF;  // IFD0 offset far past the end
  r = ReadMetadataFromMemory(bad_ifd, "ifd.tiff");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorrupt);
  EXPECT_TRUE(Contains(r.status().message(), "ifd.tiff: TIFF")) << r.status().message();
  r = ReadMetadataFromMemory(Cut(t, 6), "short.tiff");
  ASSERT_FALSE(r.ok());
}

TEST(ImageHostile, ExtensionIsNotTrusted) {
  TempDir dir;
  // A PNG named .jpg is read as the PNG it is, and labelled as one.
  std::string png_as_jpg = dir.File("photo.jpg"), out = dir.File("out.jpg");
  CopyFile(OpenCvData("pic1.png"), png_as_jpg);
  MetadataWriteOptions o;
  o.update = ProducerUpdate();
  ASSERT_TRUE(WriteMetadata(png_as_jpg, out, o).ok());
  auto r = ReadMetadata(out);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->aigc.has_value());
  EXPECT_EQ(ReadBytes(out)[1], 'P');

  // Text named .png is an unsupported format, named in the error.
  std::string text = dir.File("notes.png");
  WriteBytes(text, {'h', 'e', 'l', 'l', 'o', '\n'});
  r = ReadMetadata(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_TRUE(Contains(r.status().message(), text));
  auto w = WriteMetadata(text, dir.File("x.png"), o);
  ASSERT_FALSE(w.ok());
}

TEST(ImageHostile, WriteRefusesTruncatedInputsAndLeavesNoOutput) {
  TempDir dir;
  auto png = ReadBytes(OpenCvData("pic1.png"));
  std::string in = dir.File("cut.png"), out = dir.File("out.png");
  WriteBytes(in, Cut(png, png.size() - 12));  // no IEND
  MetadataWriteOptions o;
  o.update = ProducerUpdate();
  auto w = WriteMetadata(in, out, o);
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(Contains(w.status().message(), "IEND")) << w.status().message();
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ImageHostile, TextChunkParserDirectly) {
  // The parser must not read past `n` for any prefix of a valid iTXt body.
  std::string body = std::string("AIGC\0\0\0en\0AIGC\0", 15) + "{}";
  for (size_t n = 0; n <= body.size(); ++n) {
    std::vector<uint8_t> exact(body.begin(), body.begin() + n);  // exact-size heap block
    auto t = ParsePngTextChunk("iTXt", exact.data(), exact.size(), 1024);
    if (n >= 15) {
      ASSERT_TRUE(t.ok()) << n;
    } else {
      EXPECT_FALSE(t.ok()) << n;
    }
  }
  auto t = ParsePngTextChunk("tEXt", reinterpret_cast<const uint8_t*>("AIGC\0xyz"), 8, 2);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace aigcmark::test
