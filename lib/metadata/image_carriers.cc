// Image carriers (JPEG, PNG, WebP, TIFF): read XMP TC260:AIGC, EXIF UserComment, PNG text
// chunks, IPTC DigitalSourceType and C2PA presence; write the label into XMP.
//
// Reading walks the container with bounded hand-written walkers and hands only the metadata
// blocks to Exiv2 (XMP packets) and libexif (EXIF blocks), so hostile or huge files cost little.
// Writing JPEG and PNG splices one new XMP segment/chunk into the original bytes, so everything
// else (pixels, EXIF, ICC, other chunks) stays byte-identical; WebP and TIFF go through Exiv2.
// A label already present in a secondary carrier (PNG text, EXIF UserComment) is updated too,
// so a later read does not report our own write as "labels disagree".
#include <libexif/exif-data.h>

#include <algorithm>
#include <cstring>
#include <exiv2/exiv2.hpp>
#include <memory>
#include <string_view>

#include "aigcmark/metadata.h"
#include "core/file_io.h"
#include "core/limits.h"
#include "metadata/carriers.h"
#include "metadata/jpeg_segments.h"
#include "metadata/png_chunks.h"
#include "metadata/xmp_packet.h"

namespace aigcmark {
namespace {

// Findings grouped by carrier so the merger sees them in priority order (XMP first).
struct Collected {
  std::vector<std::string> xmp;
  std::vector<std::string> exif;
  std::vector<std::string> png_text;
};

std::string_view AsView(const std::vector<uint8_t>& v, size_t from = 0) {
  if (from >= v.size()) return {};
  return {reinterpret_cast<const char*>(v.data()) + from, v.size() - from};
}

bool StartsWith(const std::vector<uint8_t>& v, std::string_view prefix) {
  return v.size() >= prefix.size() && std::memcmp(v.data(), prefix.data(), prefix.size()) == 0;
}

std::string Trim(std::string s) {
  auto blank = [](char c) { return c == '\0' || c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.back())) s.pop_back();
  size_t i = 0;
  while (i < s.size() && blank(s[i])) ++i;
  return s.substr(i);
}

void AddXmp(std::string_view packet, RawMetadata* raw, Collected* found) {
  auto f = ParseXmpPacket(packet);
  if (!f.ok()) {
    raw->problems.push_back(std::string(kCarrierXmp) + ": " + f.status().message());
    if (XmpMentionsLabel(packet)) raw->label_damaged = true;
    return;
  }
  if (f->aigc) found->xmp.push_back(*f->aigc);
  if (f->digital_source_type && !raw->digital_source_type) {
    raw->digital_source_type = f->digital_source_type;
  }
}

// Converts UTF-16 code units to UTF-8 (labels are ASCII; other text is kept readable).
std::string Utf16ToUtf8(const uint8_t* d, size_t n, bool big_endian) {
  std::string out;
  for (size_t i = 0; i + 1 < n; i += 2) {
    uint32_t u = big_endian ? (uint32_t{d[i]} << 8 | d[i + 1]) : (uint32_t{d[i + 1]} << 8 | d[i]);
    if (i == 0 && (u == 0xFEFF || u == 0xFFFE)) {
      big_endian = (u == 0xFEFF) == big_endian;
      continue;
    }
    if (u < 0x80) {
      out.push_back(static_cast<char>(u));
    } else if (u < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (u >> 6)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    } else {  // surrogates pass through as individual code points; fine for label detection
      out.push_back(static_cast<char>(0xE0 | (u >> 12)));
      out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
  }
  return out;
}

// EXIF UserComment: an 8-byte character code ("ASCII\0\0\0", "UNICODE\0", "JIS\0\0\0\0\0" or
// eight NULs for undefined) followed by the text. Writers that skip the code are tolerated.
std::string DecodeUserComment(const uint8_t* d, size_t n, bool big_endian) {
  if (n >= 8 && std::memcmp(d, "UNICODE\0", 8) == 0) return Utf16ToUtf8(d + 8, n - 8, big_endian);
  if (n >= 8 && (std::memcmp(d, "ASCII\0\0\0", 8) == 0 || std::memcmp(d, "JIS\0\0\0\0\0", 8) == 0 ||
                 std::memcmp(d, "\0\0\0\0\0\0\0\0", 8) == 0)) {
    return std::string(reinterpret_cast<const char*>(d + 8), n - 8);
  }
  return std::string(reinterpret_cast<const char*>(d), n);
}

// Only comments that look like the {"AIGC":...} object count as a label carrier; ordinary
// comments ("Created with ...") are not label problems.
void AddUserComment(const std::string& text, Collected* found) {
  std::string t = Trim(text);
  if (!t.empty() && t.front() == '{' && t.find("AIGC") != std::string::npos) {
    found->exif.push_back(std::move(t));
  }
}

// Reads UserComment from an EXIF block (TIFF structure, with or without the "Exif\0\0" header)
// through libexif.
void AddExifBlock(const std::vector<uint8_t>& block, RawMetadata* raw, Collected* found) {
  std::vector<uint8_t> buf;
  const std::vector<uint8_t>* data = &block;
  if (!StartsWith(block, kJpegExifSignature)) {
    buf.reserve(block.size() + 6);
    buf.insert(buf.end(), kJpegExifSignature.begin(), kJpegExifSignature.end());
    buf.insert(buf.end(), block.begin(), block.end());
    data = &buf;
  }
  if (data->size() > 0xFFFFFFFFu) return;
  ExifData* ed = exif_data_new();
  if (ed == nullptr) {
    raw->problems.push_back(std::string(kCarrierExifUserComment) + ": out of memory");
    return;
  }
  exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data(ed, data->data(), static_cast<unsigned int>(data->size()));
  ExifEntry* e = exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_USER_COMMENT);
  if (e == nullptr) e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_USER_COMMENT);
  if (e != nullptr && e->data != nullptr && e->size > 0) {
    bool big_endian = exif_data_get_byte_order(ed) == EXIF_BYTE_ORDER_MOTOROLA;
    AddUserComment(DecodeUserComment(e->data, e->size, big_endian), found);
  }
  exif_data_unref(ed);
}

