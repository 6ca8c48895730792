// PLACEHOLDER: replaced by the image carrier implementation (XMP/EXIF/PNG/C2PA).
#include "metadata/carriers.h"
namespace aigcmark {
Status ReadImageCarriers(const ByteSource&, MediaFormat, RawMetadata*) { return Status::Ok(); }
StatusOr<std::vector<uint8_t>> WriteImageLabel(const std::vector<uint8_t>&, MediaFormat, const AigcLabel&,
                                               const std::optional<std::string>&) {
  return UnsupportedError("image label writing is being implemented");
}
Status CopyImageMetadata(const std::vector<uint8_t>&, const std::string&) { return UnsupportedError("pending"); }
}  // namespace aigcmark
