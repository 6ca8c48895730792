#include "core/format.h"

#include <cstring>

namespace aigcmark {
namespace {

bool Has(const uint8_t* d, size_t n, size_t off, const char* magic, size_t len) {
  return n >= off + len && std::memcmp(d + off, magic, len) == 0;
}

// ISOBMFF: an ftyp box, or a QuickTime file that starts straight with a top-level atom.
MediaFormat SniffIsoBmff(const uint8_t* d, size_t n) {
  if (Has(d, n, 4, "ftyp", 4)) {
    if (Has(d, n, 8, "qt  ", 4)) return MediaFormat::kMov;
    if (Has(d, n, 8, "heic", 4) || Has(d, n, 8, "mif1", 4) || Has(d, n, 8, "avif", 4))
      return MediaFormat::kUnknown;  // still-image ISOBMFF is not supported yet
    return MediaFormat::kMp4;
  }
  static const char* kQtAtoms[] = {"moov", "mdat", "wide", "free", "skip"};
  for (const char* atom : kQtAtoms) {
    if (Has(d, n, 4, atom, 4)) return MediaFormat::kMov;
  }
  return MediaFormat::kUnknown;
}

// Matroska vs WebM: the EBML DocType string appears within the first header bytes.
MediaFormat SniffEbml(const uint8_t* d, size_t n) {
  for (size_t i = 4; i + 4 <= n; ++i) {
    if (std::memcmp(d + i, "webm", 4) == 0) return MediaFormat::kWebm;
  }
  return MediaFormat::kMatroska;
}

}  // namespace

MediaFormat SniffFormat(const uint8_t* d, size_t n) {
  if (Has(d, n, 0, "\xFF\xD8\xFF", 3)) return MediaFormat::kJpeg;
  if (Has(d, n, 0, "\x89PNG\r\n\x1A\n", 8)) return MediaFormat::kPng;
  if (Has(d, n, 0, "RIFF", 4) && Has(d, n, 8, "WEBP", 4)) return MediaFormat::kWebp;
  if (Has(d, n, 0, "RIFF", 4) && Has(d, n, 8, "AVI ", 4)) return MediaFormat::kAvi;
  if (Has(d, n, 0, "II*\0", 4) || Has(d, n, 0, "MM\0*", 4)) return MediaFormat::kTiff;
  if (Has(d, n, 0, "GIF87a", 6) || Has(d, n, 0, "GIF89a", 6)) return MediaFormat::kGif;
  if (Has(d, n, 0, "BM", 2) && n >= 26) return MediaFormat::kBmp;
  if (Has(d, n, 0, "\x1A\x45\xDF\xA3", 4)) return SniffEbml(d, n);
  return SniffIsoBmff(d, n);
}

const char* FormatName(MediaFormat f) {
  switch (f) {
    case MediaFormat::kJpeg: return "jpeg";
    case MediaFormat::kPng: return "png";
    case MediaFormat::kWebp: return "webp";
    case MediaFormat::kTiff: return "tiff";
    case MediaFormat::kGif: return "gif";
    case MediaFormat::kBmp: return "bmp";
    case MediaFormat::kMp4: return "mp4";
    case MediaFormat::kMov: return "mov";
    case MediaFormat::kMatroska: return "mkv";
    case MediaFormat::kWebm: return "webm";
    case MediaFormat::kAvi: return "avi";
    case MediaFormat::kUnknown: break;
  }
  return "";
}

bool IsImageFormat(MediaFormat f) {
  return f == MediaFormat::kJpeg || f == MediaFormat::kPng || f == MediaFormat::kWebp ||
         f == MediaFormat::kTiff || f == MediaFormat::kGif || f == MediaFormat::kBmp;
}

bool IsVideoFormat(MediaFormat f) {
  return f == MediaFormat::kMp4 || f == MediaFormat::kMov || f == MediaFormat::kMatroska ||
         f == MediaFormat::kWebm || f == MediaFormat::kAvi;
}

}  // namespace aigcmark
