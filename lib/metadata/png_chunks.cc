#include "metadata/png_chunks.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace aigcmark {
namespace {

uint32_t Be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

bool IsLetter(uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Length of the NUL-terminated field starting at `from`, or npos when there is no NUL.
size_t FieldEnd(const uint8_t* d, size_t n, size_t from) {
  if (from > n) return std::string::npos;
  const void* z = std::memchr(d + from, 0, n - from);
  return z ? static_cast<size_t>(static_cast<const uint8_t*>(z) - d) : std::string::npos;
}

}  // namespace

StatusOr<PngLayout> WalkPngChunks(const ByteSource& src) {
  uint8_t sig[8];
  if (src.size() < 8 || !src.ReadAt(0, 8, sig).ok() ||
      std::memcmp(sig, kPngSignature.data(), 8) != 0) {
    return CorruptError("not a PNG: bad signature");
  }
  PngLayout layout;
  uint64_t pos = 8;
  const uint64_t size = src.size();
  while (pos < size) {
    if (size - pos < 12) {
      return CorruptError("PNG truncated: " + std::to_string(size - pos) +
                          " stray bytes at offset " + std::to_string(pos) +
                          " are too few for a chunk");
    }
    uint8_t h[8];
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(pos, 8, h));
    PngChunk c;
    c.offset = pos;
    uint32_t len = Be32(h);
    if (len > 0x7FFFFFFFu) {
      return CorruptError("PNG chunk at offset " + std::to_string(pos) + " declares length " +
                          std::to_string(len) + ", above the 2^31-1 the format allows");
    }
    if (!IsLetter(h[4]) || !IsLetter(h[5]) || !IsLetter(h[6]) || !IsLetter(h[7])) {
      return CorruptError("PNG: invalid chunk type at offset " + std::to_string(pos + 4));
    }
    c.type.assign(reinterpret_cast<const char*>(h + 4), 4);
    c.data_size = len;
    if (c.end() > size) {
      return CorruptError("PNG truncated: chunk " + c.type + " at offset " + std::to_string(pos) +
                          " declares " + std::to_string(len) + " bytes of data but only " +
                          std::to_string(size - pos - std::min<uint64_t>(size - pos, 12)) +
                          " remain");
    }
    if (layout.chunks.empty() && c.type != "IHDR") {
      return CorruptError("PNG: first chunk is " + c.type + ", not IHDR");
    }
    if (layout.chunks.size() >= kMaxPngChunks) {
      return ResourceExhaustedError("PNG has more than " + std::to_string(kMaxPngChunks) +
                                    " chunks");
    }
    layout.chunks.push_back(c);
    pos = c.end();
    if (c.type == "IEND") {
      layout.saw_iend = true;
      break;
    }
  }
  if (layout.chunks.empty()) return CorruptError("PNG has a signature but no chunks");
  return layout;
}

bool IsPngTextChunk(std::string_view type) {
  return type == "tEXt" || type == "zTXt" || type == "iTXt";
}

std::string PngTextKeyword(const uint8_t* data, size_t n) {
  size_t end = FieldEnd(data, std::min<size_t>(n, 80), 0);
  if (end == std::string::npos || end == 0) return {};
  return std::string(reinterpret_cast<const char*>(data), end);
}

StatusOr<std::string> InflateBounded(const uint8_t* data, size_t n, uint64_t max_out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return InternalError("zlib inflateInit failed");
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = static_cast<uInt>(std::min<size_t>(n, 0xFFFFFFFFu));
  std::string out;
  uint8_t buf[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = buf;
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return CorruptError(rc == Z_BUF_ERROR ? "compressed text is truncated"
                                            : "compressed text is not a valid zlib stream");
    }
    size_t got = sizeof(buf) - zs.avail_out;
    if (out.size() + got > max_out) {
      inflateEnd(&zs);
      return ResourceExhaustedError("compressed text inflates to more than " +
                                    std::to_string(max_out) + " bytes");
    }
    out.append(reinterpret_cast<const char*>(buf), got);
    if (rc == Z_OK && got == 0 && zs.avail_in == 0) {
      inflateEnd(&zs);
      return CorruptError("compressed text is truncated");
    }
  }
  inflateEnd(&zs);
  return out;
}

