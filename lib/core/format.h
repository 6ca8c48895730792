// Content-based format sniffing: the extension is never trusted.
#ifndef AIGCMARK_CORE_FORMAT_H_
#define AIGCMARK_CORE_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace aigcmark {

enum class MediaFormat { kUnknown, kJpeg, kPng, kWebp, kTiff, kGif, kBmp, kMp4, kMov, kMatroska, kWebm, kAvi };

/// Bytes needed by SniffFormat to decide.
inline constexpr size_t kSniffBytes = 64;

/// Decides the format from the first bytes of a file.
MediaFormat SniffFormat(const uint8_t* data, size_t size);
/// "jpeg", "png", "webp", "tiff", "gif", "bmp", "mp4", "mov", "mkv", "webm", "avi" or "".
const char* FormatName(MediaFormat format);
/// True for formats decoded as still images.
bool IsImageFormat(MediaFormat format);
/// True for video containers.
bool IsVideoFormat(MediaFormat format);
/// True for ISOBMFF containers (MP4, MOV).
inline bool IsIsoBmff(MediaFormat f) { return f == MediaFormat::kMp4 || f == MediaFormat::kMov; }

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_FORMAT_H_
