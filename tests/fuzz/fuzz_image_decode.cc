// Fuzz target: the bounded header peek and pixel decode of image bytes.
#include <cstdint>
#include <vector>

#include "aigcmark/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  aigcmark::DecodeLimits limits;
  limits.max_pixels = 4096 * 4096;
  auto img = aigcmark::DecodeImage(bytes, limits);
  if (img.ok() && img->pixels.size() != img->stride() * img->height) __builtin_trap();
  return 0;
}