void AddPngText(const PngText& t, Collected* found) {
  if (t.keyword == "AIGC") found->png_text.push_back(Trim(t.text));
}

void Finish(Collected found, RawMetadata* raw) {
  for (auto& j : found.xmp) raw->labels.push_back({kCarrierXmp, std::move(j)});
  for (auto& j : found.exif) raw->labels.push_back({kCarrierExifUserComment, std::move(j)});
  for (auto& j : found.png_text) raw->labels.push_back({kCarrierPngText, std::move(j)});
}

// --- JPEG ---------------------------------------------------------------------------------

Status ReadJpeg(const ByteSource& src, RawMetadata* raw, Collected* found) {
  AIGCMARK_ASSIGN_OR_RETURN(JpegLayout layout, WalkJpegSegments(src));
  for (const JpegSegment& s : layout.segments) {
    if (s.marker != kJpegApp1 && s.marker != kJpegApp11) continue;
    AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> p,
                              src.Read(s.payload_offset, s.payload_size, kMaxJpegSegmentPayload));
    if (s.marker == kJpegApp11) {
      if (IsC2paJumbf(p)) raw->c2pa = true;
    } else if (StartsWith(p, kJpegXmpSignature)) {
      AddXmp(AsView(p, kJpegXmpSignature.size()), raw, found);
    } else if (StartsWith(p, kJpegExifSignature)) {
      AddExifBlock(p, raw, found);
    }
  }
  return Status::Ok();
}

// --- PNG ----------------------------------------------------------------------------------

// Reads and decodes one text chunk; a broken chunk is a problem, not a failure of the file.
std::optional<PngText> ReadPngText(const ByteSource& src, const PngChunk& c, RawMetadata* raw) {
  auto body = src.Read(c.data_offset(), c.data_size, kMaxMetadataBytes);
  if (!body.ok()) {
    raw->problems.push_back("png " + c.type + " chunk: " + body.status().message());
    return std::nullopt;
  }
  auto t = ParsePngTextChunk(c.type, body->data(), body->size(), kMaxInflatedTextBytes);
  if (!t.ok()) {
    raw->problems.push_back("png: " + t.status().message());
    return std::nullopt;
  }
  return std::move(t).value();
}

