// The documented `detect --json` object; scan records extend it.
#include <nlohmann/json.hpp>

#include "aigcmark/detect.h"

namespace aigcmark {
namespace {

using nlohmann::ordered_json;

ordered_json OptString(const std::optional<std::string>& s) {
  return s ? ordered_json(*s) : ordered_json(nullptr);
}

// The label object in canonical key order: reuse the one serialiser rather than repeat it.
ordered_json LabelObject(const AigcLabel& l) { return ordered_json::parse(LabelToJson(l)); }

}  // namespace

std::string DetectReportToJson(const DetectReport& r) {
  ordered_json j;
  j["file"] = r.file;
  j["format"] = r.format;
  j["error"] = OptString(r.error);
  j["verdict"] = VerdictName(Classify(r));
  if (r.metadata) {
    const MetadataReport& m = *r.metadata;
    ordered_json mj;
    mj["aigc"] = m.aigc ? LabelObject(*m.aigc) : ordered_json(nullptr);
    mj["carriers"] = m.carriers;
    mj["problems"] = m.problems;
    mj["digital_source_type"] = OptString(m.digital_source_type);
    mj["c2pa"] = m.c2pa;
    j["metadata"] = std::move(mj);
  }
  if (r.watermark) {
    const WatermarkResult& w = *r.watermark;
    ordered_json wj;
    wj["detected"] = w.detected;
    wj["payload"] = w.payload ? ordered_json(PayloadToHex(*w.payload)) : ordered_json(nullptr);
    wj["score"] = w.score;
    wj["false_alarm"] = w.false_alarm;
    wj["matches_metadata"] = r.watermark_matches_label ? ordered_json(*r.watermark_matches_label)
                                                       : ordered_json(nullptr);
    j["watermark"] = std::move(wj);
  }
  if (r.visible) {
    const VisibleResult& v = *r.visible;
    ordered_json vj;
    vj["detected"] = v.detected;
    vj["text"] = v.text;
    vj["position"] = v.position;
    vj["box"] = v.box;
    vj["height_ratio"] = v.height_ratio;
    vj["compliant"] = v.compliant;
    vj["problems"] = v.problems;
    if (r.visible_seconds) vj["shown_seconds"] = *r.visible_seconds;
    j["visible"] = std::move(vj);
  }
  if (r.frames_checked) j["frames_checked"] = *r.frames_checked;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace aigcmark
