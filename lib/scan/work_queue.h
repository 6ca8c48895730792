// The parallel part of a scan: a bounded task queue feeding worker threads, and an emitter that
// hands finished records to the sink in submission order through a bounded reorder window (or
// as they finish). Memory is bounded by the queue length, the window and an in-flight byte
// budget, never by the number of files.
#ifndef AIGCMARK_SCAN_WORK_QUEUE_H_
#define AIGCMARK_SCAN_WORK_QUEUE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aigcmark/scan.h"

namespace aigcmark {

/// One unit of work: a file path, or an archive member's bytes.
struct ScanTask {
  std::string path;        ///< Reported path (file path for files).
  bool in_memory = false;  ///< true: `bytes` holds an archive member.
  std::vector<uint8_t> bytes;
};

struct WorkQueueOptions {
  int jobs = 1;
  bool ordered = true;
  /// Ordered mode: how many records may be in flight past the oldest one not yet emitted.
  size_t window = 1024;
  /// Tasks waiting for a worker.
  size_t queue_length = 8;
  /// Member bytes queued or being checked; one task may exceed it alone.
  uint64_t byte_budget = 256ull << 20;
};

class WorkQueue {
 public:
  using Process = std::function<ScanRecord(ScanTask& task)>;
  using Emit = std::function<Status(ScanRecord& record)>;

  /// Starts the workers. `process` runs concurrently; `emit` runs on one thread at a time.
  WorkQueue(const WorkQueueOptions& options, Process process, Emit emit);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  /// Queues a task (blocks while the queue, window or byte budget is full). Returns false once
  /// the scan has been stopped by a failing sink.
  bool Submit(ScanTask task);
  /// Takes the next output slot with a record that needs no work (an input that failed early).
  bool SubmitDone(ScanRecord record);
  /// Waits for every task to be emitted, stops the workers; returns the sink's first failure.
  Status Finish();

 private:
  struct Pending {
    uint64_t seq;
    ScanTask task;
  };
  bool WaitForRoom(std::unique_lock<std::mutex>& lock, uint64_t bytes);
  void WorkerLoop();
  void Complete(uint64_t seq, ScanRecord record);

  WorkQueueOptions options_;
  Process process_;
  Emit emit_;
  std::mutex mu_;
  std::condition_variable task_ready_;  // workers wait for tasks
  std::condition_variable room_;        // the submitter waits for room
  std::deque<Pending> queue_;
  std::map<uint64_t, ScanRecord> done_;  // finished, not yet emitted
  uint64_t next_seq_ = 0;
  uint64_t emitted_ = 0;    // records handed to the sink
  uint64_t next_emit_ = 0;  // ordered: the next sequence number to emit
  uint64_t inflight_bytes_ = 0;
  bool emitting_ = false;
  bool closing_ = false;
  bool failed_ = false;
  Status failure_;
  std::vector<std::thread> workers_;
};

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_WORK_QUEUE_H_
