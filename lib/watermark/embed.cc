// Embedding: a keyed periodic tile added to luma with texture-adaptive (masked) amplitude.
#include <algorithm>
#include <cmath>
#include <deque>
#include <mutex>
#include <vector>

#include "aigcmark/watermark.h"
#include "simd/color.h"
#include "simd/filter.h"
#include "simd/fold.h"
#include "watermark/codec.h"
#include "watermark/internal.h"
#include "watermark/layout.h"

namespace aigcmark {
namespace wm {
namespace {

// Delta = strength * kGain * m * tile (tile has unit RMS), capped at strength * kMaxRms RMS.
constexpr float kGain = 2.86f;
constexpr float kMaxRms = 2.0f;
// Rows per strip when computing the activity map (bounds the float scratch memory).
constexpr int kStripRows = 256;
constexpr int kHalo = 4;  // box radius 1 then 3

// Per-thread scratch of the embedder, grown to the largest plane this thread has embedded and
// then reused: a 1080p frame needs ~14 MB, and fresh buffers per video frame cost more in page
// faults than the filtering itself. Per thread, so a shared embedder stays safe to call
// concurrently.
struct EmbedScratch {
  std::vector<float> act, luma, mean, absdev, delta;
};

EmbedScratch& ThreadScratch() {
  thread_local EmbedScratch scratch;
  return scratch;
}

// Local activity map of the whole image into `act`, computed in strips with a halo so that it
// equals the full-frame filter result.
void ActivityMap(const uint8_t* pixels, ptrdiff_t stride, int channels, int w, int h,
                 EmbedScratch& s, float* act) {
  const size_t strip = static_cast<size_t>(w) * std::min(h, kStripRows + 2 * kHalo);
  float* luma = AtLeast(s.luma, strip);
  float* mean = AtLeast(s.mean, strip);
  float* absdev = AtLeast(s.absdev, strip);
  for (int y0 = 0; y0 < h; y0 += kStripRows) {
    const int y1 = std::min(h, y0 + kStripRows);
    const int a = std::max(0, y0 - kHalo), b = std::min(h, y1 + kHalo);
    const int rows = b - a;
    simd::LumaFromU8(pixels + a * stride, stride, channels, w, rows, luma, w);
    simd::BoxMeanAbsDev(luma, w, w, rows, 1, mean, w, absdev, w);
    simd::BoxMean(absdev, w, w, rows, 3, mean, w);
    std::copy(mean + static_cast<ptrdiff_t>(y0 - a) * w, mean + static_cast<ptrdiff_t>(y1 - a) * w,
              act + static_cast<ptrdiff_t>(y0) * w);
  }
}

}  // namespace

int GridScaleFor(int width, int height) {
  const int short_side = std::min(width, height);
  return std::max(1, (short_side + 720) / 1440);
}

std::vector<float> ScaledTile(const std::vector<float>& tile, int scale) {
  if (scale <= 1) return tile;
  const int p = kTile * scale;
  std::vector<float> out(static_cast<size_t>(p) * p);
  for (int y = 0; y < p; ++y) {
    const double fy = (y + 0.5) / scale - 0.5;
    const int y0 = static_cast<int>(std::floor(fy));
    const float ty = static_cast<float>(fy - y0);
    const int ya = (y0 + kTile) % kTile, yb = (y0 + 1 + kTile) % kTile;
    for (int x = 0; x < p; ++x) {
      const double fx = (x + 0.5) / scale - 0.5;
      const int x0 = static_cast<int>(std::floor(fx));
      const float tx = static_cast<float>(fx - x0);
      const int xa = (x0 + kTile) % kTile, xb = (x0 + 1 + kTile) % kTile;
      const float top = tile[ya * kTile + xa] * (1 - tx) + tile[ya * kTile + xb] * tx;
      const float bot = tile[yb * kTile + xa] * (1 - tx) + tile[yb * kTile + xb] * tx;
      out[static_cast<size_t>(y) * p + x] = top * (1 - ty) + bot * ty;
    }
  }
  // Bilinear resampling lowers the RMS slightly; restore unit RMS.
  double e = simd::Dot(out.data(), out.data(), out.size());
  const float s = e > 0 ? static_cast<float>(1.0 / std::sqrt(e / out.size())) : 0.0f;
  for (float& v : out) v *= s;
  return out;
}

double EmbedTile(uint8_t* pixels, ptrdiff_t stride, int channels, int w, int h,
                 const std::vector<float>& tile, int period, float strength) {
  EmbedScratch& scratch = ThreadScratch();
  const size_t count = static_cast<size_t>(w) * h;
  float* act = AtLeast(scratch.act, count);
  ActivityMap(pixels, stride, channels, w, h, scratch, act);
  // RMS of the mask (the tile has unit RMS and is independent of it) sets the cap.
  double sum_m2 = 0.0;
  for (size_t i = 0; i < count; ++i) {
    const float m = std::clamp(act[i] * (1.0f / kActivityRef), kMaskLo, kMaskHi);
    sum_m2 += static_cast<double>(m) * m;
  }
  float gain = strength * kGain;
  const double rms = gain * std::sqrt(sum_m2 / std::max<size_t>(1, count));
  if (rms > strength * kMaxRms) gain *= static_cast<float>(strength * kMaxRms / rms);
  float* delta = AtLeast(scratch.delta, static_cast<size_t>(w));
  for (int y = 0; y < h; ++y) {
    const float* tile_row = tile.data() + static_cast<size_t>(y % period) * period;
    simd::ModulatePeriodicRow(act + static_cast<size_t>(y) * w, tile_row, period, 0,
                              1.0f / kActivityRef, kMaskLo, kMaskHi, gain, delta,
                              static_cast<size_t>(w));
    simd::AddLumaDeltaU8(pixels + y * stride, stride, channels, w, 1, delta, w);
  }
  return std::min(rms, static_cast<double>(strength * kMaxRms));
}

}  // namespace wm

namespace {

Status CheckEmbedArgs(int width, int height, int channels, float strength) {
  if (channels != 1 && channels != 3 && channels != 4) {
    return InvalidArgumentError("watermark needs a gray, BGR or BGRA 8-bit image");
  }
  if (width < 32 || height < 32) {
    return InvalidArgumentError("image is too small for the watermark (" + std::to_string(width) +
                                "x" + std::to_string(height) + ", need at least 32x32)");
  }
  if (!(strength > 0.0f) || strength > 10.0f) {
    return InvalidArgumentError("watermark strength must be in (0, 10]");
  }
  return Status::Ok();
}

}  // namespace

struct WatermarkEmbedder::Impl {
  std::vector<float> tile;  // period kTile
  float strength = 1.0f;
  mutable std::mutex mu;
  mutable std::deque<std::pair<int, std::vector<float>>> scaled;  // grid scale -> tile (stable refs)

