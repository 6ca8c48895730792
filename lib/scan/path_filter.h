// Which reported paths a scan takes: include/exclude globs, the shard, and the resume skip set.
#ifndef AIGCMARK_SCAN_PATH_FILTER_H_
#define AIGCMARK_SCAN_PATH_FILTER_H_

#include <string>
#include <unordered_set>
#include <vector>

#include "aigcmark/scan.h"

namespace aigcmark {

class PathFilter {
 public:
  explicit PathFilter(const ScanOptions& options);

  /// Some exclude glob matches the file name or the whole path.
  bool Excluded(const std::string& path) const;
  /// A walked file or archive member passes the globs (included and not excluded).
  bool Selected(const std::string& path) const;
  /// The path belongs to this scan's shard.
  bool InShard(const std::string& path) const;
  /// An earlier run already reported the path (resume).
  bool AlreadyReported(const std::string& path) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
  ShardSpec shard_;
  const std::unordered_set<std::string>* skip_;
};

/// The part after the last '/' ("a.jpg" for "x.zip!/d/a.jpg").
std::string BaseName(const std::string& path);

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_PATH_FILTER_H_
