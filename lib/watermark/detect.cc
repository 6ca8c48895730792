// Blind detection: whiten -> fold (embedding grid, then band-comb geometries) -> phase
// correlation with the keyed sync pattern over 8 orientations and all crop offsets -> soft
// CRC-aided list decoding of the polar-coded payload; with a false-alarm bound that counts every hypothesis searched.
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <functional>
#include <memory>
#include <numbers>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "aigcmark/watermark.h"
#include "simd/fold.h"
#include "watermark/codec.h"
#include "watermark/fft.h"
#include "watermark/internal.h"
#include "watermark/layout.h"
#include "watermark/nufft.h"

namespace aigcmark {
namespace wm {
namespace {

constexpr int kCombScales = 4;               // comb hypotheses folded, scale only
constexpr int kCombRotations = 6;            // comb hypotheses folded, scale and angle
constexpr double kMinCombScore = 3.0;        // comb sigmas to fold a candidate beyond the first
constexpr double kFoldAllBelow = 0.4e6;      // plane area below which every candidate is folded
constexpr int kMaxRefineSteps = 12;          // coherent refinement folds around the best lattice
constexpr int kMaxAttempts = 1 + kCombScales + kCombRotations + kMaxRefineSteps;
// Direct scan of small rotations at scale 1 on small planes (upright orientation only).
constexpr int kMaxAngleScans = 48;
constexpr double kScanPhaseSlip = 0.7;  // radians of phase slip allowed across the plane
constexpr int kScanFolds = 3;           // scan angles folded: the prescreen's best
constexpr double kRefineFrom = 5.3;          // refine only above the null maximum (~4.85 sigma)
constexpr int kDihedral = 8;                 // 4 rotations x optional mirror
constexpr double kMaxCanonicalArea = 0.3e6;  // pixels folded per lattice hypothesis
constexpr double kMaxCanonicalAreaLarge = 0.2e6;  // same, for planes above kFoldAllBelow
// Smallest score ever called a detection, whatever the false-alarm arithmetic says.
constexpr double kMinScore = 4.5;

using Complex = std::complex<float>;

// Complex products without the C99 NaN/infinity recovery that std::complex's operator* adds
// (a branch per product; the sync test's offset evaluations were bound by it). Inputs here
// are finite.
inline Complex Mul(Complex a, Complex b) {
  return Complex(a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real());
}
inline float RealOfProduct(Complex a, Complex b) { return a.real() * b.real() - a.imag() * b.imag(); }

// The 8 orientation-preserving/reversing symmetries of the square lattice, as 2x2 integer
// matrices {a, b, c, d} = [[a, b], [c, d]].
constexpr std::array<std::array<int, 4>, kDihedral> kDihedralMats = {{
    {1, 0, 0, 1}, {0, -1, 1, 0}, {-1, 0, 0, -1}, {0, 1, -1, 0},
    {-1, 0, 0, 1}, {0, 1, 1, 0}, {1, 0, 0, -1}, {0, -1, -1, 0}}};

static_assert((kTile & (kTile - 1)) == 0, "Wrap masks: kTile is a power of two");
inline int Wrap(int v) { return v & (kTile - 1); }  // v mod kTile in [0, kTile)

// D^T k for dihedral index `di`.
inline void ApplyTransposed(int di, int kx, int ky, int* qx, int* qy) {
  const auto& m = kDihedralMats[di];
  *qx = m[0] * kx + m[2] * ky;
  *qy = m[1] * kx + m[3] * ky;
}

struct SyncHit {
  double z = -1e9;
  int dihedral = 0;
  double dx = 0, dy = 0;
};

// Spectrum of a folded tile, normalised two ways. Sync correlates phases only (robust to the
// strong periodic host components a fold keeps). Payload soft values divide each bin by the
// local noise level, the RMS of |X| over nearby bins (phase-only normalisation divides by the
// bin's own noisy magnitude, which costs ~1 dB at low SNR), clipped at kSoftClip so that a lone
// strong host line cannot outvote the code.
class TileSpectrum {
 public:
  explicit TileSpectrum(const std::vector<float>& tile) {
    // The half spectrum by libavutil's FFT; bins kx > kTile / 2 are the conjugate mirror
    // (real input).
    thread_local HalfSpectrum half;
    RealFft2dHalf(tile.data(), kTile, kTile, kTile, kTile, half);
    auto value = [](int ky, int kx) {
      return kx <= kTile / 2 ? half.column(kx)[ky] : std::conj(half.column(kTile - kx)[(kTile - ky) % kTile]);
    };
    phase_.resize(kTile * kTile);
    soft_.resize(kTile * kTile);
    thread_local cv::Mat power, padded, local;
    power.create(kTile, kTile, CV_32F);
    for (int kx = 0; kx <= kTile / 2; ++kx) {
      const Complex* col = half.column(kx);
      for (int ky = 0; ky < kTile; ++ky) {
        const float p = col[ky].real() * col[ky].real() + col[ky].imag() * col[ky].imag();
        power.at<float>(ky, kx) = p;
        if (kx > 0 && kx < kTile / 2) power.at<float>((kTile - ky) % kTile, kTile - kx) = p;
      }
    }
    // Phases and soft values only where bins are read: every layout bin, in any orientation,
    // lies within kBandMaxRadius of DC (the band's square is 1/6 of the tile).
    for (int y = 0; y < kTile; ++y) {
      if (!InBand(y)) continue;
      const float* pw = power.ptr<float>(y);
      for (int x = 0; x < kTile; ++x) {
        if (!InBand(x)) continue;
        // sqrt of the squared magnitude: std::abs of a complex calls hypotf, which guards
        // against overflow these magnitudes never reach and was 2.6% of a scan's CPU.
        const float mag = std::sqrt(pw[x]);
        const Complex v = value(y, x);
        phase_[y * kTile + x] = mag > 1e-20f ? Complex(v.real() / mag, v.imag() / mag) : Complex(0, 0);
      }
    }
    cv::copyMakeBorder(power, padded, kNoiseRadius, kNoiseRadius, kNoiseRadius, kNoiseRadius,
                       cv::BORDER_WRAP);
    cv::blur(padded, local, cv::Size(2 * kNoiseRadius + 1, 2 * kNoiseRadius + 1));
    for (int y = 0; y < kTile; ++y) {
      if (!InBand(y)) continue;
      const float* lp = local.ptr<float>(y + kNoiseRadius) + kNoiseRadius;
      const float* pw = power.ptr<float>(y);
      for (int x = 0; x < kTile; ++x) {
        if (!InBand(x)) continue;
        const float den = std::max(std::sqrt(lp[x]), std::sqrt(pw[x]) * (1.0f / kSoftClip));
        const Complex v = value(y, x);
        soft_[y * kTile + x] = den > 1e-20f ? Complex(v.real() / den, v.imag() / den) : Complex(0, 0);
      }
    }
  }
  Complex phase(int qx, int qy) const { return phase_[Wrap(qy) * kTile + Wrap(qx)]; }
  Complex soft(int qx, int qy) const { return soft_[Wrap(qy) * kTile + Wrap(qx)]; }

