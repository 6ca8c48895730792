// 2D DFTs by rows then columns with libavutil's complex FFT. Forward: the rows are real, so two
// rows share one complex transform (z = a + i b, then A and B from Z and its mirror); only the
// half spectrum kx <= f/2 is kept, stored by column so that each column transform reads and
// writes contiguous, aligned memory. Inverse of a Hermitian spectrum: every column of the row
// transforms has a real inverse, so two columns share one complex transform (a + i b).
#include "watermark/fft.h"

#include <algorithm>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/tx.h>
}

namespace aigcmark::wm {
namespace {

using Complex = std::complex<float>;
static_assert(sizeof(Complex) == sizeof(AVComplexFloat), "layouts must match");

// One thread's FFT context for one length. av_tx's SIMD code needs aligned buffers (with
// AV_TX_UNALIGNED it runs its C code, measured 3x slower at 768): every buffer here comes from
// av_malloc and every row holds a multiple of 4 values.
class Transform {
 public:
  // Throws (as allocation failures do; the API turns it into a Status) when libavutil cannot
  // set up the transform.
  Transform(int n, bool inverse) : n_(n), inverse_(inverse) {
    const float scale = 1.0f;
    const int err = av_tx_init(&ctx_, &fn_, AV_TX_FLOAT_FFT, inverse ? 1 : 0, n, &scale, 0);
    if (err < 0) throw std::runtime_error("av_tx_init failed for an FFT of length " + std::to_string(n));
  }
  ~Transform() { av_tx_uninit(&ctx_); }
  Transform(const Transform&) = delete;
  Transform& operator=(const Transform&) = delete;

  int n() const { return n_; }
  bool inverse() const { return inverse_; }
  void Run(Complex* out, Complex* in) { fn_(ctx_, out, in, sizeof(AVComplexFloat)); }

