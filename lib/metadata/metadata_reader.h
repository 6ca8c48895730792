// Internal entry for callers that already hold a ByteSource (detect, scan).
#ifndef AIGCMARK_METADATA_METADATA_READER_H_
#define AIGCMARK_METADATA_METADATA_READER_H_

#include "aigcmark/metadata.h"
#include "core/byte_source.h"

namespace aigcmark {
/// Reads and merges every carrier; errors are prefixed with the source's name.
StatusOr<MetadataReport> ReadMetadataFromSource(const ByteSource& src);
}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_METADATA_READER_H_
