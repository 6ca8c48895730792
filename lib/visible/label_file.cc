// File to file: decode, draw the label, re-encode at the input's quality, keep metadata, commit.
#include <algorithm>

#include "aigcmark/metadata.h"
#include "aigcmark/visible.h"
#include "core/file_io.h"
#include "core/format.h"
#include "core/image_file.h"
#include "core/limits.h"

namespace aigcmark {

StatusOr<VisibleLabelInfo> AddVisibleLabelFile(const std::string& in, const std::string& out,
                                               const VisibleAddOptions& options, bool in_place) {
  if (!in_place && SameFile(in, out)) {
    return InvalidArgumentError(out + ": output names the input file (use in-place mode)");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(in, kMaxInMemoryFileBytes));
  MediaFormat in_format = SniffFormat(bytes.data(), bytes.size());
  auto image = DecodeImage(bytes);
  if (!image.ok()) return image.status().WithContext(in);
  AIGCMARK_ASSIGN_OR_RETURN(std::string format, OutputImageFormat(out, in_format));
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
