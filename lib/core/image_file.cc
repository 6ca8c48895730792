#include "core/image_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace aigcmark {

StatusOr<std::string> OutputImageFormat(const std::string& out_path, MediaFormat input_format) {
  const size_t dot = out_path.find_last_of('.');
  const size_t slash = out_path.find_last_of('/');
  std::string ext;
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    ext = out_path.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string format;
  if (ext.empty()) format = FormatName(input_format);
  else if (ext == "jpg" || ext == "jpeg" || ext == "jpe") format = "jpeg";
  else if (ext == "png" || ext == "webp") format = ext;
  else if (ext == "tif" || ext == "tiff") format = "tiff";
  if (format != "jpeg" && format != "png" && format != "webp" && format != "tiff") {
    return UnsupportedError(out_path + ": cannot write " +
                            (ext.empty() ? std::string("this format") : "'." + ext + "' files") +
                            "; images are written as JPEG, PNG, WebP or TIFF (.jpg, .png, .webp, .tif)");
  }
  return format;
}

int EstimateJpegQuality(const std::vector<uint8_t>& b) {
  static const int kStdLuma[64] = {
      16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19,  26,  58,  60,  55,
      14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29,  51,  87,  80,  62,
      18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64,  81,  104, 113, 92,
      49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98,  112, 100, 103, 99};
  static const int kZigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
  size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return 0;
    const uint8_t m = b[i + 1];
    if (m == 0xFF) {
      ++i;
      continue;
    }
    if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
      i += 2;
      continue;
    }
    const size_t len = (size_t{b[i + 2]} << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.size()) return 0;
    if (m == 0xDB) {
      if (len < 67 || (b[i + 4] >> 4) != 0) return 0;  // 8-bit table expected
      double sum = 0;
      for (int k = 0; k < 64; ++k) sum += b[i + 5 + k] * 100.0 / kStdLuma[kZigzag[k]];
      const double scale = sum / 64.0;
      const int q = scale <= 100 ? static_cast<int>(std::lround((200 - scale) / 2))
                                 : static_cast<int>(std::lround(5000 / scale));
      return std::clamp(q, 1, 100);
    }
    if (m == 0xDA) return 0;
    i += 2 + len;
  }
  return 0;
}

}  // namespace aigcmark
