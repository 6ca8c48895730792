#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>

namespace aigcmark {
namespace {

std::string Errno() { return std::strerror(errno); }

// Reads exactly `n` bytes unless EOF comes first; returns bytes read or -1.
ssize_t ReadFully(int fd, uint8_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::read(fd, out + done, n - done);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(done);
}

}  // namespace

StatusOr<std::vector<uint8_t>> ReadFileBytes(const std::string& path, uint64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + Errno());
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return IoError(path + ": cannot stat: " + Errno());
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(path + ": not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return ResourceExhaustedError(path + ": file is " + std::to_string(st.st_size) +
                                  " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
  ssize_t got = ReadFully(fd, bytes.data(), bytes.size());
  ::close(fd);
  if (got < 0) return IoError(path + ": read failed: " + Errno());
  bytes.resize(static_cast<size_t>(got));
  return bytes;
}

StatusOr<std::vector<uint8_t>> ReadFilePrefix(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + Errno());
  }
  std::vector<uint8_t> bytes(max_bytes);
  ssize_t got = ReadFully(fd, bytes.data(), bytes.size());
  ::close(fd);
  if (got < 0) return IoError(path + ": read failed: " + Errno());
  bytes.resize(static_cast<size_t>(got));
  return bytes;
}

std::string TempPathFor(const std::string& target) {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng(std::random_device{}());
  std::string dir = ".";
  std::string base = target;
  size_t slash = target.find_last_of('/');
  if (slash != std::string::npos) {
    dir = target.substr(0, slash == 0 ? 1 : slash);
    base = target.substr(slash + 1);
  }
  char suffix[48];
  std::snprintf(suffix, sizeof(suffix), ".%d.%llu.%08llx.tmp", static_cast<int>(::getpid()),
                static_cast<unsigned long long>(counter++),
                static_cast<unsigned long long>(rng() & 0xffffffffu));
  return (dir == "/" ? std::string("/") : dir + "/") + "." + base + suffix;
}

void RemoveQuietly(const std::string& path) { ::unlink(path.c_str()); }

Status CommitTempFile(const std::string& temp_path, const std::string& target) {
  struct stat st{};
  if (::stat(target.c_str(), &st) == 0) ::chmod(temp_path.c_str(), st.st_mode & 07777);
  if (::rename(temp_path.c_str(), target.c_str()) != 0) {
    std::string err = Errno();
    RemoveQuietly(temp_path);
    return IoError(target + ": cannot rename output into place: " + err);
  }
  return Status::Ok();
}

Status WriteFileAtomic(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::string tmp = TempPathFor(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return IoError(path + ": cannot create temporary file: " + Errno());
  TempFileGuard guard(tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      std::string err = Errno();
      ::close(fd);
      return IoError(path + ": write failed: " + err);
    }
    done += static_cast<size_t>(w);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return IoError(path + ": flush failed: " + Errno());
  guard.Release();
  return CommitTempFile(tmp, path);
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa{}, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace aigcmark
