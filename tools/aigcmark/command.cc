#include "command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "aigcmark/label.h"
#include "aigcmark/watermark.h"

namespace aigcmark::cli {
namespace {

std::vector<std::pair<int, RegisterFn>>& Registry() {
  static std::vector<std::pair<int, RegisterFn>> registry;
  return registry;
}

const char* LabelMeaning(const std::string& label) {
  if (label == "1") return "AI-generated";
  if (label == "2") return "possibly AI-generated";
  if (label == "3") return "suspected AI-generated";
  return "invalid Label value";
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

}  // namespace

bool RegisterCommand(int order, RegisterFn fn) {
  Registry().emplace_back(order, fn);
  return true;
}

void RegisterAll(CLI::App& app, CommandContext& ctx) {
  auto& r = Registry();
  std::stable_sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, fn] : r) fn(app, ctx);
}

void PrintError(const std::string& message) { std::fprintf(stderr, "aigcmark: %s\n", message.c_str()); }

int ReportFailure(const Status& status) {
  PrintError(status.message());
  return kExitInputFailed;
}

void KeyFlags::Add(CLI::App* cmd) {
  auto* k = cmd->add_option("--key", key, "Watermark key (default: the documented public key)");
  auto* f = cmd->add_option("--key-file", key_file, "Read the watermark key from this file")
                ->check(CLI::ExistingFile);
  k->excludes(f);
}

StatusOr<std::string> KeyFlags::Resolve() const {
  if (!key.empty()) return key;
  if (key_file.empty()) return std::string(kDefaultWatermarkKey);
  std::ifstream in(key_file, std::ios::binary);
  if (!in) return NotFoundError(key_file + ": cannot read key file");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string k = ss.str();
  while (!k.empty() && (k.back() == '\n' || k.back() == '\r' || k.back() == ' ')) k.pop_back();
  if (k.empty()) return InvalidArgumentError(key_file + ": key file is empty");
  return k;
}

void LabelFlags::Add(CLI::App* cmd) {
  cmd->add_option("--label", label,
                  "1 = AI-generated, 2 = possibly, 3 = suspected (default: keep, else 1)")
      ->check(CLI::IsMember({"1", "2", "3"}));
  cmd->add_option("--producer", producer, "ContentProducer code");
  cmd->add_option("--produce-id", produce_id, "ProduceID: the producer's content id");
  cmd->add_option("--reserved-code1", reserved1, "ReservedCode1");
  cmd->add_option("--propagator", propagator, "ContentPropagator code");
  cmd->add_option("--propagate-id", propagate_id, "PropagateID: the propagator's content id");
  cmd->add_option("--reserved-code2", reserved2, "ReservedCode2");
}

LabelUpdate LabelFlags::ToUpdate() const {
  LabelUpdate u;
  auto set = [](std::optional<std::string>& f, const std::string& v) {
    if (!v.empty()) f = v;
  };
  set(u.label, label);
  set(u.content_producer, producer);
  set(u.produce_id, produce_id);
  set(u.reserved_code1, reserved1);
  set(u.content_propagator, propagator);
  set(u.propagate_id, propagate_id);
  set(u.reserved_code2, reserved2);
  return u;
}

std::string ReportToText(const DetectReport& r) {
  std::ostringstream o;
  o << r.file;
  if (!r.format.empty()) o << " (" << r.format << ")";
  o << ": " << VerdictName(Classify(r)) << "\n";
  if (r.error) {
    o << "  error: " << *r.error << "\n";
    return o.str();
  }
  if (r.metadata) {
    const MetadataReport& m = *r.metadata;
    if (m.aigc) {
      const AigcLabel& l = *m.aigc;
      o << "  metadata label: " << l.label << " (" << LabelMeaning(l.label) << ")"
        << ", producer " << (l.content_producer.empty() ? "-" : l.content_producer)
        << ", produce id " << (l.produce_id.empty() ? "-" : l.produce_id);
      if (!l.content_propagator.empty() || !l.propagate_id.empty()) {
        o << ", propagator " << l.content_propagator << ", propagate id " << l.propagate_id;
      }
      o << "\n    found in: " << Join(m.carriers, ", ") << "\n";
    } else {
      o << "  metadata label: none\n";
    }
    for (const auto& p : m.problems) o << "    problem: " << p << "\n";
    o << "  digital source type: " << m.digital_source_type.value_or("none") << "\n";
    o << "  c2pa manifest: " << (m.c2pa ? "present" : "none") << "\n";
  }
  if (r.watermark) {
    const WatermarkResult& w = *r.watermark;
    o << "  watermark: " << (w.detected ? "detected" : "not detected");
    if (w.payload) o << ", payload " << PayloadToHex(*w.payload);
    char buf[96];
    std::snprintf(buf, sizeof(buf), " (score %.2f, false-alarm probability %.3g)", w.score,
                  w.false_alarm);
    o << buf << "\n";
    if (r.watermark_matches_label) {
      o << "    " << (*r.watermark_matches_label ? "matches" : "does NOT match")
        << " the metadata label\n";
    }
  }
  if (r.visible) {
    const VisibleResult& v = *r.visible;
    o << "  visible label: ";
    if (v.detected) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.3f", v.height_ratio);
      o << "\"" << v.text << "\" at " << (v.position.empty() ? "?" : v.position)
        << ", height ratio " << buf << ", " << (v.compliant ? "compliant" : "NOT compliant");
      if (r.visible_seconds) {
        std::snprintf(buf, sizeof(buf), "%.1f", *r.visible_seconds);
        o << ", shown for about " << buf << " s";
      }
    } else {
      o << "none";
    }
    o << "\n";
    for (const auto& p : v.problems) o << "    problem: " << p << "\n";
  }
  if (r.frames_checked) o << "  frames checked: " << *r.frames_checked << "\n";
  return o.str();
}

int RunDetectAndPrint(const std::vector<std::string>& files, const DetectOptions& options, bool json,
                  const char* part) {
  int code = kExitOk;
  for (const auto& f : files) {
    DetectReport r = Detect(f, options);
    if (r.error) {
      PrintError(*r.error);
      code = kExitInputFailed;
    }
    if (json && part == nullptr) {
      std::printf("%s\n", DetectReportToJson(r).c_str());
    } else if (json) {
      auto full = nlohmann::ordered_json::parse(DetectReportToJson(r));
      nlohmann::ordered_json j;
      j["file"] = full["file"];
      j["error"] = full["error"];
      j[part] = full.contains(part) ? full[part] : nlohmann::ordered_json(nullptr);
      std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::fputs(ReportToText(r).c_str(), stdout);
    }
    std::fflush(stdout);
  }
  return code;
}

}  // namespace aigcmark::cli
