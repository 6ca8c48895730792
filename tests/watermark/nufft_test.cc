// The non-uniform DFT (watermark/nufft.h) against the direct sum, at off-grid frequencies in
// the band the detector reads, on random and photo-like blocks of odd and even sizes.
#include "watermark/nufft.h"

#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

namespace aigcmark::wm {
namespace {

std::complex<double> Direct(const std::vector<float>& px, int stride, int w, int h, double wx, double wy) {
  std::complex<double> sum(0, 0);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) sum += static_cast<double>(px[y * stride + x]) * std::polar(1.0, -(wx * x + wy * y));
  }
  return sum;
}

TEST(Nufft, MatchesTheDirectSumOffTheGrid) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  struct Case {
    int w, h;
  };
  // Frames are 1.6x to 2.1x the block's longer side: 64, 128, 192, 256 and 512.
  for (const Case c : {Case{37, 23}, Case{64, 64}, Case{101, 80}, Case{160, 119}, Case{317, 160}}) {
    const int stride = c.w + 5;
    std::vector<float> px(static_cast<size_t>(stride) * c.h, 9999.0f);  // pitch padding never read
    for (int y = 0; y < c.h; ++y) {
      for (int x = 0; x < c.w; ++x) px[y * stride + x] = static_cast<float>(u(rng));
    }
    // A smooth host component too, so that errors relative to the spectrum's peak show up.
    for (int y = 0; y < c.h; ++y) {
      for (int x = 0; x < c.w; ++x) px[y * stride + x] += static_cast<float>(3 * std::sin(0.05 * x + 0.03 * y));
    }
    const PlaneDtft dtft(px.data(), stride, c.w, c.h);
    // Error relative to the white part's RMS spectrum, sqrt(w h / 3).
    const double rms = std::sqrt(c.w * c.h / 3.0);
    double worst = 0, sum2 = 0;
    int n = 0;
    for (int i = 0; i < 200; ++i) {
      // The detector reads 4..26 cycles per 128-pixel tile: 0.19..1.28 rad/px.
      const double r = 0.19 + 1.1 * (0.5 + 0.5 * u(rng)), a = std::numbers::pi * u(rng);
      const double wx = r * std::cos(a), wy = r * std::sin(a);
      const std::complex<double> want = Direct(px, stride, c.w, c.h, wx, wy);
      const std::complex<float> got = dtft.At(wx, wy);
      const double err = std::abs(std::complex<double>(got) - want) / rms;
      worst = std::max(worst, err);
      sum2 += err * err;
      ++n;
    }
    EXPECT_LT(worst, 0.05) << c.w << "x" << c.h;
    EXPECT_LT(std::sqrt(sum2 / n), 0.02) << c.w << "x" << c.h;
  }
}

TEST(Nufft, ExactOnGridFrequenciesOfAPureTone) {
  // A tone at a frequency the block holds a whole number of periods of.
  const int w = 96, h = 72;
  std::vector<float> px(w * h);
  const double wx = 2 * std::numbers::pi * 5 / w, wy = 2 * std::numbers::pi * 3 / h;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) px[y * w + x] = static_cast<float>(std::cos(wx * x + wy * y));
  }
  const PlaneDtft dtft(px.data(), w, w, h);
  const std::complex<float> peak = dtft.At(wx, wy);
  EXPECT_NEAR(peak.real(), w * h / 2.0, 0.02 * w * h / 2.0);
  EXPECT_NEAR(peak.imag(), 0.0, 0.02 * w * h / 2.0);
  EXPECT_LT(std::abs(dtft.At(wx + 2 * std::numbers::pi / w, wy)), 0.02 * w * h / 2.0);  // a null
}

}  // namespace
}  // namespace aigcmark::wm
