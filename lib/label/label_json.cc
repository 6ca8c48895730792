// Canonical serialisation and tolerant parsing of the AIGC label JSON.
#include <nlohmann/json.hpp>

#include <set>
#include <vector>

#include "aigcmark/label.h"

namespace aigcmark {
namespace {

using nlohmann::json;

std::string* FieldByKey(AigcLabel& l, const std::string& key) {
  if (key == "Label") return &l.label;
  if (key == "ContentProducer") return &l.content_producer;
  if (key == "ProduceID") return &l.produce_id;
  if (key == "ReservedCode1") return &l.reserved_code1;
  if (key == "ContentPropagator") return &l.content_propagator;
  if (key == "PropagateID") return &l.propagate_id;
  if (key == "ReservedCode2") return &l.reserved_code2;
  return nullptr;
}

// Parses JSON while noting keys that repeat inside one object (nlohmann keeps only the last).
StatusOr<json> ParseNotingDuplicates(std::string_view text, std::vector<std::string>* problems) {
  std::vector<std::set<std::string>> keys_per_depth;
  auto cb = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: keys_per_depth.emplace_back(); break;
      case json::parse_event_t::object_end:
        if (!keys_per_depth.empty()) keys_per_depth.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys_per_depth.empty() && parsed.is_string()) {
          const std::string& k = parsed.get_ref<const std::string&>();
          if (!keys_per_depth.back().insert(k).second) problems->push_back("duplicate key " + k);
        }
        break;
      default: break;
    }
    return true;
  };
  json j = json::parse(text.begin(), text.end(), cb, /*allow_exceptions=*/false);
  if (j.is_discarded()) return CorruptError("label is not valid JSON");
  return j;
}

}  // namespace

std::string LabelToJson(const AigcLabel& l) {
  // nlohmann::ordered_json keeps insertion order, which is the canonical Annex E order.
  nlohmann::ordered_json j;
  j["Label"] = l.label;
  j["ContentProducer"] = l.content_producer;
  j["ProduceID"] = l.produce_id;
  j["ReservedCode1"] = l.reserved_code1;
  j["ContentPropagator"] = l.content_propagator;
  j["PropagateID"] = l.propagate_id;
  j["ReservedCode2"] = l.reserved_code2;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string LabelToWrappedJson(const AigcLabel& l) { return "{\"AIGC\":" + LabelToJson(l) + "}"; }

StatusOr<ParsedLabel> ParseLabelJson(std::string_view text) {
  ParsedLabel out;
  auto parsed = ParseNotingDuplicates(text, &out.problems);
  if (!parsed.ok()) return parsed.status();
  json j = std::move(parsed).value();
  if (!j.is_object()) return CorruptError("label JSON is not an object");
  if (j.contains("AIGC")) {
    json inner = j["AIGC"];
    if (inner.is_string()) {  // some writers store the object as an escaped string
      auto again = ParseNotingDuplicates(inner.get<std::string>(), &out.problems);
      if (!again.ok()) return CorruptError("AIGC value is a string that is not JSON");
      inner = std::move(again).value();
    }
    if (!inner.is_object()) return CorruptError("AIGC value is not an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() != "AIGC") out.problems.push_back("unexpected key " + it.key() + " beside AIGC");
    }
    j = std::move(inner);
  }
  bool seen[7] = {false, false, false, false, false, false, false};
  bool any_known = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string* field = FieldByKey(out.label, it.key());
    if (field == nullptr) {
      out.problems.push_back("unknown key " + it.key());
      continue;
    }
    any_known = true;
    for (int k = 0; k < 7; ++k) {
      if (it.key() == kAigcLabelKeys[k]) seen[k] = true;
    }
    if (it->is_string()) {
      *field = it->get<std::string>();
    } else if (it->is_number_integer() || it->is_number_unsigned()) {
      *field = it->dump();
      out.problems.push_back(it.key() + " is a number, not a string");
    } else {
      *field = it->is_null() ? "" : it->dump();
      out.problems.push_back(it.key() + " is not a string");
    }
  }
  if (!any_known) return CorruptError("JSON object has none of the AIGC label keys");
  for (int k = 0; k < 7; ++k) {
    if (!seen[k]) out.problems.push_back(std::string("missing key ") + kAigcLabelKeys[k]);
  }
  for (auto& p : ValidateLabel(out.label)) out.problems.push_back(std::move(p));
  return out;
}

}  // namespace aigcmark