 private:
  // Tile row or column index whose frequency is within the band's radius.
  static bool InBand(int i) { return std::min(i, kTile - i) <= static_cast<int>(kBandMaxRadius); }
  static constexpr int kNoiseRadius = 3;  // 7x7 bins estimate a bin's noise power
  static constexpr float kSoftClip = 3.0f;
  std::vector<Complex> phase_, soft_;
};

// Best sync correlation over all orientations and circular offsets. The correlation surface
// c(d) = sum over sync bins of g(k) e^{2 pi i k.d / kTile} is band-limited to |kx|, |ky| <=
// kBandMaxRadius < kTile / 4, so its values at even offsets are exactly the inverse DFT of g on
// a kTile/2 grid (a quarter of the transform). The best even offsets are then refined at full
// resolution by evaluating c directly on their 3x3 neighbourhoods, which hold the true maximum
// of any peak (its main lobe is ~5 offsets wide). On noise the refined maximum can only be at
// most the full surface's maximum, so the false-alarm bound, which counts every offset, holds.
// `phase_at(j, qx, qy)`: the unit phase of sync bin j read at tile bin (qx, qy), its image
// under the orientation being tested.
template <class PhaseAt>
SyncHit FindSyncWith(const PhaseAt& phase_at, const Layout& layout, int dihedrals) {
  constexpr int kHalf = kTile / 2;
  static_assert(kBandMaxRadius < kHalf / 2.0, "the sync band must fit the half-size grid");
  constexpr int kCandidates = 6;  // even offsets refined per orientation
  SyncHit best;
  const double norm = std::sqrt(2.0 * layout.sync.size());
  // e^{2 pi i m / kTile}, m = 0..kTile-1.
  static const std::array<Complex, kTile> kTwiddle = [] {
    std::array<Complex, kTile> t{};
    for (int m = 0; m < kTile; ++m) t[m] = std::polar(1.0f, static_cast<float>(2 * std::numbers::pi * m / kTile));
    return t;
  }();
  thread_local std::vector<Complex> g(kHalf * kHalf);
  thread_local std::vector<float> c(kHalf * kHalf);
  std::vector<Complex> v(layout.sync.size());
  // Each sync bin's keyed phase, undone below in every orientation.
  std::vector<Complex> unkey(layout.sync.size());
  for (size_t j = 0; j < layout.sync.size(); ++j) unkey[j] = std::polar(1.0f, -layout.sync[j].phase);
  // c at a full-resolution offset, directly: each bin and its conjugate give 2 Re(v e^{i k.d}).
  auto at = [&](int dx, int dy) {
    float sum = 0.0f;
    for (size_t j = 0; j < layout.sync.size(); ++j) {
      const Bin& b = layout.sync[j];
      sum += RealOfProduct(v[j], kTwiddle[Wrap(b.kx * dx + b.ky * dy)]);
    }
    return 2.0 * sum;
  };
  for (int di = 0; di < dihedrals; ++di) {
    std::fill(g.begin(), g.end(), Complex(0, 0));
    auto at_half = [](int ky, int kx) { return (ky & (kHalf - 1)) * kHalf + (kx & (kHalf - 1)); };
    for (size_t j = 0; j < layout.sync.size(); ++j) {
      const Bin& b = layout.sync[j];
      int qx, qy;
      ApplyTransposed(di, b.kx, b.ky, &qx, &qy);
      v[j] = Mul(phase_at(j, qx, qy), unkey[j]);
      g[at_half(b.ky, b.kx)] = v[j];
      g[at_half(-b.ky, -b.kx)] = std::conj(v[j]);
    }
    // g is Hermitian, so the inverse transform is real: c(-d) is the correlation at offset d.
    HermitianInverseDft2d(g.data(), kHalf, c.data());
    std::array<std::pair<float, int>, kCandidates> top;
    top.fill({-1e30f, 0});
    for (int y = 0; y < kHalf; ++y) {
      const float* r = c.data() + y * kHalf;
      for (int x = 0; x < kHalf; ++x) {
        if (r[x] <= top.back().first) continue;
        int k = kCandidates - 1;
        for (; k > 0 && top[k - 1].first < r[x]; --k) top[k] = top[k - 1];
        top[k] = {r[x], y * kHalf + x};
      }
    }
    double vmax = -1e30;
    int bx = 0, by = 0;
    // Neighbourhoods of adjacent candidates overlap: each offset is evaluated once (a repeat
    // could not win: the comparison is strict).
    std::array<int, kCandidates * 9> seen;
    int n_seen = 0;
    for (const auto& [value, pos] : top) {
      const int cx = 2 * (pos % kHalf), cy = 2 * (pos / kHalf);
      for (int ey = -1; ey <= 1; ++ey) {
        for (int ex = -1; ex <= 1; ++ex) {
          const int ox = Wrap(cx + ex), oy = Wrap(cy + ey), code = oy * kTile + ox;
          if (std::find(seen.begin(), seen.begin() + n_seen, code) != seen.begin() + n_seen) continue;
          seen[n_seen++] = code;
          const double val = at(ox, oy);
          if (val > vmax) {
            vmax = val;
            bx = ox;
            by = oy;
          }
        }
      }
    }
    // Unit phases: by Parseval the surface's RMS is sqrt(sum |g|^2) = norm, up to bins of zero
    // magnitude, which only lower it.
    const double z = vmax / norm;
    if (z > best.z) {
      auto vertex = [](double l, double m, double r) {
        const double den = l - 2 * m + r;
        return den < 0 ? std::clamp(0.5 * (l - r) / den, -0.5, 0.5) : 0.0;
      };
      best.z = z;
      best.dihedral = di;
      best.dx = -(bx + vertex(at(bx - 1, by), vmax, at(bx + 1, by)));
      best.dy = -(by + vertex(at(bx, by - 1), vmax, at(bx, by + 1)));
    }
  }
  return best;
}

SyncHit FindSync(const TileSpectrum& s, const Layout& layout, int dihedrals) {
  return FindSyncWith([&s](size_t, int qx, int qy) { return s.phase(qx, qy); }, layout, dihedrals);
}

// Soft values of the coded bits at a sync hit (> 0 favours bit 0). Each bin's cosine is
// weighted by the reliability of its frequency band, estimated from the sync bins at the hit
// (attacks such as JPEG or blur erase some bands and leave others).
std::vector<float> SoftBits(const TileSpectrum& s, const Layout& layout, const SyncHit& hit) {
  const double w = 2.0 * std::numbers::pi / kTile;
  auto cosine = [&](const Bin& b) {
    int qx, qy;
    ApplyTransposed(hit.dihedral, b.kx, b.ky, &qx, &qy);
    const double ph = -(w * (b.kx * hit.dx + b.ky * hit.dy)) - b.phase;
    return RealOfProduct(s.soft(qx, qy), std::polar(1.0f, static_cast<float>(ph)));
  };
  constexpr int kBands = 4;
  // Radial bands 4 + 5.5 k, compared on the squared radius (no square root per bin and decode).
  auto band = [](const Bin& b) {
    const int r2 = b.kx * b.kx + b.ky * b.ky;
    int k = 0;
    while (k + 1 < kBands && r2 >= (4.0 + 5.5 * (k + 1)) * (4.0 + 5.5 * (k + 1))) ++k;
    return k;
  };
  std::array<double, kBands> sum{}, sum2{};
  std::array<int, kBands> count{};
  for (const Bin& b : layout.sync) {
    const double c = cosine(b);
    const int k = band(b);
    sum[k] += c;
    sum2[k] += c * c;
    ++count[k];
  }
  std::array<float, kBands> weight{};
  for (int k = 0; k < kBands; ++k) {
    if (count[k] < 4) {
      weight[k] = 1.0f;
      continue;
    }
    const double mean = sum[k] / count[k];
    const double var = std::max(0.05, sum2[k] / count[k] - mean * mean);
    // LLR scale of a Gaussian approximation, floored so a band is never ignored entirely.
    weight[k] = static_cast<float>(std::max(0.05, mean) / var);
  }
  std::vector<float> soft(layout.payload.size(), 0.0f);
  for (size_t j = 0; j < layout.payload.size(); ++j) {
    const Bin& b = layout.payload[j];
    soft[j] = weight[band(b)] * cosine(b);
  }
  return soft;
}

// The kTile grid turned by `th` radians.
Lattice RotatedGrid(double th) {
  Lattice l;
  l.v1x = kTile * std::cos(th);
  l.v1y = kTile * std::sin(th);
  l.v2x = -l.v1y;
  l.v2y = l.v1x;
  return l;
}

// Sync scores without folding, for the small planes' direct rotation scan (up to
// kMaxAngleScans geometries): the fold at lattice A (x = A q maps tile coordinates to the plane)
// has at tile bin q, up to a linear phase (an offset) and the interpolation's smoothing, the
// window's DTFT at 2 pi A^-T q / kTile (watermark/nufft.h). The scan folds only the geometries
// that score best here, and reports only folded scores. (Prescreening the comb candidates in
// 8 orientations measured slower than folding them: their cost is the sync test itself.)
class Prescreen {
 public:
  explicit Prescreen(const Plane& white)
      : win_(RotationWindow(white.width, white.height, kMaxCanonicalArea)),
        dtft_(win_.w >= 8 && win_.h >= 8
                  ? std::make_unique<PlaneDtft>(white.row(win_.y) + win_.x, white.width, win_.w, win_.h)
                  : nullptr) {}

