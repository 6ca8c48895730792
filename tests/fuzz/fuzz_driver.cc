// Runs a libFuzzer-style target without libFuzzer: each seed as is, truncated at many points,
// and mutated deterministically (bit flips, byte stores, huge length fields, splices), so CI
// exercises every parser on hostile bytes even without clang's fuzzer runtime.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<uint8_t> Load(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void Mutate(std::vector<uint8_t>& v, std::mt19937_64& rng) {
  if (v.empty()) {
    v.push_back(static_cast<uint8_t>(rng()));
    return;
  }
  int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits; ++e) {
    size_t pos = rng() % v.size();
    switch (rng() % 6) {
      case 0: v[pos] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
      case 1: v[pos] = static_cast<uint8_t>(rng()); break;
      case 2: {  // plant a huge big-endian length
        static const uint8_t kHuge[][4] = {{0xFF, 0xFF, 0xFF, 0xFF}, {0x7F, 0xFF, 0xFF, 0xFF},
                                           {0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x00, 0x01},
                                           {0x00, 0x00, 0x00, 0x08}};
        const uint8_t* h = kHuge[rng() % 5];
        for (int i = 0; i < 4 && pos + i < v.size(); ++i) v[pos + i] = h[i];
        break;
      }
      case 3: v.resize(pos); if (v.empty()) v.push_back(0); break;
      case 4: {  // duplicate a slice
        size_t len = std::min<size_t>(rng() % 64 + 1, v.size() - pos);
        std::vector<uint8_t> slice(v.begin() + pos, v.begin() + pos + len);
        v.insert(v.begin() + (rng() % v.size()), slice.begin(), slice.end());
        break;
      }
      default: v.erase(v.begin() + pos); if (v.empty()) v.push_back(0); break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = 1000;
  std::vector<std::vector<uint8_t>> seeds;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
      iterations = std::strtol(argv[++i], nullptr, 10);
    } else {
      seeds.push_back(Load(argv[i]));
    }
  }
  seeds.push_back({});
  std::mt19937_64 rng(0x41494743);  // fixed: failures reproduce
  long runs = 0;
  for (const auto& s : seeds) {
    LLVMFuzzerTestOneInput(s.data(), s.size());
    for (size_t cut = 1; cut < s.size(); cut = cut * 3 / 2 + 1) {
      LLVMFuzzerTestOneInput(s.data(), cut);
      ++runs;
    }
  }
  for (long it = 0; it < iterations; ++it) {
    std::vector<uint8_t> v = seeds[static_cast<size_t>(it) % seeds.size()];
    Mutate(v, rng);
    LLVMFuzzerTestOneInput(v.data(), v.size());
    ++runs;
  }
  std::printf("fuzz driver: %ld inputs, no crash\n", runs);
  return 0;
}
