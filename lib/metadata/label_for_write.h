// The checks every writer of a label runs before touching a file, in one place.
#ifndef AIGCMARK_METADATA_LABEL_FOR_WRITE_H_
#define AIGCMARK_METADATA_LABEL_FOR_WRITE_H_

#include <optional>
#include <string>

#include "aigcmark/label.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// Reads the label already in `in`, applies `update`, and refuses (kInvalidArgument) a result
/// that breaks Annex E or a digital source type that is not a full URI.
StatusOr<AigcLabel> LabelForWrite(const std::string& in, const LabelUpdate& update,
                                  const std::optional<std::string>& digital_source_type);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_LABEL_FOR_WRITE_H_
