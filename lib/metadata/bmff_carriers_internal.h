// Names and identifiers shared by the MP4/MOV carrier reader, writer, tests and fuzz target.
#ifndef AIGCMARK_METADATA_BMFF_CARRIERS_INTERNAL_H_
#define AIGCMARK_METADATA_BMFF_CARRIERS_INTERNAL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark {

/// The `mdta` key holding the label JSON (what `ffmpeg -metadata AIGC=... -movflags
/// use_metadata_tags` writes, and what ffprobe shows as format tag AIGC).
inline constexpr const char* kMdtaLabelKey = "AIGC";
/// The `mdta` key holding the IPTC digital source type as a full URI. MP4 has no standard slot
/// for it outside XMP, so aigcmark writes it beside the label; ffprobe shows it as a format tag.
inline constexpr const char* kMdtaDigitalSourceTypeKey = "DigitalSourceType";

/// Adobe XMP in ISO BMFF: uuid BE7ACFCB-97A9-42E8-9C71-999491E3AFAC.
inline constexpr std::array<uint8_t, 16> kXmpUuid = {0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
                                                     0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC};
/// C2PA manifest store in ISO BMFF: uuid D8FEC3D6-1B0E-483C-9297-5828877EC481.
inline constexpr std::array<uint8_t, 16> kC2paUuid = {0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C,
                                                      0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81};

/// The first XMP packet of an MP4/MOV file (top-level or moov/udta `uuid`, or QuickTime
/// moov/udta/XMP_), so a rewrite can carry it over; nullopt when there is none.
StatusOr<std::optional<std::string>> FindBmffXmpPacket(const ByteSource& src);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_BMFF_CARRIERS_INTERNAL_H_
