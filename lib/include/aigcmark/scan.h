// Batch scanning: which of these files and archive members carry an AI label, and which labels
// are broken? Parallel, deterministic, resumable and shardable; never stops on a bad file.
#ifndef AIGCMARK_SCAN_H_
#define AIGCMARK_SCAN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "aigcmark/detect.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// Which share of a corpus one scan takes: shard `index` (1-based) of `count`. A reported path
/// belongs to exactly one shard (ShardOfPath), so N machines split a corpus with no overlap
/// when each runs with the same PATH arguments (the reported paths are hashed).
struct ShardSpec {
  uint32_t index = 1;  ///< 1..count.
  uint32_t count = 1;  ///< 1 = the whole corpus (default).
};

/// Parses "I/N" (1 <= I <= N); errors are kInvalidArgument.
StatusOr<ShardSpec> ParseShardSpec(const std::string& text);
/// The shard (1..count) a reported path belongs to: the first 8 bytes of SHA-256(path) as a
/// big-endian integer, modulo count, plus one. Stable across machines, runs and versions.
uint32_t ShardOfPath(const std::string& reported_path, uint32_t count);

struct ScanOptions {
  /// What every record covers. Default: metadata + watermark (the DetectOptions defaults);
  /// metadata-only is `detect.watermark = detect.visible = false` (no pixel is decoded).
  /// `detect.decode_limits` bounds every decode (decompression bombs become error records).
  DetectOptions detect;
  /// Worker threads; 0 (default) = every core this process may run on.
  int jobs = 0;
  /// true (default): records are emitted sorted by reported path (byte order), an archive's
  /// members in the archive's own order at the archive's place. false: as they finish.
  bool ordered = true;
  /// fnmatch(3) globs. A walked file (or archive member) is scanned when it matches some
  /// `include` (or `include` is empty) and no `exclude`; a directory matching an `exclude` is
  /// not entered. Each glob is tried on the file name and on the whole reported path ('*' also
  /// matches '/'). Paths named on the command line are always scanned (archives are always
  /// opened unless excluded; `include` then selects their members).
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  /// Take only this shard of the reported paths (default: everything).
  ShardSpec shard;
  /// Reported paths to skip because an earlier run already reported them (--resume). Not owned;
  /// may be null (default). An archive whose own path is here is skipped whole.
  const std::unordered_set<std::string>* skip = nullptr;
  /// Files never scanned even if a walk reaches them (the report being written), compared by
  /// device and inode. Default: none.
  std::vector<std::string> ignore_files;
  /// Largest archive member read into memory (default 512 MiB); a larger member gets an error
  /// record instead.
  uint64_t max_member_bytes = 512ull << 20;
  /// File descriptor for a one-line progress display (files, MB/s, ETA), redrawn a few times a
  /// second only if it is a terminal. -1 (default): no progress.
  int progress_fd = -1;
};

/// Archives are recognised by name (case-insensitive): .zip, .tar, .tar.gz, .tgz, .tar.xz,
/// .txz, .tar.zst, .tzst, .tar.bz2, .tbz2. Members are reported as "archive.zip!/dir/a.jpg".
bool IsArchiveName(const std::string& path);

/// One line of a scan report.
struct ScanRecord {
  DetectReport report;  ///< `report.file` is the reported path.
  Verdict verdict = Verdict::kError;
  std::optional<uint64_t> size;       ///< Bytes of the file or member, when known.
  std::optional<std::string> sha256;  ///< Lowercase hex of the bytes checked; unset if unread.
  double elapsed_ms = 0.0;            ///< Time spent reading, hashing and detecting.
};

/// The `detect --json` object (DetectReportToJson) plus "size", "sha256" and "elapsed_ms";
/// one compact line without a newline.
std::string ScanRecordToJson(const ScanRecord& record);
/// The CSV header line (no newline): file, format, verdict, error, size, sha256, elapsed_ms,
/// then the label fields and the metadata, watermark and visible findings, flattened.
std::string ScanCsvHeader();
/// One RFC 4180 CSV row (no newline) with the columns of ScanCsvHeader(); lists are joined
/// with "; ", absent values are empty.
std::string ScanRecordToCsv(const ScanRecord& record);

