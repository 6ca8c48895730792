// Scan records as JSON Lines (the detect --json object plus size, sha256, elapsed_ms) and CSV.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "aigcmark/scan.h"

namespace aigcmark {
namespace {

struct CsvColumn {
  const char* name;
  const char* pointer;  // JSON pointer into the record object
};

// The CSV is a flattening of the JSON record, so both formats always say the same thing.
constexpr CsvColumn kCsvColumns[] = {
    {"file", "/file"},
    {"format", "/format"},
    {"verdict", "/verdict"},
    {"error", "/error"},
    {"size", "/size"},
    {"sha256", "/sha256"},
    {"elapsed_ms", "/elapsed_ms"},
    {"label", "/metadata/aigc/Label"},
    {"content_producer", "/metadata/aigc/ContentProducer"},
    {"produce_id", "/metadata/aigc/ProduceID"},
    {"reserved_code1", "/metadata/aigc/ReservedCode1"},
    {"content_propagator", "/metadata/aigc/ContentPropagator"},
    {"propagate_id", "/metadata/aigc/PropagateID"},
    {"reserved_code2", "/metadata/aigc/ReservedCode2"},
    {"carriers", "/metadata/carriers"},
    {"metadata_problems", "/metadata/problems"},
    {"digital_source_type", "/metadata/digital_source_type"},
    {"c2pa", "/metadata/c2pa"},
    {"watermark_detected", "/watermark/detected"},
    {"watermark_payload", "/watermark/payload"},
    {"watermark_score", "/watermark/score"},
    {"watermark_false_alarm", "/watermark/false_alarm"},
    {"watermark_matches_metadata", "/watermark/matches_metadata"},
    {"visible_detected", "/visible/detected"},
    {"visible_text", "/visible/text"},
    {"visible_position", "/visible/position"},
    {"visible_box", "/visible/box"},
    {"visible_height_ratio", "/visible/height_ratio"},
    {"visible_compliant", "/visible/compliant"},
    {"visible_problems", "/visible/problems"},
    {"frames_checked", "/frames_checked"},
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string Scalar(const nlohmann::ordered_json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string CellText(const nlohmann::ordered_json& v) {
  if (!v.is_array()) return Scalar(v);
  std::string s;
  for (const auto& e : v) s += (s.empty() ? "" : "; ") + Scalar(e);
  return s;
}

}  // namespace

std::string ScanRecordToJson(const ScanRecord& r) {
  std::string j = DetectReportToJson(r.report);
  if (!j.empty() && j.back() == '}') j.pop_back();
  j += ",\"size\":";
  j += r.size ? std::to_string(*r.size) : "null";
  j += ",\"sha256\":";
  j += r.sha256 ? "\"" + *r.sha256 + "\"" : "null";
  char ms[48];
  std::snprintf(ms, sizeof(ms), ",\"elapsed_ms\":%.3f}", r.elapsed_ms);
  j += ms;
  return j;
}

std::string ScanCsvHeader() {
  std::string h;
  for (const auto& c : kCsvColumns) h += (h.empty() ? "" : ",") + std::string(c.name);
  return h;
}

std::string ScanRecordToCsv(const ScanRecord& r) {
  auto j = nlohmann::ordered_json::parse(ScanRecordToJson(r), nullptr, false);
  std::string row;
  bool first = true;
  for (const auto& c : kCsvColumns) {
    if (!first) row += ',';
    first = false;
    if (j.is_discarded()) continue;
    nlohmann::ordered_json::json_pointer ptr(c.pointer);
    if (j.contains(ptr)) row += CsvField(CellText(j.at(ptr)));
  }
  return row;
}

}  // namespace aigcmark
