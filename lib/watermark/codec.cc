// Keyed CRC-16, K=9 rate-1/3 convolutional code (generators 557/663/711 octal, as in IS-95)
// with a zero tail, and a 256-state soft-decision Viterbi decoder.
#include "watermark/codec.h"

#include <array>
#include <limits>

namespace aigcmark::wm {
namespace {

constexpr std::array<uint32_t, kCodeRate> kGenerators = {0557, 0663, 0711};
constexpr int kStates = 1 << (kConstraintLength - 1);

int Parity(uint32_t v) { return __builtin_parity(v); }

// The info bits, most significant first: payload then CRC.
std::array<uint8_t, kInfoBits> InfoBits(uint64_t payload, uint16_t crc) {
  std::array<uint8_t, kInfoBits> bits{};
  for (int i = 0; i < kPayloadBits; ++i) bits[i] = (payload >> (kPayloadBits - 1 - i)) & 1;
  for (int i = 0; i < kCrcBits; ++i) bits[kPayloadBits + i] = (crc >> (kCrcBits - 1 - i)) & 1;
  return bits;
}

// Output bits of one encoder step from the K-bit register (newest bit in the MSB).
uint32_t StepOutputs(uint32_t reg) {
  uint32_t out = 0;
  for (int g = 0; g < kCodeRate; ++g) out |= static_cast<uint32_t>(Parity(reg & kGenerators[g])) << g;
  return out;
}

}  // namespace

uint16_t PayloadCrc(uint64_t payload, uint16_t crc_mask) {
  uint16_t crc = 0xFFFF;
  for (int byte = 7; byte >= 0; --byte) {
    crc ^= static_cast<uint16_t>(((payload >> (8 * byte)) & 0xFF) << 8);
    for (int b = 0; b < 8; ++b) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
  }
  return crc ^ crc_mask;
}

std::vector<uint8_t> EncodePayload(uint64_t payload, uint16_t crc_mask) {
  auto info = InfoBits(payload, PayloadCrc(payload, crc_mask));
  std::vector<uint8_t> coded;
  coded.reserve(kCodedBits);
  uint32_t reg = 0;  // bit K-1 = newest input
  for (int i = 0; i < kInfoBits + kConstraintLength - 1; ++i) {
    const uint32_t bit = i < kInfoBits ? info[i] : 0;
    reg = (reg >> 1) | (bit << (kConstraintLength - 1));
    const uint32_t out = StepOutputs(reg);
    for (int g = 0; g < kCodeRate; ++g) coded.push_back((out >> g) & 1);
  }
  return coded;
}

ViterbiOutput ViterbiDecode(const std::vector<float>& soft, uint16_t crc_mask) {
  ViterbiOutput result;
  if (soft.size() != static_cast<size_t>(kCodedBits)) return result;
  constexpr int kSteps = kInfoBits + kConstraintLength - 1;
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  // State = the K-1 most recent inputs (newest in the top bit).
  std::array<float, kStates> metric, next;
  metric.fill(kNegInf);
  metric[0] = 0.0f;
  std::vector<std::array<uint8_t, kStates>> from(kSteps);
  std::array<uint32_t, 2 * kStates> outputs{};
  for (uint32_t reg = 0; reg < 2 * kStates; ++reg) outputs[reg] = StepOutputs(reg);
  for (int t = 0; t < kSteps; ++t) {
    next.fill(kNegInf);
    const float* s = soft.data() + t * kCodeRate;
    for (int state = 0; state < kStates; ++state) {
      if (metric[state] == kNegInf) continue;
      for (uint32_t bit = 0; bit < 2; ++bit) {
        if (t >= kInfoBits && bit) continue;  // tail bits are zero
        const uint32_t reg = (static_cast<uint32_t>(state) | (bit << (kConstraintLength - 1)));
        const uint32_t out = outputs[reg];
        float m = metric[state];
        for (int g = 0; g < kCodeRate; ++g) m += ((out >> g) & 1) ? -s[g] : s[g];
        const int ns = static_cast<int>(reg >> 1);
        if (m > next[ns]) {
          next[ns] = m;
          from[t][ns] = static_cast<uint8_t>(state);
        }
      }
    }
    metric = next;
  }
  // The zero tail ends in state 0; trace back the input bits (newest bit of each new state).
  std::array<uint8_t, kSteps> bits{};
  int state = 0;
  for (int t = kSteps - 1; t >= 0; --t) {
    bits[t] = static_cast<uint8_t>((state >> (kConstraintLength - 2)) & 1);
    state = from[t][state];
  }
  uint64_t payload = 0;
  for (int i = 0; i < kPayloadBits; ++i) payload = (payload << 1) | bits[i];
  uint16_t crc = 0;
  for (int i = 0; i < kCrcBits; ++i) crc = static_cast<uint16_t>((crc << 1) | bits[kPayloadBits + i]);
  result.payload = payload;
  result.crc_ok = crc == PayloadCrc(payload, crc_mask);
  return result;
}

std::optional<uint64_t> DecodePayload(const std::vector<float>& soft, uint16_t crc_mask) {
  ViterbiOutput v = ViterbiDecode(soft, crc_mask);
  if (!v.crc_ok) return std::nullopt;
  return v.payload;
}

}  // namespace aigcmark::wm
