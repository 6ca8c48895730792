// One record per input: read once, hash, run the one detection engine on the same bytes.
#ifndef AIGCMARK_SCAN_CHECK_ITEM_H_
#define AIGCMARK_SCAN_CHECK_ITEM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aigcmark/scan.h"

namespace aigcmark {

/// Files up to this size are read once into memory (hash and detect on the same bytes);
/// larger ones (videos) are hashed as a stream and detected from the path.
inline constexpr uint64_t kMaxInMemoryScanBytes = 64ull << 20;

/// Checks a file on disk.
ScanRecord CheckFile(const std::string& path, const DetectOptions& options);
/// Checks an archive member already read into memory.
ScanRecord CheckMember(const std::string& reported_path, const std::vector<uint8_t>& bytes,
                       const DetectOptions& options);
/// A record for an input that could not be checked at all.
ScanRecord ErrorRecord(const std::string& reported_path, const std::string& message,
                       std::optional<uint64_t> size = std::nullopt);

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_CHECK_ITEM_H_
