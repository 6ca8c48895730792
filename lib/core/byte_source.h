// Random-access bytes from a file (pread, nothing slurped) or from memory, so container parsers
// read only the boxes/segments they need and can be fuzzed on memory.
#ifndef AIGCMARK_CORE_BYTE_SOURCE_H_
#define AIGCMARK_CORE_BYTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aigcmark/status.h"

namespace aigcmark {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  /// Reads exactly n bytes at offset; kCorrupt ("truncated") if the range passes the end.
  virtual Status ReadAt(uint64_t offset, size_t n, uint8_t* out) const = 0;
  /// Name used in error messages (the file path).
  virtual const std::string& name() const = 0;

  /// Bounded convenience read: fails before allocating if n exceeds `max_alloc`.
  StatusOr<std::vector<uint8_t>> Read(uint64_t offset, uint64_t n, uint64_t max_alloc) const;
};

/// Opens a regular file for random access.
StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);
/// Wraps memory the caller keeps alive.
std::unique_ptr<ByteSource> MemorySource(const uint8_t* data, size_t size, std::string name);

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_BYTE_SOURCE_H_
