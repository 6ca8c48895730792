// Reading an existing report back for --resume, tolerating a torn last record.
#include <fstream>
#include <nlohmann/json.hpp>

#include "aigcmark/scan.h"

namespace aigcmark {
namespace {

// The first CSV field of a complete record, unquoted.
std::string FirstCsvField(const std::string& rec) {
  if (rec.empty() || rec[0] != '"') return rec.substr(0, rec.find(','));
  std::string out;
  for (size_t i = 1; i < rec.size(); ++i) {
    if (rec[i] == '"') {
      if (i + 1 < rec.size() && rec[i + 1] == '"') {
        out += '"';
        ++i;
      } else {
        break;
      }
    } else {
      out += rec[i];
    }
  }
  return out;
}

Status ReadJsonl(std::ifstream& in, const std::string& path, ExistingReport* out) {
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: a torn last record
    uint64_t line_bytes = line.size() + 1;
    auto j = nlohmann::json::parse(line, nullptr, false);
    bool good = !j.is_discarded() && j.is_object() && j.contains("file") && j["file"].is_string();
    if (first && !line.empty()) {
      if (!good) {
        return InvalidArgumentError(path +
                                    ": not a JSONL scan report (first line is not a record)");
      }
      first = false;
    }
    if (good) out->files.insert(j["file"].get<std::string>());
    out->complete_bytes += line_bytes;
  }
  return Status::Ok();
}

Status ReadCsv(std::ifstream& in, const std::string& path, ExistingReport* out) {
  std::string line, rec;
  size_t quotes = 0;
  bool header = true;
  uint64_t rec_bytes = 0;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // torn last record
    rec_bytes += line.size() + 1;
    if (!rec.empty() || quotes % 2 == 1) rec += '\n';
    rec += line;
    for (char c : line) quotes += c == '"';
    if (quotes % 2 == 1) continue;  // a quoted field spans lines
    if (header) {
      if (rec != ScanCsvHeader()) {
        return InvalidArgumentError(path + ": not a CSV scan report (unexpected header)");
      }
      header = false;
    } else if (!rec.empty()) {
      out->files.insert(FirstCsvField(rec));
    }
    out->complete_bytes += rec_bytes;
    rec.clear();
    rec_bytes = 0;
    quotes = 0;
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ExistingReport> ReadExistingReport(const std::string& path, ReportFormat format) {
  ExistingReport out;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;  // nothing reported yet
  Status s = format == ReportFormat::kJsonl ? ReadJsonl(in, path, &out) : ReadCsv(in, path, &out);
  if (!s.ok()) return s;
  if (in.bad()) return IoError(path + ": cannot read the existing report");
  return out;
}

}  // namespace aigcmark
