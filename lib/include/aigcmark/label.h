// The GB 45438-2025 Annex E implicit label: seven string fields serialised as compact JSON.
#ifndef AIGCMARK_LABEL_H_
#define AIGCMARK_LABEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aigcmark/status.h"

namespace aigcmark {

/// The seven fields of the `AIGC` object, in the order they are always written.
struct AigcLabel {
  /// "1" AI-generated, "2" possibly AI-generated, "3" suspected AI-generated.
  std::string label = "1";
  std::string content_producer;    ///< Producer's identifier (e.g. unified social credit code).
  std::string produce_id;          ///< Producer's unique content id.
  std::string reserved_code1;      ///< Producer's reserved field (e.g. a signature); may be empty.
  std::string content_propagator;  ///< Propagating platform's identifier; may be empty.
  std::string propagate_id;        ///< Propagating platform's content id; may be empty.
  std::string reserved_code2;      ///< Propagator's reserved field; may be empty.

  bool operator==(const AigcLabel&) const = default;
};

/// The JSON key names, in canonical order.
inline constexpr const char* kAigcLabelKeys[7] = {
    "Label",        "ContentProducer", "ProduceID",    "ReservedCode1",
    "ContentPropagator", "PropagateID", "ReservedCode2"};

/// A label read from somewhere, plus everything wrong with it. Readers stay tolerant: a label
/// with problems is still returned so that moderators see what is there.
struct ParsedLabel {
  AigcLabel label;
  std::vector<std::string> problems;  ///< e.g. "missing key ProduceID", "unknown key Foo".
};

/// Compact canonical JSON of the bare object: {"Label":"1","ContentProducer":...} (seven keys).
std::string LabelToJson(const AigcLabel& label);
/// The same wrapped as {"AIGC":{...}}, the form used in EXIF UserComment and PNG text.
std::string LabelToWrappedJson(const AigcLabel& label);

/// Parses either a bare label object or {"AIGC":{...}}. Fails only when the text is not JSON or
/// holds no object that could be a label; key/value problems are reported in `problems`.
StatusOr<ParsedLabel> ParseLabelJson(std::string_view json);

/// Annex E checks on the values: Label in {1,2,3}; values printable ASCII without spaces or
/// backslashes. Returns one message per problem (empty when valid).
std::vector<std::string> ValidateLabel(const AigcLabel& label);

/// A partial label: the fields a writer wants to set. Unset fields keep the existing label's
/// values, so a propagator can add its fields without losing the producer's.
struct LabelUpdate {
  std::optional<std::string> label;
  std::optional<std::string> content_producer;
  std::optional<std::string> produce_id;
  std::optional<std::string> reserved_code1;
  std::optional<std::string> content_propagator;
  std::optional<std::string> propagate_id;
  std::optional<std::string> reserved_code2;
};

/// Applies `update` on top of `existing` (or on a fresh label when there is none).
AigcLabel ApplyLabelUpdate(const std::optional<AigcLabel>& existing, const LabelUpdate& update);

/// The 64-bit watermark payload bound to a label: byte 0 = Label digit (1..3), bytes 1..7 = the
/// first 56 bits of SHA-256(ContentProducer "\n" ProduceID). Lets `detect` say whether the
/// watermark and the metadata label agree.
uint64_t PayloadFromLabel(const AigcLabel& label);

/// Formats a payload as 16 lowercase hex digits; parses the same (exactly 16 hex digits).
std::string PayloadToHex(uint64_t payload);
StatusOr<uint64_t> PayloadFromHex(std::string_view hex);

}  // namespace aigcmark

#endif  // AIGCMARK_LABEL_H_
