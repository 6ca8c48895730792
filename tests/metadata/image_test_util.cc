#include "metadata/image_test_util.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <stdexcept>

#include "common/test_util.h"
#include "core/byte_source.h"
#include "metadata/jpeg_segments.h"
#include "metadata/png_chunks.h"

namespace aigcmark::test {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void Put16(std::string& s, uint16_t v, bool be) {
  if (be) {
    s.push_back(static_cast<char>(v >> 8));
    s.push_back(static_cast<char>(v));
  } else {
    s.push_back(static_cast<char>(v));
    s.push_back(static_cast<char>(v >> 8));
  }
}

void Put32(std::string& s, uint32_t v, bool be) {
  if (be) {
    Put16(s, static_cast<uint16_t>(v >> 16), be);
    Put16(s, static_cast<uint16_t>(v), be);
  } else {
    Put16(s, static_cast<uint16_t>(v), be);
    Put16(s, static_cast<uint16_t>(v >> 16), be);
  }
}

std::string_view View(const std::vector<uint8_t>& v, size_t from, size_t to) {
  return {reinterpret_cast<const char*>(v.data()) + from, to - from};
}

// Concatenates byte ranges (sized once, filled with memcpy).
std::vector<uint8_t> Join(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto p : parts) n += p.size();
  std::vector<uint8_t> out(n);
  size_t at = 0;
  for (auto p : parts) {
    if (!p.empty()) std::memcpy(out.data() + at, p.data(), p.size());
    at += p.size();
  }
  return out;
}

}  // namespace

LabelUpdate ProducerUpdate(const std::string& produce_id) {
  LabelUpdate u;
  u.label = "1";
  u.content_producer = "91110000MA01ABCDEF";
  u.produce_id = produce_id;
  return u;
}

AigcLabel ProducerLabel(const std::string& produce_id) {
  return ApplyLabelUpdate(std::nullopt, ProducerUpdate(produce_id));
}

std::vector<std::string> RealJpegs() {
  std::vector<std::string> out;
  for (const auto& p : RealPhotos()) {
    if (EndsWith(p, ".jpg")) out.push_back(p);
  }
  return out;
}

std::vector<std::string> RealPngs() {
  std::vector<std::string> out;
  for (const auto& p : RealPhotos()) {
    if (EndsWith(p, ".png")) out.push_back(p);
  }
  return out;
}

void ConvertPhoto(const std::string& photo, const std::string& out) {
  cv::Mat m = cv::imread(photo, cv::IMREAD_COLOR);
  if (m.empty() || !cv::imwrite(out, m)) throw std::runtime_error("cannot convert " + photo);
}

bool SamePixels(const std::string& a, const std::string& b) {
  cv::Mat x = cv::imread(a, cv::IMREAD_UNCHANGED);
  cv::Mat y = cv::imread(b, cv::IMREAD_UNCHANGED);
  if (x.empty() || y.empty() || x.size() != y.size() || x.type() != y.type()) return false;
  cv::Mat diff;
  cv::compare(x.reshape(1), y.reshape(1), diff, cv::CMP_NE);
  return cv::countNonZero(diff) == 0;
}

std::vector<uint8_t> PngIdat(const std::vector<uint8_t>& png) {
  auto src = MemorySource(png.data(), png.size(), "png");
  auto layout = WalkPngChunks(*src);
  if (!layout.ok()) throw std::runtime_error(layout.status().message());
  std::vector<uint8_t> out;
  for (const auto& c : layout->chunks) {
    if (c.type == "IDAT") {
      out.insert(out.end(), png.begin() + c.data_offset(),
                 png.begin() + c.data_offset() + c.data_size);
    }
  }
  return out;
}

std::vector<uint8_t> JpegScan(const std::vector<uint8_t>& jpeg) {
  auto src = MemorySource(jpeg.data(), jpeg.size(), "jpeg");
  auto layout = WalkJpegSegments(*src);
  if (!layout.ok() || layout->sos_offset == 0) throw std::runtime_error("no JPEG scan");
  return std::vector<uint8_t>(jpeg.begin() + layout->sos_offset, jpeg.end());
}

