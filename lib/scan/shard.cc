// Stable hash-based sharding of reported paths.
#include <charconv>

#include "aigcmark/scan.h"
#include "scan/sha256.h"

namespace aigcmark {

StatusOr<ShardSpec> ParseShardSpec(const std::string& text) {
  size_t slash = text.find('/');
  auto bad = [&] {
    return InvalidArgumentError("--shard '" + text + "': expected I/N with 1 <= I <= N, e.g. 2/8");
  };
  if (slash == std::string::npos) return bad();
  ShardSpec s;
  const char* b = text.data();
  auto r1 = std::from_chars(b, b + slash, s.index);
  auto r2 = std::from_chars(b + slash + 1, b + text.size(), s.count);
  if (r1.ec != std::errc() || r1.ptr != b + slash || r2.ec != std::errc() ||
      r2.ptr != b + text.size() || s.count == 0 || s.index == 0 || s.index > s.count) {
    return bad();
  }
  return s;
}

uint32_t ShardOfPath(const std::string& reported_path, uint32_t count) {
  if (count <= 1) return 1;
  Sha256Digest d =
      Sha256(reinterpret_cast<const uint8_t*>(reported_path.data()), reported_path.size());
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | d[i];
  return static_cast<uint32_t>(h % count) + 1;
}

}  // namespace aigcmark
