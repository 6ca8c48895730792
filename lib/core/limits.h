// Hard limits that bound every parser of untrusted bytes.
#ifndef AIGCMARK_CORE_LIMITS_H_
#define AIGCMARK_CORE_LIMITS_H_

#include <cstdint>

namespace aigcmark {

/// Largest file read wholly into memory for metadata work (images; video is streamed).
inline constexpr uint64_t kMaxInMemoryFileBytes = 1ull << 30;  // 1 GiB
/// Largest single metadata payload (XMP packet, text chunk, box) we will allocate for.
inline constexpr uint64_t kMaxMetadataBytes = 16ull << 20;  // 16 MiB
/// Largest decompressed size of a zTXt/iTXt chunk.
inline constexpr uint64_t kMaxInflatedTextBytes = 16ull << 20;
/// Deepest nesting of ISOBMFF boxes we descend into.
inline constexpr int kMaxBoxDepth = 16;

}  // namespace aigcmark

#endif  // AIGCMARK_CORE_LIMITS_H_