// The keyword of a text chunk, read from its first bytes only.
StatusOr<std::string> PeekKeyword(const ByteSource& src, const PngChunk& c) {
  uint8_t head[80];
  size_t n = std::min<size_t>(c.data_size, sizeof(head));
  AIGCMARK_RETURN_IF_ERROR(src.ReadAt(c.data_offset(), n, head));
  return PngTextKeyword(head, n);
}

Status ReadPng(const ByteSource& src, RawMetadata* raw, Collected* found) {
  AIGCMARK_ASSIGN_OR_RETURN(PngLayout layout, WalkPngChunks(src));
  // A PNG always ends with IEND: without it the file is provably truncated, even when the cut
  // fell exactly between two chunks.
  if (!layout.saw_iend) return CorruptError("truncated PNG: the file ends without an IEND chunk");
  for (const PngChunk& c : layout.chunks) {
    if (c.type == "caBX") {
      raw->c2pa = true;
    } else if (c.type == "eXIf") {
      auto body = src.Read(c.data_offset(), c.data_size, kMaxMetadataBytes);
      if (!body.ok()) {
        raw->problems.push_back("png eXIf chunk: " + body.status().message());
      } else {
        AddExifBlock(*body, raw, found);
      }
    } else if (IsPngTextChunk(c.type)) {
      AIGCMARK_ASSIGN_OR_RETURN(std::string keyword, PeekKeyword(src, c));
      if (keyword != "AIGC" && keyword != kPngXmpKeyword) continue;
      std::optional<PngText> t = ReadPngText(src, c, raw);
      if (!t) continue;
      if (t->keyword == kPngXmpKeyword) {
        AddXmp(t->text, raw, found);
      } else {
        AddPngText(*t, found);
      }
    }
  }
  return Status::Ok();
}

// --- WebP (RIFF) --------------------------------------------------------------------------

uint32_t Le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

struct RiffChunk {
  std::string fourcc;
  uint64_t data_offset = 0;
  uint32_t size = 0;
};

// Walks the chunks of a RIFF/WEBP file inside the declared RIFF size.
StatusOr<std::vector<RiffChunk>> WalkWebpChunks(const ByteSource& src) {
  uint8_t h[12];
  if (src.size() < 12 || !src.ReadAt(0, 12, h).ok() || std::memcmp(h, "RIFF", 4) != 0 ||
      std::memcmp(h + 8, "WEBP", 4) != 0) {
    return CorruptError("not a WebP: bad RIFF header");
  }
  uint64_t riff_end = 8 + uint64_t{Le32(h + 4)};
  if (riff_end > src.size()) {
    return CorruptError("WebP truncated: RIFF header declares " + std::to_string(riff_end) +
                        " bytes but the data has " + std::to_string(src.size()));
  }
  std::vector<RiffChunk> chunks;
  uint64_t pos = 12;
  while (pos + 8 <= riff_end) {
    uint8_t ch[8];
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(pos, 8, ch));
    RiffChunk c;
    c.fourcc.assign(reinterpret_cast<const char*>(ch), 4);
    c.size = Le32(ch + 4);
    c.data_offset = pos + 8;
    if (c.data_offset + c.size > riff_end) {
      return CorruptError("WebP truncated: chunk '" + c.fourcc + "' at offset " +
                          std::to_string(pos) + " declares " + std::to_string(c.size) +
                          " bytes, past the end of the RIFF data");
    }
    if (chunks.size() >= kMaxPngChunks) return ResourceExhaustedError("WebP has too many chunks");
    chunks.push_back(c);
    pos = c.data_offset + c.size + (c.size & 1);
  }
  if (chunks.empty()) return CorruptError("WebP has no chunks");
  return chunks;
}

Status ReadWebp(const ByteSource& src, RawMetadata* raw, Collected* found) {
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<RiffChunk> chunks, WalkWebpChunks(src));
  for (const RiffChunk& c : chunks) {
    if (c.fourcc != "XMP " && c.fourcc != "EXIF") continue;
    auto body = src.Read(c.data_offset, c.size, kMaxMetadataBytes);
    if (!body.ok()) {
      raw->problems.push_back("webp " + c.fourcc + " chunk: " + body.status().message());
      continue;
    }
    if (c.fourcc == "XMP ") {
      AddXmp(AsView(*body), raw, found);
    } else {
      AddExifBlock(*body, raw, found);
    }
  }
  return Status::Ok();
}

