// Writes the canonical carrier for each container, verifies by reading back, renames atomically.
#include "aigcmark/metadata.h"
#include "core/file_io.h"
#include "core/limits.h"
#include "metadata/carriers.h"
#include "metadata/label_for_write.h"

namespace aigcmark {
namespace {

std::string JoinProblems(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& p : v) s += (s.empty() ? "" : "; ") + p;
  return s;
}

// The read-back check: the label we meant to write must be what a reader now finds.
Status CheckLanded(const StatusOr<MetadataReport>& back, const AigcLabel& label,
                   const std::string& out) {
  if (!back.ok()) return FailedPreconditionError(out + ": written file cannot be read back: " +
                                                 back.status().message());
  if (!back->aigc || !(*back->aigc == label)) {
    return FailedPreconditionError(out + ": the label did not land (read back " +
                                   (back->aigc ? LabelToJson(*back->aigc) : "nothing") + ")");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<AigcLabel> LabelForWrite(const std::string& in, const LabelUpdate& update,
                                  const std::optional<std::string>& digital_source_type) {
  auto existing = ReadMetadata(in);
  if (!existing.ok()) return existing.status();
  AigcLabel label = ApplyLabelUpdate(existing->aigc, update);
  std::vector<std::string> problems = ValidateLabel(label);
  if (!problems.empty()) {
    return InvalidArgumentError("refusing to write a label that breaks GB 45438 Annex E: " +
                                JoinProblems(problems));
  }
  if (digital_source_type && digital_source_type->rfind("http", 0) != 0) {
    return InvalidArgumentError("digital source type must be a full IPTC URI, e.g. " +
                                std::string(kTrainedAlgorithmicMedia));
  }
  return label;
}

StatusOr<AigcLabel> WriteMetadata(const std::string& in, const std::string& out,
                                  const MetadataWriteOptions& options) {
  AIGCMARK_ASSIGN_OR_RETURN(AigcLabel label,
                            LabelForWrite(in, options.update, options.digital_source_type));
  auto head = ReadFilePrefix(in, kSniffBytes);
  if (!head.ok()) return head.status();
  MediaFormat format = SniffFormat(head->data(), head->size());

  if (format == MediaFormat::kJpeg || format == MediaFormat::kPng || format == MediaFormat::kWebp ||
      format == MediaFormat::kTiff) {
    auto bytes = ReadFileBytes(in, kMaxInMemoryFileBytes);
    if (!bytes.ok()) return bytes.status();
    auto written = WriteImageLabel(*bytes, format, label, options.digital_source_type);
    if (!written.ok()) return written.status().WithContext(in);
    if (options.verify) {
      AIGCMARK_RETURN_IF_ERROR(CheckLanded(ReadMetadataFromMemory(*written, out), label, out));
    }
    AIGCMARK_RETURN_IF_ERROR(WriteFileAtomic(out, *written));
    return label;
  }
  if (IsIsoBmff(format)) {
    TempFileGuard tmp(TempPathFor(out));
    AIGCMARK_RETURN_IF_ERROR(
        WriteBmffLabel(in, tmp.path(), format, label, options.digital_source_type).WithContext(in));
    if (options.verify) AIGCMARK_RETURN_IF_ERROR(CheckLanded(ReadMetadata(tmp.path()), label, out));
    AIGCMARK_RETURN_IF_ERROR(CommitTempFile(tmp.path(), out));
    tmp.Release();
    return label;
  }
  const char* name = FormatName(format);
  return UnsupportedError(in + ": cannot write labels into " +
                          (name[0] ? std::string(name) + " files" : std::string("this format")) +
                          " (supported: JPEG, PNG, WebP, TIFF, MP4, MOV)");
}

}  // namespace aigcmark
