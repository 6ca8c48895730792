// Rotation by three shears for the direct scan of small rotations: R(theta) = Sx(a) Sy(b) Sx(a)
// with a = -tan(theta / 2), b = sin(theta), where Sx moves each row sideways and Sy each column
// up or down by an amount proportional to its position. Each pass is a linear interpolation
// between two whole rows with one weight per row (or per column), which streams through SIMD
// lanes; a 2-D warp needs four scattered reads per pixel. Angle 0 skips the shears.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "simd/fold.h"
#include "simd/lerp.h"
#include "watermark/internal.h"

namespace aigcmark::wm {
namespace {

constexpr size_t kRoundUp = 16;  // floats in the widest vector (AVX-512)

// out[k] = src sampled linearly at pos0 + k (k < n), with zeros outside src[0, n_src).
void ShiftRow(const float* src, int n_src, double pos0, int n, float* out) {
  const double fl = std::floor(pos0);
  const int ip = static_cast<int>(fl);
  const auto t = static_cast<float>(pos0 - fl);
  auto at = [&](int i) { return i >= 0 && i < n_src ? src[i] : 0.0f; };
  auto mixed = [&](int k) { out[k] = at(k + ip) + t * (at(k + ip + 1) - at(k + ip)); };
  // [lo, hi): both taps inside src; one mixed output at each end; zeros beyond.
  const int lo = std::clamp(-ip, 0, n), hi = std::clamp(n_src - 1 - ip, lo, n);
  std::fill(out, out + std::max(0, lo - 1), 0.0f);
  if (lo > 0) mixed(lo - 1);
  if (hi > lo) {
    simd::LerpConst(src + lo + ip, src + lo + ip + 1, t, static_cast<size_t>(hi - lo), out + lo);
  }
  if (hi < n) mixed(hi);
  std::fill(out + std::min(n, hi + 1), out + n, 0.0f);
}

}  // namespace

Window RotationWindow(int width, int height, double max_area) {
  double sw = width, sh = height;
  if (sw * sh > max_area) {
    const double f = std::sqrt(max_area / (sw * sh));
    sw *= f;
    sh *= f;
  }
  const int w = static_cast<int>(sw), h = static_cast<int>(sh);
  return {(width - w) / 2, (height - h) / 2, w, h};
}

std::vector<float> FoldRotated(const Plane& p, double theta, double max_area) {
  return FoldRotated(p.px.data(), p.width, p.width, p.height, theta, max_area);
}

std::vector<float> FoldRotated(const float* px, ptrdiff_t stride, int width, int height,
                               double theta, double max_area) {
  std::vector<float> tile(kTile * kTile, 0.0f);
  const auto [x0, y0, w, h] = RotationWindow(width, height, max_area);
  if (w < 8 || h < 8) return tile;
  // Upright (the comb's scale-only candidates): the window itself is the canonical grid. The
  // passes below would copy even widths, but on odd widths shift each row by half a pixel and
  // back, a [1/4 1/2 1/4] blur that cost a third of the band's edge.
  if (theta == 0) {
    simd::FoldAdd(px + y0 * stride + x0, stride, w, h, kTile, 0, 0, tile.data());
    return tile;
  }
  const double cx = w / 2.0, cy = h / 2.0;
  const double c = std::cos(theta), s = std::sin(theta);
  const double a = -std::tan(theta / 2), b = s;
  // Canonical grid q = (u, v), u = -hu + i, v = -hv + j, covering the rotated window; the
  // window point is R q + (cx, cy).
  const double hu = (std::fabs(c) * w + std::fabs(s) * h) / 2, hv = (std::fabs(s) * w + std::fabs(c) * h) / 2;
  const int cw = static_cast<int>(std::ceil(2 * hu)), ch = static_cast<int>(std::ceil(2 * hv));
  // Columns of the intermediate rows (passes 1 and 2): u' = s0 + k, wide enough for every
  // row's shift in pass 3.
  const double s0 = std::floor(-hu - std::fabs(a) * hv) - 1;
  const int kw = cw + static_cast<int>(std::ceil(2 * std::fabs(a) * hv)) + 3;
  // Pass 2's shift, per column: g2 row j reads g1 rows j + base[k] + {0, 1}. Its integer part
  // steps by one every 1 / |b| columns: spans where it takes two values go through the kernel
  // at once, reading three rows.
  thread_local std::vector<int> base;
  thread_local std::vector<float> frac, up;
  base.resize(kw);
  frac.resize(kw);
  up.resize(kw);
  for (int k = 0; k < kw; ++k) {
    const double r = -hv + cy + b * (s0 + k);
    const double fl = std::floor(r);
    base[k] = static_cast<int>(fl);
    frac[k] = static_cast<float>(r - fl);
  }
  struct Span {
    int begin, end, base;  // columns [begin, end) read rows base + j + {0, 1, 2}
  };
  thread_local std::vector<Span> spans;
  spans.clear();
  for (int k = 0; k < kw;) {
    const int lo = b >= 0 ? base[k] : base[k] - 1;  // base[] is monotonic
    int e = k;
    while (e < kw && base[e] >= lo && base[e] <= lo + 1) {
      up[e] = static_cast<float>(base[e] - lo);
      ++e;
    }
    spans.push_back({k, e, lo});
    k = e;
  }
  const int min_base = std::min(base.front(), base.back()) - 1;
  const int max_base = std::max(base.front(), base.back());
  // The passes stream row by row: pass 1's rows live in a ring of the rows pass 2 can still
  // read (L2-sized), pass 2 and 3 produce one row each, folded at once.
  const int ring_rows = max_base - min_base + 3;
  thread_local std::vector<float> ring, g2, canon;
  ring.resize(static_cast<size_t>(ring_rows) * kw);
  g2.resize(kw);
  canon.resize(cw);
  auto g1_row = [&](int m) { return ring.data() + static_cast<size_t>(m % ring_rows) * kw; };
  int next = 0;  // pass 1's next row
  for (int j = 0; j < ch; ++j) {
    // Pass 1 up to the last row this output row reads: g1[m][k] = window(s0 + k + a (m - cy)
    // + cx, m) (rows of the window move sideways).
    for (const int need = std::min(h - 1, j + max_base + 2); next <= need; ++next) {
      ShiftRow(px + (y0 + next) * stride + x0, w, s0 + a * (next - cy) + cx, kw, g1_row(next));
    }
    // Pass 2: g2[k] = g1 at row j - hv + cy + b (s0 + k), column k (columns move).
    float* out = g2.data();
    for (const Span& sp : spans) {
      const int r0 = j + sp.base;
      const size_t n = static_cast<size_t>(sp.end - sp.begin);
      if (r0 >= 0 && r0 + 2 < h) {
        // Rounded up to whole vectors where the row allows (no scalar tail): the columns past
        // the span come out wrong but belong to the next span, which overwrites them.
        const size_t run = std::min<size_t>(kw - sp.begin, (n + kRoundUp - 1) / kRoundUp * kRoundUp);
        simd::LerpVarStep(g1_row(r0) + sp.begin, g1_row(r0 + 1) + sp.begin, g1_row(r0 + 2) + sp.begin,
                          frac.data() + sp.begin, up.data() + sp.begin, run, out + sp.begin);
      } else if (r0 + 2 < 0 || r0 >= h) {
        std::fill(out + sp.begin, out + sp.end, 0.0f);
      } else {
        for (int k = sp.begin; k < sp.end; ++k) {
          const int r = r0 + static_cast<int>(up[k]);
          const float v0 = r >= 0 && r < h ? g1_row(r)[k] : 0.0f;
          const float v1 = r + 1 >= 0 && r + 1 < h ? g1_row(r + 1)[k] : 0.0f;
          out[k] = v0 + frac[k] * (v1 - v0);
        }
      }
    }
    // Pass 3: canon[i] = g2 at column -hu + i + a (j - hv) - s0 (rows move sideways), folded.
    ShiftRow(g2.data(), kw, -hu + a * (j - hv) - s0, cw, canon.data());
    simd::FoldAdd(canon.data(), cw, cw, 1, kTile, 0, j % kTile, tile.data());
  }
  return tile;
}

}  // namespace aigcmark::wm
