#include "core/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace aigcmark {
namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string name) : fd_(fd), size_(size), name_(std::move(name)) {}
  ~FileSource() override { ::close(fd_); }
  uint64_t size() const override { return size_; }
  const std::string& name() const override { return name_; }
  Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const override {
    if (offset > size_ || n > size_ - offset) {
      return CorruptError("truncated: needs bytes up to offset " + std::to_string(offset + n) +
                          " but the file has " + std::to_string(size_));
    }
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return IoError(std::string("read failed: ") + std::strerror(errno));
      if (r == 0) return CorruptError("file shrank while being read");
      done += static_cast<size_t>(r);
    }
    return Status::Ok();
  }

 private:
  int fd_;
  uint64_t size_;
  std::string name_;
};

class MemSource final : public ByteSource {
 public:
  MemSource(const uint8_t* d, size_t n, std::string name) : d_(d), n_(n), name_(std::move(name)) {}
  uint64_t size() const override { return n_; }
  const std::string& name() const override { return name_; }
  Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const override {
    if (offset > n_ || n > n_ - offset) {
      return CorruptError("truncated: needs bytes up to offset " + std::to_string(offset + n) +
                          " but the data has " + std::to_string(n_));
    }
    if (n) std::memcpy(out, d_ + offset, n);
    return Status::Ok();
  }

 private:
  const uint8_t* d_;
  size_t n_;
  std::string name_;
};

}  // namespace

StatusOr<std::vector<uint8_t>> ByteSource::Read(uint64_t offset, uint64_t n,
                                                uint64_t max_alloc) const {
  if (n > max_alloc) {
    return ResourceExhaustedError("declared length " + std::to_string(n) +
                                  " exceeds the limit of " + std::to_string(max_alloc));
  }
  if (offset > size() || n > size() - offset) {
    return CorruptError("truncated: declared length " + std::to_string(n) + " at offset " +
                        std::to_string(offset) + " passes the end (" + std::to_string(size()) + ")");
  }
  std::vector<uint8_t> v(static_cast<size_t>(n));
  AIGCMARK_RETURN_IF_ERROR(ReadAt(offset, v.size(), v.data()));
  return v;
}

StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFoundError(path + ": no such file");
    return IoError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(path + ": not a regular file");
  }
  return std::unique_ptr<ByteSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size), path));
}

std::unique_ptr<ByteSource> MemorySource(const uint8_t* data, size_t size, std::string name) {
  return std::make_unique<MemSource>(data, size, std::move(name));
}

}  // namespace aigcmark
