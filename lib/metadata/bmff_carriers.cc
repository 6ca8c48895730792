// PLACEHOLDER: replaced by the ISOBMFF carrier implementation.
#include "metadata/carriers.h"
namespace aigcmark {
Status ReadBmffCarriers(const ByteSource&, RawMetadata*) { return Status::Ok(); }
Status ReadAvTagCarriers(const ByteSource&, MediaFormat, RawMetadata*) { return Status::Ok(); }
Status WriteBmffLabel(const std::string&, const std::string&, MediaFormat, const AigcLabel&,
                      const std::optional<std::string>&) {
  return UnsupportedError("pending");
}
}  // namespace aigcmark
