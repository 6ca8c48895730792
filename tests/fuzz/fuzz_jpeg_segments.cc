// Fuzz target: the JPEG segment walker, the APP11 C2PA probe and the XMP splice on top of them.
// Invariant: whatever the writer produces from an input the walker accepts, the walker accepts.
#include <cstdint>
#include <vector>

#include "core/byte_source.h"
#include "core/format.h"
#include "metadata/carriers.h"
#include "metadata/jpeg_segments.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aigcmark;
  auto src = MemorySource(data, size, "fuzz.jpg");
  auto layout = WalkJpegSegments(*src);
  if (!layout.ok()) return 0;
  for (const JpegSegment& s : layout->segments) {
    if (s.end() > size || s.payload_offset < s.offset) __builtin_trap();
    auto p = src->Read(s.payload_offset, s.payload_size, kMaxJpegSegmentPayload);
    if (!p.ok()) __builtin_trap();  // the walker promised the segment fits
    if (s.marker == kJpegApp11) IsC2paJumbf(*p);
  }
  std::vector<uint8_t> bytes(data, data + size);
  AigcLabel label;
  label.content_producer = "P";
  label.produce_id = "I";
  auto written = WriteImageLabel(bytes, MediaFormat::kJpeg, label, std::nullopt);
  if (written.ok()) {
    auto again = MemorySource(written->data(), written->size(), "out.jpg");
    if (!WalkJpegSegments(*again).ok()) __builtin_trap();
  }
  return 0;
}