// --- TIFF ---------------------------------------------------------------------------------

constexpr uint16_t kTiffTagXmp = 700;
constexpr uint16_t kTiffTagExifIfd = 34665;
constexpr uint16_t kTiffTagUserComment = 0x9286;
constexpr uint32_t kMaxIfdEntries = 4096;

struct TiffReader {
  const ByteSource& src;
  bool big_endian;
  uint16_t U16(const uint8_t* p) const {
    return big_endian ? static_cast<uint16_t>(p[0] << 8 | p[1])
                      : static_cast<uint16_t>(p[1] << 8 | p[0]);
  }
  uint32_t U32(const uint8_t* p) const {
    return big_endian ? (uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3])
                      : Le32(p);
  }
};

struct IfdEntry {
  uint16_t tag, type;
  uint32_t count;
  uint8_t value[4];
};

StatusOr<std::vector<IfdEntry>> ReadIfd(const TiffReader& r, uint64_t offset) {
  uint8_t cnt[2];
  if (offset + 2 > r.src.size()) {
    return CorruptError("TIFF truncated: IFD at offset " + std::to_string(offset) +
                        " is past the end");
  }
  AIGCMARK_RETURN_IF_ERROR(r.src.ReadAt(offset, 2, cnt));
  uint32_t n = r.U16(cnt);
  if (n > kMaxIfdEntries) {
    return CorruptError("TIFF IFD at offset " + std::to_string(offset) + " declares " +
                        std::to_string(n) + " entries");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> b, r.src.Read(offset + 2, uint64_t{n} * 12,
                                                               uint64_t{kMaxIfdEntries} * 12));
  std::vector<IfdEntry> out(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t* e = b.data() + i * 12;
    out[i].tag = r.U16(e);
    out[i].type = r.U16(e + 2);
    out[i].count = r.U32(e + 4);
    std::memcpy(out[i].value, e + 8, 4);
  }
  return out;
}

// The bytes of a BYTE/ASCII/UNDEFINED entry (inline when they fit in four bytes).
StatusOr<std::vector<uint8_t>> EntryBytes(const TiffReader& r, const IfdEntry& e) {
  if (e.type != 1 && e.type != 2 && e.type != 7) {
    return CorruptError("TIFF tag " + std::to_string(e.tag) + " has unexpected type " +
                        std::to_string(e.type));
  }
  if (e.count <= 4) return std::vector<uint8_t>(e.value, e.value + e.count);
  return r.src.Read(r.U32(e.value), e.count, kMaxMetadataBytes);
}

Status ReadTiff(const ByteSource& src, RawMetadata* raw, Collected* found) {
  uint8_t h[8];
  if (src.size() < 8 || !src.ReadAt(0, 8, h).ok()) return CorruptError("TIFF header truncated");
  TiffReader r{src, h[0] == 'M'};
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<IfdEntry> ifd0, ReadIfd(r, r.U32(h + 4)));
  for (const IfdEntry& e : ifd0) {
    if (e.tag == kTiffTagXmp) {
      auto b = EntryBytes(r, e);
      if (!b.ok()) {
        raw->problems.push_back(std::string(kCarrierXmp) + ": " + b.status().message());
      } else {
        AddXmp(AsView(*b), raw, found);
      }
    } else if (e.tag == kTiffTagExifIfd && (e.type == 4 || e.type == 13) && e.count == 1) {
      auto exif = ReadIfd(r, r.U32(e.value));
      if (!exif.ok()) {
        raw->problems.push_back("tiff exif ifd: " + exif.status().message());
        continue;
      }
      for (const IfdEntry& x : *exif) {
        if (x.tag != kTiffTagUserComment) continue;
        auto b = EntryBytes(r, x);
        if (!b.ok()) {
          raw->problems.push_back(std::string(kCarrierExifUserComment) + ": " +
                                  b.status().message());
        } else {
          AddUserComment(DecodeUserComment(b->data(), b->size(), r.big_endian), found);
        }
      }
    }
  }
  return Status::Ok();
}

