// File to file: decode, draw the label, re-encode at the input's quality, keep metadata, commit.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "aigcmark/metadata.h"
#include "aigcmark/visible.h"
#include "core/file_io.h"
#include "core/format.h"
#include "core/limits.h"

namespace aigcmark {
namespace {

std::string FormatFromExtension(const std::string& path) {
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "jpg" || ext == "jpeg" || ext == "jpe") return "jpeg";
  if (ext == "png") return "png";
  if (ext == "webp") return "webp";
  if (ext == "tif" || ext == "tiff") return "tiff";
  return "";
}

// Estimates the IJG quality of a JPEG from its first luminance quantisation table, so that
// re-encoding does not bloat or degrade the file much; 0 when unknown.
int EstimateJpegQuality(const std::vector<uint8_t>& b) {
  static const int kStdLuma[64] = {16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,
                                   58, 60, 55, 14, 13,  16,  24,  40,  57, 69, 56, 14, 17,
                                   22, 29, 51, 87, 80,  62,  18,  22,  37, 56, 68, 109, 103,
                                   77, 24, 35, 55, 64,  81,  104, 113, 92, 49, 64, 78,  87,
                                   103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
  size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return 0;
    uint8_t m = b[i + 1];
    if (m == 0xFF) { ++i; continue; }
    if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) { i += 2; continue; }
    size_t len = (size_t{b[i + 2]} << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.size()) return 0;
    if (m == 0xDB && len >= 3 + 64) {
      uint8_t pq = b[i + 4] >> 4;
      if (pq != 0 || len < 67) return 0;
      // DQT entries are stored in zig-zag order; kStdLuma is in natural order.
      static const int kZigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18,
                                      11, 4,  5,  12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
                                      13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43,
                                      36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45,
                                      38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
      double sum = 0;
      for (int k = 0; k < 64; ++k) sum += b[i + 5 + k] * 100.0 / kStdLuma[kZigzag[k]];
      double scale = sum / 64.0;
      int q = scale <= 100 ? static_cast<int>(std::lround((200 - scale) / 2))
                           : static_cast<int>(std::lround(5000 / scale));
      return std::clamp(q, 1, 100);
    }
    if (m == 0xDA) return 0;
    i += 2 + len;
  }
  return 0;
}

}  // namespace

StatusOr<VisibleLabelInfo> AddVisibleLabelFile(const std::string& in, const std::string& out,
                                               const VisibleAddOptions& options, bool in_place) {
  if (!in_place && SameFile(in, out)) {
    return InvalidArgumentError(out + ": output names the input file (use in-place mode)");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(in, kMaxInMemoryFileBytes));
  MediaFormat in_format = SniffFormat(bytes.data(), bytes.size());
  auto image = DecodeImage(bytes);
  if (!image.ok()) return image.status().WithContext(in);
  std::string format = FormatFromExtension(out);
  if (format.empty()) format = FormatName(in_format);
  if (format != "jpeg" && format != "png" && format != "webp" && format != "tiff") {
    return UnsupportedError(out + ": cannot write format '" + format +
                            "' (use .jpg, .png, .webp or .tif)");
  }
  auto info = AddVisibleLabel(*image, options);
  if (!info.ok()) return info.status().WithContext(in);
  EncodeOptions enc;
  if (in_format == MediaFormat::kJpeg) enc.quality = EstimateJpegQuality(bytes);
  if (enc.quality > 0) enc.quality = std::max(enc.quality, 75);
  auto encoded = EncodeImage(*image, format, enc);
  if (!encoded.ok()) return encoded.status().WithContext(out);
  TempFileGuard temp(TempPathFor(out));
  AIGCMARK_RETURN_IF_ERROR(WriteFileAtomic(temp.path(), *encoded).WithContext(out));
  Status md = CopyImageMetadata(bytes, temp.path());
  if (!md.ok()) return Status(md.code(), out + ": cannot keep the input's metadata: " + md.message());
  AIGCMARK_RETURN_IF_ERROR(CommitTempFile(temp.path(), out));
  temp.Release();
  return info;
}

}  // namespace aigcmark