StatusOr<PngText> ParsePngTextChunk(std::string_view type, const uint8_t* d, size_t n,
                                    uint64_t max_text) {
  PngText t;
  size_t kw_end = FieldEnd(d, std::min<size_t>(n, 80), 0);
  if (kw_end == std::string::npos || kw_end == 0) {
    return CorruptError(std::string(type) + " chunk has no valid keyword");
  }
  t.keyword.assign(reinterpret_cast<const char*>(d), kw_end);
  size_t p = kw_end + 1;
  auto take_plain = [&](size_t from) -> Status {
    if (n - from > max_text) {
      return ResourceExhaustedError(std::string(type) + " text is longer than " +
                                    std::to_string(max_text) + " bytes");
    }
    t.text.assign(reinterpret_cast<const char*>(d + from), n - from);
    return Status::Ok();
  };
  auto take_inflated = [&](size_t from) -> Status {
    auto s = InflateBounded(d + from, n - from, max_text);
    if (!s.ok())
      return Status(s.status().code(),
                    std::string(type) + " chunk '" + t.keyword + "': " + s.status().message());
    t.text = std::move(s).value();
    return Status::Ok();
  };
  if (type == "tEXt") {
    AIGCMARK_RETURN_IF_ERROR(take_plain(p));
    return t;
  }
  if (type == "zTXt") {
    if (p >= n) return CorruptError("zTXt chunk '" + t.keyword + "' has no compression method");
    if (d[p] != 0) return CorruptError("zTXt chunk '" + t.keyword + "' uses an unknown method");
    AIGCMARK_RETURN_IF_ERROR(take_inflated(p + 1));
    return t;
  }
  if (type == "iTXt") {
    if (p + 2 > n) return CorruptError("iTXt chunk '" + t.keyword + "' is truncated");
    uint8_t flag = d[p], method = d[p + 1];
    size_t lang_end = FieldEnd(d, n, p + 2);
    size_t tkw_end = lang_end == std::string::npos ? lang_end : FieldEnd(d, n, lang_end + 1);
    if (tkw_end == std::string::npos) {
      return CorruptError("iTXt chunk '" + t.keyword + "' is truncated in its language fields");
    }
    if (flag == 0) {
      AIGCMARK_RETURN_IF_ERROR(take_plain(tkw_end + 1));
    } else if (flag == 1 && method == 0) {
      AIGCMARK_RETURN_IF_ERROR(take_inflated(tkw_end + 1));
    } else {
      return CorruptError("iTXt chunk '" + t.keyword + "' has an unknown compression flag");
    }
    return t;
  }
  return InvalidArgumentError(std::string(type) + " is not a PNG text chunk");
}

bool IsPngRawExifKeyword(std::string_view keyword) {
  return keyword == "Raw profile type exif" || keyword == "Raw profile type APP1";
}

StatusOr<std::vector<uint8_t>> ReplacePngExif(const std::vector<uint8_t>& png,
                                              std::string_view exif) {
  if (!exif.empty() && (exif.size() < 8 || (exif.substr(0, 4) != std::string_view("MM\0*", 4) &&
                                            exif.substr(0, 4) != std::string_view("II*\0", 4)))) {
    return InvalidArgumentError("EXIF for a PNG eXIf chunk must start with a TIFF header");
  }
  if (exif.size() > 0x7FFFFFFFu) {
    return InvalidArgumentError("EXIF of " + std::to_string(exif.size()) +
                                " bytes does not fit in a PNG chunk");
  }
  auto src = MemorySource(png.data(), png.size(), "");
  AIGCMARK_ASSIGN_OR_RETURN(PngLayout layout, WalkPngChunks(*src));
  if (!layout.saw_iend) {
    return CorruptError("PNG ends without an IEND chunk; refusing to rewrite a truncated file");
  }
  if (std::none_of(layout.chunks.begin(), layout.chunks.end(),
                   [](const PngChunk& c) { return c.type == "IDAT"; })) {
    return CorruptError("PNG has no IDAT chunk");
  }
  std::vector<uint8_t> out;
  out.reserve(png.size() + exif.size() + 12);
  out.insert(out.end(), png.begin(), png.begin() + 8);
  for (size_t i = 0; i < layout.chunks.size(); ++i) {
    const PngChunk& c = layout.chunks[i];
    if (c.type == "eXIf") continue;
    if (IsPngTextChunk(c.type) &&
        IsPngRawExifKeyword(PngTextKeyword(png.data() + c.data_offset(), c.data_size))) {
      continue;
    }
    out.insert(out.end(), png.begin() + c.offset, png.begin() + c.end());
    // After the first chunk (IHDR) only: a stray second IHDR may follow the image data.
    if (i == 0 && !exif.empty()) {
      std::vector<uint8_t> chunk = MakePngChunk("eXIf", exif);
      out.insert(out.end(), chunk.begin(), chunk.end());
    }
  }
  // Bytes after IEND are not part of the image; they are kept as they were.
  out.insert(out.end(), png.begin() + layout.chunks.back().end(), png.end());
  return out;
}

std::vector<uint8_t> MakePngChunk(std::string_view type, std::string_view data) {
  std::vector<uint8_t> c(12 + data.size());
  uint32_t len = static_cast<uint32_t>(data.size());
  c[0] = static_cast<uint8_t>(len >> 24);
  c[1] = static_cast<uint8_t>(len >> 16);
  c[2] = static_cast<uint8_t>(len >> 8);
  c[3] = static_cast<uint8_t>(len);
  std::memcpy(c.data() + 4, type.data(), 4);
  if (!data.empty()) std::memcpy(c.data() + 8, data.data(), data.size());
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, c.data() + 4, static_cast<uInt>(4 + data.size()));
  size_t e = 8 + data.size();
  c[e] = static_cast<uint8_t>(crc >> 24);
  c[e + 1] = static_cast<uint8_t>(crc >> 16);
  c[e + 2] = static_cast<uint8_t>(crc >> 8);
  c[e + 3] = static_cast<uint8_t>(crc);
  return c;
}

std::string MakeITxtBody(std::string_view keyword, std::string_view text) {
  std::string b(keyword);
  b.push_back('\0');
  b.push_back('\0');  // not compressed
  b.push_back('\0');  // compression method
  b.push_back('\0');  // empty language tag
  b.push_back('\0');  // empty translated keyword
  b.append(text);
  return b;
}

}  // namespace aigcmark
