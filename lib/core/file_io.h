// Bounded file reads and atomic writes (temp file + rename), with errors naming the file.
#ifndef AIGCMARK_CORE_FILE_IO_H_
#define AIGCMARK_CORE_FILE_IO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "aigcmark/status.h"

namespace aigcmark {

/// Reads a whole regular file; fails (naming the file) if it is missing, not a regular file,
/// or larger than `max_bytes`.
StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path, uint64_t max_bytes);

/// Reads at most `max_bytes` from the start of a file (for format sniffing).
StatusOr<std::vector<uint8_t>> ReadFilePrefix(const std::string& path, size_t max_bytes);

/// A unique temporary path in the same directory as `target`, so rename() is atomic.
std::string TempPathFor(const std::string& target);

/// Writes bytes to `path` atomically: temp file, fsync, rename. Keeps the mode of an existing
/// target. On failure nothing at `path` changes and the temp file is removed.
Status WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& bytes);

/// Renames a finished temp file over `target` (after copying the target's permissions if it
/// exists); removes the temp file on failure.
Status CommitTempFile(const std::string& temp_path, const std::string& target);

/// Removes a temp file if it exists, ignoring errors. RAII helper below.
void RemoveQuietly(const std::string& path);

/// Deletes its path on destruction unless Release() was called: no half-written outputs.
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  ~TempFileGuard() { if (!path_.empty()) RemoveQuietly(path_); }
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

/// True if both paths name the same existing file (same device and inode).
bool SameFile(const std::string& a, const std::string& b);

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_FILE_IO_H_
