// Status and StatusOr: how every aigcmark API reports failure (no exceptions cross the API).
#ifndef AIGCMARK_STATUS_H_
#define AIGCMARK_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace aigcmark {

/// Broad class of a failure; the message carries the details (file name, offset, reason).
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     ///< The caller passed something unusable (bad option, bad label).
  kNotFound,            ///< A file, font, key or label that was required does not exist.
  kIoError,             ///< Reading or writing the file system failed.
  kCorrupt,             ///< Input bytes are malformed, truncated or inconsistent.
  kUnsupported,         ///< Valid input that aigcmark does not handle (format, codec).
  kResourceExhausted,   ///< A limit was hit (pixel count, box size, memory).
  kFailedPrecondition,  ///< A check after an operation failed (e.g. read-back mismatch).
  kInternal,            ///< A bug or an unexpected library failure.
};

/// Returns a short lowercase name for a code, e.g. "corrupt".
const char* StatusCodeName(StatusCode code);

/// The result of an operation: ok, or a code plus a human-readable message.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  /// "ok" or "<code>: <message>".
  std::string ToString() const;
  /// Returns a copy whose message is prefixed with `context + ": "` (used to name the file).
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgumentError(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status CorruptError(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
inline Status UnsupportedError(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
inline Status ResourceExhaustedError(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
inline Status FailedPreconditionError(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

/// Either a value of type T or a non-ok Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : v_(status) {  // NOLINT: implicit by design
    if (status.ok()) v_ = Status(StatusCode::kInternal, "StatusOr built from an ok Status");
  }
  StatusOr(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace aigcmark

#define AIGCMARK_CONCAT_INNER_(a, b) a##b
#define AIGCMARK_CONCAT_(a, b) AIGCMARK_CONCAT_INNER_(a, b)

/// Returns from the current function if `expr` yields a non-ok Status.
#define AIGCMARK_RETURN_IF_ERROR(expr)               \
  do {                                               \
    ::aigcmark::Status aigcmark_status_ = (expr);    \
    if (!aigcmark_status_.ok()) return aigcmark_status_; \
  } while (0)

/// `AIGCMARK_ASSIGN_OR_RETURN(auto x, F());` declares x from F()'s value or returns its Status.
#define AIGCMARK_ASSIGN_OR_RETURN(lhs, expr) \
  AIGCMARK_ASSIGN_OR_RETURN_IMPL_(AIGCMARK_CONCAT_(aigcmark_so_, __LINE__), lhs, expr)
#define AIGCMARK_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return tmp.status();                   \
  lhs = std::move(tmp).value()

#endif  // AIGCMARK_STATUS_H_
