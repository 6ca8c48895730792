// Scan(): enumerate and sort the inputs, then check them in parallel and emit records in order.
#include "aigcmark/scan.h"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "scan/archive_reader.h"
#include "scan/check_item.h"
#include "scan/enumerate.h"
#include "scan/path_filter.h"
#include "scan/progress.h"
#include "scan/work_queue.h"

namespace aigcmark {
namespace {

// Archive members queued or being checked; a single larger member is still let through alone.
constexpr uint64_t kInflightMemberBytes = 256ull << 20;

// "All cores" means the cores this process may run on (taskset, cgroups), not the machine's.
int DefaultJobs() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) {
    return CPU_COUNT(&set);
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

Status ValidateOptions(const std::vector<std::string>& paths, const ScanOptions& o) {
  if (paths.empty()) return InvalidArgumentError("scan: no input paths");
  if (o.shard.count < 1 || o.shard.index < 1 || o.shard.index > o.shard.count) {
    return InvalidArgumentError("scan: shard " + std::to_string(o.shard.index) + "/" +
                                std::to_string(o.shard.count) + " is not 1 <= I <= N");
  }
  if (o.jobs < 0) return InvalidArgumentError("scan: --jobs must be at least 1");
  if (o.max_member_bytes == 0) return InvalidArgumentError("scan: member size limit is zero");
  return Status::Ok();
}

// Feeds the work queue in sorted order; archives are streamed here, their members checked by
// the workers.
class Dispatcher {
 public:
  Dispatcher(const ScanOptions& options, const PathFilter& filter, WorkQueue& queue,
             ProgressMeter& progress)
      : options_(options), filter_(filter), queue_(queue), progress_(progress) {}

  // Returns false when the scan was stopped (the sink failed).
  bool Dispatch(const InputItem& item) {
    switch (item.kind) {
      case InputItem::Kind::kFile:
        return queue_.Submit(ScanTask{item.path, false, {}});
      case InputItem::Kind::kError:
        return queue_.SubmitDone(ErrorRecord(item.path, item.path + ": " + item.error));
      case InputItem::Kind::kArchive:
        return DispatchArchive(item);
    }
    return true;
  }

  uint64_t skipped() const { return skipped_; }

 private:
  bool DispatchArchive(const InputItem& item) {
    ArchiveReader reader;
    uint64_t counted = 0;
    auto count_progress = [&](uint64_t upto) {
      upto = std::min(upto, item.size);
      if (upto > counted) progress_.AddInputBytes(upto - counted);
      counted = std::max(counted, upto);
    };
    // An archive-level failure is one record, owned by the shard of the archive's own path.
    auto archive_failed = [&](const Status& s) {
      count_progress(item.size);
      if (!filter_.InShard(item.path)) return true;
      return queue_.SubmitDone(ErrorRecord(item.path, s.message(), item.size));
    };
    if (Status s = reader.Open(item.path); !s.ok()) return archive_failed(s);
    while (reader.Next()) {
      count_progress(reader.bytes_consumed());
      std::string name = item.path + "!/" + reader.member();
      if (!filter_.Selected(name) || !filter_.InShard(name)) {
        reader.SkipMember();
        continue;
      }
      if (filter_.AlreadyReported(name)) {
        ++skipped_;
        reader.SkipMember();
        continue;
      }
      std::vector<uint8_t> bytes;
      Status rs = reader.ReadMember(options_.max_member_bytes, &bytes);
      bool ok;
      if (!rs.ok()) {
        std::optional<uint64_t> size;
        if (reader.size_known()) size = reader.declared_size();
        ok = queue_.SubmitDone(ErrorRecord(name, name + ": " + rs.message(), size));
      } else {
        ok = queue_.Submit(ScanTask{name, true, std::move(bytes)});
      }
      if (!ok) return false;
    }
    if (!reader.status().ok()) return archive_failed(reader.status());
    count_progress(item.size);
    return true;
  }

  const ScanOptions& options_;
  const PathFilter& filter_;
  WorkQueue& queue_;
  ProgressMeter& progress_;
  uint64_t skipped_ = 0;
};

StatusOr<ScanSummary> ScanImpl(const std::vector<std::string>& paths, const ScanOptions& options,
                               const RecordSink& sink) {
  AIGCMARK_RETURN_IF_ERROR(ValidateOptions(paths, options));
  auto start = std::chrono::steady_clock::now();
  int jobs = options.jobs > 0 ? options.jobs : DefaultJobs();
  PathFilter filter(options);
  Enumeration inputs = EnumerateInputs(paths, filter, options.ignore_files);

  ScanSummary summary;
  summary.jobs = jobs;
  ProgressMeter progress(options.progress_fd, inputs.total_bytes);

  WorkQueueOptions wq;
  wq.jobs = jobs;
  wq.ordered = options.ordered;
  wq.window = std::max<size_t>(1024, 64 * static_cast<size_t>(jobs));
  wq.queue_length = 2 * static_cast<size_t>(jobs) + 2;
  wq.byte_budget = kInflightMemberBytes;
  const DetectOptions& detect = options.detect;
  auto process = [&detect, &progress](ScanTask& t) -> ScanRecord {
    // Detect reports failures as records; this only guards against a bug escaping a module.
    try {
      if (t.in_memory) return CheckMember(t.path, t.bytes, detect);
      ScanRecord r = CheckFile(t.path, detect);
      progress.AddInputBytes(r.size.value_or(0));  // archives count as they are read
      return r;
    } catch (const std::exception& e) {
      return ErrorRecord(t.path, t.path + ": internal error: " + e.what());
    } catch (...) {
      return ErrorRecord(t.path, t.path + ": internal error");
    }
  };
  auto emit = [&](ScanRecord& r) -> Status {
    ++summary.files;
    summary.bytes += r.size.value_or(0);
    switch (r.verdict) {
      case Verdict::kLabeled:
        ++summary.labeled;
        break;
      case Verdict::kUnlabeled:
        ++summary.unlabeled;
        break;
      case Verdict::kBrokenLabel:
        ++summary.broken_label;
        break;
      case Verdict::kError:
        ++summary.errors;
        break;
    }
    Status s;
    try {
      s = sink(r);
    } catch (...) {
      s = InternalError("scan: the record sink threw an exception");
    }
    progress.Update(summary.files, summary.bytes);
    return s;
  };

  Status status;
  uint64_t member_skipped = 0;
  {
    WorkQueue queue(wq, process, emit);
    Dispatcher dispatcher(options, filter, queue, progress);
    for (const InputItem& item : inputs.items) {
      if (!dispatcher.Dispatch(item)) break;
    }
    status = queue.Finish();
    member_skipped = dispatcher.skipped();
  }
  progress.Finish();
  if (!status.ok()) return status;
  summary.skipped = inputs.skipped + member_skipped;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace

StatusOr<ScanSummary> Scan(const std::vector<std::string>& paths, const ScanOptions& options,
                           const RecordSink& sink) {
  try {
    return ScanImpl(paths, options, sink);
  } catch (const std::exception& e) {  // thread creation or allocation failures
    return InternalError(std::string("scan: ") + e.what());
  }
}

}  // namespace aigcmark
