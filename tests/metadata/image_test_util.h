// Helpers for the image carrier tests: converting real photos, splicing crafted segments and
// chunks into real files, and comparing pixel data before and after a metadata write.
#ifndef AIGCMARK_TESTS_METADATA_IMAGE_TEST_UTIL_H_
#define AIGCMARK_TESTS_METADATA_IMAGE_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aigcmark/label.h"
#include "aigcmark/metadata.h"

namespace aigcmark::test {

/// A label as a producer would write it.
LabelUpdate ProducerUpdate(const std::string& produce_id = "img-0001");
AigcLabel ProducerLabel(const std::string& produce_id = "img-0001");

/// Real JPEG / PNG photos from opencv-doc (non-empty on a set-up machine).
std::vector<std::string> RealJpegs();
std::vector<std::string> RealPngs();

/// Decodes `photo` with OpenCV and writes it to `out` (format from the extension).
void ConvertPhoto(const std::string& photo, const std::string& out);
/// True when both files decode (IMREAD_UNCHANGED) to identical pixels of the same shape.
bool SamePixels(const std::string& a, const std::string& b);

/// The concatenated IDAT data of a PNG.
std::vector<uint8_t> PngIdat(const std::vector<uint8_t>& png);
/// The bytes of a JPEG from its SOS marker to the end (header and entropy-coded data).
std::vector<uint8_t> JpegScan(const std::vector<uint8_t>& jpeg);
/// Every marker segment of a JPEG (before SOS) except XMP APP1, as raw bytes.
std::vector<std::vector<uint8_t>> JpegNonXmpSegments(const std::vector<uint8_t>& jpeg);
/// Every chunk of a PNG except the XMP iTXt, as raw bytes.
std::vector<std::vector<uint8_t>> PngNonXmpChunks(const std::vector<uint8_t>& png);

/// Inserts a marker segment (0xFF marker, length, payload) right after SOI.
std::vector<uint8_t> InsertJpegSegment(const std::vector<uint8_t>& jpeg, uint8_t marker,
                                       std::string_view payload);
/// Inserts a chunk right after IHDR.
std::vector<uint8_t> InsertPngChunk(const std::vector<uint8_t>& png, std::string_view type,
                                    std::string_view data);
/// The zlib-compressed form of `text`.
std::string Deflate(std::string_view text);
/// An APP1 payload "Exif\0\0" + TIFF with one Exif IFD holding UserComment = `comment` bytes.
std::string ExifWithUserComment(std::string_view comment, bool big_endian);

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_METADATA_IMAGE_TEST_UTIL_H_
