// Fuzz target: the PNG chunk walker, the text chunk decoder (bounded inflate) and the XMP
// splice. Invariant: a PNG the writer produces from an accepted input walks again.
#include <cstdint>
#include <vector>

#include "core/byte_source.h"
#include "core/format.h"
#include "metadata/carriers.h"
#include "metadata/png_chunks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace aigcmark;
  constexpr uint64_t kMaxText = 1 << 20;  // small, so bombs are caught quickly
  auto src = MemorySource(data, size, "fuzz.png");
  auto layout = WalkPngChunks(*src);
  if (!layout.ok()) return 0;
  for (const PngChunk& c : layout->chunks) {
    if (c.end() > size) __builtin_trap();
    if (!IsPngTextChunk(c.type)) continue;
    auto body = src->Read(c.data_offset(), c.data_size, kMaxText);
    if (!body.ok()) continue;
    PngTextKeyword(body->data(), body->size());
    auto t = ParsePngTextChunk(c.type, body->data(), body->size(), kMaxText);
    if (t.ok() && t->text.size() > kMaxText) __builtin_trap();
  }
  std::vector<uint8_t> bytes(data, data + size);
  AigcLabel label;
  label.content_producer = "P";
  label.produce_id = "I";
  auto written = WriteImageLabel(bytes, MediaFormat::kPng, label, std::nullopt);
  if (written.ok()) {
    auto again = MemorySource(written->data(), written->size(), "out.png");
    if (!WalkPngChunks(*again).ok()) __builtin_trap();
  }
  return 0;
}
