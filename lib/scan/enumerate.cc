#include "scan/enumerate.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

namespace aigcmark {
namespace {

// Real trees are far shallower; the cap keeps a pathological tree from exhausting the stack.
constexpr int kMaxDepth = 256;

using DevIno = std::pair<dev_t, ino_t>;

DevIno IdOf(const struct stat& st) { return {st.st_dev, st.st_ino}; }

const char* FileTypeName(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

class Walker {
 public:
  Walker(const PathFilter& filter, const std::vector<std::string>& ignore_files) : filter_(filter) {
    for (const auto& f : ignore_files) {
      struct stat st {};
      if (!f.empty() && ::stat(f.c_str(), &st) == 0) ignored_.insert(IdOf(st));
    }
  }

  void AddRoot(std::string root) {
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {
      AddError(root, StatError(root, errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!visited_.insert(IdOf(st)).second) return;
      ancestors_.push_back({IdOf(st), root});
      Walk(root, 0);
      ancestors_.pop_back();
    } else if (S_ISREG(st.st_mode)) {
      if (ignored_.count(IdOf(st))) return;
      AddRegular(root, st);
    } else {
      AddError(root, FileTypeName(st.st_mode));
    }
  }

  Enumeration Finish() {
    std::sort(out_.items.begin(), out_.items.end(),
              [](const InputItem& a, const InputItem& b) { return a.path < b.path; });
    out_.items.erase(
        std::unique(out_.items.begin(), out_.items.end(),
                    [](const InputItem& a, const InputItem& b) { return a.path == b.path; }),
        out_.items.end());
    out_.total_bytes = 0;
    for (const auto& it : out_.items) out_.total_bytes += it.size;
    return std::move(out_);
  }

 private:
  struct Entry {
    std::string name;
    struct stat st {};
    int err = 0;  // errno of the following stat, 0 if it worked
    bool is_link = false;
  };

  // Describes why stat() failed, telling dangling links and link loops apart.
  static std::string StatError(const std::string& path, int err) {
    struct stat lst {};
    if (err == ELOOP) return "symbolic link loop (too many levels of symbolic links)";
    if (::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode)) {
      return "broken symbolic link (" + std::string(std::strerror(err)) + ")";
    }
    return std::string("cannot stat: ") + std::strerror(err);
  }

  void Walk(const std::string& dir, int depth) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      AddError(dir, std::string("cannot open directory: ") + std::strerror(errno));
      return;
    }
    DIR* d = ::fdopendir(fd);
    if (d == nullptr) {
      ::close(fd);
      AddError(dir, std::string("cannot read directory: ") + std::strerror(errno));
      return;
    }
    // Read and stat the whole directory, then close it: one directory handle open at a time.
    std::vector<Entry> entries;
    while (struct dirent* de = ::readdir(d)) {
      if (std::strcmp(de->d_name, ".") == 0 || std::strcmp(de->d_name, "..") == 0) continue;
      Entry e;
      e.name = de->d_name;
      if (::fstatat(fd, de->d_name, &e.st, 0) != 0) {
        e.err = errno;
        struct stat lst {};
        e.is_link =
            ::fstatat(fd, de->d_name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode);
      }
      entries.push_back(std::move(e));
    }
    ::closedir(d);
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    for (const Entry& e : entries) {
      std::string child = JoinPath(dir, e.name);
      if (e.err != 0) {
        if (!filter_.Selected(child)) continue;
        if (e.err == ELOOP) {
          AddError(child, "symbolic link loop (too many levels of symbolic links)");
        } else if (e.is_link) {
          AddError(child, "broken symbolic link (" + std::string(std::strerror(e.err)) + ")");
        } else {
          AddError(child, std::string("cannot stat: ") + std::strerror(e.err));
        }
      } else if (S_ISDIR(e.st.st_mode)) {
        if (filter_.Excluded(child)) continue;
        DevIno id = IdOf(e.st);
        auto loop = std::find_if(ancestors_.begin(), ancestors_.end(),
                                 [&](const auto& a) { return a.first == id; });
        if (loop != ancestors_.end()) {
          AddError(child, "symbolic link loop: leads back to " + loop->second);
          continue;
        }
        if (!visited_.insert(id).second) continue;  // reached before through another link
        if (depth + 1 > kMaxDepth) {
          AddError(child, "directory nesting deeper than " + std::to_string(kMaxDepth));
          continue;
        }
        ancestors_.push_back({id, child});
        Walk(child, depth + 1);
        ancestors_.pop_back();
      } else if (S_ISREG(e.st.st_mode)) {
        if (ignored_.count(IdOf(e.st))) continue;
        if (IsArchiveName(child) ? filter_.Excluded(child) : !filter_.Selected(child)) continue;
        AddRegular(child, e.st);
      } else if (filter_.Selected(child)) {
        AddError(child, FileTypeName(e.st.st_mode));
      }
    }
  }

  void AddRegular(const std::string& path, const struct stat& st) {
    InputItem item;
    item.path = path;
    item.size = static_cast<uint64_t>(st.st_size);
    if (IsArchiveName(path)) {
      if (filter_.AlreadyReported(path)) {
        ++out_.skipped;
        return;
      }
      item.kind = InputItem::Kind::kArchive;
      out_.items.push_back(std::move(item));
      return;
    }
    if (!Wanted(path)) return;
    item.kind = InputItem::Kind::kFile;
    out_.items.push_back(std::move(item));
  }

  void AddError(const std::string& path, std::string error) {
    if (!Wanted(path)) return;
    InputItem item;
    item.kind = InputItem::Kind::kError;
    item.path = path;
    item.error = std::move(error);
    out_.items.push_back(std::move(item));
  }

  bool Wanted(const std::string& path) {
    if (!filter_.InShard(path)) return false;
    if (filter_.AlreadyReported(path)) {
      ++out_.skipped;
      return false;
    }
    return true;
  }

  const PathFilter& filter_;
  std::set<DevIno> ignored_;
  std::set<DevIno> visited_;
  std::vector<std::pair<DevIno, std::string>> ancestors_;
  Enumeration out_;
};

}  // namespace

Enumeration EnumerateInputs(const std::vector<std::string>& roots, const PathFilter& filter,
                            const std::vector<std::string>& ignore_files) {
  Walker w(filter, ignore_files);
  for (const auto& r : roots) w.AddRoot(r);
  return w.Finish();
}

}  // namespace aigcmark