/// Totals of one scan.
struct ScanSummary {
  uint64_t files = 0;  ///< Records emitted (files, members and inputs that failed).
  uint64_t bytes = 0;  ///< Bytes checked.
  uint64_t labeled = 0;
  uint64_t unlabeled = 0;
  uint64_t broken_label = 0;
  uint64_t errors = 0;
  uint64_t skipped = 0;  ///< Inputs skipped because ScanOptions::skip already had them.
  double seconds = 0.0;  ///< Wall-clock time of the scan.
  int jobs = 0;          ///< Worker threads used.
  double FilesPerSecond() const { return seconds > 0 ? files / seconds : 0.0; }
  double MegabytesPerSecond() const { return seconds > 0 ? bytes / 1e6 / seconds : 0.0; }
};

/// {"files":..,"bytes":..,"by_verdict":{"labeled":..,"unlabeled":..,"broken-label":..,
/// "error":..},"skipped":..,"seconds":..,"files_per_second":..,"mb_per_second":..,"jobs":..}
std::string ScanSummaryToJson(const ScanSummary& summary);
/// A few human-readable lines for stderr.
std::string ScanSummaryToText(const ScanSummary& summary);

/// Receives records one at a time (never concurrently), in order when ScanOptions::ordered.
/// A non-ok Status stops the scan and is returned by Scan().
using RecordSink = std::function<Status(const ScanRecord& record)>;

/// Scans files, folders (recursively, following symlinks, detecting loops) and archives (read
/// as streams, nothing unpacked to disk). Every input that cannot be checked — unreadable,
/// truncated, corrupt, empty, too many pixels, unsupported, a symlink loop — becomes a record
/// with `error` set; the scan goes on. Memory stays bounded by the path list plus a fixed
/// window of records and in-flight bytes. Fails only on bad options or when `sink` fails.
StatusOr<ScanSummary> Scan(const std::vector<std::string>& paths, const ScanOptions& options,
                           const RecordSink& sink);

enum class ReportFormat { kJsonl, kCsv };

/// What an existing report already holds (for --resume).
struct ExistingReport {
  std::unordered_set<std::string> files;  ///< Reported paths of complete records.
  uint64_t complete_bytes = 0;            ///< Length of the complete records; a torn tail follows.
};
/// Reads a JSONL or CSV report, ignoring an incomplete last record (a crash mid-write) and
/// lines that do not parse. A missing file is an empty report; a file of the other format is
/// kInvalidArgument.
StatusOr<ExistingReport> ReadExistingReport(const std::string& path, ReportFormat format);

/// Writes records as JSON Lines or CSV to a file or stdout.
class ReportWriter {
 public:
  /// A new report at `path`, written to a temporary file beside it and renamed into place by
  /// Finish() (nothing appears at `path` if the scan fails). "" or "-" writes to stdout.
  static StatusOr<std::unique_ptr<ReportWriter>> Create(const std::string& path,
                                                        ReportFormat format);
  /// Continues the report at `path` (created if missing): drops a torn last record, appends,
  /// and flushes at least every second so a crash loses little. Fills `existing` first.
  static StatusOr<std::unique_ptr<ReportWriter>> Append(const std::string& path,
                                                        ReportFormat format,
                                                        ExistingReport* existing);
  ~ReportWriter();
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  Status Write(const ScanRecord& record);
  /// Flushes, syncs and (for Create) renames into place. Call once.
  Status Finish();
  /// The temporary file being written, "" if none (so a scan can ignore it).
  const std::string& temp_path() const;
  /// The file the records end up in ("" for stdout).
  const std::string& path() const;

 private:
  struct State;
  explicit ReportWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_H_
