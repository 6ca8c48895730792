// EXIF orientation for visible labels: DecodeImage keeps pixels in stored order, but a label is
// placed and read where a viewer sees it, i.e. after the viewer has applied the EXIF Orientation.
#ifndef AIGCMARK_VISIBLE_ORIENTATION_H_
#define AIGCMARK_VISIBLE_ORIENTATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "aigcmark/image.h"
#include "aigcmark/status.h"
#include "aigcmark/visible.h"
#include "core/byte_source.h"

namespace aigcmark::visible {

/// The EXIF Orientation (1..8) that viewers apply on top of the pixels DecodeImage returns for
/// this file: IFD0 Orientation of the first EXIF APP1 segment of a JPEG, or of a PNG eXIf chunk
/// placed before the image data (where PNG 3rd edition readers, browsers and OpenCV honour it;
/// CopyImageMetadata writes it there). 1 when there is none or
/// it is out of range, and for WebP (OpenCV and Firefox ignore its EXIF orientation) and TIFF
/// (OpenCV's decoder already applies the tag, so DecodeImage pixels are in display order).
/// Never fails: an unreadable header means "as stored".
int DisplayOrientation(const ByteSource& src);
int DisplayOrientation(const std::vector<uint8_t>& bytes);

/// What a viewer shows for stored pixels with EXIF `orientation` (1..8; anything else is 1).
/// Exact: only flips and transposes, the same ones as cv::imread applies.
Image ToDisplay(const Image& stored, int orientation);
/// The inverse of ToDisplay: ToStored(ToDisplay(x, o), o) == x byte for byte.
Image ToStored(const Image& display, int orientation);

/// AddVisibleLabel as a viewer sees `stored` (EXIF `orientation`): the position, margins and the
/// text-height rule refer to the displayed image, the pixels stay in stored order, and every
/// pixel outside the label is unchanged. The boxes in the result are display coordinates.
StatusOr<VisibleLabelInfo> AddVisibleLabelForDisplay(Image& stored, int orientation,
                                                     const VisibleAddOptions& options = {});

/// CheckVisibleLabel on what a viewer sees: box and position are display coordinates.
StatusOr<VisibleResult> CheckVisibleLabelForDisplay(const Image& stored, int orientation,
                                                    const VisibleCheckOptions& options = {});

/// Reads and decodes an image file and checks it as displayed (EXIF orientation applied).
StatusOr<VisibleResult> CheckVisibleLabelFile(const std::string& path,
                                              const VisibleCheckOptions& options = {});

}  // namespace aigcmark::visible

#endif  // AIGCMARK_VISIBLE_ORIENTATION_H_
