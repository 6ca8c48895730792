// A bounded walker over PNG chunks and the text chunks (tEXt, zTXt, iTXt) that carry labels and
// XMP. Lengths are checked against the data and the limits before anything is allocated.
#ifndef AIGCMARK_METADATA_PNG_CHUNKS_H_
#define AIGCMARK_METADATA_PNG_CHUNKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aigcmark/status.h"
#include "core/byte_source.h"

namespace aigcmark {

/// The 8-byte PNG signature.
inline constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1A\n", 8};
/// Most chunks we accept in one file.
inline constexpr size_t kMaxPngChunks = 100000;
/// Keyword of the iTXt chunk that holds XMP.
inline constexpr std::string_view kPngXmpKeyword = "XML:com.adobe.xmp";

struct PngChunk {
  std::string type;        ///< Four ASCII letters, e.g. "iTXt".
  uint64_t offset = 0;     ///< Offset of the length field.
  uint32_t data_size = 0;  ///< Length of the chunk data (CRC excluded).
  uint64_t data_offset() const { return offset + 8; }
  /// Offset just past the CRC.
  uint64_t end() const { return offset + 12 + uint64_t{data_size}; }
};

struct PngLayout {
  std::vector<PngChunk> chunks;  ///< In file order, IEND included when present.
  bool saw_iend = false;         ///< False when the data ends cleanly without IEND.
};

/// Walks every chunk. CRCs are not checked (metadata readers must stay tolerant). Fails with
/// kCorrupt on a bad signature, a length above 2^31-1, a non-letter chunk type, a first chunk
/// other than IHDR, or a chunk that passes the end of the data.
StatusOr<PngLayout> WalkPngChunks(const ByteSource& src);

/// A decoded text chunk.
struct PngText {
  std::string keyword;
  std::string text;  ///< Latin-1 for tEXt/zTXt, UTF-8 for iTXt, inflated when compressed.
};

/// True for tEXt, zTXt and iTXt.
bool IsPngTextChunk(std::string_view type);
/// The keyword of a text chunk from its first bytes (up to 80 suffice); empty if malformed.
std::string PngTextKeyword(const uint8_t* data, size_t n);
/// Decodes a tEXt/zTXt/iTXt chunk body. Compressed text is inflated to at most `max_text` bytes
/// (kResourceExhausted beyond); malformed bodies give kCorrupt.
StatusOr<PngText> ParsePngTextChunk(std::string_view type, const uint8_t* data, size_t n,
                                    uint64_t max_text);

/// Inflates a zlib stream, refusing to produce more than `max_out` bytes.
StatusOr<std::string> InflateBounded(const uint8_t* data, size_t n, uint64_t max_out);

/// True for the text keywords under which Exiv2 and ImageMagick store EXIF as hex ("Raw profile
/// type exif" and "Raw profile type APP1"); browsers and OpenCV ignore EXIF kept there.
bool IsPngRawExifKeyword(std::string_view keyword);

/// `png` with its EXIF in exactly one eXIf chunk right after IHDR (so before the image data,
/// where PNG 3rd edition readers honour it) holding `exif`, a TIFF structure without the
/// "Exif\0\0" header. Every other eXIf chunk and raw-profile EXIF text chunk is dropped; an
/// empty `exif` only drops them. All other chunks are copied byte for byte. kCorrupt if `png`
/// does not walk or lacks IDAT or IEND; kInvalidArgument if `exif` is not a TIFF structure or is
/// longer than a chunk may be.
StatusOr<std::vector<uint8_t>> ReplacePngExif(const std::vector<uint8_t>& png,
                                              std::string_view exif);

/// A complete chunk (length, type, data, CRC-32) ready to splice into a PNG.
std::vector<uint8_t> MakePngChunk(std::string_view type, std::string_view data);
/// The body of an uncompressed iTXt chunk with empty language and translated keyword.
std::string MakeITxtBody(std::string_view keyword, std::string_view text);

}  // namespace aigcmark

#endif  // AIGCMARK_METADATA_PNG_CHUNKS_H_
