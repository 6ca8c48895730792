// A one-line progress display (files, MB/s, ETA) redrawn on a terminal; silent otherwise.
#ifndef AIGCMARK_SCAN_PROGRESS_H_
#define AIGCMARK_SCAN_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <cstdint>

namespace aigcmark {

class ProgressMeter {
 public:
  /// Active only when `fd` >= 0 is a terminal. `total_input_bytes` sizes the ETA.
  ProgressMeter(int fd, uint64_t total_input_bytes);
  ~ProgressMeter();

  bool active() const { return active_; }
  /// Input consumed (file sizes when queued, compressed archive bytes as read); any thread.
  void AddInputBytes(uint64_t n) { input_done_.fetch_add(n, std::memory_order_relaxed); }
  /// Called after each record (one thread at a time); redraws a few times a second.
  void Update(uint64_t files, uint64_t bytes_checked);
  /// Clears the line.
  void Finish();

 private:
  void Draw(uint64_t files, uint64_t bytes_checked);

  int fd_;
  bool active_;
  uint64_t total_;
  std::atomic<uint64_t> input_done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_PROGRESS_H_
