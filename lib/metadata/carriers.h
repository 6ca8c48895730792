// The internal contract between the metadata reader/writer and each carrier family.
// Each carrier file implements one family; metadata_reader.cc merges their findings.
#ifndef AIGCMARK_METADATA_CARRIERS_H_
#define AIGCMARK_METADATA_CARRIERS_H_

#include <optional>
#include <string>
#include <vector>

#include "aigcmark/label.h"
#include "aigcmark/status.h"
#include "core/byte_source.h"
#include "core/format.h"

namespace aigcmark {

/// One label text found in one carrier (raw JSON, parsed and validated by the merger).
struct CarrierFinding {
  std::string carrier;  ///< One of the kCarrier* names in aigcmark/metadata.h.
  std::string json;     ///< The label JSON as stored (bare object or {"AIGC":...}).
};

/// Everything the carriers of one file yielded, before merging.
struct RawMetadata {
  std::vector<CarrierFinding> labels;
  std::optional<std::string> digital_source_type;
  bool c2pa = false;
  /// Carrier-level problems that do not stop reading (e.g. "XMP packet is not well-formed").
  std::vector<std::string> problems;
  /// Set by a carrier that saw label-bearing data it could not read (e.g. a malformed XMP packet
  /// that mentions the TC260 namespace), so the verdict is "broken label", not "unlabeled".
  bool label_damaged = false;
};

// --- image carriers (JPEG, PNG, WebP, TIFF): image_carriers.cc --------------------------------
/// Reads XMP TC260:AIGC (element and attribute forms), EXIF UserComment, PNG text chunks,
/// IPTC DigitalSourceType and C2PA presence. Returns non-ok only when the file itself is
/// unreadable (corrupt/truncated structure); messages do not repeat the file name.
Status ReadImageCarriers(const ByteSource& src, MediaFormat format, RawMetadata* out);

/// Returns the image file bytes with XMP TC260:AIGC = LabelToJson(label) merged into existing
/// XMP (and Iptc4xmpExt:DigitalSourceType if given). Pixel data stays byte-identical.
StatusOr<std::vector<uint8_t>> WriteImageLabel(const std::vector<uint8_t>& in, MediaFormat format,
                                               const AigcLabel& label,
                                               const std::optional<std::string>& dst);

// --- ISOBMFF (MP4/MOV) and other video containers: bmff_carriers.cc, av_tags.cc --------------
/// Reads moov/udta/meta mdta key AIGC, the XMP uuid box, and C2PA uuid presence.
Status ReadBmffCarriers(const ByteSource& src, RawMetadata* out);
/// Reads container tags (Matroska/WebM/AVI) named AIGC through libavformat.
Status ReadAvTagCarriers(const ByteSource& src, MediaFormat format, RawMetadata* out);

/// Writes `out_path` (a temp path the caller renames) from `in_path` with the mdta key AIGC set
/// (and the digital source type where the container allows), copying every stream unchanged.
Status WriteBmffLabel(const std::string& in_path, const std::string& out_path, MediaFormat format,
                      const AigcLabel& label, const std::optional<std::string>& dst);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_CARRIERS_H_