// --- writing ------------------------------------------------------------------------------

// Replace bytes [begin, end) of the input with `bytes` (begin == end inserts).
struct Edit {
  uint64_t begin, end;
  std::vector<uint8_t> bytes;
};

// Applies non-overlapping edits; everything between them is copied unchanged.
std::vector<uint8_t> ApplyEdits(const std::vector<uint8_t>& in, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.end < y.end;
  });
  std::vector<uint8_t> out;
  out.reserve(in.size() + 4096);
  uint64_t cursor = 0;
  for (const Edit& e : edits) {
    out.insert(out.end(), in.begin() + cursor, in.begin() + e.begin);
    out.insert(out.end(), e.bytes.begin(), e.bytes.end());
    cursor = e.end;
  }
  out.insert(out.end(), in.begin() + cursor, in.end());
  return out;
}

bool HasExifLabel(const std::vector<uint8_t>& in, MediaFormat format) {
  auto src = MemorySource(in.data(), in.size(), "");
  RawMetadata raw;
  if (!ReadImageCarriers(*src, format, &raw).ok()) return false;
  for (const auto& f : raw.labels) {
    if (f.carrier == kCarrierExifUserComment) return true;
  }
  return false;
}

// Exiv2 rewrites rare header markers (DNL, DHP, EXP, JPGn) into broken files; refuse those.
Status CheckExiv2CanRewriteJpeg(const std::vector<uint8_t>& in) {
  auto src = MemorySource(in.data(), in.size(), "");
  AIGCMARK_ASSIGN_OR_RETURN(JpegLayout layout, WalkJpegSegments(*src));
  for (const JpegSegment& s : layout.segments) {
    if (!IsCommonJpegHeaderMarker(s.marker)) {
      static const char* kDigits = "0123456789ABCDEF";
      std::string hex{kDigits[s.marker >> 4], kDigits[s.marker & 15]};
      return UnsupportedError("JPEG has the rare marker 0x" + hex + " at offset " +
                              std::to_string(s.offset) +
                              "; its EXIF UserComment label cannot be updated safely");
    }
  }
  return Status::Ok();
}

StatusOr<std::vector<uint8_t>> WriteJpeg(const std::vector<uint8_t>& in, const std::string& json,
                                         const std::optional<std::string>& dst) {
  auto src = MemorySource(in.data(), in.size(), "");
  AIGCMARK_ASSIGN_OR_RETURN(JpegLayout layout, WalkJpegSegments(*src));
  if (layout.sos_offset == 0) return CorruptError("JPEG has no image data (EOI before any scan)");
  std::string existing;
  std::vector<Edit> edits;
  for (const JpegSegment& s : layout.segments) {
    if (s.marker != kJpegApp1 || s.payload_size < kJpegXmpSignature.size()) continue;
    std::string_view p(reinterpret_cast<const char*>(in.data() + s.payload_offset), s.payload_size);
    if (p.substr(0, kJpegXmpSignature.size()) != kJpegXmpSignature) continue;
    if (edits.empty()) existing = p.substr(kJpegXmpSignature.size());
    edits.push_back({s.offset, s.end(), {}});
  }
  constexpr size_t kMaxPacket = kMaxJpegSegmentPayload - kJpegXmpSignature.size();
  AIGCMARK_ASSIGN_OR_RETURN(std::string packet, MergeXmpPacket(existing, json, dst));
  if (packet.size() > kMaxPacket) {
    AIGCMARK_ASSIGN_OR_RETURN(packet, MergeXmpPacket(existing, json, dst, /*compact=*/true));
  }
  if (packet.size() > kMaxPacket) {
    return ResourceExhaustedError("the merged XMP packet is " + std::to_string(packet.size()) +
                                  " bytes, more than one JPEG APP1 segment holds (" +
                                  std::to_string(kMaxPacket) + "); Extended XMP is not written");
  }
  std::vector<uint8_t> seg;
  size_t length = 2 + kJpegXmpSignature.size() + packet.size();
  seg.reserve(2 + length);
  seg.push_back(0xFF);
  seg.push_back(kJpegApp1);
  seg.push_back(static_cast<uint8_t>(length >> 8));
  seg.push_back(static_cast<uint8_t>(length & 0xFF));
  seg.insert(seg.end(), kJpegXmpSignature.begin(), kJpegXmpSignature.end());
  seg.insert(seg.end(), packet.begin(), packet.end());
  if (!edits.empty()) {
    edits.front().bytes = std::move(seg);  // replace the first XMP segment in place
  } else {
    // Readers expect XMP after the leading APP0 (JFIF) / APP1 (EXIF) segments.
    uint64_t at = 2;
    for (const JpegSegment& s : layout.segments) {
      if (s.marker != 0xE0 && s.marker != kJpegApp1) break;
      at = s.end();
    }
    edits.push_back({at, at, std::move(seg)});
  }
  return ApplyEdits(in, std::move(edits));
}

