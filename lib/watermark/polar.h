// Punctured polar code with CRC-aided successive-cancellation list (SCL) decoding, for the
// watermark payload: K info bits (payload + keyed CRC, checked by the caller) in any number M of
// transmitted soft bits.
#ifndef AIGCMARK_WATERMARK_POLAR_H_
#define AIGCMARK_WATERMARK_POLAR_H_

#include <cstdint>
#include <vector>

namespace aigcmark::wm {

/// Largest list size DecodeList honours; larger requests are clamped to it.
inline constexpr int kPolarMaxListSize = 64;

/// A polar code of length N = 2^n >= M, punctured to M transmitted bits, carrying K info bits.
///
/// Convention: x = u·F^{⊗n} with F = [1 0; 1 1] and no bit-reversal permutation. The P = N - M
/// punctured coded bits are x_0 .. x_{P-1}, which is quasi-uniform puncturing (QUP, Niu et al.
/// 2013) restated for this convention; the transmitted bits are x_P .. x_{N-1} in order. The
/// frozen set holds the N - K least reliable bit channels under the Gaussian approximation at a
/// design Es/N0 of -9 dB per coded bit (noise sigma 2 on +-1 symbols, ~31% raw bit errors), with
/// punctured inputs at capacity 0 (so the P bit channels they disable are always frozen).
class PolarCode {
 public:
  /// K info bits in M transmitted bits; 1 <= K < M <= 4096. Builds the frozen set once.
  /// Out-of-range arguments give an empty code: transmitted_bits() == info_bits() == 0, and
  /// Encode and DecodeList return empty vectors.
  PolarCode(int transmitted_bits, int info_bits);
  int transmitted_bits() const { return transmitted_bits_; }
  int info_bits() const { return info_bits_; }
  /// M coded bits (0/1) for K info bits (any nonzero byte is a 1). Empty if info.size() != K.
  std::vector<uint8_t> Encode(const std::vector<uint8_t>& info) const;
  /// SCL decoding of M LLRs (> 0 favours 0; the global scale must not matter, so use min-sum).
  /// Returns up to `list_size` candidate info-bit vectors (each K bits), best path metric
  /// first. The caller checks its CRC on each candidate in order.
  /// Empty if llr.size() != M. list_size <= 0 is taken as 1 and is capped at kPolarMaxListSize;
  /// NaN LLRs count as 0 (no information), infinities as very confident.
  std::vector<std::vector<uint8_t>> DecodeList(const std::vector<float>& llr, int list_size) const;

 private:
  int transmitted_bits_ = 0;
  int info_bits_ = 0;
  int log_length_ = 0;               // n
  int length_ = 0;                   // N = 2^n
  std::vector<uint8_t> frozen_;      // per bit channel u_i: 1 = frozen to 0
  std::vector<int> info_positions_;  // the K unfrozen u indices, increasing
};

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_POLAR_H_
