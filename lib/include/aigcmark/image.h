// An 8-bit image buffer and file-level decode/encode helpers.
#ifndef AIGCMARK_IMAGE_H_
#define AIGCMARK_IMAGE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "aigcmark/status.h"

namespace aigcmark {

/// Interleaved 8-bit pixels, row-major, tightly packed (stride = width * channels).
/// Channel order follows OpenCV: 1 = gray, 3 = BGR, 4 = BGRA.
struct Image {
  int width = 0;
  int height = 0;
  int channels = 0;
  std::vector<uint8_t> pixels;

  size_t stride() const { return static_cast<size_t>(width) * channels; }
  uint8_t* row(int y) { return pixels.data() + y * stride(); }
  const uint8_t* row(int y) const { return pixels.data() + y * stride(); }
};

/// A view of one 8-bit plane (e.g. the Y plane of a video frame), used by the watermark.
struct PlaneView {
  uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  ptrdiff_t stride = 0;  ///< Bytes between rows; may exceed width.
};
struct ConstPlaneView {
  const uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  ptrdiff_t stride = 0;
};

/// Limits applied to every decode, so a hostile file cannot exhaust memory.
struct DecodeLimits {
  /// Largest pixel count decoded (default 8K x 8K = 67 MP); larger is kResourceExhausted.
  uint64_t max_pixels = 8192ull * 8192ull;
};

/// Decodes JPEG/PNG/WebP/TIFF bytes to 8-bit gray, BGR or BGRA (alpha kept; 16-bit reduced to 8).
/// EXIF orientation is NOT applied: pixels stay as stored so that metadata stays consistent.
StatusOr<Image> DecodeImage(const std::vector<uint8_t>& bytes, const DecodeLimits& limits = {});
/// Reads and decodes a file; errors name the file.
StatusOr<Image> ReadImageFile(const std::string& path, const DecodeLimits& limits = {});

/// Encoding choices for re-encoding pixels.
struct EncodeOptions {
  /// JPEG/WebP quality 1..100; 0 means "estimate from the input" where an input is known,
  /// else 92.
  int quality = 0;
};

/// Encodes to the format named by `format` ("jpeg", "png", "webp", "tiff").
StatusOr<std::vector<uint8_t>> EncodeImage(const Image& image, const std::string& format,
                                           const EncodeOptions& options = {});

}  // namespace aigcmark

#endif  // AIGCMARK_IMAGE_H_
