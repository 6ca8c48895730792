// Payload channel coding: 64-bit payload + keyed CRC-16, rate-1/3 K=9 convolutional code,
// soft-decision Viterbi decoding.
#ifndef AIGCMARK_WATERMARK_CODEC_H_
#define AIGCMARK_WATERMARK_CODEC_H_

#include <cstdint>
#include <optional>
#include <vector>

namespace aigcmark::wm {

inline constexpr int kPayloadBits = 64;
inline constexpr int kCrcBits = 16;
inline constexpr int kInfoBits = kPayloadBits + kCrcBits;
inline constexpr int kConstraintLength = 9;
inline constexpr int kCodeRate = 3;  // coded bits per input bit
/// Coded bits per payload: (info + tail) * 3.
inline constexpr int kCodedBits = (kInfoBits + kConstraintLength - 1) * kCodeRate;

/// CRC-16/CCITT of the payload (big-endian bytes) XOR `crc_mask` (key-derived), so a mark made
/// with another key also fails the check.
uint16_t PayloadCrc(uint64_t payload, uint16_t crc_mask);

/// Coded bits (0/1) for a payload.
std::vector<uint8_t> EncodePayload(uint64_t payload, uint16_t crc_mask);

/// Soft-decision Viterbi: soft[i] > 0 favours coded bit 0. Returns the payload only if the CRC
/// matches.
std::optional<uint64_t> DecodePayload(const std::vector<float>& soft, uint16_t crc_mask);

/// The coded bits of the maximum-likelihood path regardless of the CRC (for diagnostics:
/// bit accuracy of a failed decode), and whether the CRC matched.
struct ViterbiOutput {
  uint64_t payload = 0;
  bool crc_ok = false;
};
ViterbiOutput ViterbiDecode(const std::vector<float>& soft, uint16_t crc_mask);

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_CODEC_H_
