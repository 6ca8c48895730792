#include "metadata/jpeg_segments.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace aigcmark {
namespace {

std::string Hex(uint8_t b) {
  static const char* kDigits = "0123456789ABCDEF";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

// Markers that stand alone, with no length field (TEM, RSTn, SOI).
bool IsStandalone(uint8_t m) { return m == 0x01 || (m >= 0xD0 && m <= 0xD8); }

}  // namespace

StatusOr<JpegLayout> WalkJpegSegments(const ByteSource& src) {
  uint8_t head[2];
  if (src.size() < 2 || !src.ReadAt(0, 2, head).ok() || head[0] != 0xFF || head[1] != 0xD8) {
    return CorruptError("not a JPEG: no SOI marker");
  }
  JpegLayout layout;
  uint64_t pos = 2;
  const uint64_t size = src.size();
  while (true) {
    if (pos >= size) {
      return CorruptError("JPEG truncated at offset " + std::to_string(pos) +
                          " before the image data (no SOS marker)");
    }
    uint8_t b[4];
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(pos, 1, b));
    if (b[0] != 0xFF) {
      return CorruptError("JPEG: expected a marker at offset " + std::to_string(pos) + ", found " +
                          Hex(b[0]));
    }
    // Any number of 0xFF fill bytes may precede a marker code.
    uint64_t code_pos = pos + 1;
    uint8_t marker = 0xFF;
    while (marker == 0xFF) {
      if (code_pos >= size) return CorruptError("JPEG truncated inside a marker at the end");
      AIGCMARK_RETURN_IF_ERROR(src.ReadAt(code_pos, 1, &marker));
      if (marker == 0xFF) ++code_pos;
    }
    if (marker == 0x00) {
      return CorruptError("JPEG: stuffed byte where a marker must be at offset " +
                          std::to_string(code_pos - 1));
    }
    if (marker >= 0x02 && marker < 0xC0) {  // reserved codes; no real file uses them
      return CorruptError("JPEG: invalid marker " + Hex(marker) + " at offset " +
                          std::to_string(code_pos - 1));
    }
    if (marker == 0xD9) return layout;  // EOI before any scan: a header-only (odd) file
    if (IsStandalone(marker)) {
      // SOI, RSTn and TEM belong at the start or inside entropy-coded data, never between
      // header segments; rewriters disagree on such files, so they are refused.
      return CorruptError("JPEG: unexpected marker " + Hex(marker) + " at offset " +
                          std::to_string(code_pos - 1) + " before the image data");
    }
    if (code_pos + 3 > size) {
      return CorruptError("JPEG truncated in the length of marker " + Hex(marker) + " at offset " +
                          std::to_string(pos));
    }
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(code_pos + 1, 2, b));
    uint32_t length = (uint32_t{b[0]} << 8) | b[1];
    if (length < 2) {
      return CorruptError("JPEG: marker " + Hex(marker) + " at offset " + std::to_string(pos) +
                          " declares an impossible length " + std::to_string(length));
    }
    JpegSegment seg;
    seg.marker = marker;
    seg.offset = code_pos - 1;
    seg.payload_offset = code_pos + 3;
    seg.payload_size = length - 2;
    if (seg.end() > size) {
      return CorruptError("JPEG truncated: marker " + Hex(marker) + " at offset " +
                          std::to_string(seg.offset) + " declares " + std::to_string(length) +
                          " bytes but only " + std::to_string(size - seg.payload_offset + 2) +
                          " remain");
    }
    if (layout.segments.size() >= kMaxJpegSegments) {
      return ResourceExhaustedError("JPEG has more than " + std::to_string(kMaxJpegSegments) +
                                    " marker segments before the image data");
    }
    layout.segments.push_back(seg);
    if (marker == kJpegSos) {
      layout.sos_offset = seg.offset;
      return layout;
    }
    pos = seg.end();
  }
}

bool IsCommonJpegHeaderMarker(uint8_t m) {
  return (m >= 0xC0 && m <= 0xCF) || m == 0xDA || m == 0xDB || m == 0xDD ||
         (m >= 0xE0 && m <= 0xEF) || m == 0xFE;
}

bool IsC2paJumbf(const std::vector<uint8_t>& p) {
  // APP11 JUMBF: "JP" common identifier, 2-byte instance, 4-byte sequence, then the box
  // (LBox, TBox "jumb", a "jumd" description box whose label is "c2pa").
  if (p.size() < 8 + 8 || p[0] != 'J' || p[1] != 'P') return false;
  auto find = [&](const char* needle) {
    return std::search(p.begin() + 8, p.end(), needle, needle + std::strlen(needle)) != p.end();
  };
  return find("jumb") && find("c2pa");
}

}  // namespace aigcmark
