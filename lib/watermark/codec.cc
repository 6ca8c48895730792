// Keyed CRC-24 and the payload <-> info-bit mapping around the polar code.
#include "watermark/codec.h"

#include <cstddef>

namespace aigcmark::wm {
namespace {

constexpr uint32_t kCrc24Poly = 0x864CFB;  // OpenPGP (RFC 4880)
constexpr uint32_t kCrc24Init = 0xB704CE;
constexpr uint32_t kCrc24Mask = 0xFFFFFF;

// The info bits, most significant first: payload then CRC.
std::vector<uint8_t> InfoBits(uint64_t payload, uint32_t crc) {
  std::vector<uint8_t> bits(kInfoBits);
  for (int i = 0; i < kPayloadBits; ++i) bits[i] = (payload >> (kPayloadBits - 1 - i)) & 1;
  for (int i = 0; i < kCrcBits; ++i) bits[kPayloadBits + i] = (crc >> (kCrcBits - 1 - i)) & 1;
  return bits;
}

}  // namespace

uint32_t PayloadCrc(uint64_t payload, uint32_t crc_mask) {
  uint32_t crc = kCrc24Init;
  for (int byte = 7; byte >= 0; --byte) {
    crc ^= static_cast<uint32_t>((payload >> (8 * byte)) & 0xFF) << 16;
    for (int b = 0; b < 8; ++b) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= kCrc24Poly;
    }
  }
  return (crc ^ crc_mask) & kCrc24Mask;
}

std::vector<uint8_t> PayloadCode::Encode(uint64_t payload, uint32_t crc_mask) const {
  return polar_.Encode(InfoBits(payload, PayloadCrc(payload, crc_mask)));
}

DecodedPayload PayloadCode::Decode(const std::vector<float>& soft, uint32_t crc_mask) const {
  DecodedPayload out;
  const auto candidates = polar_.DecodeList(soft, kListSize);
  for (size_t c = 0; c < candidates.size(); ++c) {
    const auto& bits = candidates[c];
    uint64_t payload = 0;
    for (int i = 0; i < kPayloadBits; ++i) payload = (payload << 1) | (bits[i] & 1);
    uint32_t crc = 0;
    for (int i = 0; i < kCrcBits; ++i) crc = (crc << 1) | (bits[kPayloadBits + i] & 1);
    if (c == 0) out.payload = payload;
    if (crc == PayloadCrc(payload, crc_mask)) {
      out.payload = payload;
      out.crc_ok = true;
      break;
    }
  }
  return out;
}

}  // namespace aigcmark::wm
