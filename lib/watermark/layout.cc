// Keyed layout derivation (SHA-256 of the key seeds a xoshiro256** generator) and tile synthesis
// by inverse DFT of the chosen band-limited spectrum.
#include "watermark/layout.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <numbers>

#include <opencv2/core.hpp>

#include "watermark/codec.h"

namespace aigcmark::wm {
namespace {

// Band of radial frequencies (in tile bins; cycles/pixel = r / kTile) carrying the mark: low
// enough to survive JPEG, blur and halving, high enough to stay invisible under masking.
constexpr double kMinRadius = 4.0;
constexpr double kMaxRadius = kBandMaxRadius;
// Bins on the JPEG 8x8 block grid frequencies (multiples of kTile/8) and on the axes are
// skipped: block artefacts put host energy there.
constexpr int kGridStep = kTile / 8;
constexpr int kSyncBins = 176;

class Xoshiro256 {
 public:
  explicit Xoshiro256(const uint8_t seed[32]) {
    for (int i = 0; i < 4; ++i) {
      s_[i] = 0;
      for (int b = 0; b < 8; ++b) s_[i] = (s_[i] << 8) | seed[8 * i + b];
    }
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  uint64_t Below(uint64_t n) { return Next() % n; }  // bias is negligible for n << 2^64
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

std::vector<std::pair<int, int>> MakeBandBins() {
  std::vector<std::pair<int, int>> bins;
  const int r = static_cast<int>(kMaxRadius);
  for (int ky = 0; ky <= r; ++ky) {
    for (int kx = -r; kx <= r; ++kx) {
      if (ky == 0 && kx <= 0) continue;  // half plane
      if (kx % kGridStep == 0 || ky % kGridStep == 0) continue;
      const double rad = std::hypot(kx, ky);
      if (rad < kMinRadius || rad > kMaxRadius) continue;
      bins.emplace_back(kx, ky);
    }
  }
  return bins;
}

std::shared_ptr<const Layout> BuildLayout(const std::string& key) {
  const std::string material = "aigcmark-watermark-v3\n" + key;
  uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest);
  Xoshiro256 rng(digest);
  auto layout = std::make_shared<Layout>();
  layout->crc_mask = static_cast<uint32_t>(rng.Next() & 0xFFFFFF);

  std::vector<Bin> bins;
  for (const auto& [kx, ky] : BandBins()) bins.push_back(Bin{kx, ky, 0.0f, 1.0f});
  // Keyed shuffle (Fisher-Yates) and keyed phases.
  for (size_t i = bins.size() - 1; i > 0; --i) std::swap(bins[i], bins[rng.Below(i + 1)]);
  for (Bin& b : bins) b.phase = static_cast<float>(2.0 * std::numbers::pi * rng.Unit());

  // Every remaining bin carries one coded bit of a code as long as the bins allow.
  layout->sync.assign(bins.begin(), bins.begin() + kSyncBins);
  layout->payload.assign(bins.begin() + kSyncBins, bins.end());
  layout->code = std::make_shared<PayloadCode>(static_cast<int>(layout->payload.size()));
  return layout;
}

}  // namespace

const std::vector<std::pair<int, int>>& BandBins() {
  static const std::vector<std::pair<int, int>> bins = MakeBandBins();
  return bins;
}

std::shared_ptr<const Layout> LayoutForKey(const std::string& key) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Layout>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  if (cache.size() > 64) cache.clear();
  auto layout = BuildLayout(key);
  cache.emplace(key, layout);
  return layout;
}

std::vector<float> SynthesizeTile(const Layout& layout, const std::vector<uint8_t>& coded_bits) {
  cv::Mat spec(kTile, kTile, CV_32FC2, cv::Scalar(0, 0));
  auto put = [&](const Bin& b, float sign) {
    const float re = sign * b.amplitude * std::cos(b.phase);
    const float im = sign * b.amplitude * std::sin(b.phase);
    const int x = (b.kx + kTile) % kTile, y = (b.ky + kTile) % kTile;
    spec.at<cv::Vec2f>(y, x) = cv::Vec2f(re, im);
    spec.at<cv::Vec2f>((kTile - y) % kTile, (kTile - x) % kTile) = cv::Vec2f(re, -im);
  };
  for (const Bin& b : layout.sync) put(b, 1.0f);
  for (size_t j = 0; j < layout.payload.size() && j < coded_bits.size(); ++j) {
    put(layout.payload[j], coded_bits[j] ? -1.0f : 1.0f);
  }
  cv::Mat spatial;
  cv::dft(spec, spatial, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
  std::vector<float> tile(kTile * kTile);
  double energy = 0.0;
  for (int y = 0; y < kTile; ++y) {
    for (int x = 0; x < kTile; ++x) {
      tile[y * kTile + x] = spatial.at<float>(y, x);
      energy += static_cast<double>(tile[y * kTile + x]) * tile[y * kTile + x];
    }
  }
  const float scale = energy > 0 ? static_cast<float>(1.0 / std::sqrt(energy / tile.size())) : 0.0f;
  for (float& v : tile) v *= scale;
  return tile;
}

}  // namespace aigcmark::wm
