// XMP packets through Exiv2's XMP parser: find TC260:AIGC and Iptc4xmpExt:DigitalSourceType,
// and merge them into an existing packet. Every Exiv2 call is wrapped; no exception escapes.
#ifndef AIGCMARK_METADATA_XMP_PACKET_H_
#define AIGCMARK_METADATA_XMP_PACKET_H_

#include <optional>
#include <string>
#include <string_view>

#include "aigcmark/status.h"

namespace aigcmark {

/// The IPTC Extension namespace that holds DigitalSourceType.
inline constexpr const char* kIptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
/// Exiv2 keys of the two properties we read and write.
inline constexpr const char* kXmpKeyAigc = "Xmp.TC260.AIGC";
inline constexpr const char* kXmpKeyDigitalSourceType = "Xmp.iptcExt.DigitalSourceType";

/// Initialises the XMP toolkit with a lock, mutes Exiv2's console logging and registers the
/// TC260 namespace, exactly once per process and safely from any thread. Every function that
/// touches Exiv2 calls it first; other modules using Exiv2 XMP should too.
void EnsureExiv2Ready();

/// What one XMP packet says about AI labelling.
struct XmpFindings {
  std::optional<std::string> aigc;  ///< TC260:AIGC, element or attribute form.
  std::optional<std::string> digital_source_type;
};

/// Parses a packet (trailing NUL/whitespace padding allowed). kCorrupt if it is not well-formed.
StatusOr<XmpFindings> ParseXmpPacket(std::string_view packet);

/// True when a packet (readable or not) names the TC260 namespace: if such a packet cannot be
/// parsed, a label was there and is damaged.
bool XmpMentionsLabel(std::string_view packet);

/// Returns `existing` (may be empty) with TC260:AIGC = `aigc_json` and, when given,
/// Iptc4xmpExt:DigitalSourceType = `dst`; every other property is kept. `compact` selects the
/// attribute-heavy RDF form without indentation (for carriers with a tight size limit).
StatusOr<std::string> MergeXmpPacket(std::string_view existing, const std::string& aigc_json,
                                     const std::optional<std::string>& dst, bool compact = false);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_XMP_PACKET_H_