  // Best sync score over `dihedrals` orientations at lattice `l`.
  double Z(const Lattice& l, const Layout& layout, int dihedrals) const {
    if (!dtft_) return -1e9;
    const double a = l.v1x / kTile, b = l.v2x / kTile, c = l.v1y / kTile, d = l.v2y / kTile;
    const double det = a * d - b * c;
    if (std::fabs(det) < 1e-9) return -1e9;
    // 2 pi / kTile A^-T = 2 pi / (kTile det) [[d, -c], [-b, a]].
    const double u = 2 * std::numbers::pi / (kTile * det);
    return FindSyncWith(
               [&](size_t, int qx, int qy) {
                 const Complex v = dtft_->At(u * (d * qx - c * qy), u * (-b * qx + a * qy));
                 const float mag = std::abs(v);
                 return mag > 1e-20f ? v / mag : Complex(0, 0);
               },
               layout, dihedrals)
        .z;
  }

 private:
  Window win_;
  std::unique_ptr<PlaneDtft> dtft_;
};

struct Attempt {
  SyncHit hit;
  DecodedPayload decoded;
  bool identity = false;    ///< folded at the embedding grid itself
  std::vector<float> soft;  ///< the payload's soft bits when the decode was skipped
};

std::vector<float> FoldPlane(const Plane& p) {
  std::vector<float> tile(kTile * kTile, 0.0f);
  simd::FoldAdd(p.px.data(), p.width, p.width, p.height, kTile, 0, 0, tile.data());
  return tile;
}

// Resamples the whitened plane so the lattice becomes the kTile grid, then folds it.
std::vector<float> FoldLatticeWarp(const Plane& p, const Lattice& l) {
  // x = A u maps canonical (tile-grid) coordinates to plane coordinates.
  const double a = l.v1x / kTile, b = l.v2x / kTile, c = l.v1y / kTile, d = l.v2y / kTile;
  const double det = a * d - b * c;
  std::vector<float> tile(kTile * kTile, 0.0f);
  if (std::fabs(det) < 1e-6) return tile;
  // Source rectangle, shrunk around the centre if the canonical image would be too large.
  double sw = p.width, sh = p.height;
  const double area = sw * sh / std::fabs(det);
  // Large planes have signal to spare: fold less of them to bound the search cost.
  const double cap = sw * sh > kFoldAllBelow ? kMaxCanonicalAreaLarge : kMaxCanonicalArea;
  if (area > cap) {
    const double f = std::sqrt(cap / area);
    sw *= f;
    sh *= f;
  }
  const double ox = (p.width - sw) / 2, oy = (p.height - sh) / 2;
  double umin = 1e30, vmin = 1e30, umax = -1e30, vmax = -1e30;
  for (double cx : {0.0, sw}) {
    for (double cy : {0.0, sh}) {
      const double u = (d * cx - b * cy) / det, v = (-c * cx + a * cy) / det;
      umin = std::min(umin, u);
      umax = std::max(umax, u);
      vmin = std::min(vmin, v);
      vmax = std::max(vmax, v);
    }
  }
  const int cw = static_cast<int>(std::ceil(umax - umin)), ch = static_cast<int>(std::ceil(vmax - vmin));
  if (cw < 8 || ch < 8) return tile;
  cv::Mat src(p.height, p.width, CV_32F, const_cast<float*>(p.px.data()));
  cv::Matx23d m(a, b, ox + a * umin + b * vmin, c, d, oy + c * umin + d * vmin);
  cv::Mat canon;
  cv::warpAffine(src, canon, m, cv::Size(cw, ch), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT, cv::Scalar(0));
  simd::FoldAdd(canon.ptr<float>(0), static_cast<ptrdiff_t>(canon.step1()), cw, ch, kTile, 0, 0,
                tile.data());
  return tile;
}

// FoldLatticeWarp for the lattices the search produces, which are all a scale and a rotation
// of the tile grid: the plane is resized (OpenCV's separable, vectorised bilinear resize; area
// averaging measured slower and no better) and then turned by three shears (FoldRotated),
// instead of cv::warpAffine's 3 ns per pixel (the 1080p search took 14% fewer cycles). Other
// lattices take the warp.
std::vector<float> FoldLattice(const Plane& p, const Lattice& l) {
  const double len = std::hypot(l.v1x, l.v1y);
  if (std::hypot(l.v2x + l.v1y, l.v2y - l.v1x) > 1e-9 * len || len < 1e-6) {
    return FoldLatticeWarp(p, l);
  }
  const double sc = len / kTile, th = std::atan2(l.v1y, l.v1x);
  const double cap = static_cast<double>(p.width) * p.height > kFoldAllBelow
                         ? kMaxCanonicalAreaLarge
                         : kMaxCanonicalArea;
  if (sc == 1.0) return FoldRotated(p, th, cap);
  // The source window, shrunk around the centre so that its resized area stays within cap.
  double sw = p.width, sh = p.height;
  if (sw * sh / (sc * sc) > cap) {
    const double f = std::sqrt(cap * sc * sc / (sw * sh));
    sw *= f;
    sh *= f;
  }
  const int w = static_cast<int>(sw), h = static_cast<int>(sh);
  if (w / sc < 8 || h / sc < 8) return std::vector<float>(kTile * kTile, 0.0f);
  const cv::Mat src(p.height, p.width, CV_32F, const_cast<float*>(p.px.data()));
  thread_local cv::Mat resized;
  // Scale factors given (not a target size), so the mapping is exactly 1 / sc.
  cv::resize(src(cv::Rect((p.width - w) / 2, (p.height - h) / 2, w, h)), resized, cv::Size(),
             1.0 / sc, 1.0 / sc, cv::INTER_LINEAR);
  return FoldRotated(resized.ptr<float>(0), static_cast<ptrdiff_t>(resized.step1()), resized.cols,
                     resized.rows, th, cap);
}

// False-alarm bounds on unmarked input. The budget max_false_alarm is split between three
// tests, so that their union stays within it:
//   identity  the payload decoded at the embedding grid's fold (crops, recompression, filters:
//             most of what happens to an image), which is one list decode, kIdentityShare;
//   search    payloads decoded at any other geometry, kSearchShare;
//   sync      a mark reported without a readable payload, kSyncOnlyShare.
// Sync only: every attempt x orientation x offset is a hypothesis, so P <= hyps * Q(z). With a
// payload: the candidate passed the keyed CRC in one of the test's list decodes, each at its
// attempt's best sync peak; a decode at a peak scoring >= z happens with probability
// <= min(decodes, hyps * Q(z)) in expectation, and each passes by chance with probability
// <= kListSize * 2^-kCrcBits (sync and payload bins are disjoint, so the two are independent on
// noise). A single decode costs 4.8e-7, so the identity test fits its quarter of 1e-6 from
// z ~4.5, and the search needs z ~5.0.
constexpr double kIdentityShare = 0.25;
constexpr double kSearchShare = 0.5;
constexpr double kSyncOnlyShare = 0.25;

enum class Test { kIdentity, kSearch, kSyncOnly };

double FalseAlarm(double z, Test test) {
  constexpr double kFoldHyps = static_cast<double>(kDihedral) * kTile * kTile;
  constexpr double kScanHyps = static_cast<double>(kMaxAngleScans) * kTile * kTile;
  const double per_decode = kListSize * std::ldexp(1.0, -kCrcBits);
  const double q = NormalTail(z);
  double p = 0.0;
  switch (test) {
    case Test::kIdentity:
      p = std::min(1.0, kFoldHyps * q) * per_decode;
      break;
    case Test::kSearch:
      p = std::min<double>(kMaxAttempts - 1 + kMaxAngleScans,
                           ((kMaxAttempts - 1) * kFoldHyps + kScanHyps) * q) *
          per_decode;
      break;
    case Test::kSyncOnly:
      p = std::min(1.0, (kMaxAttempts * kFoldHyps + kScanHyps) * q);
      break;
  }
  return std::max(p, 1e-300);
}

double Share(Test test) {
  switch (test) {
    case Test::kIdentity:
      return kIdentityShare;
    case Test::kSearch:
      return kSearchShare;
    case Test::kSyncOnly:
      return kSyncOnlyShare;
  }
  return 0.0;
}

}  // namespace

double NormalTail(double z) {
  if (z < 30.0) return 0.5 * std::erfc(z / std::numbers::sqrt2);
  // Asymptotic Mills ratio; erfc underflows beyond ~37.
  const double log_q = -0.5 * z * z - std::log(z * std::sqrt(2.0 * std::numbers::pi));
  return std::exp(log_q);
}

namespace {

// Whether a payload decoded at this sync score could be reported at all.
bool MayVerify(const SyncHit& hit, bool identity, double max_false_alarm) {
  const Test test = identity ? Test::kIdentity : Test::kSearch;
  return hit.z >= kMinScore && FalseAlarm(hit.z, test) <= Share(test) * max_false_alarm;
}

// A payload is reported only with its check passing within its test's share of the budget.
bool Verified(const Attempt& a, double max_false_alarm) {
  return a.decoded.crc_ok && MayVerify(a.hit, a.identity, max_false_alarm);
}

// Folded tile -> sync hit and payload. The list decode runs only when its result could be
// reported (it was 7% of an unmarked small photo's search); otherwise the soft bits are kept
// so that Finish can still give the most likely payload for diagnostics.
// `dihedrals`: 8 tests every orientation and mirror, 1 only the upright one.
Attempt TryTile(const std::vector<float>& tile, const Layout& layout, bool identity,
                double max_false_alarm, int dihedrals = kDihedral) {
  TileSpectrum spec(tile);
  Attempt a;
  a.identity = identity;
  a.hit = FindSync(spec, layout, dihedrals);
  std::vector<float> soft = SoftBits(spec, layout, a.hit);
  if (MayVerify(a.hit, identity, max_false_alarm)) {
    a.decoded = layout.code->Decode(soft, layout.crc_mask);
  } else {
    a.soft = std::move(soft);
  }
  return a;
}

// The reported result of the best attempt. A payload's false-alarm probability is that of any
// payload report scoring >= z: the identity test's tail plus the search's (which reports
// nothing below its own threshold, so its part is at most its share).
void Finish(const Attempt& a, const Lattice& l, const Layout& layout, double max_false_alarm,
            SearchDetail& detail) {
  detail.lattice = l;
  detail.ml_payload =
      a.soft.empty() ? a.decoded.payload : layout.code->Decode(a.soft, layout.crc_mask).payload;
  WatermarkResult& r = detail.result;
  r.score = a.hit.z;
  const double fa_sync = FalseAlarm(a.hit.z, Test::kSyncOnly);
  if (Verified(a, max_false_alarm)) {
    r.detected = true;
    r.payload = a.decoded.payload;
    r.false_alarm = FalseAlarm(a.hit.z, Test::kIdentity) +
                    std::min(FalseAlarm(a.hit.z, Test::kSearch), kSearchShare * max_false_alarm);
  } else {
    r.detected = a.hit.z >= kMinScore && fa_sync <= kSyncOnlyShare * max_false_alarm;
    r.false_alarm = fa_sync;
  }
}

}  // namespace

SearchDetail DecodeAtLattice(const Plane& white, const Layout& layout, const Lattice& lattice,
                             double max_false_alarm) {
  SearchDetail detail;
  if (white.width < 16 || white.height < 16) return detail;
  detail.attempts = 1;
  const Lattice grid;
  const bool identity = lattice.v1x == grid.v1x && lattice.v1y == grid.v1y &&
                        lattice.v2x == grid.v2x && lattice.v2y == grid.v2y;
  const Attempt a = TryTile(FoldLattice(white, lattice), layout, identity, max_false_alarm);
  Finish(a, lattice, layout, max_false_alarm, detail);
  return detail;
}

SearchDetail SearchWhitened(const Plane& white, const Layout& layout, double max_false_alarm) {
  SearchDetail detail;
  Attempt best;
  auto finish = [&](const Attempt& a, const Lattice& l) {
    Finish(a, l, layout, max_false_alarm, detail);
  };
  auto verified = [&](const Attempt& a) { return Verified(a, max_false_alarm); };
  if (white.width < 16 || white.height < 16) {
    detail.result = WatermarkResult{};
    return detail;
  }
  // 1. The embedding grid itself: exact for crops, recompression, filtering, colour changes.
  Lattice identity;
  best = TryTile(FoldPlane(white), layout, /*identity=*/true, max_false_alarm);
  detail.attempts = 1;
  Lattice best_lattice = identity;
  if (verified(best)) {
    finish(best, identity);
    return detail;
  }
  // Tries the tile folded at `l` and keeps the best attempt; true when it verified (done).
  auto try_fold = [&](const std::vector<float>& tile, const Lattice& l, int dihedrals) {
    Attempt a = TryTile(tile, layout, /*identity=*/false, max_false_alarm, dihedrals);
    ++detail.attempts;
    if (verified(a)) {
      finish(a, l);
      return true;
    }
    if (a.hit.z > best.hit.z) {
      best = a;
      best_lattice = l;
    }
    return false;
  };
  auto fold_at = [&](const Lattice& l, int dihedrals) {
    return try_fold(FoldLattice(white, l), l, dihedrals);
  };
  // 2. Geometries from the band comb of the power spectrum (scale only, then scale and angle).
  std::vector<Lattice> tried;
  // Folds are cheap on small planes (which need them most): fold every candidate there.
  const bool small = static_cast<double>(white.width) * white.height <= kFoldAllBelow;
  const double min_comb = small ? -1e9 : kMinCombScore;
  auto try_lattices = [&](const std::vector<Lattice>& ls) {
    for (const Lattice& l : ls) {
      bool dup = false;
      for (const Lattice& t : tried) {
        if (std::hypot(t.v1x - l.v1x, t.v1y - l.v1y) < 0.2 && std::hypot(t.v2x - l.v2x, t.v2y - l.v2y) < 0.2) {
          dup = true;
        }
      }
      // The best candidate of each set is always folded; weaker ones only when the comb saw
      // something (saves the folds on unmarked images).
      if (dup || (&l != &ls.front() && l.score < min_comb)) continue;
      tried.push_back(l);
      if (fold_at(l, kDihedral)) return true;
    }
    return false;
  };
  const CombLatticeSets comb = CombLattices(white, kCombScales, kCombRotations);
  if (try_lattices(comb.scale_only)) return detail;
  if (try_lattices(comb.rotated)) return detail;
  // 3. Small planes: the comb's statistic is quadratic in the mark and misses weak marks on
  // small rotated photos: scan small angles at scale 1 directly. Every angle is scored by the
  // prescreen (no fold), and the best few are folded.
  if (small) {
    const double extent = std::max(white.width, white.height);
    const double step = kScanPhaseSlip / (2 * std::numbers::pi * kBandMaxRadius / kTile * extent / 2);
    const int n = std::min(kMaxAngleScans / 2, static_cast<int>(std::ceil(kMaxSearchAngle / step)));
    const Prescreen pre(white);
    std::vector<std::pair<double, double>> scan;  // (prescreen score, angle)
    for (int j = -n; j <= n; ++j) {
      if (j == 0) continue;
      const double th = j * kMaxSearchAngle / n;
      scan.emplace_back(pre.Z(RotatedGrid(th), layout, 1), th);
    }
    const auto folds = scan.begin() + std::min<ptrdiff_t>(kScanFolds, std::ssize(scan));
    std::partial_sort(scan.begin(), folds, scan.end(), std::greater<>());
    for (auto it = scan.begin(); it != folds; ++it) {
      if (try_fold(FoldRotated(white, it->second, kMaxCanonicalArea), RotatedGrid(it->second), 1)) {
        return detail;
      }
    }
  }
  // 4. Coherent refinement: the autocorrelation is coarser than a fold over many periods needs,
  // so climb scale and angle around the best lattice on the sync score itself.
  if (best.hit.z >= kRefineFrom) {
    double ds = 0.004, da = 0.003;  // relative scale, radians
    int steps = 0;
    while (steps < kMaxRefineSteps && ds > 0.0004) {
      bool moved = false;
      for (const auto& [i, j] : {std::pair{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
        if (steps >= kMaxRefineSteps) break;
        const double f = 1 + i * ds, c = std::cos(j * da), sn = std::sin(j * da);
        Lattice l = best_lattice;
        l.v1x = f * (c * best_lattice.v1x - sn * best_lattice.v1y);
        l.v1y = f * (sn * best_lattice.v1x + c * best_lattice.v1y);
        l.v2x = f * (c * best_lattice.v2x - sn * best_lattice.v2y);
        l.v2y = f * (sn * best_lattice.v2x + c * best_lattice.v2y);
        const double before = best.hit.z;
        ++steps;
        if (fold_at(l, kDihedral)) return detail;
        moved = moved || best.hit.z > before;
      }
      if (!moved) {
        ds *= 0.5;
        da *= 0.5;
      }
    }
  }
  finish(best, best_lattice);
  return detail;
}

}  // namespace wm

namespace {

Status CheckDetectArgs(int width, int height, int channels, const WatermarkDetectOptions& o) {
  if (channels != 1 && channels != 3 && channels != 4) {
    return InvalidArgumentError("watermark detection needs a gray, BGR or BGRA 8-bit image");
  }
  if (width <= 0 || height <= 0) return InvalidArgumentError("image is empty");
  if (o.key.empty()) return InvalidArgumentError("watermark key is empty");
  if (!(o.max_false_alarm > 0.0) || o.max_false_alarm > 1.0) {
    return InvalidArgumentError("max_false_alarm must be in (0, 1]");
  }
  return Status::Ok();
}

StatusOr<WatermarkResult> DetectPixels(const uint8_t* px, ptrdiff_t stride, int channels, int w,
                                       int h, const WatermarkDetectOptions& options) {
  AIGCMARK_RETURN_IF_ERROR(CheckDetectArgs(w, h, channels, options));
  auto layout = wm::LayoutForKey(options.key);
  try {
    // The plane is reused per thread (page faults of a fresh 4 MB plane per image add up).
    thread_local wm::Plane white;
    wm::WhitenedRegionInto(px, stride, channels, w, h, white);
    return wm::SearchWhitened(white, *layout, options.max_false_alarm).result;
  } catch (const std::exception& e) {
    return InternalError(std::string("watermark detection failed: ") + e.what());
  }
}

}  // namespace

StatusOr<WatermarkResult> DetectWatermark(const Image& image, const WatermarkDetectOptions& options) {
  if (image.pixels.size() < image.stride() * image.height) {
    return InvalidArgumentError("image buffer is smaller than its dimensions");
  }
  return DetectPixels(image.pixels.data(), static_cast<ptrdiff_t>(image.stride()), image.channels,
                      image.width, image.height, options);
}

StatusOr<WatermarkResult> DetectWatermarkPlane(ConstPlaneView luma,
                                               const WatermarkDetectOptions& options) {
  if (luma.data == nullptr || luma.stride < luma.width) {
    return InvalidArgumentError("luma plane view is empty or its stride is too small");
  }
  return DetectPixels(luma.data, luma.stride, 1, luma.width, luma.height, options);
}

// ---- Multi-frame accumulation ----

struct WatermarkAccumulator::Impl {
  WatermarkDetectOptions options;
  wm::Plane sum;
  int frames = 0;
  int width = 0, height = 0;
};

WatermarkAccumulator::WatermarkAccumulator(const WatermarkDetectOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}
WatermarkAccumulator::~WatermarkAccumulator() = default;
WatermarkAccumulator::WatermarkAccumulator(WatermarkAccumulator&&) noexcept = default;
WatermarkAccumulator& WatermarkAccumulator::operator=(WatermarkAccumulator&&) noexcept = default;

Status WatermarkAccumulator::AddPixels(const uint8_t* px, ptrdiff_t stride, int channels,
                                       int width, int height) {
  if (impl_->frames > 0 && (width != impl_->width || height != impl_->height)) {
    return InvalidArgumentError("frame size changed from " + std::to_string(impl_->width) + "x" +
                                std::to_string(impl_->height) + " to " + std::to_string(width) +
                                "x" + std::to_string(height));
  }
  try {
    if (impl_->frames == 0) {
      impl_->sum = wm::WhitenedRegion(px, stride, channels, width, height);
      impl_->width = width;
      impl_->height = height;
    } else {
      wm::AccumulateWhitenedRegion(px, stride, channels, width, height, impl_->sum);
    }
  } catch (const std::exception& e) {
    return InternalError(std::string("watermark accumulation failed: ") + e.what());
  }
  ++impl_->frames;
  return Status::Ok();
}

Status WatermarkAccumulator::AddPlane(ConstPlaneView luma) {
  if (luma.data == nullptr || luma.stride < luma.width || luma.width <= 0 || luma.height <= 0) {
    return InvalidArgumentError("luma plane view is empty or its stride is too small");
  }
  return AddPixels(luma.data, luma.stride, 1, luma.width, luma.height);
}

Status WatermarkAccumulator::AddImage(const Image& image) {
  if (image.channels != 1 && image.channels != 3 && image.channels != 4) {
    return InvalidArgumentError("watermark detection needs a gray, BGR or BGRA 8-bit image");
  }
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() < image.stride() * image.height) {
    return InvalidArgumentError("image buffer is empty or smaller than its dimensions");
  }
  return AddPixels(image.pixels.data(), static_cast<ptrdiff_t>(image.stride()), image.channels,
                   image.width, image.height);
}

int WatermarkAccumulator::frames() const { return impl_->frames; }

StatusOr<WatermarkResult> WatermarkAccumulator::Detect() const {
  if (impl_->frames == 0) return FailedPreconditionError("no frames were added");
  if (impl_->options.key.empty()) return InvalidArgumentError("watermark key is empty");
  auto layout = wm::LayoutForKey(impl_->options.key);
  try {
    return wm::SearchWhitened(impl_->sum, *layout, impl_->options.max_false_alarm).result;
  } catch (const std::exception& e) {
    return InternalError(std::string("watermark detection failed: ") + e.what());
  }
}

}  // namespace aigcmark
