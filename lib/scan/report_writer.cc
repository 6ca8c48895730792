// JSONL/CSV report files: atomic (temp + rename) for a new report, append for --resume.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "aigcmark/scan.h"
#include "core/file_io.h"

namespace aigcmark {
namespace {

constexpr size_t kFlushBytes = 64 << 10;
constexpr auto kFlushInterval = std::chrono::seconds(1);

}  // namespace

struct ReportWriter::State {
  ReportFormat format = ReportFormat::kJsonl;
  int fd = -1;
  bool owns_fd = false;
  std::string path;       // "" for stdout
  std::string temp_path;  // set for Create(path)
  std::string buffer;
  std::chrono::steady_clock::time_point last_flush = std::chrono::steady_clock::now();
  bool finished = false;

  std::string Name() const { return path.empty() ? std::string("<stdout>") : path; }

  Status Flush() {
    size_t done = 0;
    while (done < buffer.size()) {
      ssize_t w = ::write(fd, buffer.data() + done, buffer.size() - done);
      if (w < 0) {
        if (errno == EINTR) continue;
        return IoError(Name() + ": cannot write report: " + std::strerror(errno));
      }
      done += static_cast<size_t>(w);
    }
    buffer.clear();
    last_flush = std::chrono::steady_clock::now();
    return Status::Ok();
  }
};

ReportWriter::ReportWriter(std::unique_ptr<State> state) : state_(std::move(state)) {}

ReportWriter::~ReportWriter() {
  if (!state_ || state_->finished) return;
  if (!state_->temp_path.empty()) {
    ::close(state_->fd);
    RemoveQuietly(state_->temp_path);  // an unfinished new report never appears
  } else {
    (void)state_->Flush();  // appended/streamed records stay useful for a later --resume
    if (state_->owns_fd) ::close(state_->fd);
  }
}

StatusOr<std::unique_ptr<ReportWriter>> ReportWriter::Create(const std::string& path,
                                                             ReportFormat format) {
  auto st = std::make_unique<State>();
  st->format = format;
  if (path.empty() || path == "-") {
    st->fd = STDOUT_FILENO;
  } else {
    st->path = path;
    st->temp_path = TempPathFor(path);
    st->fd = ::open(st->temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (st->fd < 0) {
      return IoError(path + ": cannot create report: " + std::strerror(errno));
    }
    st->owns_fd = true;
  }
  if (format == ReportFormat::kCsv) st->buffer = ScanCsvHeader() + "\n";
  return std::unique_ptr<ReportWriter>(new ReportWriter(std::move(st)));
}

StatusOr<std::unique_ptr<ReportWriter>> ReportWriter::Append(const std::string& path,
                                                             ReportFormat format,
                                                             ExistingReport* existing) {
  if (path.empty() || path == "-") {
    return InvalidArgumentError("resuming needs a report file (-o), not stdout");
  }
  auto ex = ReadExistingReport(path, format);
  if (!ex.ok()) return ex.status();
  auto st = std::make_unique<State>();
  st->format = format;
  st->path = path;
  st->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (st->fd < 0) return IoError(path + ": cannot open report: " + std::strerror(errno));
  st->owns_fd = true;
  // Drop a torn last record left by a crash, so the next record starts on a fresh line.
  if (::ftruncate(st->fd, static_cast<off_t>(ex->complete_bytes)) != 0 ||
      ::lseek(st->fd, 0, SEEK_END) < 0) {
    std::string err = std::strerror(errno);
    ::close(st->fd);
    return IoError(path + ": cannot prepare report for appending: " + err);
  }
  if (format == ReportFormat::kCsv && ex->complete_bytes == 0) st->buffer = ScanCsvHeader() + "\n";
  *existing = std::move(ex).value();
  return std::unique_ptr<ReportWriter>(new ReportWriter(std::move(st)));
}

Status ReportWriter::Write(const ScanRecord& record) {
  State& s = *state_;
  s.buffer += s.format == ReportFormat::kJsonl ? ScanRecordToJson(record) : ScanRecordToCsv(record);
  s.buffer += '\n';
  if (s.buffer.size() >= kFlushBytes ||
      std::chrono::steady_clock::now() - s.last_flush >= kFlushInterval) {
    return s.Flush();
  }
  return Status::Ok();
}

Status ReportWriter::Finish() {
  State& s = *state_;
  if (s.finished) return FailedPreconditionError(s.Name() + ": report already finished");
  Status flushed = s.Flush();
  if (!flushed.ok()) return flushed;
  s.finished = true;
  if (!s.owns_fd) return Status::Ok();
  int synced = ::fsync(s.fd);
  int sync_errno = errno;
  int closed = ::close(s.fd);
  if (synced != 0 || closed != 0) {
    std::string err = std::strerror(synced != 0 ? sync_errno : errno);
    if (!s.temp_path.empty()) RemoveQuietly(s.temp_path);
    return IoError(s.Name() + ": cannot save report: " + err);
  }
  if (!s.temp_path.empty()) return CommitTempFile(s.temp_path, s.path);
  return Status::Ok();
}

const std::string& ReportWriter::temp_path() const { return state_->temp_path; }
const std::string& ReportWriter::path() const { return state_->path; }

}  // namespace aigcmark
