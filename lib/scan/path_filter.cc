#include "scan/path_filter.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>

namespace aigcmark {
namespace {

bool MatchesAny(const std::vector<std::string>& globs, const std::string& path) {
  if (globs.empty()) return false;
  std::string base = BaseName(path);
  for (const auto& g : globs) {
    if (::fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
    if (::fnmatch(g.c_str(), path.c_str(), 0) == 0) return true;
  }
  return false;
}

bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  return s.size() > n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool IsArchiveName(const std::string& path) {
  std::string lower = BaseName(path);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* ext : {".zip", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tzst",
                          ".tar.bz2", ".tbz2"}) {
    if (EndsWith(lower, ext)) return true;
  }
  return false;
}

PathFilter::PathFilter(const ScanOptions& options)
    : include_(options.include),
      exclude_(options.exclude),
      shard_(options.shard),
      skip_(options.skip) {}

bool PathFilter::Excluded(const std::string& path) const { return MatchesAny(exclude_, path); }

bool PathFilter::Selected(const std::string& path) const {
  if (!include_.empty() && !MatchesAny(include_, path)) return false;
  return !Excluded(path);
}

bool PathFilter::InShard(const std::string& path) const {
  return shard_.count <= 1 || ShardOfPath(path, shard_.count) == shard_.index;
}

bool PathFilter::AlreadyReported(const std::string& path) const {
  return skip_ != nullptr && skip_->count(path) > 0;
}

}  // namespace aigcmark
