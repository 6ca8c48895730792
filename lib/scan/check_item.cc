#include "scan/check_item.h"

#include <chrono>

#include "core/file_io.h"
#include "scan/sha256.h"

namespace aigcmark {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

ScanRecord CheckFile(const std::string& path, const DetectOptions& options) {
  auto t0 = Clock::now();
  ScanRecord rec;
  auto bytes = ReadFileBytes(path, kMaxInMemoryScanBytes);
  if (bytes.ok()) {
    rec.size = bytes->size();
    rec.sha256 = Sha256Hex(bytes->data(), bytes->size());
    rec.report = DetectFromMemory(*bytes, path, options);
  } else if (bytes.status().code() == StatusCode::kResourceExhausted) {
    uint64_t size = 0;
    auto hex = Sha256FileHex(path, &size);
    if (!hex.ok()) {
      rec.report.file = path;
      rec.report.error = hex.status().message();
    } else {
      rec.size = size;
      rec.sha256 = *hex;
      rec.report = Detect(path, options);
    }
  } else {
    rec.report.file = path;
    rec.report.error = bytes.status().message();
  }
  rec.verdict = Classify(rec.report);
  rec.elapsed_ms = MsSince(t0);
  return rec;
}

ScanRecord CheckMember(const std::string& reported_path, const std::vector<uint8_t>& bytes,
                       const DetectOptions& options) {
  auto t0 = Clock::now();
  ScanRecord rec;
  rec.size = bytes.size();
  rec.sha256 = Sha256Hex(bytes.data(), bytes.size());
  rec.report = DetectFromMemory(bytes, reported_path, options);
  rec.verdict = Classify(rec.report);
  rec.elapsed_ms = MsSince(t0);
  return rec;
}

ScanRecord ErrorRecord(const std::string& reported_path, const std::string& message,
                       std::optional<uint64_t> size) {
  ScanRecord rec;
  rec.report.file = reported_path;
  rec.report.error = message;
  rec.verdict = Verdict::kError;
  rec.size = size;
  return rec;
}

}  // namespace aigcmark
