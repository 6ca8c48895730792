// Scan totals as JSON (--summary FILE) and as text (stderr).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "aigcmark/scan.h"

namespace aigcmark {

std::string ScanSummaryToJson(const ScanSummary& s) {
  nlohmann::ordered_json j;
  j["files"] = s.files;
  j["bytes"] = s.bytes;
  nlohmann::ordered_json v;
  v[VerdictName(Verdict::kLabeled)] = s.labeled;
  v[VerdictName(Verdict::kUnlabeled)] = s.unlabeled;
  v[VerdictName(Verdict::kBrokenLabel)] = s.broken_label;
  v[VerdictName(Verdict::kError)] = s.errors;
  j["by_verdict"] = std::move(v);
  j["skipped"] = s.skipped;
  j["seconds"] = s.seconds;
  j["files_per_second"] = s.FilesPerSecond();
  j["mb_per_second"] = s.MegabytesPerSecond();
  j["jobs"] = s.jobs;
  return j.dump();
}

std::string ScanSummaryToText(const ScanSummary& s) {
  char buf[512];
  std::snprintf(
      buf, sizeof(buf),
      "scanned %llu files (%.1f MB) in %.2f s with %d jobs: %.1f files/s, %.1f MB/s\n"
      "  labeled %llu, unlabeled %llu, broken-label %llu, error %llu%s\n",
      static_cast<unsigned long long>(s.files), s.bytes / 1e6, s.seconds, s.jobs,
      s.FilesPerSecond(), s.MegabytesPerSecond(), static_cast<unsigned long long>(s.labeled),
      static_cast<unsigned long long>(s.unlabeled), static_cast<unsigned long long>(s.broken_label),
      static_cast<unsigned long long>(s.errors),
      s.skipped ? (", skipped " + std::to_string(s.skipped) + " already reported").c_str() : "");
  return buf;
}

}  // namespace aigcmark
