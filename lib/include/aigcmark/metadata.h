// Implicit metadata labels: read every carrier, write the canonical one for each container.
#ifndef AIGCMARK_METADATA_H_
#define AIGCMARK_METADATA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aigcmark/label.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// XMP namespace of the TC260 AIGC property (GB 45438-2025 Annex E).
inline constexpr const char* kTc260Namespace = "http://www.tc260.org.cn/ns/AIGC/1.0/";
/// IPTC digital source type for media made by a trained model.
inline constexpr const char* kTrainedAlgorithmicMedia =
    "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

/// Carrier names as they appear in reports and JSON.
inline constexpr const char* kCarrierXmp = "xmp";                     // JPEG/PNG/WebP/TIFF XMP
inline constexpr const char* kCarrierExifUserComment = "exif-usercomment";
inline constexpr const char* kCarrierPngText = "png-text";            // tEXt/zTXt/iTXt "AIGC"
inline constexpr const char* kCarrierMp4Mdta = "mp4-mdta";            // moov/udta/meta mdta key
inline constexpr const char* kCarrierMp4Xmp = "mp4-xmp";              // XMP uuid box
inline constexpr const char* kCarrierMkvTag = "mkv-tag";              // Matroska/WebM tag AIGC

/// Everything the containers say about AI labelling, merged from all carriers.
struct MetadataReport {
  std::optional<AigcLabel> aigc;       ///< The label (first found in carrier priority order).
  std::vector<std::string> carriers;   ///< Every carrier where a label was found.
  std::vector<std::string> problems;   ///< Annex E problems, disagreements, unreadable carriers.
  std::optional<std::string> digital_source_type;  ///< IPTC Iptc4xmpExt:DigitalSourceType URI.
  bool c2pa = false;                   ///< A C2PA manifest store is present.
  /// A label is present or was attempted but is damaged: unreadable, breaking Annex E, or
  /// contradicted by another carrier. Problems with unrelated metadata do not set this.
  bool broken_label = false;
};

/// Reads all metadata carriers of a file without decoding pixels or video. Errors (unreadable,
/// truncated, unknown format) name the file.
StatusOr<MetadataReport> ReadMetadata(const std::string& path);
/// The same on bytes already in memory (e.g. an archive member); `name` is used in messages.
StatusOr<MetadataReport> ReadMetadataFromMemory(const std::vector<uint8_t>& bytes,
                                                const std::string& name);

/// What `WriteMetadata` writes.
struct MetadataWriteOptions {
  /// Fields to set; unset fields keep the file's existing label (or default to empty / "1").
  LabelUpdate update;
  /// IPTC digital source type URI to write; unset leaves any existing value alone.
  std::optional<std::string> digital_source_type;
  /// Read the output back and fail with kFailedPrecondition unless the label landed.
  bool verify = true;
};

/// Writes the label into `out` (which may equal `in` for in-place updates) using the container's
/// canonical carrier: XMP TC260:AIGC for JPEG/PNG/WebP/TIFF, the `mdta` key AIGC for MP4/MOV.
/// Pixels and media samples are never re-encoded; other metadata is kept. Output is written to a
/// temporary file and renamed over `out`, so a failure leaves `out` untouched.
/// On success returns the label that was written.
StatusOr<AigcLabel> WriteMetadata(const std::string& in, const std::string& out,
                                  const MetadataWriteOptions& options);

/// Copies all image metadata (EXIF, IPTC, XMP, ICC profile, comment) from the image file bytes
/// `source` into the image file `target_path` (rewritten atomically). Used after re-encoding
/// pixels so that labels and other metadata survive. A PNG target gets its EXIF in one `eXIf`
/// chunk before the image data, where viewers honour its Orientation. The copied Orientation is
/// set to 1 where it would turn the target although viewers did not turn the source (TIFF,
/// whose decoded pixels are already turned; WebP; a PNG eXIf after the image data), so a JPEG or
/// PNG target is shown like the source.
Status CopyImageMetadata(const std::vector<uint8_t>& source, const std::string& target_path);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_H_
