// SHA-256 of memory and of files (streamed), through OpenSSL libcrypto.
#ifndef AIGCMARK_SCAN_SHA256_H_
#define AIGCMARK_SCAN_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "aigcmark/status.h"

namespace aigcmark {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(const uint8_t* data, size_t size);
std::string Sha256Hex(const uint8_t* data, size_t size);
std::string DigestToHex(const Sha256Digest& digest);

/// Hashes a file in fixed-size chunks (memory stays constant); `size` receives the bytes hashed.
StatusOr<std::string> Sha256FileHex(const std::string& path, uint64_t* size);

}  // namespace aigcmark

#endif  // AIGCMARK_SCAN_SHA256_H_