StatusOr<std::vector<uint8_t>> WritePng(const std::vector<uint8_t>& in, const AigcLabel& label,
                                        const std::optional<std::string>& dst) {
  auto src = MemorySource(in.data(), in.size(), "");
  AIGCMARK_ASSIGN_OR_RETURN(PngLayout layout, WalkPngChunks(*src));
  if (!layout.saw_iend) {
    return CorruptError("PNG ends without an IEND chunk; refusing to rewrite a truncated file");
  }
  std::string existing;
  bool have_xmp = false;
  std::vector<Edit> edits;
  const std::vector<uint8_t> text_chunk =
      MakePngChunk("tEXt", std::string("AIGC") + '\0' + LabelToWrappedJson(label));
  for (const PngChunk& c : layout.chunks) {
    if (!IsPngTextChunk(c.type)) continue;
    const uint8_t* body = in.data() + c.data_offset();
    std::string keyword = PngTextKeyword(body, c.data_size);
    if (keyword == "AIGC") {
      // Keep the secondary carrier in step, so readers do not see two disagreeing labels.
      edits.push_back({c.offset, c.end(), text_chunk});
    } else if (keyword == kPngXmpKeyword && c.type == "iTXt") {
      if (!have_xmp) {
        AIGCMARK_ASSIGN_OR_RETURN(
            PngText t, ParsePngTextChunk(c.type, body, c.data_size, kMaxInflatedTextBytes));
        existing = std::move(t.text);
        have_xmp = true;
      }
      edits.push_back({c.offset, c.end(), {}});
    }
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::string packet, MergeXmpPacket(existing, LabelToJson(label), dst));
  std::vector<uint8_t> chunk = MakePngChunk("iTXt", MakeITxtBody(kPngXmpKeyword, packet));
  auto first_xmp =
      std::find_if(edits.begin(), edits.end(), [](const Edit& e) { return e.bytes.empty(); });
  if (first_xmp != edits.end()) {
    first_xmp->bytes = std::move(chunk);
  } else {
    uint64_t at = layout.chunks.front().end();  // right after IHDR
    edits.push_back({at, at, std::move(chunk)});
  }
  return ApplyEdits(in, std::move(edits));
}

std::vector<uint8_t> ReadAllIo(Exiv2::BasicIo& io) {
  io.open();
  std::vector<uint8_t> out(io.size());
  io.seek(0, Exiv2::BasicIo::beg);
  long got = out.empty() ? 0 : io.read(out.data(), static_cast<long>(out.size()));
  out.resize(static_cast<size_t>(std::max<long>(got, 0)));
  io.close();
  return out;
}

