#include "scan/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace aigcmark {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

}  // namespace

ProgressMeter::ProgressMeter(int fd, uint64_t total_input_bytes)
    : fd_(fd),
      active_(fd >= 0 && ::isatty(fd) == 1),
      total_(total_input_bytes),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - kRedrawInterval) {}  // the first record draws at once

ProgressMeter::~ProgressMeter() { Finish(); }

void ProgressMeter::Update(uint64_t files, uint64_t bytes_checked) {
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw(files, bytes_checked);
}

void ProgressMeter::Draw(uint64_t files, uint64_t bytes_checked) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  uint64_t done = std::min(input_done_.load(std::memory_order_relaxed), total_);
  char eta[32] = "--:--";
  if (done > 0 && total_ > 0 && secs > 0.5) {
    double left = secs * static_cast<double>(total_ - done) / static_cast<double>(done);
    long s = static_cast<long>(left + 0.5);
    std::snprintf(eta, sizeof(eta), "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  }
  double pct = total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 0;
  char line[160];
  int n = std::snprintf(line, sizeof(line), "\r\033[Kscan: %llu files, %.1f MB/s, %.0f%%, ETA %s",
                        static_cast<unsigned long long>(files),
                        secs > 0 ? bytes_checked / 1e6 / secs : 0.0, pct, eta);
  if (n > 0) (void)!::write(fd_, line, static_cast<size_t>(std::min<int>(n, sizeof(line) - 1)));
  drawn_ = true;
}

void ProgressMeter::Finish() {
  if (!active_ || !drawn_) return;
  static const char kClear[] = "\r\033[K";
  (void)!::write(fd_, kClear, sizeof(kClear) - 1);
  drawn_ = false;
}

}  // namespace aigcmark
