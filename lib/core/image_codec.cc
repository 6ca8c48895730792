// Pixel decode/encode through OpenCV, with limits checked before any pixel memory is allocated.
#include <cstring>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "aigcmark/image.h"
#include "core/file_io.h"
#include "core/format.h"
#include "core/image_codec.h"
#include "core/limits.h"

namespace aigcmark {
namespace {

// Reads width/height from the container header so huge declared sizes are refused up front.
bool PeekDimensions(const std::vector<uint8_t>& b, uint64_t* w, uint64_t* h) {
  const uint8_t* d = b.data();
  size_t n = b.size();
  MediaFormat f = SniffFormat(d, n);
  if (f == MediaFormat::kPng && n >= 24) {
    *w = (uint64_t{d[16]} << 24) | (d[17] << 16) | (d[18] << 8) | d[19];
    *h = (uint64_t{d[20]} << 24) | (d[21] << 16) | (d[22] << 8) | d[23];
    return true;
  }
  if (f == MediaFormat::kJpeg) {
    size_t i = 2;
    while (i + 4 <= n) {
      if (d[i] != 0xFF) return false;
      uint8_t m = d[i + 1];
      if (m == 0xFF) { ++i; continue; }
      if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { i += 2; continue; }
      size_t len = (d[i + 2] << 8) | d[i + 3];
      bool sof = (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC);
      if (sof && i + 9 <= n) {
        *h = (d[i + 5] << 8) | d[i + 6];
        *w = (d[i + 7] << 8) | d[i + 8];
        return true;
      }
      if (m == 0xDA || len < 2) return false;
      i += 2 + len;
    }
  }
  return false;
}

// True when a JPEG's entropy-coded data ends with an EOI marker. Byte stuffing (FF 00) means
// FF D9 after the first SOS can only be the real end of image; libjpeg itself merely warns on
// truncated data and returns a half-grey picture, which must not pass as a good decode.
bool JpegHasEndOfImage(const std::vector<uint8_t>& b) {
  size_t i = 2, n = b.size();
  while (i + 4 <= n) {
    if (b[i] != 0xFF) return false;
    uint8_t m = b[i + 1];
    if (m == 0xFF) { ++i; continue; }
    if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { i += 2; continue; }
    size_t len = (b[i + 2] << 8) | b[i + 3];
    if (m == 0xDA) {
      for (size_t k = i + 2 + len; k + 1 < n; ++k) {
        if (b[k] == 0xFF && b[k + 1] == 0xD9) return true;
      }
      return false;
    }
    if (len < 2) return false;
    i += 2 + len;
  }
  return false;
}

// `jpeg_luma`: decode a JPEG's Y plane only (one channel). `for_rewrite`: refuse samples wider
// than 8 bits instead of reducing them (the pixels will be written back).
StatusOr<Image> Decode(const std::vector<uint8_t>& bytes, const DecodeLimits& limits,
                       bool jpeg_luma, bool for_rewrite = false) {
  if (bytes.empty()) return CorruptError("empty file");
  MediaFormat f = SniffFormat(bytes.data(), bytes.size());
  if (!IsImageFormat(f)) return UnsupportedError("not a supported image format");
  uint64_t w = 0, h = 0;
  if (PeekDimensions(bytes, &w, &h) && w * h > limits.max_pixels) {
    return ResourceExhaustedError("image declares " + std::to_string(w) + "x" + std::to_string(h) +
                                  " pixels, more than the limit of " +
                                  std::to_string(limits.max_pixels));
  }
  cv::Mat m;
  try {
    cv::Mat buf(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data()));
    const int mode = jpeg_luma && f == MediaFormat::kJpeg ? cv::IMREAD_GRAYSCALE : cv::IMREAD_UNCHANGED;
    m = cv::imdecode(buf, mode | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception& e) {
    return CorruptError(std::string("cannot decode ") + FormatName(f) + ": " + e.what());
  }
  if (m.empty()) return CorruptError(std::string("cannot decode ") + FormatName(f) + " pixels");
  if (f == MediaFormat::kJpeg && !JpegHasEndOfImage(bytes)) {
    return CorruptError("truncated JPEG: the compressed image data ends without an end-of-image marker");
  }
  if (static_cast<uint64_t>(m.total()) > limits.max_pixels) {
    return ResourceExhaustedError("image has more pixels than the limit");
  }
  if (m.depth() != CV_8U && for_rewrite) {
    return UnsupportedError(std::string(FormatName(f)) + " with " +
                            (m.depth() == CV_16U ? "16" : "more than 8") +
                            "-bit samples: its pixels would be rewritten with 8 bits and lose "
                            "precision; convert it to 8 bits first (a metadata-only label in the "
                            "same format keeps it as it is)");
  }
  if (m.depth() != CV_8U) {
    double scale = m.depth() == CV_16U ? 1.0 / 257.0 : 1.0;
    m.convertTo(m, CV_MAKETYPE(CV_8U, m.channels()), scale);
  }
  if (m.channels() == 2) cv::cvtColor(m, m, cv::COLOR_GRAY2BGR);  // gray+alpha is rare
  Image img;
  img.width = m.cols;
  img.height = m.rows;
  img.channels = m.channels();
  img.pixels.resize(img.stride() * img.height);
  for (int y = 0; y < img.height; ++y) {
    std::memcpy(img.row(y), m.ptr(y), img.stride());
  }
  return img;
}

}  // namespace

StatusOr<Image> DecodeImage(const std::vector<uint8_t>& bytes, const DecodeLimits& limits) {
  return Decode(bytes, limits, /*jpeg_luma=*/false);
}

StatusOr<Image> DecodeImageLuma(const std::vector<uint8_t>& bytes, const DecodeLimits& limits) {
  return Decode(bytes, limits, /*jpeg_luma=*/true);
}

StatusOr<Image> DecodeImageToRewrite(const std::vector<uint8_t>& bytes, const DecodeLimits& limits) {
  return Decode(bytes, limits, /*jpeg_luma=*/false, /*for_rewrite=*/true);
}

StatusOr<Image> ReadImageFile(const std::string& path, const DecodeLimits& limits) {
  auto bytes = ReadFileBytes(path, kMaxInMemoryFileBytes);
  if (!bytes.ok()) return bytes.status();
  auto img = DecodeImage(*bytes, limits);
  if (!img.ok()) return img.status().WithContext(path);
  return img;
}

StatusOr<std::vector<uint8_t>> EncodeImage(const Image& image, const std::string& format,
                                           const EncodeOptions& options) {
  if (image.width <= 0 || image.height <= 0 ||
      (image.channels != 1 && image.channels != 3 && image.channels != 4) ||
      image.pixels.size() < image.stride() * image.height) {
    return InvalidArgumentError("image buffer is empty or inconsistent");
  }
  int quality = options.quality > 0 ? options.quality : 92;
  std::string ext;
  std::vector<int> params;
  if (format == "jpeg") {
    ext = ".jpg";
    params = {cv::IMWRITE_JPEG_QUALITY, quality};
  } else if (format == "png") {
    ext = ".png";
    params = {cv::IMWRITE_PNG_COMPRESSION, 6};
  } else if (format == "webp") {
    ext = ".webp";
    params = {cv::IMWRITE_WEBP_QUALITY, quality};
  } else if (format == "tiff") {
    ext = ".tiff";
  } else {
    return UnsupportedError("cannot encode format '" + format + "'");
  }
  cv::Mat m(image.height, image.width, CV_8UC(image.channels),
            const_cast<uint8_t*>(image.pixels.data()), image.stride());
  if (format == "jpeg" && image.channels == 4) {
    cv::Mat bgr;
    cv::cvtColor(m, bgr, cv::COLOR_BGRA2BGR);
    m = bgr;
  }
  std::vector<uint8_t> out;
  try {
    if (!cv::imencode(ext, m, out, params)) return InternalError("encoder failed for " + format);
  } catch (const cv::Exception& e) {
    return InternalError(std::string("encoder failed: ") + e.what());
  }
  return out;
}

}  // namespace aigcmark
