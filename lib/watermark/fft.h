// 2D DFTs by libavutil's FFT (av_tx): the forward transform of a real, zero-padded frame, and
// the inverse of a Hermitian spectrum (a real result). av_tx runs 3.8-6x
// faster than cv::dft on the lengths it has kernels for (2^n times 1, 3 or 5, on buffers
// aligned for its SIMD code) and falls back to an O(n^2) transform on other lengths: callers
// pick sizes with FastFftSize.
#ifndef AIGCMARK_WATERMARK_FFT_H_
#define AIGCMARK_WATERMARK_FFT_H_

#include <complex>
#include <cstddef>
#include <memory>

namespace aigcmark::wm {

/// The smallest n >= min_size of the form 2^a * m, m in {1, 3, 5}, a >= 2.
int FastFftSize(int min_size);

/// Columns 0..f/2 of a 2D spectrum, each a contiguous run of f values (ky = 0..f-1), in
/// storage aligned for av_tx. Reused across calls: it grows, never shrinks.
class HalfSpectrum {
 public:
  int f() const { return f_; }
  /// X(ky, kx) for ky = 0..f-1, kx <= f / 2.
  const std::complex<float>* column(int kx) const { return data_.get() + static_cast<size_t>(kx) * f_; }
  std::complex<float>* column(int kx) { return data_.get() + static_cast<size_t>(kx) * f_; }
  /// Sizes the storage for frame size f (contents unspecified).
  void Resize(int f);

 private:
  struct AvFree {
    void operator()(std::complex<float>* p) const;
  };
  int f_ = 0;
  size_t capacity_ = 0;
  std::unique_ptr<std::complex<float>[], AvFree> data_;
};

/// The DFT (unnormalised, e^{-2 pi i k n / f}) of an f x f real frame that is zero except for
/// its top-left w x h block, read from `src` with row pitch `stride` floats, as its half
/// spectrum kx <= f / 2 (the rest is the conjugate mirror). f must be a FastFftSize and
/// 1 <= w, h <= f (else std::invalid_argument: an O(n^2) fallback would be silently slow).
/// Differences from cv::dft are float rounding (the tests allow 1e-5 of the largest value).
void RealFft2dHalf(const float* src, ptrdiff_t stride, int w, int h, int f, HalfSpectrum& out);

/// out(y, x) = sum over (ky, kx) of g(ky, kx) e^{+2 pi i (kx x + ky y) / n} (unnormalised),
/// for an n x n spectrum g (row-major, g(ky, kx) at g[ky * n + kx]) that is Hermitian,
/// g(-k) = conj g(k), so that the result is real; `out` is row-major n x n. Rows of g that are
/// all zero cost nothing. n must be a FastFftSize (else std::invalid_argument). Differences
/// from cv::dft are float rounding (the tests allow 1e-5 of the largest value).
void HermitianInverseDft2d(const std::complex<float>* g, int n, float* out);

}  // namespace aigcmark::wm

#endif  // AIGCMARK_WATERMARK_FFT_H_
