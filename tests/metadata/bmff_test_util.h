// Helpers for the MP4/MOV carrier tests: crafted boxes and FFmpeg-made clips.
#ifndef AIGCMARK_TESTS_METADATA_BMFF_TEST_UTIL_H_
#define AIGCMARK_TESTS_METADATA_BMFF_TEST_UTIL_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/test_util.h"

namespace aigcmark::test {

inline std::string U32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

/// A box with a 32-bit size.
inline std::string Box(const std::string& type, const std::string& payload) {
  return U32(static_cast<uint32_t>(8 + payload.size())) + type + payload;
}

inline std::string UuidBox(const std::array<uint8_t, 16>& uuid, const std::string& payload) {
  return U32(static_cast<uint32_t>(24 + payload.size())) + "uuid" +
         std::string(reinterpret_cast<const char*>(uuid.data()), 16) + payload;
}

/// moov/udta/meta in FFmpeg's layout (FullBox meta, hdlr mdta, keys, ilst of UTF-8 data).
/// `full_box` false gives Apple's QuickTime layout (meta without version/flags).
inline std::string MdtaMeta(const std::vector<std::pair<std::string, std::string>>& tags,
                            bool full_box = true) {
  std::string hdlr = Box("hdlr", U32(0) + U32(0) + "mdta" + U32(0) + U32(0) + U32(0) + '\0');
  std::string keys = U32(0) + U32(static_cast<uint32_t>(tags.size()));
  std::string ilst;
  uint32_t index = 1;
  for (const auto& [k, v] : tags) {
    keys += U32(static_cast<uint32_t>(8 + k.size())) + "mdta" + k;
    ilst += U32(static_cast<uint32_t>(8 + 16 + v.size())) + U32(index++) +
            Box("data", U32(1) + U32(0) + v);
  }
  return Box("meta", (full_box ? U32(0) : "") + hdlr + Box("keys", keys) + Box("ilst", ilst));
}

inline std::string Ftyp() { return Box("ftyp", "isom" + U32(512) + "isomiso2mp41"); }

inline std::vector<uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

/// An XMP packet with TC260:AIGC (element form) and, if given, the IPTC digital source type.
inline std::string XmpPacket(const std::string& aigc_json, const std::string& dst = "") {
  std::string p =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
      "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
      "<rdf:Description rdf:about=\"\" xmlns:TC260=\"http://www.tc260.org.cn/ns/AIGC/1.0/\" "
      "xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\">"
      "<TC260:AIGC>" + aigc_json + "</TC260:AIGC>";
  if (!dst.empty()) p += "<Iptc4xmpExt:DigitalSourceType>" + dst + "</Iptc4xmpExt:DigitalSourceType>";
  return p + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";
}

/// Makes a 2 s 320x240 H.264 + AAC clip (testsrc2 + sine) with the ffmpeg CLI; `extra` goes
/// before the output name (e.g. "-metadata AIGC=..."). Returns the ffmpeg result.
inline CommandResult MakeClip(const std::string& out, const std::string& extra = "") {
  return Run("ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=320x240:rate=25:duration=2 "
             "-f lavfi -i sine=frequency=440:duration=2 -c:v libx264 -preset veryfast "
             "-pix_fmt yuv420p -c:a aac -shortest " + extra + " " + Quote(out));
}

/// The per-packet lines of `ffmpeg -f framemd5` over every stream, stream-copied: equal
/// output means byte-identical media samples with identical timestamps.
inline std::string FrameMd5(const std::string& path) {
  CommandResult r = Run("ffmpeg -nostdin -v error -i " + Quote(path) +
                        " -map 0 -c copy -f framemd5 -");
  if (r.exit_code != 0) return "ffmpeg failed: " + r.err;
  return r.out;
}

/// "" when the two texts are equal, else the first differing line of each (short failure
/// messages instead of two full framemd5 dumps).
inline std::string FirstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::vector<std::string> la = Lines(a), lb = Lines(b);
  for (size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
    std::string x = i < la.size() ? la[i] : "<end>", y = i < lb.size() ? lb[i] : "<end>";
    if (x != y) return "line " + std::to_string(i + 1) + ": '" + x + "' vs '" + y + "'";
  }
  return "texts differ in blank lines only";
}

/// Expands to an expectation that two media files have identical samples and timestamps.
#define AIGCMARK_EXPECT_SAME_FRAMES(a, b) \
  EXPECT_EQ(::aigcmark::test::FirstDifference(::aigcmark::test::FrameMd5(a), ::aigcmark::test::FrameMd5(b)), "")

/// A format tag as ffprobe shows it (value only, trailing newline removed).
inline std::string FfprobeTag(const std::string& path, const std::string& tag) {
  CommandResult r = Run("ffprobe -v error -show_entries format_tags=" + tag +
                        " -of default=nw=1:nk=1 " + Quote(path));
  std::string s = r.out;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_METADATA_BMFF_TEST_UTIL_H_
