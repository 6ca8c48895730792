// EXIF orientation for visible labels: read it like the project's metadata reader (bounded
// container walk, then libexif on the EXIF block) and map pixels with exact flips/transposes.
#include "visible/orientation.h"

#include <algorithm>
#include <cstring>

#include <libexif/exif-data.h>
#include <opencv2/core.hpp>

#include "core/file_io.h"
#include "core/format.h"
#include "core/limits.h"
#include "metadata/jpeg_segments.h"
#include "metadata/png_chunks.h"

namespace aigcmark::visible {
namespace {

int Normalized(int orientation) { return orientation >= 1 && orientation <= 8 ? orientation : 1; }

// IFD0 Orientation of an EXIF block (TIFF structure, with or without the "Exif\0\0" header).
// FOLLOW_SPECIFICATION stays off, as in the metadata reader: it would make libexif invent
// mandatory tags (an Orientation among them) that the file does not have.
int OrientationOfExifBlock(const std::vector<uint8_t>& block) {
  std::vector<uint8_t> buf;
  const std::vector<uint8_t>* data = &block;
  const bool has_header =
      block.size() >= kJpegExifSignature.size() &&
      std::memcmp(block.data(), kJpegExifSignature.data(), kJpegExifSignature.size()) == 0;
  if (!has_header) {
    buf.reserve(block.size() + kJpegExifSignature.size());
    buf.insert(buf.end(), kJpegExifSignature.begin(), kJpegExifSignature.end());
    buf.insert(buf.end(), block.begin(), block.end());
    data = &buf;
  }
  if (data->size() > 0xFFFFFFFFu) return 1;
  ExifData* ed = exif_data_new();
  if (ed == nullptr) return 1;
  exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data(ed, data->data(), static_cast<unsigned int>(data->size()));
  int orientation = 1;
  ExifEntry* e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (e != nullptr && e->format == EXIF_FORMAT_SHORT && e->components >= 1 &&
      e->data != nullptr && e->size >= 2) {
    orientation = Normalized(exif_get_short(e->data, exif_data_get_byte_order(ed)));
  }
  exif_data_unref(ed);
  return orientation;
}

// The first EXIF APP1 segment is the one viewers read.
int JpegOrientation(const ByteSource& src) {
  auto layout = WalkJpegSegments(src);
  if (!layout.ok()) return 1;
  for (const JpegSegment& s : layout->segments) {
    if (s.marker != kJpegApp1 || s.payload_size < kJpegExifSignature.size()) continue;
    uint8_t sig[kJpegExifSignature.size()];
    if (!src.ReadAt(s.payload_offset, sizeof(sig), sig).ok()) return 1;
    if (std::memcmp(sig, kJpegExifSignature.data(), sizeof(sig)) != 0) continue;
    auto payload = src.Read(s.payload_offset, s.payload_size, kMaxJpegSegmentPayload);
    return payload.ok() ? OrientationOfExifBlock(*payload) : 1;
  }
  return 1;
}

// Only an eXIf chunk before the image data counts (PNG 3rd edition, as browsers read it; OpenCV
// also reads one after the image data, but nothing we write puts it there).
int PngOrientation(const ByteSource& src) {
  auto layout = WalkPngChunks(src);
  if (!layout.ok()) return 1;
  for (const PngChunk& c : layout->chunks) {
    if (c.type == "IDAT") break;
    if (c.type != "eXIf") continue;
    auto body = src.Read(c.data_offset(), c.data_size, kMaxMetadataBytes);
    return body.ok() ? OrientationOfExifBlock(*body) : 1;
  }
  return 1;
}

// Orientations 6 and 8 undo each other; every other one is its own inverse.
int Inverse(int orientation) {
  return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
}

Image Transformed(const Image& in, int orientation) {
  cv::Mat src(in.height, in.width, CV_8UC(in.channels), const_cast<uint8_t*>(in.pixels.data()),
              in.stride());
  cv::Mat dst;
  switch (orientation) {
    case 2: cv::flip(src, dst, 1); break;                              // mirror left-right
    case 3: cv::rotate(src, dst, cv::ROTATE_180); break;
    case 4: cv::flip(src, dst, 0); break;                              // mirror top-bottom
    case 5: cv::transpose(src, dst); break;                            // main diagonal
    case 6: cv::rotate(src, dst, cv::ROTATE_90_CLOCKWISE); break;
    case 7: cv::transpose(src, dst); cv::flip(dst, dst, -1); break;   // anti-diagonal
    case 8: cv::rotate(src, dst, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return in;
  }
  Image out;
  out.width = dst.cols;
  out.height = dst.rows;
  out.channels = in.channels;
  out.pixels.resize(out.stride() * out.height);
  for (int y = 0; y < out.height; ++y) std::memcpy(out.row(y), dst.ptr(y), out.stride());
  return out;
}

bool Consistent(const Image& image) {
  return image.width > 0 && image.height > 0 &&
         (image.channels == 1 || image.channels == 3 || image.channels == 4) &&
         image.pixels.size() >= image.stride() * image.height;
}

}  // namespace

int DisplayOrientation(const ByteSource& src) {
  uint8_t head[kSniffBytes] = {};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(src.size(), kSniffBytes));
  if (n == 0 || !src.ReadAt(0, n, head).ok()) return 1;
  switch (SniffFormat(head, n)) {
    case MediaFormat::kJpeg: return JpegOrientation(src);
    case MediaFormat::kPng: return PngOrientation(src);
    default: return 1;
  }
}

int DisplayOrientation(const std::vector<uint8_t>& bytes) {
  return DisplayOrientation(*MemorySource(bytes.data(), bytes.size(), "image"));
}

Image ToDisplay(const Image& stored, int orientation) {
  return Transformed(stored, Normalized(orientation));
}

Image ToStored(const Image& display, int orientation) {
  return Transformed(display, Inverse(Normalized(orientation)));
}

StatusOr<VisibleLabelInfo> AddVisibleLabelForDisplay(Image& stored, int orientation,
                                                     const VisibleAddOptions& options) {
  orientation = Normalized(orientation);
  if (orientation == 1) return AddVisibleLabel(stored, options);
  if (!Consistent(stored)) return InvalidArgumentError("image buffer is empty or inconsistent");
  Image display = ToDisplay(stored, orientation);
  AIGCMARK_ASSIGN_OR_RETURN(VisibleLabelInfo info, AddVisibleLabel(display, options));
  stored = ToStored(display, orientation);
  return info;
}

StatusOr<VisibleResult> CheckVisibleLabelForDisplay(const Image& stored, int orientation,
                                                    const VisibleCheckOptions& options) {
  orientation = Normalized(orientation);
  if (orientation == 1 || !Consistent(stored)) return CheckVisibleLabel(stored, options);
  return CheckVisibleLabel(ToDisplay(stored, orientation), options);
}

StatusOr<VisibleResult> CheckVisibleLabelFile(const std::string& path,
                                              const VisibleCheckOptions& options) {
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                            ReadFileBytes(path, kMaxInMemoryFileBytes));
  auto image = DecodeImage(bytes);
  if (!image.ok()) return image.status().WithContext(path);
  auto result = CheckVisibleLabelForDisplay(*image, DisplayOrientation(bytes), options);
  if (!result.ok()) return result.status().WithContext(path);
  return result;
}

}  // namespace aigcmark::visible
