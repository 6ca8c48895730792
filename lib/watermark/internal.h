// Internals shared by the watermark embedder, detector, tests and benches (not public API).
#ifndef AIGCMARK_WATERMARK_INTERNAL_H_
#define AIGCMARK_WATERMARK_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "aigcmark/watermark.h"
#include "watermark/layout.h"

namespace aigcmark::wm {

/// Perceptual mask m = clamp(activity / kActivityRef, kMaskLo, kMaskHi), where activity is the
/// local 7x7 mean of |Y - mean3x3(Y)|: flat areas get little, texture hides more. The detector
/// weights its residual by the same mask.
inline constexpr float kActivityRef = 5.0f;
inline constexpr float kMaskLo = 0.35f;
inline constexpr float kMaskHi = 1.6f;

/// Rotations searched, each way (radians): the band comb's angle grid and the direct scan of
/// small planes.
inline constexpr double kMaxSearchAngle = 3.2 * 3.14159265358979323846 / 180;

/// Integer scale of the embedding grid: the tile period is kTile * scale pixels, so that big
/// images keep the mark through the downscaling they usually get. 1 up to ~2100 px short side.
int GridScaleFor(int width, int height);

/// The tile resampled (periodic bilinear) to period kTile * scale.
std::vector<float> ScaledTile(const std::vector<float>& tile, int scale);

/// Embeds a unit-RMS tile of period `period` into interleaved 8-bit pixels (luma only),
/// with texture-adaptive amplitude. Returns the RMS of the luma delta before rounding.
double EmbedTile(uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height,
                 const std::vector<float>& tile, int period, float strength);

/// `v` holds at least n floats (per-thread scratch: never shrinks, never clears the reused part).
inline float* AtLeast(std::vector<float>& v, size_t n) {
  if (v.size() < n) v.resize(n);
  return v.data();
}

/// A float plane, tightly packed.
struct Plane {
  int width = 0;
  int height = 0;
  std::vector<float> px;
  float* row(int y) { return px.data() + static_cast<size_t>(y) * width; }
  const float* row(int y) const { return px.data() + static_cast<size_t>(y) * width; }
};

/// The locally normalised residual of the detection region of an 8-bit image, at working
/// scale (the central region, downscaled by GridScaleFor for big images).
Plane WhitenedRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                     int height);
/// The same into `out`, whose buffer is reused when large enough.
void WhitenedRegionInto(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height, Plane& out);
/// Adds the whitened region of a frame to `sum`, which holds the (summed) whitened regions of
/// frames of the same width and height; one pass, no per-frame residual plane.
void AccumulateWhitenedRegion(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                              int height, Plane& sum);

/// The detection region of an 8-bit image as luma at working scale (what the front end
/// whitens), and the mask of pixels near padding (rotation corners, letterbox bars) that it
/// leaves out: width * height bytes, nonzero near padding, empty when there is none. For tests.
Plane RegionLumaForTest(const uint8_t* pixels, ptrdiff_t stride, int channels, int width,
                        int height);
std::vector<uint8_t> PaddingMask(const Plane& luma);

/// A lattice hypothesis: image-space vectors (working pixels) of the two tile axes.
struct Lattice {
  double v1x = kTile, v1y = 0, v2x = 0, v2y = kTile;
  double score = 0;
};

/// Candidate lattices from the band comb of the power spectrum, best first; `score` is the comb
/// sum in robust sigmas over the searched grid. `scale_only`: scales 0.42-2.2 at angle 0;
/// `rotated`: the same scales and angles within about 3 degrees.
struct CombLatticeSets {
  std::vector<Lattice> scale_only, rotated;
};
CombLatticeSets CombLattices(const Plane& white, int max_scale_only, int max_rotated);

/// The plane resampled so that the kTile lattice rotated by `theta` radians (small: within
/// kMaxSearchAngle) becomes the tile grid, over at most `max_area` pixels around its centre,
/// folded into a kTile x kTile tile. The same fold as a 2-D warp with bilinear interpolation
/// would give up to the interpolation, done as three shears (whole rows and columns moved by
/// sub-pixel amounts, simd/lerp.h), several times cheaper. At theta == 0 the window is folded
/// as it is (no interpolation at all).
std::vector<float> FoldRotated(const Plane& p, double theta, double max_area);
/// Same on a float plane view (`stride` in elements).
std::vector<float> FoldRotated(const float* px, ptrdiff_t stride, int width, int height,
                               double theta, double max_area);
/// The window FoldRotated reads: the plane shrunk around its centre to at most `max_area`
/// pixels (x, y, w, h).
struct Window {
  int x, y, w, h;
};
Window RotationWindow(int width, int height, double max_area);

/// Everything the search found, for diagnostics and benches.
struct SearchDetail {
  WatermarkResult result;
  uint64_t ml_payload = 0;  ///< Most likely payload at the best sync (even if the CRC failed).
  int attempts = 0;         ///< Geometry hypotheses folded and searched.
  Lattice lattice;          ///< Geometry of the best attempt.
};

/// Runs the full search (identity grid first, then band-comb lattices) on a whitened plane.
SearchDetail SearchWhitened(const Plane& white, const Layout& layout, double max_false_alarm);

/// Folds at one given lattice only and decodes (the "oracle geometry" of the robustness bench:
/// separates geometry-search misses from signal misses).
SearchDetail DecodeAtLattice(const Plane& white, const Layout& layout, const Lattice& lattice,
                             double max_false_alarm);

/// Upper-tail probability of the standard normal, accurate far into the tail.
double NormalTail(double z);

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_INTERNAL_H_
