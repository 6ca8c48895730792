// Fuzz target: hostile bytes as a zip/tar(.gz/.xz/.zst/.bz2) archive through ArchiveReader, with
// a small member limit so oversized and damaged members take their error paths.
#include <cstdint>
#include <vector>

#include "scan/archive_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aigcmark::ArchiveReader reader;
  if (!reader.OpenMemory(data, size, "fuzz.zip").ok()) return 0;
  std::vector<uint8_t> member;
  for (int i = 0; i < 64 && reader.Next(); ++i) {
    if (i % 3 == 2) {
      reader.SkipMember();
    } else {
      (void)reader.ReadMember(1 << 16, &member);
    }
  }
  return 0;
}
