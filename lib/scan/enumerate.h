// Input enumeration: files, recursive folders (following symlinks, loops detected by the device
// and inode of the directories on the current path) and archives, filtered and sorted.
#ifndef AIGCMARK_SCAN_ENUMERATE_H_
#define AIGCMARK_SCAN_ENUMERATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scan/path_filter.h"

namespace aigcmark {

struct InputItem {
  enum class Kind { kFile, kArchive, kError };
  Kind kind = Kind::kFile;
  std::string path;   ///< Reported path.
  uint64_t size = 0;  ///< From stat (files and archives).
  std::string error;  ///< kError: what went wrong (without the path).
};

struct Enumeration {
  std::vector<InputItem> items;  ///< Sorted by path, unique.
  uint64_t skipped = 0;          ///< Dropped because an earlier run reported them.
  uint64_t total_bytes = 0;      ///< Sum of the item sizes (for progress).
};

/// Walks every root. Files outside the shard are dropped here; archives are kept whole (their
/// members are filtered while reading). A directory reached twice is walked once.
Enumeration EnumerateInputs(const std::vector<std::string>& roots, const PathFilter& filter,
                            const std::vector<std::string>& ignore_files);

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_ENUMERATE_H_
