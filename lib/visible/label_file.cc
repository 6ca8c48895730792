// File to file: decode, draw the label as viewers will see the output (EXIF orientation),
// re-encode at the input's quality, keep metadata, commit.
#include <algorithm>

#include "aigcmark/metadata.h"
#include "aigcmark/visible.h"
#include "core/byte_source.h"
#include "core/file_io.h"
#include "core/format.h"
#include "core/image_codec.h"
#include "core/image_file.h"
#include "core/limits.h"
#include "visible/orientation.h"

namespace aigcmark {
namespace {

// Draws the label as seen through `orientation`, encodes and writes `temp` with the input's
// metadata; returns what was drawn (display coordinates).
StatusOr<VisibleLabelInfo> DrawAndWrite(Image& image, int orientation,
                                        const std::vector<uint8_t>& bytes,
                                        const std::string& format, const EncodeOptions& enc,
                                        const VisibleAddOptions& options, const std::string& temp,
                                        const std::string& in, const std::string& out) {
  auto info = visible::AddVisibleLabelForDisplay(image, orientation, options);
  if (!info.ok()) return info.status().WithContext(in);
  auto encoded = EncodeImage(image, format, enc);
  if (!encoded.ok()) return encoded.status().WithContext(out);
  AIGCMARK_RETURN_IF_ERROR(WriteFileAtomic(temp, *encoded).WithContext(out));
  Status md = CopyImageMetadata(bytes, temp);
  if (!md.ok()) {
    return Status(md.code(), out + ": cannot keep the input's metadata: " + md.message());
  }
  return info;
}

}  // namespace

StatusOr<VisibleLabelInfo> AddVisibleLabelFile(const std::string& in, const std::string& out,
                                               const VisibleAddOptions& options, bool in_place) {
  if (!in_place && SameFile(in, out)) {
    return InvalidArgumentError(out + ": output names the input file (use in-place mode)");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadFileBytes(in, kMaxInMemoryFileBytes));
  MediaFormat in_format = SniffFormat(bytes.data(), bytes.size());
  auto image = DecodeImageToRewrite(bytes);
  if (!image.ok()) return image.status().WithContext(in);
  AIGCMARK_ASSIGN_OR_RETURN(std::string format, OutputImageFormat(out, in_format));
  EncodeOptions enc;
  if (in_format == MediaFormat::kJpeg) enc.quality = EstimateJpegQuality(bytes);
  if (enc.quality > 0) enc.quality = std::max(enc.quality, 75);
  TempFileGuard temp(TempPathFor(out));
  // What decides where viewers see the label is the orientation of the output as written: the
  // input's is the guess, confirmed on the written file, since the metadata copy may change
  // whether it is honoured (JPEG and PNG outputs show the input's orientation, WebP outputs are
  // shown as stored, a failed copy drops it). A wrong guess costs a second draw from freshly
  // decoded pixels.
  int orientation = visible::DisplayOrientation(bytes);
  AIGCMARK_ASSIGN_OR_RETURN(
      VisibleLabelInfo info,
      DrawAndWrite(*image, orientation, bytes, format, enc, options, temp.path(), in, out));
  AIGCMARK_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> written, OpenFileSource(temp.path()));
  const int shown = visible::DisplayOrientation(*written);
  written.reset();
  if (shown != orientation) {
    auto again = DecodeImageToRewrite(bytes);
    if (!again.ok()) return again.status().WithContext(in);
    AIGCMARK_ASSIGN_OR_RETURN(
        info, DrawAndWrite(*again, shown, bytes, format, enc, options, temp.path(), in, out));
  }
  AIGCMARK_RETURN_IF_ERROR(CommitTempFile(temp.path(), out));
  temp.Release();
  return info;
}

}  // namespace aigcmark
