// Geometry estimation: the periodic tile makes the autocorrelation of the whitened image peak on
// a lattice whose basis vectors are the tile axes after scaling/rotation. The autocorrelation is
// computed by FFT from a cleaned power spectrum (ring-whitened; rows/columns of separable
// structure divided out; outliers clipped), peaks are ranked by contrast against half-step
// points (which cancels the JPEG block grid of an earlier compression: it scales and rotates
// with the mark and has exactly 1/16 of its period), scored as whole lattices, and refined by a
// least-squares fit over many lattice points.
#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "watermark/internal.h"

namespace aigcmark::wm {
namespace {

constexpr int kFft = 512;
constexpr double kMinScale = 0.4;  // smallest / largest scale change searched
constexpr double kMaxScale = 2.6;
constexpr int kOrders = 3;  // lattice points a*v1 + b*v2 with |a|, |b| <= kOrders

struct Acf {
  int dec = 1;
  int w = 0, h = 0;  // extent of the data inside the FFT frame
  cv::Mat norm;      // kFft x kFft, overlap-normalised, circularly indexed
  double sigma = 1;  // noise level of `norm` in the search annulus
  double max_lag = 0;

  double At(int x, int y) const { return norm.at<float>(y & (kFft - 1), x & (kFft - 1)); }
  // Best value in a (2t+1)^2 window around (px, py), with its sub-pixel position.
  double Peak(double px, double py, int t, double* mx, double* my) const {
    const int cx = static_cast<int>(std::lround(px)), cy = static_cast<int>(std::lround(py));
    double best = -1e30;
    int bx = cx, by = cy;
    for (int dy = -t; dy <= t; ++dy) {
      for (int dx = -t; dx <= t; ++dx) {
        const double v = At(cx + dx, cy + dy);
        if (v > best) {
          best = v;
          bx = cx + dx;
          by = cy + dy;
        }
      }
    }
    auto vertex = [](double l, double m, double r) {
      const double den = l - 2 * m + r;
      return den < 0 ? std::clamp(0.5 * (l - r) / den, -0.5, 0.5) : 0.0;
    };
    if (mx) *mx = bx + vertex(At(bx - 1, by), best, At(bx + 1, by));
    if (my) *my = by + vertex(At(bx, by - 1), best, At(bx, by + 1));
    return best;
  }
};

Acf ComputeAcf(const Plane& white) {
  Acf acf;
  cv::Mat src(white.height, white.width, CV_32F, const_cast<float*>(white.px.data()));
  cv::Mat data = src;
  if (std::min(white.width, white.height) >= 512) {
    acf.dec = 2;
    cv::resize(src, data, cv::Size(white.width / 2, white.height / 2), 0, 0, cv::INTER_AREA);
  }
  acf.w = std::min(data.cols, kFft);
  acf.h = std::min(data.rows, kFft);
  cv::Mat frame(kFft, kFft, CV_32F, cv::Scalar(0));
  data(cv::Rect((data.cols - acf.w) / 2, (data.rows - acf.h) / 2, acf.w, acf.h))
      .copyTo(frame(cv::Rect(0, 0, acf.w, acf.h)));
  cv::Mat spec;
  cv::dft(frame, spec, cv::DFT_COMPLEX_OUTPUT);
  auto freq = [](int i) { return i <= kFft / 2 ? i : i - kFft; };
  auto ring_of = [&](int x, int y) {
    const int fx = freq(x), fy = freq(y);
    return std::min(kFft - 1, static_cast<int>(std::sqrt(static_cast<double>(fx * fx + fy * fy))));
  };
  const double f_lo = 4.0 / (kTile * kMaxScale) * acf.dec * kFft;  // below the band, in bins
  std::vector<float> power(static_cast<size_t>(kFft) * kFft);
  std::vector<double> ring(kFft, 0.0);
  std::vector<int> ring_n(kFft, 0);
  for (int y = 0; y < kFft; ++y) {
    const cv::Vec2f* r = spec.ptr<cv::Vec2f>(y);
    for (int x = 0; x < kFft; ++x) {
      const int fx = freq(x), fy = freq(y);
      const float p = fx * fx + fy * fy < f_lo * f_lo ? 0.0f : r[x][0] * r[x][0] + r[x][1] * r[x][1];
      power[static_cast<size_t>(y) * kFft + x] = p;
      if (p > 0) {
        ring[ring_of(x, y)] += p;
        ++ring_n[ring_of(x, y)];
      }
    }
  }
  for (int i = 0; i < kFft; ++i) ring[i] = ring_n[i] && ring[i] > 0 ? ring_n[i] / ring[i] : 0.0;
  for (int y = 0; y < kFft; ++y) {
    for (int x = 0; x < kFft; ++x) power[static_cast<size_t>(y) * kFft + x] *= static_cast<float>(ring[ring_of(x, y)]);
  }
  // Medians of every row and column (stride coprime with lattice spacings, so the mark's own
  // peaks never dominate a sample).
  std::vector<float> col_med(kFft), row_med(kFft), tmp;
  auto median_of = [&](auto get) {
    tmp.clear();
    for (int i = 1; i < kFft; i += 3) {
      const float v = get(i);
      if (v > 0) tmp.push_back(v);
    }
    if (tmp.empty()) return 1.0f;
    std::nth_element(tmp.begin(), tmp.begin() + tmp.size() / 2, tmp.end());
    return tmp[tmp.size() / 2];
  };
  for (int x = 0; x < kFft; ++x) col_med[x] = median_of([&](int i) { return power[static_cast<size_t>(i) * kFft + x]; });
  for (int y = 0; y < kFft; ++y) row_med[y] = median_of([&](int i) { return power[static_cast<size_t>(y) * kFft + i]; });
  tmp.assign(col_med.begin(), col_med.end());
  std::nth_element(tmp.begin(), tmp.begin() + kFft / 2, tmp.end());
  const float gmed = std::max(1e-12f, tmp[kFft / 2]);
  for (int y = 0; y < kFft; ++y) {
    cv::Vec2f* r = spec.ptr<cv::Vec2f>(y);
    for (int x = 0; x < kFft; ++x) {
      float p = power[static_cast<size_t>(y) * kFft + x];
      p *= gmed / std::max({gmed, col_med[x], row_med[y]});
      r[x] = cv::Vec2f(std::min(p, 8.0f), 0.0f);
    }
  }
  cv::Mat corr;
  cv::dft(spec, corr, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
  acf.norm.create(kFft, kFft, CV_32F);
  for (int y = 0; y < kFft; ++y) {
    const int ly = freq(y);
    for (int x = 0; x < kFft; ++x) {
      const int lx = freq(x);
      const double overlap = std::max(1.0, static_cast<double>(acf.w - std::abs(lx)) *
                                               static_cast<double>(acf.h - std::abs(ly)));
      acf.norm.at<float>(y, x) = static_cast<float>(corr.at<float>(y, x) / std::sqrt(overlap));
    }
  }
  acf.max_lag = std::min(kFft / 2.0 - 3, 0.8 * std::min(acf.w, acf.h));
  return acf;
}

struct Basis {
  double v1x, v1y, v2x, v2y;
};

// The basis of the square lattice generated by v with v1 within 45 degrees of +x.
Basis Canonical(double vx, double vy) {
  for (int i = 0; i < 4; ++i) {
    if (vx > 0 && std::fabs(vy) <= vx) break;
    const double t = vx;
    vx = -vy;
    vy = t;
  }
  return Basis{vx, vy, -vy, vx};
}

template <typename F>
void ForLatticePoints(const Basis& b, double max_lag, F f) {
  for (int bb = 0; bb <= kOrders; ++bb) {
    for (int a = -kOrders; a <= kOrders; ++a) {
      if (bb == 0 && a <= 0) continue;  // one of each +/- pair
      const double px = a * b.v1x + bb * b.v2x, py = a * b.v1y + bb * b.v2y;
      if (std::hypot(px, py) > max_lag) continue;
      f(a, bb, px, py);
    }
  }
}

// Peak height at p above the half-step points around it (see the file comment).
double Contrast(const Acf& acf, const Basis& b, double px, double py) {
  const double hx1 = b.v1x / 2, hy1 = b.v1y / 2, hx2 = b.v2x / 2, hy2 = b.v2y / 2;
  const double around = acf.Peak(px + hx1, py + hy1, 1, nullptr, nullptr) +
                        acf.Peak(px - hx1, py - hy1, 1, nullptr, nullptr) +
                        acf.Peak(px + hx2, py + hy2, 1, nullptr, nullptr) +
                        acf.Peak(px - hx2, py - hy2, 1, nullptr, nullptr);
  return acf.Peak(px, py, 1, nullptr, nullptr) - 0.25 * around;
}

double LatticeScore(const Acf& acf, const Basis& b) {
  double sum = 0;
  int count = 0;
  ForLatticePoints(b, acf.max_lag, [&](int, int, double px, double py) {
    sum += Contrast(acf, b, px, py) / acf.sigma;
    ++count;
  });
  return count >= 2 ? sum / std::sqrt(count) : -1e9;
}

// Least-squares fit of (v1, v2) to the measured sub-pixel positions of strong lattice peaks.
Basis Refine(const Acf& acf, Basis b) {
  for (int iter = 0; iter < 2; ++iter) {
    double saa = 0, sab = 0, sbb = 0, sax = 0, sbx = 0, say = 0, sby = 0;
    int used = 0;
    ForLatticePoints(b, acf.max_lag, [&](int a, int bb, double px, double py) {
      double mx, my;
      const double v = acf.Peak(px, py, 2, &mx, &my) / acf.sigma;
      if (v < 2.0) return;
      saa += v * a * a;
      sab += v * a * bb;
      sbb += v * bb * bb;
      sax += v * a * mx;
      sbx += v * bb * mx;
      say += v * a * my;
      sby += v * bb * my;
      ++used;
    });
    const double det = saa * sbb - sab * sab;
    if (used < 2 || std::fabs(det) < 1e-9) break;
    Basis n{(sbb * sax - sab * sbx) / det, (sbb * say - sab * sby) / det,
            (saa * sbx - sab * sax) / det, (saa * sby - sab * say) / det};
    // Reject fits that jump away (a peak of another structure captured the fit).
    if (std::hypot(n.v1x - b.v1x, n.v1y - b.v1y) > 3 || std::hypot(n.v2x - b.v2x, n.v2y - b.v2y) > 3) break;
    b = n;
  }
  return b;
}

}  // namespace

std::vector<Lattice> EstimateLattices(const Plane& white, int max_candidates) {
  std::vector<Lattice> out;
  if (white.width < 64 || white.height < 64) return out;
  Acf acf = ComputeAcf(white);
  const double rmin = kMinScale * kTile / acf.dec;
  const double rmax = std::min(kMaxScale * kTile / acf.dec, 0.6 * std::min(acf.w, acf.h));
  if (rmax <= rmin) return out;
  const int r = static_cast<int>(std::ceil(rmax)) + 1;
  // Noise level over the search annulus (half plane).
  double s2 = 0;
  int n = 0;
  for (int ly = 0; ly <= r; ++ly) {
    for (int lx = -r; lx <= r; ++lx) {
      const double d = std::hypot(lx, ly);
      if (d < rmin || d > rmax || (ly == 0 && lx <= 0)) continue;
      const double v = acf.At(lx, ly);
      s2 += v * v;
      ++n;
    }
  }
  if (n < 16) return out;
  acf.sigma = std::max(1e-12, std::sqrt(s2 / n));
  // Local maxima in the annulus, ranked by height above the half-vector point.
  struct Peak {
    double v;
    int x, y;
  };
  std::vector<Peak> peaks;
  for (int ly = 0; ly <= r; ++ly) {
    for (int lx = -r; lx <= r; ++lx) {
      const double d = std::hypot(lx, ly);
      if (d < rmin || d > rmax || (ly == 0 && lx <= 0)) continue;
      const double v = acf.At(lx, ly);
      if (v < 2.0 * acf.sigma) continue;
      bool is_max = true;
      for (int dy = -1; dy <= 1 && is_max; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          if ((dx || dy) && acf.At(lx + dx, ly + dy) > v) {
            is_max = false;
            break;
          }
        }
      }
      if (is_max) peaks.push_back({v - acf.Peak(lx / 2.0, ly / 2.0, 1, nullptr, nullptr), lx, ly});
    }
  }
  std::sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) { return a.v > b.v; });
  if (peaks.size() > 60) peaks.resize(60);
  std::vector<std::pair<double, Basis>> scored;
  for (const Peak& p : peaks) {
    Basis b = Canonical(p.x, p.y);
    bool dup = false;
    for (const auto& [s, o] : scored) {
      if (std::hypot(o.v1x - b.v1x, o.v1y - b.v1y) < 2.5) dup = true;
    }
    if (!dup) scored.emplace_back(LatticeScore(acf, b), b);
  }
  auto by_score = [](const auto& a, const auto& b) { return a.first > b.first; };
  std::sort(scored.begin(), scored.end(), by_score);
  // A strong candidate may be a sub-lattice of the mark's lattice (a diagonal or a multiple):
  // also score the finer lattices it implies and keep whichever explains the peaks better.
  const size_t top = std::min<size_t>(scored.size(), 8);
  for (size_t i = 0; i < top; ++i) {
    const Basis b = scored[i].second;
    const Basis finer[2] = {Canonical((b.v1x + b.v2x) / 2, (b.v1y + b.v2y) / 2),
                            Canonical(b.v1x / 2, b.v1y / 2)};
    for (const Basis& f : finer) {
      if (std::hypot(f.v1x, f.v1y) >= rmin) scored.emplace_back(LatticeScore(acf, f), f);
    }
  }
  std::sort(scored.begin(), scored.end(), by_score);
  std::vector<Basis> taken;
  for (const auto& [score, basis] : scored) {
    if (static_cast<int>(out.size()) >= max_candidates || score < 2.0) break;
    bool dup = false;
    for (const Basis& t : taken) {
      if (std::hypot(t.v1x - basis.v1x, t.v1y - basis.v1y) < 2.5) dup = true;
    }
    if (dup) continue;
    taken.push_back(basis);
    const Basis b = Refine(acf, basis);
    out.push_back(Lattice{b.v1x * acf.dec, b.v1y * acf.dec, b.v2x * acf.dec, b.v2y * acf.dec, score});
  }
  return out;
}

}  // namespace aigcmark::wm
