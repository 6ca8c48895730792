// Highway per-target code for whiten.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/whiten.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "simd/box-inl.h"
#include "simd/color-inl.h"
#include "simd/filter.h"
#include "simd/weight-inl.h"
#include "simd/whiten.h"

HWY_BEFORE_NAMESPACE();
namespace aigcmark::simd {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// A box mean fed one source row at a time, in order: the horizontal sums of the last 2r+2 rows
// (the window and the row that just left it) live in a ring beside the running column sums,
// exactly as in filter.cc's BoxRows. Rows are produced in order, row y once the source rows up
// to min(height - 1, y + r) have been pushed and no later ones (Fill does exactly that).
template <bool kSquare>
class BoxStream {
 public:
  // `ring`: Rows(radius) rows of w floats.
  static int Rows(int radius) { return 2 * radius + 3; }
  BoxStream(float* ring, size_t w, int height, int radius)
      : ring_(ring),
        col_(ring + static_cast<size_t>(2 * radius + 2) * w),
        w_(w),
        height_(height),
        radius_(radius),
        window_(2 * radius + 1),
        scale_(1.0f / static_cast<float>(window_ * window_)) {}

  // Pushes source rows, produced in order by `src(row)`, until row y's window is complete.
  template <class Src>
  HWY_INLINE void Fill(int y, const Src& src) {
    for (const int need = std::min(height_ - 1, y + radius_); next_ <= need; ++next_) {
      HorizontalSums<kSquare>(src(next_), w_, radius_, Slot(next_));
    }
  }

  // Output row y (rows in order, as the running sums need): `op` gets its means (see
  // RunningMeans).
  template <class Op>
  HWY_INLINE void Row(int y, const Op& op) const {
    const float* taps[2 * 16 + 1];
    for (int k = -radius_; k <= radius_; ++k) {
      taps[k + radius_] = Slot(std::clamp(y + k, 0, height_ - 1));
    }
    RunningMeans(taps, window_, Slot(std::clamp(y - 1 - radius_, 0, height_ - 1)),
                 y % kBoxRestartRows == 0, col_, w_, scale_, op);
  }

 private:
  // One slot more than the window: the row leaving it is still needed when the next enters.
  float* Slot(int row) const { return ring_ + static_cast<size_t>(row % (window_ + 1)) * w_; }

  float* ring_;
  float* col_;  // the running column sums
  size_t w_;
  int height_, radius_, window_;
  float scale_;
  int next_ = 0;  // the next source row whose horizontal sums are due
};

// The row ops below repeat filter.cc's StoreMean, StoreMeanAbsDev and StoreResidual on one row.
struct MeanRow {
  float* dst;
  template <class D, class V>
  HWY_INLINE void Vec(D d, size_t x, V m) const {
    hn::StoreU(m, d, dst + x);
  }
  HWY_INLINE void Lane(size_t x, float m) const { dst[x] = m; }
};

// The mean is always stored, even where only |x - m| is needed: the compiler may contract
// x - sum * scale into one FMA when the product has no other use, which would round differently
// from BoxMeanAbsDev (where the stored mean keeps the product). The exactness test catches that.
struct MeanAbsDevRow {
  const float* src;
  float* mean;
  float* absdev;
  template <class D, class V>
  HWY_INLINE void Vec(D d, size_t x, V m) const {
    hn::StoreU(m, d, mean + x);
    hn::StoreU(hn::Abs(hn::Sub(hn::LoadU(d, src + x), m)), d, absdev + x);
  }
  HWY_INLINE void Lane(size_t x, float m) const {
    mean[x] = m;
    absdev[x] = std::fabs(src[x] - m);
  }
};

struct ResidualRow {
  const float* src;
  const float* mean;
  float eps;
  float* out;
  template <class D, class V>
  HWY_INLINE void Vec(D d, size_t x, V act) const {
    const auto num = hn::Sub(hn::LoadU(d, src + x), hn::LoadU(d, mean + x));
    hn::StoreU(hn::Div(num, hn::Add(act, hn::Set(d, eps))), d, out + x);
  }
  HWY_INLINE void Lane(size_t x, float act) const { out[x] = (src[x] - mean[x]) / (act + eps); }
};

// Rows of a ring of `rows` rows of width w.
struct RowRing {
  float* base;
  size_t w;
  int rows;
  float* operator()(int row) const { return base + static_cast<size_t>(row % rows) * w; }
};

// Luma rows of 8-bit pixels converted as the chain first asks for them, into a ring: the
// front end never writes or re-reads a whole float plane. The newest row converted is at most
// mean + norm + rms radii ahead of the oldest still read (a residual row waits for its absdev
// window, which waits for its mean window); RingRows adds the activity radii and a margin.
class LumaRows {
 public:
  static int RingRows(const WhitenParams& p) {
    return p.mean_radius + p.norm_radius + p.rms_radius + p.activity_inner + p.activity_outer + 2;
  }
  LumaRows(const uint8_t* px, ptrdiff_t stride, int channels, size_t w, float* ring, int rows)
      : px_(px), stride_(stride), channels_(channels), w_(w), ring_(ring), rows_(rows) {}
  const float* operator()(int row) const {
    for (; next_ <= row; ++next_) LumaRow(px_ + next_ * stride_, channels_, w_, Slot(next_));
    return Slot(row);
  }

