// Streams the members of a zip or tar (plain, gzip, xz, zstd, bzip2) archive through libarchive:
// nothing is unpacked to disk, each member is read into memory up to a size limit.
#ifndef AIGCMARK_SCAN_ARCHIVE_READER_H_
#define AIGCMARK_SCAN_ARCHIVE_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "aigcmark/status.h"

struct archive;

namespace aigcmark {

class ArchiveReader {
 public:
  ArchiveReader() = default;
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  /// Opens the archive file; errors name it.
  Status Open(const std::string& path);
  /// Reads an archive held in memory the caller keeps alive (fuzzing, nested data).
  Status OpenMemory(const uint8_t* data, size_t size, const std::string& name);

  /// Advances to the next regular-file member; false at the end or after a fatal error (then
  /// `status()` tells which). Directories, links and other special entries are passed over.
  bool Next();
  /// The current member's path inside the archive (no leading "./" or "/").
  const std::string& member() const { return member_; }
  /// The size the header declares, if it declares one.
  bool size_known() const { return size_known_; }
  uint64_t declared_size() const { return declared_size_; }

  /// Reads the current member into `out`. A member larger than `max_bytes` (declared or
  /// actual) is not kept: kResourceExhausted. A damaged member is kCorrupt; if the damage also
  /// ends the archive, Next() then returns false with status() set.
  Status ReadMember(uint64_t max_bytes, std::vector<uint8_t>* out);
  /// Skips the current member's data.
  void SkipMember();

  /// Why iteration stopped early; ok at a clean end.
  const Status& status() const { return status_; }
  /// Compressed bytes consumed so far (for progress).
  uint64_t bytes_consumed() const;

 private:
  // Allocates the reader and enables the zip/tar formats and compression filters we accept.
  Status Prepare(const std::string& name);
  Status CheckOpened(int result);

  std::string path_;
  struct archive* a_ = nullptr;
  std::string member_;
  bool size_known_ = false;
  uint64_t declared_size_ = 0;
  bool fatal_ = false;
  Status status_;
};

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_ARCHIVE_READER_H_
