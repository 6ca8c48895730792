#include "scan/work_queue.h"

#include <utility>

namespace aigcmark {

WorkQueue::WorkQueue(const WorkQueueOptions& options, Process process, Emit emit)
    : options_(options), process_(std::move(process)), emit_(std::move(emit)) {
  if (options_.jobs < 1) options_.jobs = 1;
  if (options_.window < 1) options_.window = 1;
  if (options_.queue_length < 1) options_.queue_length = 1;
  for (int i = 0; i < options_.jobs; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

WorkQueue::~WorkQueue() {
  if (!workers_.empty()) (void)Finish();
}

// Blocks until a new task fits: queue length, reorder window (ordered mode) and byte budget.
bool WorkQueue::WaitForRoom(std::unique_lock<std::mutex>& lock, uint64_t bytes) {
  room_.wait(lock, [&] {
    if (failed_) return true;
    if (queue_.size() >= options_.queue_length) return false;
    if (next_seq_ - emitted_ >= options_.window) return false;
    if (bytes > 0 && inflight_bytes_ > 0 && inflight_bytes_ + bytes > options_.byte_budget) {
      return false;
    }
    return true;
  });
  return !failed_;
}

bool WorkQueue::Submit(ScanTask task) {
  std::unique_lock lock(mu_);
  uint64_t bytes = task.bytes.size();
  if (!WaitForRoom(lock, bytes)) return false;
  inflight_bytes_ += bytes;
  queue_.push_back({next_seq_++, std::move(task)});
  task_ready_.notify_one();
  return true;
}

bool WorkQueue::SubmitDone(ScanRecord record) {
  uint64_t seq;
  {
    std::unique_lock lock(mu_);
    if (!WaitForRoom(lock, 0)) return false;
    seq = next_seq_++;
  }
  Complete(seq, std::move(record));
  return true;
}

void WorkQueue::WorkerLoop() {
  while (true) {
    Pending p;
    {
      std::unique_lock lock(mu_);
      task_ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing and drained
      p = std::move(queue_.front());
      queue_.pop_front();
      room_.notify_all();
    }
    uint64_t bytes = p.task.bytes.size();
    ScanRecord rec;
    bool skip;
    {
      std::lock_guard lock(mu_);
      skip = failed_;
    }
    if (!skip) rec = process_(p.task);
    p.task.bytes.clear();
    p.task.bytes.shrink_to_fit();
    {
      std::lock_guard lock(mu_);
      inflight_bytes_ -= bytes;
    }
    Complete(p.seq, std::move(rec));
  }
}

// Stores a finished record; whichever thread finds the emitter role free drains every record
// that may go out now, calling the sink outside the lock so workers keep going.
void WorkQueue::Complete(uint64_t seq, ScanRecord record) {
  std::unique_lock lock(mu_);
  done_.emplace(seq, std::move(record));
  if (emitting_) return;
  emitting_ = true;
  while (true) {
    std::vector<ScanRecord> batch;
    if (options_.ordered) {
      for (auto it = done_.begin(); it != done_.end() && it->first == next_emit_;) {
        batch.push_back(std::move(it->second));
        it = done_.erase(it);
        ++next_emit_;
      }
    } else {
      for (auto& [s, r] : done_) batch.push_back(std::move(r));
      done_.clear();
    }
    if (batch.empty()) break;
    bool stopped = failed_;
    lock.unlock();
    Status status;
    for (auto& r : batch) {
      if (stopped || !status.ok()) break;
      status = emit_(r);
    }
    lock.lock();
    if (!status.ok() && !failed_) {
      failed_ = true;
      failure_ = status;
    }
    emitted_ += batch.size();
    room_.notify_all();
  }
  emitting_ = false;
  room_.notify_all();
}

Status WorkQueue::Finish() {
  {
    std::unique_lock lock(mu_);
    closing_ = true;
    task_ready_.notify_all();
  }
  for (auto& t : workers_) t.join();
  workers_.clear();
  std::lock_guard lock(mu_);
  return failure_;
}

}  // namespace aigcmark