  // The tile for a grid scale, resampled once and cached.
  const std::vector<float>& TileFor(int scale) const {
    if (scale <= 1) return tile;
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& [s, t] : scaled) {
      if (s == scale) return t;
    }
    scaled.emplace_back(scale, wm::ScaledTile(tile, scale));
    return scaled.back().second;
  }
};

StatusOr<WatermarkEmbedder> WatermarkEmbedder::Create(uint64_t payload,
                                                      const WatermarkEmbedOptions& options) {
  if (options.key.empty()) return InvalidArgumentError("watermark key is empty");
  if (!(options.strength > 0.0f) || options.strength > 10.0f) {
    return InvalidArgumentError("watermark strength must be in (0, 10]");
  }
  auto layout = wm::LayoutForKey(options.key);
  auto impl = std::make_shared<Impl>();
  impl->tile = wm::SynthesizeTile(*layout, layout->code->Encode(payload, layout->crc_mask));
  impl->strength = options.strength;
  WatermarkEmbedder e;
  e.impl_ = std::move(impl);
  return e;
}

Status WatermarkEmbedder::Embed(Image& image) const {
  if (!impl_) return FailedPreconditionError("watermark embedder is not initialised");
  AIGCMARK_RETURN_IF_ERROR(
      CheckEmbedArgs(image.width, image.height, image.channels, impl_->strength));
  if (image.pixels.size() < image.stride() * image.height) {
    return InvalidArgumentError("image buffer is smaller than its dimensions");
  }
  const int scale = wm::GridScaleFor(image.width, image.height);
  wm::EmbedTile(image.pixels.data(), static_cast<ptrdiff_t>(image.stride()), image.channels,
                image.width, image.height, impl_->TileFor(scale), wm::kTile * scale,
                impl_->strength);
  return Status::Ok();
}

Status WatermarkEmbedder::EmbedPlane(PlaneView luma) const {
  if (!impl_) return FailedPreconditionError("watermark embedder is not initialised");
  AIGCMARK_RETURN_IF_ERROR(CheckEmbedArgs(luma.width, luma.height, 1, impl_->strength));
  if (luma.data == nullptr || luma.stride < luma.width) {
    return InvalidArgumentError("luma plane view is empty or its stride is too small");
  }
  const int scale = wm::GridScaleFor(luma.width, luma.height);
  wm::EmbedTile(luma.data, luma.stride, 1, luma.width, luma.height, impl_->TileFor(scale),
                wm::kTile * scale, impl_->strength);
  return Status::Ok();
}

Status EmbedWatermark(Image& image, uint64_t payload, const WatermarkEmbedOptions& options) {
  AIGCMARK_ASSIGN_OR_RETURN(WatermarkEmbedder e, WatermarkEmbedder::Create(payload, options));
  return e.Embed(image);
}

Status EmbedWatermarkPlane(PlaneView luma, uint64_t payload, const WatermarkEmbedOptions& options) {
  AIGCMARK_ASSIGN_OR_RETURN(WatermarkEmbedder e, WatermarkEmbedder::Create(payload, options));
  return e.EmbedPlane(luma);
}

}  // namespace aigcmark
