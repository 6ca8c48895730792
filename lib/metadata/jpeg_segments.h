// A bounded walker over the marker segments of a JPEG file, from SOI up to the first SOS.
// It reads only segment headers, so it is cheap on big files and safe on hostile bytes.
#ifndef AIGCMARK_METADATA_JPEG_SEGMENTS_H_
#define AIGCMARK_METADATA_JPEG_SEGMENTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark {

/// Most marker segments we accept before the scan; real files have a few dozen.
inline constexpr size_t kMaxJpegSegments = 65536;

inline constexpr uint8_t kJpegApp1 = 0xE1;
inline constexpr uint8_t kJpegApp11 = 0xEB;
inline constexpr uint8_t kJpegSos = 0xDA;

/// Signature that starts the payload of a standard XMP APP1 segment (29 bytes with the NUL).
inline constexpr std::string_view kJpegXmpSignature{"http://ns.adobe.com/xap/1.0/\0", 29};
/// Signature of an EXIF APP1 segment.
inline constexpr std::string_view kJpegExifSignature{"Exif\0\0", 6};
/// Largest payload of one marker segment (the 16-bit length counts its own two bytes).
inline constexpr size_t kMaxJpegSegmentPayload = 65533;

struct JpegSegment {
  uint8_t marker = 0;           ///< The byte after 0xFF, e.g. 0xE1 for APP1.
  uint64_t offset = 0;          ///< Offset of the 0xFF that starts the marker.
  uint64_t payload_offset = 0;  ///< First byte after the 2-byte length field.
  uint32_t payload_size = 0;    ///< Length field minus 2.
  /// Offset just past the segment.
  uint64_t end() const { return payload_offset + payload_size; }
};

struct JpegLayout {
  std::vector<JpegSegment> segments;  ///< Every segment with a length field, in file order.
  /// Offset of the SOS marker (where entropy-coded data begins); 0 if EOI came first.
  uint64_t sos_offset = 0;
};

/// Walks segments from SOI to the first SOS (included in `segments`) or EOI. Fails with kCorrupt
/// on a missing SOI, a byte that is not a marker where one must be, a length below 2 or a segment
/// that passes the end of the data; kResourceExhausted past kMaxJpegSegments.
StatusOr<JpegLayout> WalkJpegSegments(const ByteSource& src);

/// True for the marker codes found in ordinary JPEG headers (SOFn, DHT, DAC, DQT, DRI, APPn, COM,
/// SOS). Others (DNL, DHP, EXP, JPGn) are legal but rare, and rewriters such as Exiv2 mishandle
/// them, so only our byte-splicing writer touches files that contain them.
bool IsCommonJpegHeaderMarker(uint8_t marker);

/// True if `payload` (an APP11 segment body) is a JUMBF box of a C2PA manifest store.
bool IsC2paJumbf(const std::vector<uint8_t>& payload);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_JPEG_SEGMENTS_H_
