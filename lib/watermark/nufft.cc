// Gaussian gridding. With psi(n) = exp(-(n - c)^2 / (2 s^2)) per axis and G the f-point DFT of
// px / psi, for n inside the block psi(n) e^{-i w n} = sum_m c_m(w) e^{-2 pi i m n / f} with
// c_m(w) ~ (s sqrt(2 pi) / f) exp(-s^2 d^2 / 2) e^{-i d c}, d = w - 2 pi m / f, so that
// sum_n px(n) e^{-i w n} = sum_m c_m(w) G(m). With s = f / 8: psi half a frame from the centre
// is e^-8 (the expansion holds to ~3e-4); the taps beyond 5 bins are below e^-7.7; 1 / psi at
// the block's edge (at most f / 3.2 from the centre: frames are >= 1.6x the block) is <= e^3.1.
#include "watermark/nufft.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace aigcmark::wm {

PlaneDtft::PlaneDtft(const float* px, ptrdiff_t stride, int w, int h)
    : f_(FastFftSize((8 * std::max(w, h) + 4) / 5)), cx_((w - 1) / 2.0), cy_((h - 1) / 2.0), s_(f_ / 8.0) {
  const double g = s_ * std::sqrt(2 * std::numbers::pi) / f_;
  gain_ = static_cast<float>(g * g);
  // px / psi, row by row (psi is separable).
  std::vector<float> inv_x(w), scaled(static_cast<size_t>(w) * h);
  for (int x = 0; x < w; ++x) inv_x[x] = static_cast<float>(std::exp((x - cx_) * (x - cx_) / (2 * s_ * s_)));
  for (int y = 0; y < h; ++y) {
    const float inv_y = static_cast<float>(std::exp((y - cy_) * (y - cy_) / (2 * s_ * s_)));
    const float* src = px + y * stride;
    float* dst = scaled.data() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; ++x) dst[x] = src[x] * inv_x[x] * inv_y;
  }
  RealFft2dHalf(scaled.data(), w, w, h, f_, spec_);
  const double step = 2 * std::numbers::pi / f_;
  for (int t = 0; t < 2 * kTaps; ++t) {
    gauss_[t] = std::exp(-s_ * s_ * step * step * t * t / 2);
    rotor_[0][t] = std::polar(1.0, t * step * cx_);
    rotor_[1][t] = std::polar(1.0, t * step * cy_);
  }
}

void PlaneDtft::Taps(double w, int axis, int* m_first, std::complex<float>* c) const {
  // d_t = d0 - t step for taps t = 0..2 kTaps-1 around w; the Gaussian exp(-s^2 d_t^2 / 2) is
  // exp(-s^2 d0^2 / 2) r^t exp(-s^2 step^2 t^2 / 2) with r = exp(s^2 d0 step), and the phase
  // e^{-i d_t centre} is e^{-i d0 centre} e^{i t step centre}: two exp and one sincos per axis
  // instead of one of each per tap (they were a third of the scan's cost).
  const double step = 2 * std::numbers::pi / f_;
  const int m0 = static_cast<int>(std::floor(w / step)) - kTaps + 1;
  const double d0 = w - step * m0;
  const double r = std::exp(s_ * s_ * d0 * step);
  double g = std::exp(-s_ * s_ * d0 * d0 / 2);
  const std::complex<double> phase0 = std::polar(1.0, -d0 * (axis == 0 ? cx_ : cy_));
  for (int t = 0; t < 2 * kTaps; ++t, g *= r) {
    c[t] = std::complex<float>(phase0 * rotor_[axis][t] * (g * gauss_[t]));
  }
  *m_first = m0;
}

std::complex<float> PlaneDtft::At(double wx, double wy) const {
  int mx0, my0;
  std::complex<float> cx[2 * kTaps], cy[2 * kTaps];
  Taps(wx, 0, &mx0, cx);
  Taps(wy, 1, &my0, cy);
  // Grid indices mod f, stepped instead of divided (two integer divisions per tap were most
  // of this function's time). G(mx, my) for mx > f / 2 is the conjugate of G(f - mx, f - my)
  // (real input): `mirrored` holds the rows read then.
  const int f = f_;
  auto mod = [f](int m) { return ((m % f) + f) % f; };
  int rows[2 * kTaps], mirrored[2 * kTaps];
  for (int b = 0, my = mod(my0); b < 2 * kTaps; ++b, my = my + 1 == f ? 0 : my + 1) {
    rows[b] = my;
    mirrored[b] = my == 0 ? 0 : f - my;
  }
  // The complex products written out: std::complex's operator* adds a NaN-recovery branch.
  auto mul = [](std::complex<float> a, std::complex<float> b) {
    return std::complex<float>(a.real() * b.real() - a.imag() * b.imag(),
                               a.real() * b.imag() + a.imag() * b.real());
  };
  std::complex<float> sum(0, 0);
  for (int a = 0, mx = mod(mx0); a < 2 * kTaps; ++a, mx = mx + 1 == f ? 0 : mx + 1) {
    std::complex<float> part(0, 0);
    if (mx > f / 2) {
      const std::complex<float>* col = spec_.column(f - mx);
      for (int b = 0; b < 2 * kTaps; ++b) part += mul(std::conj(col[mirrored[b]]), cy[b]);
    } else {
      const std::complex<float>* col = spec_.column(mx);
      for (int b = 0; b < 2 * kTaps; ++b) part += mul(col[rows[b]], cy[b]);
    }
    sum += mul(part, cx[a]);
  }
  return sum * gain_;
}

}  // namespace aigcmark::wm
