#include "scan/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>

namespace aigcmark {
namespace {

constexpr size_t kBlockBytes = 1 << 16;
// A header's size claim is not trusted for more than this up-front reservation.
constexpr uint64_t kMaxReserveBytes = 64ull << 20;

std::string ArchiveError(struct archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

// Drops "./" and "/" prefixes so members read the same however the archive was made.
std::string CleanMemberPath(std::string p) {
  while (true) {
    if (p.rfind("./", 0) == 0) {
      p.erase(0, 2);
    } else if (!p.empty() && p[0] == '/') {
      p.erase(0, 1);
    } else {
      return p;
    }
  }
}

}  // namespace

ArchiveReader::~ArchiveReader() {
  if (a_) archive_read_free(a_);
}

Status ArchiveReader::Prepare(const std::string& name) {
  path_ = name;
  a_ = archive_read_new();
  if (a_ == nullptr) return InternalError(name + ": cannot allocate an archive reader");
  archive_read_support_filter_gzip(a_);
  archive_read_support_filter_xz(a_);
  archive_read_support_filter_zstd(a_);
  archive_read_support_filter_bzip2(a_);
  archive_read_support_format_zip(a_);
  archive_read_support_format_tar(a_);
  archive_read_support_format_gnutar(a_);
  return Status::Ok();
}

Status ArchiveReader::CheckOpened(int result) {
  if (result == ARCHIVE_OK) return Status::Ok();
  fatal_ = true;
  status_ = CorruptError(path_ + ": cannot open archive: " + ArchiveError(a_));
  return status_;
}

Status ArchiveReader::Open(const std::string& path) {
  AIGCMARK_RETURN_IF_ERROR(Prepare(path));
  return CheckOpened(archive_read_open_filename(a_, path.c_str(), kBlockBytes));
}

Status ArchiveReader::OpenMemory(const uint8_t* data, size_t size, const std::string& name) {
  AIGCMARK_RETURN_IF_ERROR(Prepare(name));
  return CheckOpened(archive_read_open_memory(a_, data, size));
}

bool ArchiveReader::Next() {
  if (fatal_ || a_ == nullptr) return false;
  while (true) {
    struct archive_entry* e = nullptr;
    int r = archive_read_next_header(a_, &e);
    if (r == ARCHIVE_EOF) return false;
    if (r == ARCHIVE_FATAL || e == nullptr) {
      fatal_ = true;
      status_ = CorruptError(path_ + ": damaged archive: " + ArchiveError(a_));
      return false;
    }
    // ARCHIVE_WARN / ARCHIVE_RETRY headers are still usable; the member read reports damage.
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    const char* name = archive_entry_pathname_utf8(e);
    if (name == nullptr) name = archive_entry_pathname(e);
    member_ = CleanMemberPath(name ? name : "");
    if (member_.empty()) continue;
    size_known_ = archive_entry_size_is_set(e) != 0;
    declared_size_ = size_known_ ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
    return true;
  }
}

Status ArchiveReader::ReadMember(uint64_t max_bytes, std::vector<uint8_t>* out) {
  out->clear();
  auto too_big = [&] {
    return ResourceExhaustedError("archive member is larger than the limit of " +
                                  std::to_string(max_bytes) + " bytes");
  };
  if (size_known_ && declared_size_ > max_bytes) {
    SkipMember();
    return too_big();
  }
  if (size_known_) out->reserve(static_cast<size_t>(std::min(declared_size_, kMaxReserveBytes)));
  uint8_t block[kBlockBytes];
  while (true) {
    la_ssize_t n = archive_read_data(a_, block, sizeof(block));
    if (n == 0) return Status::Ok();
    if (n < 0) {  // ARCHIVE_WARN here means damaged data (e.g. a bad CRC): the member fails
      std::string err = ArchiveError(a_);
      if (n == ARCHIVE_FATAL) {
        fatal_ = true;
        status_ = CorruptError(path_ + ": damaged archive: " + err);
      }
      out->clear();
      return CorruptError("cannot read archive member: " + err);
    }
    if (out->size() + static_cast<size_t>(n) > max_bytes) {
      out->clear();
      out->shrink_to_fit();
      SkipMember();
      return too_big();
    }
    out->insert(out->end(), block, block + n);
  }
}

void ArchiveReader::SkipMember() {
  if (fatal_) return;
  if (archive_read_data_skip(a_) == ARCHIVE_FATAL) {
    fatal_ = true;
    status_ = CorruptError(path_ + ": damaged archive: " + ArchiveError(a_));
  }
}

uint64_t ArchiveReader::bytes_consumed() const {
  if (a_ == nullptr) return 0;
  la_int64_t n = archive_filter_bytes(a_, -1);
  return n > 0 ? static_cast<uint64_t>(n) : 0;
}

}  // namespace aigcmark
