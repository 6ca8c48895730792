// Watermark speed at 1920x1080 on one thread: embed, detect (fast path, geometric search, and
// the full search on an unmarked image), against cv::imdecode of the same image as a JPEG; and
// every SIMD kernel (dispatched) against its scalar reference on 1080p-sized data.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/cv_image.h"
#include "aigcmark/watermark.h"
#include "simd/color.h"
#include "simd/comb_gather.h"
#include "simd/filter.h"
#include "simd/fold.h"
#include "simd/lerp.h"
#include "simd/weight.h"
#include "simd/whiten.h"
#include "watermark/fft.h"
#include "watermark/internal.h"
#include "watermark/layout.h"

namespace {

using aigcmark::Image;
using aigcmark::test::FromMat;
using aigcmark::test::ToMat;
constexpr int kW = 1920, kH = 1080;
constexpr double kMegapixels = kW * kH / 1e6;

// A marked copy of `img` turned by 2 degrees about its centre.
Image Rotated2deg(const Image& marked) {
  cv::Mat m(marked.height, marked.width, CV_8UC3, const_cast<uint8_t*>(marked.pixels.data())), r;
  cv::warpAffine(m, r, cv::getRotationMatrix2D(cv::Point2f(m.cols / 2.0f, m.rows / 2.0f), 2, 1), m.size());
  return FromMat(r);
}

struct Fixture {
  cv::Mat photo;                  // opencv-doc aloeL.jpg upscaled to 1080p
  Image plain, marked, rotated;   // rotated: marked, turned by 2 degrees
  std::vector<uint8_t> jpeg;      // the photo as a quality-90 JPEG
  // The same photo at 640x480, where the search takes its small-plane path (every comb
  // candidate folded, plus the direct rotation scan).
  Image small_plain, small_rotated;
  std::vector<uint8_t> small_jpeg;
  Fixture() {
    cv::setNumThreads(1);
    cv::Mat src = cv::imread(std::string(AIGCMARK_OPENCV_DATA) + "/aloeL.jpg", cv::IMREAD_COLOR);
    cv::resize(src, photo, cv::Size(kW, kH), 0, 0, cv::INTER_CUBIC);
    plain = FromMat(photo);
    marked = plain;
    (void)aigcmark::EmbedWatermark(marked, 0x0123456789abcdefULL);
    rotated = Rotated2deg(marked);
    cv::imencode(".jpg", photo, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
    cv::Mat small;
    cv::resize(src, small, cv::Size(640, 480), 0, 0, cv::INTER_AREA);
    small_plain = FromMat(small);
    Image small_marked = small_plain;
    (void)aigcmark::EmbedWatermark(small_marked, 0x0123456789abcdefULL);
    small_rotated = Rotated2deg(small_marked);
    cv::imencode(".jpg", small, small_jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
  }
};
const Fixture& F() {
  static const Fixture f;
  return f;
}

void PerMp(benchmark::State& state, double megapixels = kMegapixels) {
  state.counters["MP/s"] = benchmark::Counter(megapixels * state.iterations(), benchmark::Counter::kIsRate);
}

void BM_ImdecodeJpeg1080p(benchmark::State& state) {
  const auto& f = F();
  for (auto _ : state) {
    cv::Mat m = cv::imdecode(f.jpeg, cv::IMREAD_COLOR);
    benchmark::DoNotOptimize(m.data);
  }
  PerMp(state);
}
BENCHMARK(BM_ImdecodeJpeg1080p)->Unit(benchmark::kMillisecond);

void BM_Embed1080p(benchmark::State& state) {
  const auto& f = F();
  Image img = f.plain;
  for (auto _ : state) {
    state.PauseTiming();
    img.pixels = f.plain.pixels;
    state.ResumeTiming();
    benchmark::DoNotOptimize(aigcmark::EmbedWatermark(img, 0x0123456789abcdefULL).ok());
  }
  PerMp(state);
}
BENCHMARK(BM_Embed1080p)->Unit(benchmark::kMillisecond);

void DetectBench(benchmark::State& state, const Image& img, bool expect) {
  bool ok = true;
  for (auto _ : state) {
    auto r = aigcmark::DetectWatermark(img);
    ok = ok && r.ok() && r->detected == expect;
  }
  if (!ok) state.SkipWithError("unexpected detection result");
  PerMp(state, img.width * img.height / 1e6);
}
void BM_DetectMarked1080p(benchmark::State& s) { DetectBench(s, F().marked, true); }
void BM_DetectRotated2deg1080p(benchmark::State& s) { DetectBench(s, F().rotated, true); }
void BM_DetectUnmarked1080p(benchmark::State& s) { DetectBench(s, F().plain, false); }
BENCHMARK(BM_DetectMarked1080p)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectRotated2deg1080p)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectUnmarked1080p)->Unit(benchmark::kMillisecond);

void BM_ImdecodeJpeg640x480(benchmark::State& state) {
  const auto& f = F();
  for (auto _ : state) {
    cv::Mat m = cv::imdecode(f.small_jpeg, cv::IMREAD_COLOR);
    benchmark::DoNotOptimize(m.data);
  }
  PerMp(state, 640 * 480 / 1e6);
}
void BM_DetectUnmarked640x480(benchmark::State& s) { DetectBench(s, F().small_plain, false); }
void BM_DetectRotated2deg640x480(benchmark::State& s) { DetectBench(s, F().small_rotated, true); }
BENCHMARK(BM_ImdecodeJpeg640x480)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectUnmarked640x480)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectRotated2deg640x480)->Unit(benchmark::kMillisecond);