// WebP and TIFF (and JPEG whose EXIF UserComment holds a label): Exiv2 rewrites the container
// (VP8X flags, IFD offsets, the EXIF block) but copies the image data unchanged. The input is
// first walked by our bounded reader, so Exiv2 only sees structurally sound files.
StatusOr<std::vector<uint8_t>> WriteWithExiv2(const std::vector<uint8_t>& in, MediaFormat format,
                                              const AigcLabel& label,
                                              const std::optional<std::string>& dst) {
  auto src = MemorySource(in.data(), in.size(), "");
  RawMetadata raw;
  AIGCMARK_RETURN_IF_ERROR(ReadImageCarriers(*src, format, &raw));
  bool exif_label = std::any_of(raw.labels.begin(), raw.labels.end(), [](const CarrierFinding& f) {
    return f.carrier == kCarrierExifUserComment;
  });
  EnsureExiv2Ready();
  try {
    auto image = Exiv2::ImageFactory::open(in.data(), static_cast<long>(in.size()));
    if (image.get() == nullptr) return UnsupportedError("Exiv2 cannot open this image");
    image->readMetadata();
    Exiv2::XmpData& xmp = image->xmpData();
    xmp[kXmpKeyAigc] = LabelToJson(label);
    if (dst) xmp[kXmpKeyDigitalSourceType] = *dst;
    if (exif_label) {
      // Keep the secondary carrier in step (labels are printable ASCII by Annex E).
      image->exifData()["Exif.Photo.UserComment"] = "charset=Ascii " + LabelToWrappedJson(label);
    }
    image->writeMetadata();
    return ReadAllIo(image->io());
  } catch (const std::exception& e) {
    return CorruptError(std::string("cannot write metadata: ") + e.what());
  } catch (...) {
    return InternalError("cannot write metadata: unexpected Exiv2 failure");
  }
}

}  // namespace

Status ReadImageCarriers(const ByteSource& src, MediaFormat format, RawMetadata* out) {
  Collected found;
  Status s;
  switch (format) {
    case MediaFormat::kJpeg:
      s = ReadJpeg(src, out, &found);
      break;
    case MediaFormat::kPng:
      s = ReadPng(src, out, &found);
      break;
    case MediaFormat::kWebp:
      s = ReadWebp(src, out, &found);
      break;
    case MediaFormat::kTiff:
      s = ReadTiff(src, out, &found);
      break;
    default:
      return UnsupportedError("not an image format with metadata carriers");
  }
  if (!s.ok()) return s;
  Finish(std::move(found), out);
  return Status::Ok();
}

StatusOr<std::vector<uint8_t>> WriteImageLabel(const std::vector<uint8_t>& in, MediaFormat format,
                                               const AigcLabel& label,
                                               const std::optional<std::string>& dst) {
  switch (format) {
    case MediaFormat::kJpeg:
      // A label in EXIF UserComment must be updated too, which needs an EXIF rewriter.
      if (HasExifLabel(in, format)) {
        AIGCMARK_RETURN_IF_ERROR(CheckExiv2CanRewriteJpeg(in));
        return WriteWithExiv2(in, format, label, dst);
      }
      return WriteJpeg(in, LabelToJson(label), dst);
    case MediaFormat::kPng:
      return WritePng(in, label, dst);
    case MediaFormat::kWebp:
    case MediaFormat::kTiff:
      return WriteWithExiv2(in, format, label, dst);
    default:
      return UnsupportedError("cannot write an image label into this format");
  }
}

namespace {

// Whether viewers turn this image by the EXIF Orientation Exiv2 reads from it: they do for a
// JPEG's first EXIF segment and a PNG eXIf chunk before the image data (PNG 3rd edition, as
// browsers read it), not for other PNG EXIF, WebP or TIFF. The rule of visible::DisplayOrientation.
bool ViewersApplyExifOrientation(const std::vector<uint8_t>& source) {
  switch (SniffFormat(source.data(), std::min<size_t>(source.size(), kSniffBytes))) {
    case MediaFormat::kJpeg:
      return true;
    case MediaFormat::kPng: {
      auto src = MemorySource(source.data(), source.size(), "");
      auto layout = WalkPngChunks(*src);
      if (!layout.ok()) return false;
      for (const PngChunk& c : layout->chunks) {
        if (c.type == "IDAT") return false;
        if (c.type == "eXIf") return true;
      }
      return false;
    }
    default:
      return false;
  }
}

}  // namespace

