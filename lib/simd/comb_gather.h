// The band comb's inner loop: sum a byte table at the points of a scaled and rotated lattice.
// Highway dispatch + scalar reference.
#ifndef AIGCMARK_SIMD_COMB_GATHER_H_
#define AIGCMARK_SIMD_COMB_GATHER_H_

#include <cstddef>
#include <cstdint>

namespace aigcmark::simd {

/// Sum over i < n of table[iy * f + ix], where, in float arithmetic without fused multiply-add,
///   fx = a * kx[i] - b * ky[i],  fy = b * kx[i] + a * ky[i],
///   ix = int(fx + (f + 0.5f)) and iy = int(fy + (f + 0.5f)), each minus f when >= f
/// (round to nearest, one circular wrap). Requires |fx|, |fy| < f - 1 for every point and
/// f * f <= 2^23. Exact: every target returns the reference.
uint32_t CombGatherSum(const uint8_t* table, int f, const float* kx, const float* ky, size_t n,
                       float a, float b);

namespace reference {
uint32_t CombGatherSum(const uint8_t* table, int f, const float* kx, const float* ky, size_t n,
                       float a, float b);
}  // namespace reference

}  // namespace aigcmark::simd

#endif  // AIGCMARK_SIMD_COMB_GATHER_H_