// The detector's two halves apart: the front end (luma -> whitened, weighted residual of the
// 1024x1024 region) and the search on that plane (folds, DFTs, band comb, decoding).
void BM_DetectFrontEnd1080p(benchmark::State& state) {
  const Image& img = F().plain;
  aigcmark::wm::Plane white;
  for (auto _ : state) {
    aigcmark::wm::WhitenedRegionInto(img.pixels.data(), static_cast<ptrdiff_t>(img.stride()),
                                     img.channels, img.width, img.height, white);
    benchmark::DoNotOptimize(white.px.data());
  }
  PerMp(state);
}
BENCHMARK(BM_DetectFrontEnd1080p)->Unit(benchmark::kMillisecond);

void SearchBench(benchmark::State& state, const Image& img, bool expect) {
  const aigcmark::wm::Plane white = aigcmark::wm::WhitenedRegion(
      img.pixels.data(), static_cast<ptrdiff_t>(img.stride()), img.channels, img.width, img.height);
  const auto layout = aigcmark::wm::LayoutForKey(aigcmark::kDefaultWatermarkKey);
  bool ok = true;
  for (auto _ : state) {
    ok = ok && aigcmark::wm::SearchWhitened(white, *layout, 1e-6).result.detected == expect;
  }
  if (!ok) state.SkipWithError("unexpected detection result");
  PerMp(state);
}
void BM_DetectSearchMarked1080p(benchmark::State& s) { SearchBench(s, F().marked, true); }
void BM_DetectSearchUnmarked1080p(benchmark::State& s) { SearchBench(s, F().plain, false); }
BENCHMARK(BM_DetectSearchMarked1080p)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DetectSearchUnmarked1080p)->Unit(benchmark::kMillisecond);

// The band comb alone (part of the unmarked search).
void BM_CombLattices1080p(benchmark::State& state) {
  const Image& img = F().plain;
  const aigcmark::wm::Plane white = aigcmark::wm::WhitenedRegion(
      img.pixels.data(), static_cast<ptrdiff_t>(img.stride()), img.channels, img.width, img.height);
  for (auto _ : state) {
    benchmark::DoNotOptimize(aigcmark::wm::CombLattices(white, 4, 6).scale_only.size());
  }
  PerMp(state);
}
BENCHMARK(BM_CombLattices1080p)->Unit(benchmark::kMillisecond);

// ---- Kernels: `simd` (dispatched) vs `scalar` (reference) on the same 1080p data. ----

std::vector<float> Floats(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 255.0f);
  std::vector<float> v(n);
  for (auto& x : v) x = u(rng);
  return v;
}
const size_t kN = static_cast<size_t>(kW) * kH;