// Exiv2 copies EXIF, IPTC, XMP, ICC and the comment (where the target holds one), except that a
// PNG target gets its EXIF in an eXIf chunk from us; a label that only sat in a carrier Exiv2
// does not copy (PNG text) is then written into the target's XMP, so labels always survive.
Status CopyImageMetadata(const std::vector<uint8_t>& source, const std::string& target_path) {
  // Our bounded reader vets the source before Exiv2 sees it, and tells which label to keep.
  AIGCMARK_ASSIGN_OR_RETURN(MetadataReport wanted,
                            ReadMetadataFromMemory(source, "metadata source"));
  EnsureExiv2Ready();
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> target,
                            ReadFileBytes(target_path, kMaxInMemoryFileBytes));
  std::vector<uint8_t> out;
  std::string png_exif;  // the EXIF for a PNG target's eXIf chunk
  bool png_target = false;
  try {
    auto src = Exiv2::ImageFactory::open(source.data(), static_cast<long>(source.size()));
    if (src.get() == nullptr)
      return UnsupportedError("source image format is not supported for metadata copy");
    src->readMetadata();
    auto dst = Exiv2::ImageFactory::open(target.data(), static_cast<long>(target.size()));
    if (dst.get() == nullptr)
      return UnsupportedError(target_path + ": format is not supported for metadata copy");
    dst->readMetadata();
    Exiv2::ExifData exif = src->exifData();
    Exiv2::XmpData xmp = src->xmpData();
    png_target = dst->imageType() == Exiv2::ImageType::png;
    const bool target_turns = png_target || dst->imageType() == Exiv2::ImageType::jpeg;
    // OpenCV's TIFF decoder applies the Orientation tag even when asked not to, so pixels
    // from a TIFF are already upright: a copied tag would make viewers turn them twice. A tag
    // that viewers ignored in the source (WebP, PNG EXIF outside an early eXIf chunk) must not
    // start turning the output either: the output has to look like the input.
    if (src->imageType() == Exiv2::ImageType::tiff ||
        (target_turns && !ViewersApplyExifOrientation(source))) {
      auto e = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
      if (e != exif.end()) *e = static_cast<uint16_t>(1);
      auto x = xmp.findKey(Exiv2::XmpKey("Xmp.tiff.Orientation"));
      if (x != xmp.end()) *x = "1";
    }
    if (png_target) {
      // Exiv2 0.27 would store the EXIF as a hex "Raw profile type exif" text chunk, which
      // viewers ignore (the Orientation above among it); it goes into an eXIf chunk below.
      if (!exif.empty()) {
        Exiv2::ByteOrder order = src->byteOrder();
        if (order == Exiv2::invalidByteOrder) order = Exiv2::littleEndian;
        Exiv2::Blob blob;
        Exiv2::ExifParser::encode(blob, nullptr, 0, order, exif);
        png_exif.assign(blob.begin(), blob.end());
      }
      dst->setExifData(Exiv2::ExifData());
    } else {
      dst->setExifData(exif);
    }
    dst->setIptcData(src->iptcData());
    dst->setXmpData(xmp);
    if (src->iccProfileDefined()) dst->setIccProfile(*src->iccProfile(), /*bTestValid=*/false);
    // WebP and TIFF have no comment carrier (Exiv2 throws on setComment); the comment is not a
    // label carrier, so it is dropped there rather than failing the whole copy.
    if (!src->comment().empty() && (dst->checkMode(Exiv2::mdComment) & Exiv2::amWrite) != 0) {
      dst->setComment(src->comment());
    }
    dst->writeMetadata();
    out = ReadAllIo(dst->io());
  } catch (const std::exception& e) {
    return CorruptError(target_path + ": cannot copy metadata: " + e.what());
  } catch (...) {
    return InternalError(target_path + ": cannot copy metadata: unexpected Exiv2 failure");
  }
  if (out.empty()) return InternalError(target_path + ": metadata copy produced no bytes");
  if (png_target) {
    auto with_exif = ReplacePngExif(out, png_exif);
    if (!with_exif.ok()) return with_exif.status().WithContext(target_path);
    out = std::move(with_exif).value();
  }
  if (wanted.aigc) {
    AIGCMARK_ASSIGN_OR_RETURN(MetadataReport got, ReadMetadataFromMemory(out, target_path));
    if (!got.aigc || !(*got.aigc == *wanted.aigc)) {
      MediaFormat format = SniffFormat(out.data(), std::min<size_t>(out.size(), kSniffBytes));
      auto labelled = WriteImageLabel(out, format, *wanted.aigc, wanted.digital_source_type);
      if (!labelled.ok()) return labelled.status().WithContext(target_path);
      out = std::move(labelled).value();
    }
  }
  return WriteFileAtomic(target_path, out);
}

}  // namespace aigcmark
