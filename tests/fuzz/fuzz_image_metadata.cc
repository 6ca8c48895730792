// Fuzz target: the whole metadata read of image bytes (sniff, container walk, XMP via Exiv2,
// EXIF via libexif, PNG text, WebP RIFF and TIFF IFD walkers, merge).
#include <cstdint>
#include <vector>

#include "aigcmark/metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto r = aigcmark::ReadMetadataFromMemory(bytes, "fuzz");
  if (r.ok() && r->aigc && r->carriers.empty()) __builtin_trap();
  return 0;
}