template <bool kSimd>
void BM_LumaFromBgr(benchmark::State& state) {
  const auto& f = F();
  std::vector<float> out(kN);
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::LumaFromU8(f.plain.pixels.data(), kW * 3, 3, kW, kH, out.data(), kW);
    else aigcmark::simd::reference::LumaFromU8(f.plain.pixels.data(), kW * 3, 3, kW, kH, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_AddLumaDeltaBgr(benchmark::State& state) {
  Image img = F().plain;
  std::vector<float> delta = Floats(kN, 1);
  for (float& d : delta) d = d / 64.0f - 2.0f;
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::AddLumaDeltaU8(img.pixels.data(), kW * 3, 3, kW, kH, delta.data(), kW);
    else aigcmark::simd::reference::AddLumaDeltaU8(img.pixels.data(), kW * 3, 3, kW, kH, delta.data(), kW);
    benchmark::DoNotOptimize(img.pixels.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_BoxMeanR3(benchmark::State& state) {
  auto src = Floats(kN, 2);
  std::vector<float> out(kN);
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::BoxMean(src.data(), kW, kW, kH, 3, out.data(), kW);
    else aigcmark::simd::reference::BoxMean(src.data(), kW, kW, kH, 3, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_BoxMeanAbsDevR3(benchmark::State& state) {
  auto src = Floats(kN, 3);
  std::vector<float> mean(kN), dev(kN);
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::BoxMeanAbsDev(src.data(), kW, kW, kH, 3, mean.data(), kW, dev.data(), kW);
    else aigcmark::simd::reference::BoxMeanAbsDev(src.data(), kW, kW, kH, 3, mean.data(), kW, dev.data(), kW);
    benchmark::DoNotOptimize(dev.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_BoxMeanResidualR4(benchmark::State& state) {
  auto x = Floats(kN, 5), mean = Floats(kN, 6), dev = Floats(kN, 7);
  for (float& d : dev) d /= 8.0f;
  std::vector<float> out(kN);
  for (auto _ : state) {
    if (kSimd) {
      aigcmark::simd::BoxMeanResidual(x.data(), mean.data(), dev.data(), kW, kW, kH, 4, 1.0f, out.data(),
                                      kW);
    } else {
      aigcmark::simd::reference::BoxMeanResidual(x.data(), mean.data(), dev.data(), kW, kW, kH, 4, 1.0f,
                                                 out.data(), kW);
    }
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_FoldAdd128(benchmark::State& state) {
  auto src = Floats(kN, 8);
  std::vector<float> tile(128 * 128);
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::FoldAdd(src.data(), kW, kW, kH, 128, 0, 0, tile.data());
    else aigcmark::simd::reference::FoldAdd(src.data(), kW, kW, kH, 128, 0, 0, tile.data());
    benchmark::DoNotOptimize(tile.data());
  }
  PerMp(state);
}
template <bool kSimd>
void BM_ModulatePeriodic128(benchmark::State& state) {
  auto act = Floats(kN, 9), tile = Floats(128 * 128, 10);
  std::vector<float> out(kW);
  for (auto _ : state) {
    for (int y = 0; y < kH; ++y) {
      const float* a = act.data() + static_cast<size_t>(y) * kW;
      const float* t = tile.data() + (y % 128) * 128;
      if (kSimd) aigcmark::simd::ModulatePeriodicRow(a, t, 128, 0, 0.2f, 0.25f, 1.6f, 2.6f, out.data(), kW);
      else aigcmark::simd::reference::ModulatePeriodicRow(a, t, 128, 0, 0.2f, 0.25f, 1.6f, 2.6f, out.data(), kW);
      benchmark::DoNotOptimize(out.data());
    }
  }
  PerMp(state);
}
template <bool kSimd>
void BM_Dot(benchmark::State& state) {
  auto a = Floats(kN, 11), b = Floats(kN, 12);
  for (auto _ : state) {
    double d = kSimd ? aigcmark::simd::Dot(a.data(), b.data(), kN)
                     : aigcmark::simd::reference::Dot(a.data(), b.data(), kN);
    benchmark::DoNotOptimize(d);
  }
  PerMp(state);
}
// The detector's local mean square of the residual (5x5), squares fused into the box pass.
template <bool kSimd>
void BM_BoxMeanOfSquaresR2(benchmark::State& state) {
  auto src = Floats(kN, 13);
  std::vector<float> out(kN);
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::BoxMeanOfSquares(src.data(), kW, kW, kH, 2, out.data(), kW);
    else aigcmark::simd::reference::BoxMeanOfSquares(src.data(), kW, kW, kH, 2, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
// The detector's constants: activity 0..32 spans both mask bounds, residual -4..4.
template <bool kSimd, bool kAccumulate>
void BM_WeightResidual(benchmark::State& state) {
  auto v = Floats(kN, 14), act = Floats(kN, 15), ms = Floats(kN, 16);
  for (float& x : v) x = x / 32.0f - 4.0f;
  for (float& a : act) a /= 8.0f;
  for (float& m : ms) m /= 16.0f;
  std::vector<float> out(kN);
  for (auto _ : state) {
    if (kSimd) {
      aigcmark::simd::WeightResidual(v.data(), act.data(), ms.data(), kW, kW, kH, 5.0f, 0.35f, 1.6f, 1.0f, 0.1f,
                                     kAccumulate, out.data(), kW);
    } else {
      aigcmark::simd::reference::WeightResidual(v.data(), act.data(), ms.data(), kW, kW, kH, 5.0f, 0.35f, 1.6f,
                                                1.0f, 0.1f, kAccumulate, out.data(), kW);
    }
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
// The detector's whole front end after luma (detector constants, no padding mask): the fused
// streaming kernel vs its scalar reference, and vs the same chain of dispatched whole-plane
// kernels (what the detector ran before the fusion).
template <bool kSimd>
void BM_WhitenResidual(benchmark::State& state) {
  auto x = Floats(kN, 17);
  std::vector<float> out(kN);
  const aigcmark::simd::WhitenParams p;
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::WhitenResidual(x.data(), kW, nullptr, 0, kW, kH, p, false, out.data(), kW);
    else aigcmark::simd::reference::WhitenResidual(x.data(), kW, nullptr, 0, kW, kH, p, false, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
// The same chain straight from the 1080p photo's BGR pixels (luma rows converted as needed).
template <bool kSimd>
void BM_WhitenResidualU8(benchmark::State& state) {
  const auto& f = F();
  std::vector<float> out(kN);
  const aigcmark::simd::WhitenParams p;
  const uint8_t* px = f.plain.pixels.data();
  for (auto _ : state) {
    if (kSimd) aigcmark::simd::WhitenResidualU8(px, kW * 3, 3, nullptr, 0, kW, kH, p, false, out.data(), kW);
    else aigcmark::simd::reference::WhitenResidualU8(px, kW * 3, 3, nullptr, 0, kW, kH, p, false, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
void BM_WhitenResidualChain(benchmark::State& state) {
  namespace simd = aigcmark::simd;
  auto x = Floats(kN, 17);
  std::vector<float> mean(kN), dev(kN), white(kN), act(kN), ms(kN), out(kN);
  const simd::WhitenParams p;
  for (auto _ : state) {
    simd::BoxMeanAbsDev(x.data(), kW, kW, kH, p.mean_radius, mean.data(), kW, dev.data(), kW);
    simd::BoxMeanResidual(x.data(), mean.data(), dev.data(), kW, kW, kH, p.norm_radius, p.residual_eps,
                          white.data(), kW);
    simd::BoxMeanAbsDev(x.data(), kW, kW, kH, p.activity_inner, mean.data(), kW, dev.data(), kW);
    simd::BoxMean(dev.data(), kW, kW, kH, p.activity_outer, act.data(), kW);
    simd::BoxMeanOfSquares(white.data(), kW, kW, kH, p.rms_radius, ms.data(), kW);
    simd::WeightResidual(white.data(), act.data(), ms.data(), kW, kW, kH, p.activity_ref, p.mask_lo, p.mask_hi,
                         p.activity_eps, p.ms_floor, false, out.data(), kW);
    benchmark::DoNotOptimize(out.data());
  }
  PerMp(state);
}
// The band comb's gather: one 768x768 byte spectrum (a 1080p plane's), the ~900 band points,
// 180 scale/angle hypotheses per iteration as the coarse comb grid visits them.
template <bool kSimd>
void BM_CombGatherSum(benchmark::State& state) {
  constexpr int kF = 768;
  std::mt19937 rng(5);
  std::vector<uint8_t> table(static_cast<size_t>(kF) * kF);
  for (auto& v : table) v = static_cast<uint8_t>(rng() % 64);
  std::vector<float> kx, ky;
  for (const auto& [x, y] : aigcmark::wm::BandBins()) {
    kx.push_back(static_cast<float>(x));
    ky.push_back(static_cast<float>(y));
  }
  uint64_t total = 0;
  for (auto _ : state) {
    for (int i = 0; i < 180; ++i) {
      const double sc = 0.45 * std::pow(1.01, i / 2), th = (i % 2 ? 0.02 : -0.02);
      const auto a = static_cast<float>(std::cos(th) * kF / (aigcmark::wm::kTile * sc));
      const auto b = static_cast<float>(std::sin(th) * kF / (aigcmark::wm::kTile * sc));
      total += kSimd ? aigcmark::simd::CombGatherSum(table.data(), kF, kx.data(), ky.data(), kx.size(), a, b)
                     : aigcmark::simd::reference::CombGatherSum(table.data(), kF, kx.data(), ky.data(),
                                                                kx.size(), a, b);
    }
  }
  benchmark::DoNotOptimize(total);
  state.counters["points/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * 180 * kx.size(), benchmark::Counter::kIsRate);
}
// The small-rotation shears (lib/watermark/shear.cc) on a 640x480 plane, row by row as they
// run: a sub-pixel shift of each plane row into a ring of 42 rows (the first pass), and a
// column shift whose integer part steps once in the row, from three ring rows into one output
// row (the second).
constexpr int kShearW = 640, kShearH = 480, kShearRing = 42;
template <bool kSimd>
void BM_LerpConstRows(benchmark::State& state) {
  auto src = Floats(static_cast<size_t>(kShearW + 1) * kShearH, 19);
  std::vector<float> out(static_cast<size_t>(kShearW) * kShearRing);
  for (auto _ : state) {
    for (int y = 0; y < kShearH; ++y) {
      const float* a = src.data() + static_cast<size_t>(y) * (kShearW + 1);
      float* o = out.data() + static_cast<size_t>(y % kShearRing) * kShearW;
      const float t = 0.001f * static_cast<float>(y);
      if (kSimd) aigcmark::simd::LerpConst(a, a + 1, t, kShearW, o);
      else aigcmark::simd::reference::LerpConst(a, a + 1, t, kShearW, o);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["MP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kShearW * kShearH / 1e6,
                                              benchmark::Counter::kIsRate);
}
// The same kernel on one row pair in L1 (checkasm-style: arithmetic, not memory).
template <bool kSimd>
void BM_LerpConstInCache(benchmark::State& state) {
  auto src = Floats(kShearW + 1, 22);
  std::vector<float> out(kShearW);
  for (auto _ : state) {
    for (int y = 0; y < kShearH; ++y) {
      const float t = 0.001f * static_cast<float>(y);
      if (kSimd) aigcmark::simd::LerpConst(src.data(), src.data() + 1, t, kShearW, out.data());
      else aigcmark::simd::reference::LerpConst(src.data(), src.data() + 1, t, kShearW, out.data());
      benchmark::ClobberMemory();
    }
  }
  state.counters["MP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kShearW * kShearH / 1e6,
                                              benchmark::Counter::kIsRate);
}
template <bool kSimd>
void BM_LerpVarStepRows(benchmark::State& state) {
  auto src = Floats(static_cast<size_t>(kShearW) * (kShearRing + 2), 20), t = Floats(kShearW, 21);
  for (auto& v : t) v = std::fabs(v) - std::floor(std::fabs(v));
  std::vector<float> up(kShearW);
  for (int i = 0; i < kShearW; ++i) up[i] = i >= kShearW / 2 ? 1.0f : 0.0f;
  std::vector<float> out(kShearW);
  for (auto _ : state) {
    for (int y = 0; y < kShearH; ++y) {
      const float* r0 = src.data() + static_cast<size_t>(y % kShearRing) * kShearW;
      if (kSimd) aigcmark::simd::LerpVarStep(r0, r0 + kShearW, r0 + 2 * kShearW, t.data(), up.data(), kShearW, out.data());
      else aigcmark::simd::reference::LerpVarStep(r0, r0 + kShearW, r0 + 2 * kShearW, t.data(), up.data(), kShearW, out.data());
      benchmark::ClobberMemory();
    }
  }
  state.counters["MP/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kShearW * kShearH / 1e6,
                                              benchmark::Counter::kIsRate);
}
// The comb's spectrum of a 1080p photo's decimated plane: a 384x384 data block zero-padded to
// 768x768, by libavutil's FFT (watermark/fft.h, half spectrum) and by cv::dft (full complex
// output, told that only the first 384 rows are nonzero), the transform it replaced.
template <bool kAvTx>
void BM_CombFft768(benchmark::State& state) {
  constexpr int kF = 768, kData = 384;
  auto data = Floats(static_cast<size_t>(kData) * kData, 23);
  aigcmark::wm::HalfSpectrum half;
  cv::Mat frame(kF, kF + 16, CV_32F, cv::Scalar(0)), spec;
  cv::Mat(kData, kData, CV_32F, data.data()).copyTo(frame(cv::Rect(0, 0, kData, kData)));
  for (auto _ : state) {
    if (kAvTx) {
      aigcmark::wm::RealFft2dHalf(data.data(), kData, kData, kData, kF, half);
      benchmark::DoNotOptimize(half.column(0));
    } else {
      cv::dft(frame(cv::Rect(0, 0, kF, kF)), spec, cv::DFT_COMPLEX_OUTPUT, kData);
      benchmark::DoNotOptimize(spec.data);
    }
  }
}
BENCHMARK_TEMPLATE(BM_CombFft768, true)->Name("BM_CombFft768/av_tx")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_CombFft768, false)->Name("BM_CombFft768/cv_dft")->Unit(benchmark::kMicrosecond);

#define AIGCMARK_KERNEL_BENCH(fn)                                                   \
  BENCHMARK_TEMPLATE(fn, true)->Name(#fn "/simd")->Unit(benchmark::kMicrosecond);   \
  BENCHMARK_TEMPLATE(fn, false)->Name(#fn "/scalar")->Unit(benchmark::kMicrosecond)
AIGCMARK_KERNEL_BENCH(BM_LumaFromBgr);
AIGCMARK_KERNEL_BENCH(BM_AddLumaDeltaBgr);
AIGCMARK_KERNEL_BENCH(BM_BoxMeanR3);
AIGCMARK_KERNEL_BENCH(BM_BoxMeanAbsDevR3);
AIGCMARK_KERNEL_BENCH(BM_BoxMeanResidualR4);
AIGCMARK_KERNEL_BENCH(BM_FoldAdd128);
AIGCMARK_KERNEL_BENCH(BM_ModulatePeriodic128);
AIGCMARK_KERNEL_BENCH(BM_Dot);
AIGCMARK_KERNEL_BENCH(BM_BoxMeanOfSquaresR2);
BENCHMARK_TEMPLATE(BM_WeightResidual, true, false)->Name("BM_WeightResidual/simd")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_WeightResidual, false, false)->Name("BM_WeightResidual/scalar")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_WeightResidual, true, true)->Name("BM_WeightResidualAccumulate/simd")->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_WeightResidual, false, true)->Name("BM_WeightResidualAccumulate/scalar")->Unit(benchmark::kMicrosecond);
AIGCMARK_KERNEL_BENCH(BM_WhitenResidual);
AIGCMARK_KERNEL_BENCH(BM_WhitenResidualU8);
AIGCMARK_KERNEL_BENCH(BM_CombGatherSum);
AIGCMARK_KERNEL_BENCH(BM_LerpConstRows);
AIGCMARK_KERNEL_BENCH(BM_LerpConstInCache);
AIGCMARK_KERNEL_BENCH(BM_LerpVarStepRows);
BENCHMARK(BM_WhitenResidualChain)->Name("BM_WhitenResidual/chain")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