 private:
  int n_;
  bool inverse_;
  AVTXContext* ctx_ = nullptr;
  av_tx_fn fn_ = nullptr;
};

// The calling thread's transform of length n (contexts are not thread-safe to share; a few
// lengths are ever used per thread, so a short list suffices).
Transform& ThreadTransform(int n, bool inverse = false) {
  thread_local std::vector<std::unique_ptr<Transform>> cache;
  for (auto& t : cache) {
    if (t->n() == n && t->inverse() == inverse) return *t;
  }
  if (cache.size() >= 8) cache.erase(cache.begin());
  cache.push_back(std::make_unique<Transform>(n, inverse));
  return *cache.back();
}

// Sizes must be FastFftSize lengths: av_tx has no fast kernel for the others.
void CheckLength(int n, const char* what) {
  if (n != FastFftSize(n)) {
    throw std::invalid_argument(std::string(what) + ": length " + std::to_string(n) +
                                " has no fast kernel (lengths come from FastFftSize)");
  }
}

}  // namespace

void HalfSpectrum::AvFree::operator()(std::complex<float>* p) const { av_free(p); }

void HalfSpectrum::Resize(int f) {
  const size_t need = static_cast<size_t>(f / 2 + 1) * f;
  if (need > capacity_) {
    data_.reset(static_cast<Complex*>(av_malloc(need * sizeof(Complex))));
    if (!data_) throw std::bad_alloc();
    capacity_ = need;
  }
  f_ = f;
}

int FastFftSize(int min_size) {
  int best = 0;
  for (int m : {1, 3, 5}) {
    int n = 4 * m;
    while (n < min_size) n *= 2;
    if (best == 0 || n < best) best = n;
  }
  return best;
}

void RealFft2dHalf(const float* src, ptrdiff_t stride, int w, int h, int f, HalfSpectrum& out) {
  CheckLength(f, "RealFft2dHalf");
  if (w < 1 || h < 1 || w > f || h > f) {
    throw std::invalid_argument("RealFft2dHalf: frame " + std::to_string(f) + " for a " + std::to_string(w) +
                                "x" + std::to_string(h) + " block (frames come from FastFftSize)");
  }
  const int half = f / 2 + 1;
  Transform& t = ThreadTransform(f);
  // Per thread: kGroup row pairs' inputs and outputs, and the row transforms by column.
  constexpr int kGroup = 4;  // 8 rows: one 64-byte line per column written at a time
  thread_local HalfSpectrum rows, cols;
  rows.Resize(std::max(f, 4 * kGroup));  // >= 2 * kGroup columns of f values
  cols.Resize(f);
  out.Resize(f);
  for (int y0 = 0; y0 < h; y0 += 2 * kGroup) {
    const int pairs = std::min(kGroup, (h - y0 + 1) / 2);
    for (int p = 0; p < pairs; ++p) {
      const int y = y0 + 2 * p;
      const float* a = src + y * stride;
      const float* b = y + 1 < h ? a + stride : nullptr;
      Complex* z = rows.column(2 * p);
      if (b) {
        for (int x = 0; x < w; ++x) z[x] = Complex(a[x], b[x]);
      } else {
        for (int x = 0; x < w; ++x) z[x] = Complex(a[x], 0.0f);
      }
      std::fill(z + w, z + f, Complex(0, 0));  // av_tx may use its input as scratch
      t.Run(rows.column(2 * p + 1), z);
    }
    const int y_end = std::min(h, y0 + 2 * kGroup);
    for (int k = 0; k < half; ++k) {
      Complex* c = cols.column(k) + y0;
      for (int p = 0; p < pairs; ++p) {
        const Complex* zf = rows.column(2 * p + 1);
        const Complex zk = zf[k], zm = std::conj(zf[k == 0 ? 0 : f - k]);
        c[2 * p] = 0.5f * (zk + zm);
        if (y0 + 2 * p + 1 < y_end) {
          const Complex d = zk - zm;  // B = d / (2i)
          c[2 * p + 1] = Complex(0.5f * d.imag(), -0.5f * d.real());
        }
      }
    }
  }
  for (int k = 0; k < half; ++k) {
    std::fill(cols.column(k) + h, cols.column(k) + f, Complex(0, 0));  // rows h..f-1 are zero
    t.Run(out.column(k), cols.column(k));
  }
}

void HermitianInverseDft2d(const Complex* g, int n, float* out) {
  CheckLength(n, "HermitianInverseDft2d");
  Transform& t = ThreadTransform(n, /*inverse=*/true);
  // Per thread, in aligned storage (n is a multiple of 4, so every run of n values stays
  // aligned): the row transforms, row ky at column(0) + ky * n (a HalfSpectrum sized for 2n
  // holds (n + 1) * 2n >= n * n values), and scratch runs of n for one row's input and one
  // column pair's input and output.
  thread_local HalfSpectrum rows, scratch;
  rows.Resize(2 * n);
  scratch.Resize(n);  // n / 2 + 1 >= 3 runs of n
  Complex* in = scratch.column(0);
  Complex* col_out = scratch.column(1);
  Complex* row0 = rows.column(0);
  for (int ky = 0; ky < n; ++ky) {
    const Complex* src = g + static_cast<size_t>(ky) * n;
    Complex* dst = row0 + static_cast<size_t>(ky) * n;
    if (std::all_of(src, src + n, [](Complex v) { return v == Complex(0, 0); })) {
      std::fill(dst, dst + n, Complex(0, 0));
      continue;
    }
    std::copy(src, src + n, in);  // av_tx may use its input as scratch
    t.Run(dst, in);
  }
  for (int x = 0; x < n; x += 2) {  // n is even
    for (int ky = 0; ky < n; ++ky) {
      const Complex a = row0[static_cast<size_t>(ky) * n + x], b = row0[static_cast<size_t>(ky) * n + x + 1];
      in[ky] = Complex(a.real() - b.imag(), a.imag() + b.real());  // a + i b
    }
    t.Run(col_out, in);
    for (int y = 0; y < n; ++y) {
      out[static_cast<size_t>(y) * n + x] = col_out[y].real();
      out[static_cast<size_t>(y) * n + x + 1] = col_out[y].imag();
    }
  }
}

}  // namespace aigcmark::wm
