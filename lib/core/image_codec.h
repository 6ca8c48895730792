// Decoding variants for internal callers (the public DecodeImage is in aigcmark/image.h).
#ifndef AIGCMARK_CORE_IMAGE_CODEC_H_
#define AIGCMARK_CORE_IMAGE_CODEC_H_

#include <cstdint>
#include <vector>

#include "aigcmark/image.h"

namespace aigcmark {

/// Pixels for luma-only work (watermark detection), with DecodeImage's checks and limits.
/// JPEG: the decoder's own Y plane as one gray channel, so the chroma planes are never
/// decoded, upsampled or converted (about 2.5x faster at 1 MP); other formats: as DecodeImage.
StatusOr<Image> DecodeImageLuma(const std::vector<uint8_t>& bytes, const DecodeLimits& limits = {});

/// Pixels that will be changed and written back (watermark, visible label): as DecodeImage,
/// but samples wider than 8 bits are kUnsupported instead of being reduced to 8, so that no
/// output silently loses the input's precision.
StatusOr<Image> DecodeImageToRewrite(const std::vector<uint8_t>& bytes,
                                     const DecodeLimits& limits = {});

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_IMAGE_CODEC_H_
