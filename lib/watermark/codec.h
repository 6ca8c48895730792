// Payload channel coding: 64-bit payload + keyed CRC-24 in a punctured polar code that fills
// every payload bin of the layout, decoded by CRC-aided list decoding.
#ifndef AIGCMARK_WATERMARK_CODEC_H_
#define AIGCMARK_WATERMARK_CODEC_H_

#include <cstdint>
#include <vector>

#include "watermark/polar.h"

namespace aigcmark::wm {

inline constexpr int kPayloadBits = 64;
inline constexpr int kCrcBits = 24;
inline constexpr int kInfoBits = kPayloadBits + kCrcBits;
/// Candidates the list decoder checks against the CRC (each is a chance for a false match, so
/// the false-alarm bound counts them).
inline constexpr int kListSize = 8;

/// CRC-24 (OpenPGP polynomial) of the payload's big-endian bytes XOR `crc_mask` (key-derived,
/// 24 bits), so a mark made with another key also fails the check.
uint32_t PayloadCrc(uint64_t payload, uint32_t crc_mask);

struct DecodedPayload {
  uint64_t payload = 0;  ///< The first candidate passing the CRC, else the most likely one.
  bool crc_ok = false;
};

/// The payload code for one layout: `coded_bits` soft values, one per payload bin.
class PayloadCode {
 public:
  explicit PayloadCode(int coded_bits) : polar_(coded_bits, kInfoBits) {}
  int coded_bits() const { return polar_.transmitted_bits(); }
  /// Coded bits (0/1) for a payload.
  std::vector<uint8_t> Encode(uint64_t payload, uint32_t crc_mask) const;
  /// List decoding of soft values (> 0 favours coded bit 0; the scale does not matter).
  DecodedPayload Decode(const std::vector<float>& soft, uint32_t crc_mask) const;

 private:
  PolarCode polar_;
};

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_CODEC_H_
