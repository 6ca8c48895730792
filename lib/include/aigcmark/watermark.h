// The invisible, keyed, frequency-domain watermark carrying a 64-bit payload.
//
// Scheme (v3): a keyed, band-limited tile of period 128 px (x an integer grid scale for images
// above ~2100 px short side) is added to luma with texture-adaptive strength. Its spectrum holds
// a keyed synchronisation pattern (176 bins) and the payload: 64 bits + keyed CRC-24 in a
// punctured polar code with one coded bit per remaining bin (738). Detection is blind: whiten
// and weight the residual by the mark's expected local amplitude, fold the periods into one tile
// (first on the embedding grid, then at the scales and angles where the power spectrum shows the
// mark's band comb, then, on small images, at small rotations directly), find the crop offset
// and orientation by phase correlation with the sync pattern, then list-decode the payload and
// check its CRC. The score is the sync correlation in standard deviations under "no watermark";
// `false_alarm` bounds the probability that an unmarked image scores as high, corrected for
// every searched hypothesis and, when a payload is reported, for every list decode and the CRC.
// `max_false_alarm` is shared by everything that can report: a payload at the embedding grid
// (1/4), a payload at any other geometry (1/2) and a mark without a readable payload (1/4).
// Marks made by earlier schemes (v1 before 2026-11-22, v2 before 2026-11-23) are not read.
#ifndef AIGCMARK_WATERMARK_H_
#define AIGCMARK_WATERMARK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "aigcmark/image.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// The documented public key used when none is given, so anyone can check the open scheme.
inline constexpr const char* kDefaultWatermarkKey = "aigcmark-public-key-v1";

struct WatermarkEmbedOptions {
  std::string key = kDefaultWatermarkKey;  ///< Seeds the pattern; detection needs the same key.
  /// Embedding strength multiplier in (0, 10]; 1.0 targets PSNR >= 42 dB on photos. Larger is
  /// more robust and more visible.
  float strength = 1.0f;
};

struct WatermarkDetectOptions {
  std::string key = kDefaultWatermarkKey;
  /// Declare "detected" only when the false-alarm probability is at most this (per image, for
  /// all the ways a detection can be reported together).
  double max_false_alarm = 1e-6;
};

/// Outcome of watermark detection.
struct WatermarkResult {
  bool detected = false;
  std::optional<uint64_t> payload;  ///< Set only when detected and the payload check passed.
  double score = 0.0;               ///< Detection statistic (larger is stronger).
  double false_alarm = 1.0;         ///< Probability that an unmarked image scores this high.
};

/// Embeds `payload` into an 8-bit gray/BGR/BGRA image in place (luma only; alpha untouched).
/// Images must be at least 32x32; detection needs about 256 px on the short side.
Status EmbedWatermark(Image& image, uint64_t payload, const WatermarkEmbedOptions& options = {});
/// Blind detection: no original needed; searches scale, rotation and crop offset.
StatusOr<WatermarkResult> DetectWatermark(const Image& image,
                                          const WatermarkDetectOptions& options = {});

/// Embeds into one 8-bit plane in place, e.g. the Y plane of a video frame (any stride).
Status EmbedWatermarkPlane(PlaneView luma, uint64_t payload,
                           const WatermarkEmbedOptions& options = {});
/// Detects in one 8-bit luma plane.
StatusOr<WatermarkResult> DetectWatermarkPlane(ConstPlaneView luma,
                                               const WatermarkDetectOptions& options = {});

/// Embeds one payload into many frames: the keyed tile is built once. Copyable (shares state);
/// Embed/EmbedPlane are const and safe to call from several threads. Each calling thread keeps
/// its float scratch (about 7 bytes per pixel of the largest plane it embedded) for the next
/// frame, so a video does not allocate and fault in fresh buffers per frame.
class WatermarkEmbedder {
 public:
  static StatusOr<WatermarkEmbedder> Create(uint64_t payload,
                                            const WatermarkEmbedOptions& options = {});
  Status Embed(Image& image) const;
  Status EmbedPlane(PlaneView luma) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

/// Multi-frame detection for video: the whitened residuals of frames of one size are summed,
/// so the static mark adds up while moving content averages out; Detect() searches the sum.
/// Frames whose size differs from the first are rejected (kInvalidArgument). Not thread-safe.
class WatermarkAccumulator {
 public:
  explicit WatermarkAccumulator(const WatermarkDetectOptions& options = {});
  ~WatermarkAccumulator();
  WatermarkAccumulator(WatermarkAccumulator&&) noexcept;
  WatermarkAccumulator& operator=(WatermarkAccumulator&&) noexcept;

  Status AddPlane(ConstPlaneView luma);
  Status AddImage(const Image& image);
  int frames() const;
  /// Detection on everything added so far (kFailedPrecondition when nothing was added).
  StatusOr<WatermarkResult> Detect() const;

 private:
  Status AddPixels(const uint8_t* pixels, ptrdiff_t stride, int channels, int width, int height);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// File to file: decode `in` (JPEG/PNG/WebP/TIFF), embed, encode to the format named by the
/// extension of `out` (the input's format when `out` has no extension; JPEG at the input's estimated quality, at least
/// 85, else 92), copy all of the input's metadata (EXIF, XMP incl. an AIGC label, IPTC, ICC),
/// and write `out` atomically. `out` must not be the input file. Pixels are 8-bit: an input
/// with wider samples (a 16-bit PNG or TIFF) is kUnsupported rather than silently reduced.
Status EmbedWatermarkFile(const std::string& in, const std::string& out, uint64_t payload,
                          const WatermarkEmbedOptions& options = {});

}  // namespace aigcmark

#endif  // AIGCMARK_WATERMARK_H_
