// A small, bounded ISO BMFF (MP4/MOV) box walker over a ByteSource. It reads box headers only;
// callers read the payloads they need (bounded by kMaxMetadataBytes), so a large mdat is never
// loaded. Every declared size is checked against the enclosing box before it is trusted.
#ifndef AIGCMARK_METADATA_BMFF_BOX_H_
#define AIGCMARK_METADATA_BMFF_BOX_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark {

/// Packs a four-character code, e.g. FourCc("moov").
constexpr uint32_t FourCc(const char (&s)[5]) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(s[0])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(s[3]));
}

/// Printable form of a four-character code ('?' for non-printable bytes).
std::string FourCcToString(uint32_t type);

/// Most boxes one container may hold before the file is rejected (bounds work on hostile
/// input; a long fragmented MP4 has a few hundred thousand top-level boxes at most).
inline constexpr uint64_t kMaxBoxesPerContainer = 1u << 20;

/// One box as declared in the file. `size` covers the header; `header_size` includes the
/// 64-bit largesize and the 16-byte extended type of a `uuid` box when present.
struct BoxHeader {
  uint32_t type = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint32_t header_size = 0;
  std::array<uint8_t, 16> uuid{};  ///< Extended type; all zero unless type == 'uuid'.

  uint64_t payload_offset() const { return offset + header_size; }
  uint64_t payload_size() const { return size - header_size; }
  uint64_t end() const { return offset + size; }
};

/// Reads the header of the box starting at `offset`, which must end by `parent_end` (the end of
/// the enclosing box, or of the file). Size 0 means "to the end of the parent". Fails with
/// kCorrupt when the header or the declared size does not fit.
StatusOr<BoxHeader> ReadBoxHeader(const ByteSource& src, uint64_t offset, uint64_t parent_end);

/// Calls `visit` for each box in [begin, end). `depth` is the nesting level of these boxes
/// (0 = top level); more than kMaxBoxDepth fails with kCorrupt. Inside a box (depth > 0) a tail
/// shorter than a box header is ignored (QuickTime ends `udta` with a 32-bit zero); at the top
/// level it means the file is truncated. Stops at the first non-ok Status from `visit`.
Status ForEachBox(const ByteSource& src, uint64_t begin, uint64_t end, int depth,
                  const std::function<Status(const BoxHeader&)>& visit);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_BMFF_BOX_H_
