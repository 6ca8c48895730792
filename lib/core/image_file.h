// Choices shared by every tool that re-encodes an image file: which format to write, and the
// input's JPEG quality so a re-encode stays close to it.
#ifndef AIGCMARK_CORE_IMAGE_FILE_H_
#define AIGCMARK_CORE_IMAGE_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "aigcmark/status.h"
#include "core/format.h"

namespace aigcmark {

/// The format to write for `out_path`: its extension (.jpg/.jpeg/.jpe, .png, .webp, .tif/.tiff),
/// else the input's format when the name has no extension. kUnsupported for anything else.
StatusOr<std::string> OutputImageFormat(const std::string& out_path, MediaFormat input_format);

/// IJG quality (1..100) of a JPEG from its first 8-bit luminance quantisation table; 0 when
/// the bytes hold no such table.
int EstimateJpegQuality(const std::vector<uint8_t>& jpeg);

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_IMAGE_FILE_H_
