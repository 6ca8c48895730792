// Fuzz target: the PNG chunk walker, the text chunk decoder (bounded inflate), the XMP splice
// and the eXIf rewrite. Invariants: a PNG either writer produces from an accepted input walks
// again, and after the eXIf rewrite it holds exactly one eXIf chunk, before the first IDAT, and
// no raw-profile EXIF text.
#include <cstdint>
#include <string_view>
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
  // A big-endian TIFF header with an empty IFD0: the smallest EXIF an eXIf chunk holds.
  static constexpr std::string_view kExif("MM\0*\0\0\0\x08\0\0\0\0\0\0", 14);
  auto rewritten = ReplacePngExif(bytes, kExif);
  if (rewritten.ok()) {
    auto again = MemorySource(rewritten->data(), rewritten->size(), "out.png");
    auto out = WalkPngChunks(*again);
    if (!out.ok()) __builtin_trap();
    int exif_chunks = 0;
    bool seen_idat = false;
    for (const PngChunk& c : out->chunks) {
      if (c.type == "IDAT") seen_idat = true;
      if (c.type == "eXIf") {
        ++exif_chunks;
        if (seen_idat || c.data_size != kExif.size()) __builtin_trap();
      }
      if (IsPngTextChunk(c.type) &&
          IsPngRawExifKeyword(PngTextKeyword(rewritten->data() + c.data_offset(), c.data_size))) {
        __builtin_trap();
      }
    }
    if (exif_chunks != 1) __builtin_trap();
  }
  return 0;
}
