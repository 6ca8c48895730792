// Runs every carrier of a container and merges their findings into one MetadataReport.
#include <algorithm>

#include "aigcmark/metadata.h"
#include "metadata/carriers.h"
#include "metadata/metadata_reader.h"

namespace aigcmark {
namespace {

std::string Describe(const AigcLabel& l) { return LabelToJson(l); }

MetadataReport Merge(RawMetadata raw) {
  MetadataReport r;
  r.digital_source_type = std::move(raw.digital_source_type);
  r.c2pa = raw.c2pa;
  r.problems = std::move(raw.problems);
  r.broken_label = raw.label_damaged;
  std::string first_carrier;
  for (const CarrierFinding& f : raw.labels) {
    auto parsed = ParseLabelJson(f.json);
    if (!parsed.ok()) {
      r.problems.push_back(f.carrier + ": unreadable label: " + parsed.status().message());
      r.broken_label = true;
      continue;
    }
    if (std::find(r.carriers.begin(), r.carriers.end(), f.carrier) == r.carriers.end()) {
      r.carriers.push_back(f.carrier);
    } else {
      r.problems.push_back(f.carrier + ": more than one label in this carrier");
      r.broken_label = true;
    }
    if (!r.aigc) {
      r.aigc = parsed->label;
      first_carrier = f.carrier;
      if (!parsed->problems.empty()) r.broken_label = true;
      for (auto& p : parsed->problems) r.problems.push_back(std::move(p));
    } else if (!(parsed->label == *r.aigc)) {
      r.problems.push_back("labels disagree: " + first_carrier + " has " + Describe(*r.aigc) +
                           ", " + f.carrier + " has " + Describe(parsed->label));
      r.broken_label = true;
    }
  }
  return r;
}

}  // namespace

StatusOr<MetadataReport> ReadMetadataFromSource(const ByteSource& src) {
  if (src.size() == 0) return CorruptError(src.name() + ": empty file");
  uint8_t head[kSniffBytes] = {};
  size_t n = static_cast<size_t>(std::min<uint64_t>(src.size(), kSniffBytes));
  AIGCMARK_RETURN_IF_ERROR(src.ReadAt(0, n, head).WithContext(src.name()));
  MediaFormat format = SniffFormat(head, n);
  RawMetadata raw;
  Status s;
  if (format == MediaFormat::kJpeg || format == MediaFormat::kPng || format == MediaFormat::kWebp ||
      format == MediaFormat::kTiff) {
    s = ReadImageCarriers(src, format, &raw);
  } else if (IsIsoBmff(format)) {
    s = ReadBmffCarriers(src, &raw);
  } else if (format == MediaFormat::kMatroska || format == MediaFormat::kWebm ||
             format == MediaFormat::kAvi) {
    s = ReadAvTagCarriers(src, format, &raw);
  } else if (format == MediaFormat::kGif || format == MediaFormat::kBmp) {
    return Merge(std::move(raw));  // formats without label carriers: nothing to find
  } else {
    return UnsupportedError(src.name() +
                            ": unknown or unsupported format (expected JPEG, PNG, WebP, TIFF, "
                            "MP4, MOV, MKV, WebM or AVI)");
  }
  if (!s.ok()) return s.WithContext(src.name());
  return Merge(std::move(raw));
}

StatusOr<MetadataReport> ReadMetadata(const std::string& path) {
  auto src = OpenFileSource(path);
  if (!src.ok()) return src.status();
  return ReadMetadataFromSource(**src);
}

StatusOr<MetadataReport> ReadMetadataFromMemory(const std::vector<uint8_t>& bytes,
                                                const std::string& name) {
  auto src = MemorySource(bytes.data(), bytes.size(), name);
  return ReadMetadataFromSource(*src);
}

}  // namespace aigcmark
