// The keyed watermark layout: which DFT bins of the period-N tile carry the sync pattern and
// which carry each coded payload bit, with keyed phases; and synthesis of the spatial tile.
#ifndef AIGCMARK_WATERMARK_LAYOUT_H_
#define AIGCMARK_WATERMARK_LAYOUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "watermark/codec.h"

namespace aigcmark::wm {

/// Tile period in pixels of the embedding grid.
inline constexpr int kTile = 128;

/// Largest radial frequency of the mark's band, in tile bins.
inline constexpr double kBandMaxRadius = 26.0;

/// One DFT bin (kx, ky) of the tile, in the half plane, with its keyed phase.
struct Bin {
  int kx = 0;
  int ky = 0;
  float phase = 0.0f;  ///< radians
  float amplitude = 1.0f;
};

struct Layout {
  std::vector<Bin> sync;                  ///< Known to the detector: synchronisation.
  std::vector<Bin> payload;               ///< One bin per coded payload bit.
  std::shared_ptr<const PayloadCode> code;  ///< Sized to `payload`.
  uint32_t crc_mask = 0;                  ///< 24 bits
};

/// Every (kx, ky) half-plane bin of the band the mark may use, for any key. The geometry search
/// uses this keyless set: it is symmetric under 90-degree rotation and mirroring, and avoids the
/// axes and the JPEG block-grid frequencies (multiples of kTile/8).
const std::vector<std::pair<int, int>>& BandBins();

/// The layout for a key (cached; thread-safe).
std::shared_ptr<const Layout> LayoutForKey(const std::string& key);

/// The unit-RMS spatial tile (kTile x kTile, row-major) carrying sync + coded bits.
std::vector<float> SynthesizeTile(const Layout& layout, const std::vector<uint8_t>& coded_bits);

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_LAYOUT_H_
