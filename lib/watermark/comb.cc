// Geometry search by the band comb: the mark puts energy on every bin of a keyless band of the
// tile's DFT, so the power spectrum of a scaled/rotated marked image has excess energy on the
// same ~900 frequencies, scaled and rotated. Summing the normalised power over those points for
// every (scale, angle) on a grid is a matched filter over the whole band, which sees the mark on
// small photos where single autocorrelation peaks are buried. The sum depends only on spectral
// magnitudes, while the sync test that follows uses only phases, so choosing which geometries to
// fold does not bias the sync statistic.
#include <algorithm>
#include <complex>
#include <cstdint>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "simd/comb_gather.h"
#include "watermark/fft.h"
#include "watermark/internal.h"
#include "watermark/layout.h"

namespace aigcmark::wm {
namespace {

constexpr int kMaxData = 512;           // working pixels per side transformed (small planes)
constexpr int kMaxDataDecimated = 384;  // same, for large planes decimated 2x
constexpr int kDecimateAbove = 640;     // short side above which the plane is decimated
constexpr double kMinCombScale = 0.42;  // range of scale changes searched (1080p -> 480p is 0.444)
constexpr double kMaxCombScale = 2.2;
constexpr double kMinDecimatedScale = 0.55;  // decimated planes lose the band below this
constexpr float kClip = 10.0f;          // normalised power is clipped (host outliers)
constexpr float kQuant = 255.0f / kClip;
constexpr double kNullAngles[] = {18, 36, 54, 72};  // degrees: the comb's baseline per scale
constexpr int kNullStride = 3;          // the baseline is sampled at every third grid scale
constexpr int kNullSpan = 4;            // grid scales averaged on each side for the baseline
constexpr int kNullMinSide = 384;       // planes with a shorter side get no baseline (measured:
                                        // no help there, and it cost a few small photos)

// Normalised power spectrum of the central data region, zero-padded about 2x so that off-bin
// lattice frequencies lose little power to the nearest sample; plus a 3x3-max version for the
// coarse grid. Stored as bytes so the random lookups of the comb stay in cache.
struct Spectrum {
  int f = 0;        // frame size
  cv::Mat power;    // f x f CV_8U, circularly indexed by (fy, fx)
  cv::Mat dilated;  // 3x3 maximum of power (scale-only grid)
  cv::Mat wide;     // 5x5 maximum of power (scale x angle grid, twice as coarse)
  bool baseline = false;  // searched against the per-scale baseline (NullLevels)
};

// `data`: the dw x dh region to transform (row stride in floats).
Spectrum ComputeSpectrum(const float* data, ptrdiff_t stride, int dw, int dh) {
  Spectrum s;
  const int f = FastFftSize(2 * std::max(dw, dh));
  s.f = f;
  const int half = f / 2 + 1;
  // The half spectrum by column (kx), reused per thread, as are the power and the ring index
  // of every bin (integer radius) in the same layout: bin i is (ky, kx) = (i % f, i / f).
  thread_local HalfSpectrum spec;
  thread_local std::vector<float> power;
  thread_local std::vector<uint16_t> ring_idx;
  thread_local std::vector<int> ring_count;  // bins per ring
  thread_local int ring_f = 0;
  const size_t bins = static_cast<size_t>(half) * f;
  power.resize(bins);
  RealFft2dHalf(data, stride, dw, dh, f, spec);
  if (ring_f != f) {
    ring_idx.resize(bins);
    ring_count.assign(f, 0);
    for (int x = 0; x < half; ++x) {
      uint16_t* ri = ring_idx.data() + static_cast<size_t>(x) * f;
      for (int y = 0; y < f; ++y) {
        const int fy = y <= f / 2 ? y : y - f;
        ri[y] = static_cast<uint16_t>(std::sqrt(static_cast<float>(x * x + fy * fy)));
        ++ring_count[ri[y]];
      }
    }
    ring_f = f;
  }
  // Ring means of the power (host spectra fall with radius), from the half plane. Four
  // interleaved partial sums: adjacent bins mostly share a ring, and one array made each add
  // wait for the previous one's store.
  std::vector<double> part(4 * static_cast<size_t>(f), 0.0);
  const std::complex<float>* spectrum = spec.column(0);  // the columns are contiguous
  for (size_t i = 0; i < bins; ++i) {
    power[i] = std::norm(spectrum[i]);
    part[4 * ring_idx[i] + (i & 3)] += power[i];
  }
  std::vector<float> ring(f, 0.0f);
  for (int i = 0; i < f; ++i) {
    const double sum = part[4 * i] + part[4 * i + 1] + part[4 * i + 2] + part[4 * i + 3];
    ring[i] = sum > 0 ? static_cast<float>(ring_count[i] / sum) : 0.0f;
  }
  // Axes carry the leakage of the region's edges: neutralise a few bins around them (columns
  // kx < axis, and rows |ky| < axis of every column). The quantised half plane is built
  // transposed, like the spectrum, then transposed into place.
  const int axis = 4;
  const auto neutral = static_cast<uint8_t>(1.0f * kQuant + 0.5f);
  thread_local cv::Mat quant_t;
  quant_t.create(half, f, CV_8U);
  for (int x = 0; x < half; ++x) {
    const float* p = power.data() + static_cast<size_t>(x) * f;
    const uint16_t* ri = ring_idx.data() + static_cast<size_t>(x) * f;
    uint8_t* q = quant_t.ptr<uint8_t>(x);
    if (x < axis) {
      std::fill(q, q + f, neutral);
      continue;
    }
    std::fill(q, q + axis, neutral);
    std::fill(q + f - axis + 1, q + f, neutral);
    for (int y = axis; y <= f - axis; ++y) {
      const float v = std::min(kClip, p[y] * ring[ri[y]]);
      q[y] = static_cast<uint8_t>(v * kQuant + 0.5f);
    }
  }
  s.power.create(f, f, CV_8U);
  cv::Mat left = s.power(cv::Rect(0, 0, half, f));
  cv::transpose(quant_t, left);
  CV_Assert(left.data == s.power.data);  // transposed in place, not reallocated
  // Mirror into the other half plane (real input: P(-f) = P(f)): P(y, x) = P(f - y, f - x) for
  // x >= half, a flip of columns 1..f-half about both axes (row 0 maps to itself: flipped
  // about the vertical axis only). cv::flip is vectorised; a byte loop was 1% of a detect.
  const int right = f - half;
  cv::flip(s.power(cv::Rect(1, 1, right, f - 1)), s.power(cv::Rect(half, 1, right, f - 1)), -1);
  cv::flip(s.power(cv::Rect(1, 0, right, 1)), s.power(cv::Rect(half, 0, right, 1)), 1);
  cv::Mat padded;
  cv::copyMakeBorder(s.power, padded, 2, 2, 2, 2, cv::BORDER_WRAP);
  cv::Mat dil;
  cv::dilate(padded, dil, cv::Mat::ones(3, 3, CV_8U));
  s.dilated = dil(cv::Rect(2, 2, f, f)).clone();
  cv::dilate(padded, dil, cv::Mat::ones(5, 5, CV_8U));
  s.wide = dil(cv::Rect(2, 2, f, f)).clone();
  return s;
}

struct Comb {
  std::vector<float> kx, ky;  // band bins, tile units
};

const Comb& BandComb() {
  static const Comb comb = [] {
    Comb c;
    for (const auto& [x, y] : BandBins()) {
      c.kx.push_back(static_cast<float>(x));
      c.ky.push_back(static_cast<float>(y));
    }
    return c;
  }();
  return comb;
}

// Mean normalised power on the comb at scale `sc` and angle `th` (radians). Lattice
// frequencies stay below Nyquist, as simd::CombGatherSum requires.
double CombSum(const cv::Mat& m, int f, double sc, double th) {
  const Comb& c = BandComb();
  const float a = static_cast<float>(std::cos(th) * f / (kTile * sc));
  const float b = static_cast<float>(std::sin(th) * f / (kTile * sc));
  const size_t n = c.kx.size();
  const uint32_t acc = simd::CombGatherSum(m.ptr<uint8_t>(0), f, c.kx.data(), c.ky.data(), n, a, b);
  return acc / kQuant / static_cast<double>(n);
}

// The comb's level on unmarked spectrum at scale `sc`: its mean at angles the mark never takes
// (it is axis-aligned within kMaxSearchAngle, and the comb repeats every 90 degrees); 0 when
// `on` is false.
double NullLevel(const cv::Mat& m, int f, double sc, bool on) {
  if (!on) return 0;
  constexpr double kDeg = 3.14159265358979323846 / 180;
  double sum = 0;
  for (double deg : kNullAngles) sum += CombSum(m, f, sc, deg * kDeg);
  return sum / std::size(kNullAngles);
}

// NullLevel for each scale of a geometric grid: sampled at every kNullStride-th scale and
// averaged over the samples within kNullSpan grid scales on each side (the level varies slowly
// with scale; the average keeps its noise small).
std::vector<double> NullLevels(const cv::Mat& m, int f, const std::vector<double>& scales, bool on) {
  const int n = static_cast<int>(scales.size());
  std::vector<double> raw(n), out(n);
  if (!on) return out;
  for (int i = 0; i < n; i += kNullStride) raw[i] = NullLevel(m, f, scales[i], on);
  for (int i = 0; i < n; ++i) {
    const int a = std::max(0, i - kNullSpan), b = std::min(n - 1, i + kNullSpan);
    double sum = 0;
    int count = 0;
    for (int k = a; k <= b; ++k) {
      if (k % kNullStride == 0) {
        sum += raw[k];
        ++count;
      }
    }
    out[i] = sum / count;
  }
  return out;
}

// `lo`..`hi`: scale range in the spectrum's pixels; lattices are returned x `unit`.
// `wide`: search angles on the twice-coarser 5x5-maximum grid (large planes, to bound the cost).
std::vector<Lattice> CombSearch(const Spectrum& s, double lo, double hi, double unit,
                                int max_candidates, bool with_rotation, bool wide) {
  std::vector<Lattice> out;
  const int f = s.f;
  // Grid steps: a lattice frequency of radius r moves by r * step, which must stay within about
  // one frame bin (scale only, 3x3 maximum), two bins (with angle, 5x5 maximum) or half a bin
  // (fine).
  const double r_max = kBandMaxRadius / kTile * f;  // frame bins at scale 1
  const bool use_wide = with_rotation && wide;
  const double coarse = (use_wide ? 3.2 : 1.6) / r_max;  // relative, at scale 1 (x sc)
  const cv::Mat& grid = use_wide ? s.wide : s.dilated;
  struct Hyp {
    double score, sc, th;
  };
  std::vector<double> scales;
  for (double sc = lo; sc <= hi; sc *= 1 + coarse * sc) scales.push_back(sc);
  // The host's own level on the comb changes with scale (the lattice's radii move through the
  // spectrum's structure): without this baseline, upscaled marks lost to host levels at other
  // scales.
  const std::vector<double> base = NullLevels(grid, f, scales, s.baseline);
  std::vector<Hyp> hyps;
  for (size_t i = 0; i < scales.size(); ++i) {
    const double sc = scales[i];
    const int n_th =
        with_rotation ? static_cast<int>(std::ceil(kMaxSearchAngle / (coarse * sc))) : 0;
    for (int j = -n_th; j <= n_th; ++j) {
      const double th = n_th ? j * kMaxSearchAngle / n_th : 0.0;
      hyps.push_back({CombSum(grid, f, sc, th) - base[i], sc, th});
    }
  }
  if (hyps.size() < 8) return out;
  // Null statistics of the coarse sums (almost every hypothesis is wrong).
  std::vector<double> v;
  for (const Hyp& h : hyps) v.push_back(h.score);
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  const double med = v[v.size() / 2];
  for (double& x : v) x = std::fabs(x - med);
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  const double mad = std::max(1e-9, 1.4826 * v[v.size() / 2]);
  std::sort(hyps.begin(), hyps.end(), [](const Hyp& a, const Hyp& b) { return a.score > b.score; });
  std::vector<Hyp> picked;
  for (const Hyp& h : hyps) {
    if (static_cast<int>(picked.size()) >= max_candidates) break;
    bool dup = false;
    for (const Hyp& p : picked) {
      if (std::fabs(std::log(h.sc / p.sc)) < 3 * coarse * h.sc && std::fabs(h.th - p.th) < 3 * coarse * h.sc) {
        dup = true;
      }
    }
    if (!dup) picked.push_back(h);
  }
  for (Hyp h : picked) {
    // Fine climb on the undilated spectrum.
    double step = coarse * h.sc * 0.5;
    double best = CombSum(s.power, f, h.sc, h.th);
    for (int it = 0; it < (use_wide ? 4 : 3); ++it, step *= 0.5) {
      for (int k = 0; k < 2; ++k) {
        bool moved = true;
        while (moved) {
          moved = false;
          for (int dir : {-1, 1}) {
            const double sc = k == 0 ? h.sc * (1 + dir * step) : h.sc;
            const double th = k == 1 && with_rotation ? h.th + dir * step : h.th;
            if (sc == h.sc && th == h.th) continue;
            const double v2 = CombSum(s.power, f, sc, th);
            if (v2 > best) {
              best = v2;
              h.sc = sc;
              h.th = th;
              moved = true;
            }
          }
        }
      }
    }
    // A comb at half the scale shares every other frequency with the true one: prefer the
    // double scale when it explains the spectrum better.
    if (h.sc * 2 <= hi &&
        CombSum(s.power, f, h.sc * 2, h.th) - NullLevel(s.power, f, h.sc * 2, s.baseline) >
            best - NullLevel(s.power, f, h.sc, s.baseline)) {
      h.sc *= 2;
    }
    const double p = kTile * h.sc * unit;
    Lattice l;
    l.v1x = p * std::cos(h.th);
    l.v1y = p * std::sin(h.th);
    l.v2x = -l.v1y;
    l.v2y = l.v1x;
    l.score = (h.score - med) / mad;
    out.push_back(l);
  }
  return out;
}

}  // namespace

CombLatticeSets CombLattices(const Plane& white, int max_scale_only, int max_rotated) {
  CombLatticeSets sets;
  if (white.width < 64 || white.height < 64) return sets;
  // Large planes: decimate 2x so the transform covers more of the image for the same cost; the
  // scales where the band would alias are left out (such planes were rarely shrunk that much).
  // Only the central region that is transformed is decimated: INTER_AREA at exactly 2x averages
  // each 2x2 block on its own, so this equals cropping the decimated plane.
  if (std::min(white.width, white.height) > kDecimateAbove) {
    const int hw = white.width / 2, hh = white.height / 2;
    const int dw = std::min(hw, kMaxDataDecimated), dh = std::min(hh, kMaxDataDecimated);
    const cv::Mat src(white.height, white.width, CV_32F, const_cast<float*>(white.px.data()));
    thread_local cv::Mat dst;
    cv::resize(src(cv::Rect(2 * ((hw - dw) / 2), 2 * ((hh - dh) / 2), 2 * dw, 2 * dh)), dst,
               cv::Size(dw, dh), 0, 0, cv::INTER_AREA);
    Spectrum s = ComputeSpectrum(dst.ptr<float>(0), static_cast<ptrdiff_t>(dst.step1()), dw, dh);
    s.baseline = true;  // short side > kDecimateAbove >= kNullMinSide
    sets.scale_only = CombSearch(s, kMinDecimatedScale / 2, kMaxCombScale / 2, 2.0, max_scale_only, false, true);
    sets.rotated = CombSearch(s, kMinDecimatedScale / 2, kMaxCombScale / 2, 2.0, max_rotated, true, true);
    return sets;
  }
  const int dw = std::min(white.width, kMaxData), dh = std::min(white.height, kMaxData);
  Spectrum s = ComputeSpectrum(white.row((white.height - dh) / 2) + (white.width - dw) / 2, white.width,
                               dw, dh);
  s.baseline = std::min(white.width, white.height) >= kNullMinSide;
  sets.scale_only = CombSearch(s, kMinCombScale, kMaxCombScale, 1.0, max_scale_only, false, false);
  sets.rotated = CombSearch(s, kMinCombScale, kMaxCombScale, 1.0, max_rotated, true, false);
  return sets;
}

}  // namespace aigcmark::wm
