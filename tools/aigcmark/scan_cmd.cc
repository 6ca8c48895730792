// `aigcmark scan`: check folders and archives in bulk, one JSONL/CSV record per file.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "aigcmark/scan.h"
#include "command.h"
#include "core/file_io.h"

namespace aigcmark::cli {
namespace {

struct ScanArgs {
  std::vector<std::string> paths;
  std::string output;
  std::string format;
  int jobs = 0;
  bool metadata_only = false;
  bool visible = false;
  bool resume = false;
  std::string shard;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string summary;
  bool unordered = false;
  KeyFlags key;
};

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Overwriting is for old reports only: -o or --summary pointing at a photo must not destroy it.
bool SafeToOverwrite(const std::string& path, bool summary) {
  std::error_code ec;
  if (path.empty() || path == "-" || !std::filesystem::exists(path, ec)) return true;
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0) {
    return true;
  }
  if (summary) {
    std::ifstream in(path, std::ios::binary);
    auto j = nlohmann::json::parse(in, nullptr, false);
    return !j.is_discarded() && j.is_object() && j.contains("by_verdict");
  }
  return ReadExistingReport(path, ReportFormat::kJsonl).ok() ||
         ReadExistingReport(path, ReportFormat::kCsv).ok();
}

int RunScan(const ScanArgs& a) {
  ScanOptions opts;
  opts.jobs = a.jobs;
  opts.ordered = !a.unordered;
  opts.include = a.include;
  opts.exclude = a.exclude;
  opts.detect.visible = a.visible;
  opts.detect.watermark = !a.metadata_only;
  auto key = a.key.Resolve();
  if (!key.ok()) {
    PrintError(key.status().message());
    return kExitUsage;
  }
  opts.detect.watermark_options.key = *key;
  if (!a.shard.empty()) {
    auto shard = ParseShardSpec(a.shard);
    if (!shard.ok()) {
      PrintError(shard.status().message());
      return kExitUsage;
    }
    opts.shard = *shard;
  }
  ReportFormat format = ReportFormat::kJsonl;
  if (a.format == "csv" || (a.format.empty() && EndsWith(a.output, ".csv"))) {
    format = ReportFormat::kCsv;
  }
  if (a.resume && (a.output.empty() || a.output == "-")) {
    PrintError("scan: --resume needs the report file given with -o");
    return kExitUsage;
  }

  if (!a.resume && !SafeToOverwrite(a.output, false)) {
    PrintError("scan: refusing to overwrite " + a.output + ": it exists and is not a scan report");
    return kExitUsage;
  }
  if (!SafeToOverwrite(a.summary, true)) {
    PrintError("scan: refusing to overwrite " + a.summary +
               ": it exists and is not a scan summary");
    return kExitUsage;
  }
  ExistingReport existing;
  auto writer = a.resume ? ReportWriter::Append(a.output, format, &existing)
                         : ReportWriter::Create(a.output, format);
  if (!writer.ok()) {
    PrintError(writer.status().message());
    return writer.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInputFailed;
  }
  if (a.resume) opts.skip = &existing.files;
  // The report (or its temp file) and the summary may sit inside a scanned folder.
  opts.ignore_files = {(*writer)->temp_path(), (*writer)->path(), a.summary};
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  opts.progress_fd = STDERR_FILENO;

  ReportWriter& out = **writer;
  auto summary = Scan(a.paths, opts, [&](const ScanRecord& r) -> Status {
    if (r.report.error) {
      std::fprintf(stderr, "%saigcmark: %s\n", tty ? "\r\033[K" : "", r.report.error->c_str());
    }
    return out.Write(r);
  });
  if (!summary.ok()) {
    PrintError(summary.status().message());
    return summary.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitInputFailed;
  }
  if (Status s = out.Finish(); !s.ok()) return ReportFailure(s);
  std::fputs(ScanSummaryToText(*summary).c_str(), stderr);
  if (!a.summary.empty()) {
    std::string json = ScanSummaryToJson(*summary) + "\n";
    Status s = WriteFileAtomic(a.summary, std::vector<uint8_t>(json.begin(), json.end()));
    if (!s.ok()) return ReportFailure(s);
  }
  return summary->errors > 0 ? kExitInputFailed : kExitOk;
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<ScanArgs>();
  auto* cmd = app.add_subcommand(
      "scan", "Check folders and archives in bulk: one JSONL/CSV record per file, in parallel");
  cmd->add_option("PATH", a->paths,
                  "Files, folders (recursive) and archives (zip, tar, tar.gz/xz/zst)")
      ->required();
  cmd->add_option("-o,--output", a->output,
                  "Report file (default: stdout); written atomically, or appended with --resume");
  cmd->add_option("--format", a->format, "jsonl (default) or csv (default when -o ends in .csv)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_option("--jobs", a->jobs, "Worker threads (default: all cores)")
      ->check(CLI::PositiveNumber);
  auto* md = cmd->add_flag("--metadata-only", a->metadata_only,
                           "Only parse containers and metadata, never decode pixels (fast)");
  auto* vis = cmd->add_flag("--visible", a->visible, "Also look for a visible label (OCR; slower)");
  md->excludes(vis);
  a->key.Add(cmd);
  cmd->add_flag("--resume", a->resume, "Append to the -o report, skipping files it already holds");
  cmd->add_option(
      "--shard", a->shard,
      "Take shard I of N (e.g. 2/8) by a stable hash of each path; reports concatenate");
  cmd->add_option("--include", a->include, "Only scan files matching this glob (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--exclude", a->exclude, "Skip files and folders matching this glob (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--summary", a->summary, "Also write the summary as JSON to this file");
  cmd->add_flag("--unordered", a->unordered,
                "Emit records as they finish instead of sorted by path");
  cmd->callback([a, &ctx] { ctx.exit_code = RunScan(*a); });
}

AIGCMARK_REGISTER_COMMAND(60, Register);

}  // namespace
}  // namespace aigcmark::cli
