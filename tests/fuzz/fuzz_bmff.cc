// Fuzz target for the MP4/MOV box walker and carriers: the raw walker over every box it can
// reach, the carrier reader, and the public in-memory reader (sniffing + merge).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "aigcmark/metadata.h"
#include "core/byte_source.h"
#include "metadata/bmff_box.h"
#include "metadata/carriers.h"

namespace {

// Descends into every box whose payload parses as boxes, as deep as the walker allows.
void WalkAll(const aigcmark::ByteSource& src, uint64_t begin, uint64_t end, int depth) {
  (void)aigcmark::ForEachBox(src, begin, end, depth, [&](const aigcmark::BoxHeader& b) {
    if (b.payload_size() >= 8) WalkAll(src, b.payload_offset(), b.end(), depth + 1);
    return aigcmark::Status::Ok();
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto src = aigcmark::MemorySource(data, size, "fuzz.mp4");
  WalkAll(*src, 0, src->size(), 0);
  aigcmark::RawMetadata raw;
  (void)aigcmark::ReadBmffCarriers(*src, &raw);
  std::vector<uint8_t> bytes(data, data + size);
  (void)aigcmark::ReadMetadataFromMemory(bytes, "fuzz.mp4");
  return 0;
}