 private:
  float* Slot(int row) const { return ring_ + static_cast<size_t>(row % rows_) * w_; }
  const uint8_t* px_;
  ptrdiff_t stride_;
  int channels_;
  size_t w_;
  float* ring_;
  int rows_;
  mutable int next_ = 0;
};

// Each stage pulls the rows it needs from the stage before, so every intermediate row is
// computed once and consumed while it is still in L1/L2. `extra` more ring rows are allocated
// and passed to `make_rows`, which returns the source rows: x_row(y) is row y.
template <class MakeRows>
void WhitenStream(int extra, const MakeRows& make_rows, const uint8_t* zero, ptrdiff_t zero_stride,
                  int width, int height, const WhitenParams& p, bool accumulate, float* out,
                  ptrdiff_t out_stride) {
  const size_t w = static_cast<size_t>(width);
  // Rings: horizontal sums of each box filter; the local mean m until its residual row is due
  // (up to norm_radius rows later); the residual until its weighted row is due (rms_radius
  // later); plus single rows for d, m1, |x - m1|, act and ms.
  const int mean_rows = p.norm_radius + 1, white_rows = p.rms_radius + 1;
  const int rows = BoxStream<false>::Rows(p.mean_radius) + BoxStream<false>::Rows(p.norm_radius) +
                   BoxStream<false>::Rows(p.activity_inner) +
                   BoxStream<false>::Rows(p.activity_outer) + BoxStream<true>::Rows(p.rms_radius) +
                   mean_rows + white_rows + 5 + extra;
  std::vector<float> buf(w * static_cast<size_t>(rows));
  float* next = buf.data();
  auto take = [&](int n) {
    float* r = next;
    next += w * static_cast<size_t>(n);
    return r;
  };
  BoxStream<false> s_mean(take(BoxStream<false>::Rows(p.mean_radius)), w, height, p.mean_radius);
  BoxStream<false> s_norm(take(BoxStream<false>::Rows(p.norm_radius)), w, height, p.norm_radius);
  BoxStream<false> s_inner(take(BoxStream<false>::Rows(p.activity_inner)), w, height,
                           p.activity_inner);
  BoxStream<false> s_act(take(BoxStream<false>::Rows(p.activity_outer)), w, height,
                         p.activity_outer);
  BoxStream<true> s_rms(take(BoxStream<true>::Rows(p.rms_radius)), w, height, p.rms_radius);
  const RowRing mean{take(mean_rows), w, mean_rows};
  const RowRing white{take(white_rows), w, white_rows};
  float* const absdev = take(1);
  float* const inner_mean = take(1);
  float* const inner_dev = take(1);
  float* const act = take(1);
  float* const ms = take(1);
  const auto x_row = make_rows(take(extra));
  // m and d of row k (k = 0, 1, ... in order).
  auto absdev_row = [&](int k) -> const float* {
    s_mean.Fill(k, x_row);
    s_mean.Row(k, MeanAbsDevRow{x_row(k), mean(k), absdev});
    return absdev;
  };
  // The (masked) residual of row j.
  auto white_row = [&](int j) -> const float* {
    s_norm.Fill(j, absdev_row);
    float* wr = white(j);
    s_norm.Row(j, ResidualRow{x_row(j), mean(j), p.residual_eps, wr});
    if (zero != nullptr) {
      const uint8_t* z = zero + j * zero_stride;
      for (size_t i = 0; i < w; ++i) wr[i] = z[i] ? 0.0f : wr[i];
    }
    return wr;
  };
  auto inner_dev_row = [&](int k) -> const float* {
    s_inner.Fill(k, x_row);
    s_inner.Row(k, MeanAbsDevRow{x_row(k), inner_mean, inner_dev});
    return inner_dev;
  };
  const float inv_ref = 1.0f / p.activity_ref;
  for (int y = 0; y < height; ++y) {
    s_rms.Fill(y, white_row);
    s_act.Fill(y, inner_dev_row);
    s_act.Row(y, MeanRow{act});
    s_rms.Row(y, MeanRow{ms});
    float* o = out + y * out_stride;
    if (accumulate) {
      WeightRow<true>(white(y), act, ms, w, inv_ref, p.mask_lo, p.mask_hi, p.activity_eps,
                      p.ms_floor, o);
    } else {
      WeightRow<false>(white(y), act, ms, w, inv_ref, p.mask_lo, p.mask_hi, p.activity_eps,
                       p.ms_floor, o);
    }
  }
}

void WhitenResidualImpl(const float* x, ptrdiff_t x_stride, const uint8_t* zero,
                        ptrdiff_t zero_stride, int width, int height, const WhitenParams& p,
                        bool accumulate, float* out, ptrdiff_t out_stride) {
  WhitenStream(
      0, [&](float*) { return [=](int y) { return x + y * x_stride; }; }, zero, zero_stride, width,
      height, p, accumulate, out, out_stride);
}

void WhitenResidualU8Impl(const uint8_t* px, ptrdiff_t stride, int channels, const uint8_t* zero,
                          ptrdiff_t zero_stride, int width, int height, const WhitenParams& p,
                          bool accumulate, float* out, ptrdiff_t out_stride) {
  const int ring = LumaRows::RingRows(p);
  WhitenStream(
      ring,
      [&](float* buf) {
        return LumaRows(px, stride, channels, static_cast<size_t>(width), buf, ring);
      },
      zero, zero_stride, width, height, p, accumulate, out, out_stride);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace aigcmark::simd
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace aigcmark::simd {

HWY_EXPORT(WhitenResidualImpl);
HWY_EXPORT(WhitenResidualU8Impl);

void WhitenResidual(const float* x, ptrdiff_t x_stride, const uint8_t* zero, ptrdiff_t zero_stride,
                    int width, int height, const WhitenParams& params, bool accumulate, float* out,
                    ptrdiff_t out_stride) {
  HWY_DYNAMIC_DISPATCH(WhitenResidualImpl)
  (x, x_stride, zero, zero_stride, width, height, params, accumulate, out, out_stride);
}

void WhitenResidualU8(const uint8_t* pixels, ptrdiff_t stride, int channels, const uint8_t* zero,
                      ptrdiff_t zero_stride, int width, int height, const WhitenParams& params,
                      bool accumulate, float* out, ptrdiff_t out_stride) {
  HWY_DYNAMIC_DISPATCH(WhitenResidualU8Impl)
  (pixels, stride, channels, zero, zero_stride, width, height, params, accumulate, out, out_stride);
}

}  // namespace aigcmark::simd
#endif  // HWY_ONCE
