// Annex E value rules and label updates.
#include "aigcmark/label.h"

namespace aigcmark {
namespace {

// Annex E: values are printable ASCII, no space, and no backslash (a quote may appear only as
// the JSON escape \", i.e. a literal quote in the decoded value).
std::string CheckValue(const char* key, const std::string& v) {
  for (unsigned char c : v) {
    if (c < 0x21 || c > 0x7E) return std::string(key) + " has a character outside printable ASCII or a space";
    if (c == '\\') return std::string(key) + " contains a backslash";
  }
  return "";
}

}  // namespace

std::vector<std::string> ValidateLabel(const AigcLabel& l) {
  std::vector<std::string> problems;
  if (l.label != "1" && l.label != "2" && l.label != "3") {
    problems.push_back("Label is \"" + l.label + "\", not 1, 2 or 3");
  }
  const std::string* values[7] = {&l.label, &l.content_producer, &l.produce_id, &l.reserved_code1,
                                  &l.content_propagator, &l.propagate_id, &l.reserved_code2};
  for (int k = 1; k < 7; ++k) {
    std::string p = CheckValue(kAigcLabelKeys[k], *values[k]);
    if (!p.empty()) problems.push_back(std::move(p));
  }
  bool has_producer = !l.content_producer.empty() && !l.produce_id.empty();
  bool has_propagator = !l.content_propagator.empty() && !l.propagate_id.empty();
  if (!has_producer && !has_propagator) {
    problems.push_back("neither ContentProducer+ProduceID nor ContentPropagator+PropagateID is set");
  }
  if (l.content_producer.empty() != l.produce_id.empty()) {
    problems.push_back("ContentProducer and ProduceID must be set together");
  }
  if (l.content_propagator.empty() != l.propagate_id.empty()) {
    problems.push_back("ContentPropagator and PropagateID must be set together");
  }
  return problems;
}

AigcLabel ApplyLabelUpdate(const std::optional<AigcLabel>& existing, const LabelUpdate& u) {
  AigcLabel l = existing.value_or(AigcLabel{});
  if (u.label) l.label = *u.label;
  if (u.content_producer) l.content_producer = *u.content_producer;
  if (u.produce_id) l.produce_id = *u.produce_id;
  if (u.reserved_code1) l.reserved_code1 = *u.reserved_code1;
  if (u.content_propagator) l.content_propagator = *u.content_propagator;
  if (u.propagate_id) l.propagate_id = *u.propagate_id;
  if (u.reserved_code2) l.reserved_code2 = *u.reserved_code2;
  return l;
}

}  // namespace aigcmark
