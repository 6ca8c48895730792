// File to file: decode, embed, re-encode close to the input's quality, keep metadata, commit.
#include <algorithm>

#include "aigcmark/metadata.h"
#include "aigcmark/watermark.h"
#include "core/file_io.h"
#include "core/format.h"
#include "core/image_codec.h"
#include "core/image_file.h"
#include "core/limits.h"

namespace aigcmark {
namespace {

constexpr int kMinJpegQuality = 85;  // lower would eat the mark before anyone attacks it
constexpr int kDefaultQuality = 92;

}  // namespace

Status EmbedWatermarkFile(const std::string& in, const std::string& out, uint64_t payload,
                          const WatermarkEmbedOptions& options) {
  if (SameFile(in, out)) {
    return InvalidArgumentError(out + ": output names the input file; choose another path");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(in, kMaxInMemoryFileBytes));
  const MediaFormat in_format = SniffFormat(bytes.data(), bytes.size());
  auto image = DecodeImageToRewrite(bytes);
  if (!image.ok()) return image.status().WithContext(in);
  AIGCMARK_ASSIGN_OR_RETURN(const std::string format, OutputImageFormat(out, in_format));
  AIGCMARK_RETURN_IF_ERROR(EmbedWatermark(*image, payload, options).WithContext(in));
  EncodeOptions enc;
  enc.quality = kDefaultQuality;
  if (in_format == MediaFormat::kJpeg) {
    const int q = EstimateJpegQuality(bytes);
    if (q > 0) enc.quality = std::clamp(q, kMinJpegQuality, 100);
  }
  auto encoded = EncodeImage(*image, format, enc);
  if (!encoded.ok()) return encoded.status().WithContext(out);
  TempFileGuard temp(TempPathFor(out));
  AIGCMARK_RETURN_IF_ERROR(WriteFileAtomic(temp.path(), *encoded).WithContext(out));
  Status md = CopyImageMetadata(bytes, temp.path());
  if (!md.ok()) {
    return Status(md.code(), out + ": cannot keep the input's metadata: " + md.message());
  }
  AIGCMARK_RETURN_IF_ERROR(CommitTempFile(temp.path(), out));
  temp.Release();
  return Status::Ok();
}

}  // namespace aigcmark