std::vector<std::vector<uint8_t>> JpegNonXmpSegments(const std::vector<uint8_t>& jpeg) {
  auto src = MemorySource(jpeg.data(), jpeg.size(), "jpeg");
  auto layout = WalkJpegSegments(*src);
  if (!layout.ok()) throw std::runtime_error(layout.status().message());
  std::vector<std::vector<uint8_t>> out;
  for (const auto& s : layout->segments) {
    std::vector<uint8_t> seg(jpeg.begin() + s.offset, jpeg.begin() + s.end());
    bool xmp = s.marker == kJpegApp1 && s.payload_size >= kJpegXmpSignature.size() &&
               std::memcmp(jpeg.data() + s.payload_offset, kJpegXmpSignature.data(),
                           kJpegXmpSignature.size()) == 0;
    if (!xmp) out.push_back(std::move(seg));
  }
  return out;
}

std::vector<std::vector<uint8_t>> PngNonXmpChunks(const std::vector<uint8_t>& png) {
  auto src = MemorySource(png.data(), png.size(), "png");
  auto layout = WalkPngChunks(*src);
  if (!layout.ok()) throw std::runtime_error(layout.status().message());
  std::vector<std::vector<uint8_t>> out;
  for (const auto& c : layout->chunks) {
    bool xmp = c.type == "iTXt" &&
               PngTextKeyword(png.data() + c.data_offset(), c.data_size) == kPngXmpKeyword;
    if (!xmp) out.emplace_back(png.begin() + c.offset, png.begin() + c.end());
  }
  return out;
}

std::vector<uint8_t> InsertJpegSegment(const std::vector<uint8_t>& jpeg, uint8_t marker,
                                       std::string_view payload) {
  const char header[4] = {'\xFF', static_cast<char>(marker),
                          static_cast<char>((payload.size() + 2) >> 8),
                          static_cast<char>((payload.size() + 2) & 0xFF)};
  return Join({View(jpeg, 0, 2), std::string_view(header, 4), payload, View(jpeg, 2, jpeg.size())});
}

std::vector<uint8_t> InsertPngChunk(const std::vector<uint8_t>& png, std::string_view type,
                                    std::string_view data) {
  const size_t after_ihdr = 8 + 12 + 13;
  std::vector<uint8_t> chunk = MakePngChunk(type, data);
  return Join(
      {View(png, 0, after_ihdr), View(chunk, 0, chunk.size()), View(png, after_ihdr, png.size())});
}

std::string Deflate(std::string_view text) {
  uLongf n = compressBound(static_cast<uLong>(text.size()));
  std::string out(n, '\0');
  if (compress(reinterpret_cast<Bytef*>(out.data()), &n,
               reinterpret_cast<const Bytef*>(text.data()),
               static_cast<uLong>(text.size())) != Z_OK) {
    throw std::runtime_error("compress failed");
  }
  out.resize(n);
  return out;
}

std::string ExifWithUserComment(std::string_view comment, bool be) {
  // TIFF header, IFD0 with one entry (ExifIFD pointer), Exif IFD with one entry (UserComment).
  std::string t = be ? std::string("MM\0*", 4) : std::string("II*\0", 4);
  Put32(t, 8, be);
  const uint32_t exif_ifd = 8 + 2 + 12 + 4;
  Put16(t, 1, be);
  Put16(t, 34665, be);
  Put16(t, 4, be);
  Put32(t, 1, be);
  Put32(t, exif_ifd, be);
  Put32(t, 0, be);
  const uint32_t data_at = exif_ifd + 2 + 12 + 4;
  Put16(t, 1, be);
  Put16(t, 0x9286, be);
  Put16(t, 7, be);
  Put32(t, static_cast<uint32_t>(comment.size()), be);
  Put32(t, data_at, be);
  Put32(t, 0, be);
  t.append(comment);
  return std::string("Exif\0\0", 6) + t;
}

}  // namespace aigcmark::test
