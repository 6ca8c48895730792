// A plane's Fourier transform at arbitrary frequencies (a type-2 non-uniform DFT) by Gaussian
// gridding (Greengard & Lee, "Accelerating the nonuniform fast Fourier transform", SIAM Review
// 2004): one FFT of the plane divided by a wide Gaussian, oversampled at least 1.6x, then each
// value is a 10x10 Gaussian-weighted sum of grid bins. The detector's direct rotation scan uses
// it to read the sync bins at every scanned angle without resampling and folding the plane
// once per angle.
#ifndef AIGCMARK_WATERMARK_NUFFT_H_
#define AIGCMARK_WATERMARK_NUFFT_H_

#include <complex>
#include <cstddef>
#include <vector>

#include "watermark/fft.h"

namespace aigcmark::wm {

class PlaneDtft {
 public:
  /// The w x h block at `px` (row pitch `stride` floats), w, h >= 1.
  PlaneDtft(const float* px, ptrdiff_t stride, int w, int h);

  /// sum over pixels (x, y) of px(x, y) e^{-i (wx x + wy y)} (wx, wy in radians per pixel).
  /// Error about 0.5% (RMS) and at most 5% of the RMS of a white block's spectrum, measured
  /// in watermark_nufft_test.
  std::complex<float> At(double wx, double wy) const;

 private:
  static constexpr int kTaps = 5;  // grid bins used on each side of a target frequency
  // The first grid index (any integer) and the complex weights of the taps of axis 0 (x) or 1.
  void Taps(double w, int axis, int* m_first, std::complex<float>* c) const;

  int f_;         // oversampled frame (square)
  double cx_, cy_;  // the Gaussian's centre: the block's centre
  double s_;      // its width in pixels
  float gain_;    // (s sqrt(2 pi) / f)^2
  HalfSpectrum spec_;
  double gauss_[2 * kTaps];                 // exp(-s^2 (t step)^2 / 2)
  std::complex<double> rotor_[2][2 * kTaps];  // e^{i t step centre} per axis
};

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_NUFFT_H_
