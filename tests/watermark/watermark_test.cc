// The watermark on real photos: round trips, keys, unmarked photos, attacks made with OpenCV,
// gray/BGRA, tiny and large inputs, the file flow with metadata, planes and video accumulation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <tuple>
#include <utility>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/cv_image.h"
#include "aigcmark/metadata.h"
#include "aigcmark/watermark.h"
#include "common/test_util.h"
#include "simd/filter.h"
#include "simd/weight.h"
#include "watermark/internal.h"
#include "watermark/layout.h"

namespace aigcmark {
namespace {

using test::FromMat;
using test::ToMat;

constexpr uint64_t kPayload = 0x0123456789abcdefULL;

cv::Mat Marked(const std::string& name, uint64_t payload = kPayload, const std::string& key = kDefaultWatermarkKey) {
  cv::Mat m = cv::imread(test::OpenCvData(name), cv::IMREAD_COLOR);
  EXPECT_FALSE(m.empty()) << name;
  Image img = FromMat(m);
  WatermarkEmbedOptions o;
  o.key = key;
  EXPECT_TRUE(EmbedWatermark(img, payload, o).ok());
  return ToMat(img);
}

WatermarkResult Detect(const cv::Mat& m, const std::string& key = kDefaultWatermarkKey) {
  WatermarkDetectOptions o;
  o.key = key;
  auto r = DetectWatermark(FromMat(m), o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : WatermarkResult{};
}

double Psnr(const cv::Mat& a, const cv::Mat& b) {
  const double mse = cv::norm(a, b, cv::NORM_L2SQR) / (static_cast<double>(a.total()) * a.channels());
  return 10 * std::log10(255.0 * 255.0 / mse);
}

TEST(Watermark, RoundTripOnRealPhotosIsExactAndInvisible) {
  int checked = 0;
  double psnr_sum = 0;
  for (const std::string& path : test::RealPhotos()) {
    cv::Mat orig = cv::imread(path, cv::IMREAD_COLOR);
    if (std::min(orig.cols, orig.rows) < 256) continue;  // documented minimum for detection
    Image img = FromMat(orig);
    ASSERT_TRUE(EmbedWatermark(img, kPayload).ok()) << path;
    cv::Mat marked = ToMat(img);
    psnr_sum += Psnr(orig, marked);
    WatermarkResult r = Detect(marked);
    EXPECT_TRUE(r.detected) << path;
    ASSERT_TRUE(r.payload.has_value()) << path << " score " << r.score;
    EXPECT_EQ(*r.payload, kPayload) << path;
    EXPECT_LE(r.false_alarm, 1e-6) << path;
    EXPECT_GT(r.score, 5.0) << path;
    ++checked;
  }
  ASSERT_GE(checked, 10);
  EXPECT_GE(psnr_sum / checked, 42.0);
}

TEST(Watermark, UnmarkedPhotosAreNotDetected) {
  int checked = 0;
  for (const std::string& path : test::RealPhotos()) {
    cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
    WatermarkResult r = Detect(m);
    EXPECT_FALSE(r.detected) << path << " score " << r.score;
    EXPECT_FALSE(r.payload.has_value()) << path;
    EXPECT_GT(r.false_alarm, 1e-6) << path;
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(Watermark, WrongKeyFindsNothing) {
  cv::Mat marked = Marked("leuvenA.jpg", kPayload, "secret-key-A");
  EXPECT_EQ(Detect(marked, "secret-key-A").payload, kPayload);
  WatermarkResult other = Detect(marked, "secret-key-B");
  EXPECT_FALSE(other.detected);
  EXPECT_FALSE(other.payload.has_value());
  EXPECT_FALSE(Detect(marked).detected);  // the public default key
}

cv::Mat Jpeg(const cv::Mat& m, int q) {
  std::vector<uint8_t> buf;
  cv::imencode(".jpg", m, buf, {cv::IMWRITE_JPEG_QUALITY, q});
  return cv::imdecode(buf, cv::IMREAD_COLOR);
}

TEST(Watermark, PayloadSurvivesCommonAttacks) {
  for (const char* name : {"building.jpg", "leuvenA.jpg", "orange.jpg", "fruits.jpg"}) {
    cv::Mat marked = Marked(name);
    cv::Mat half, three_quarters, rotated;
    cv::resize(marked, half, cv::Size(), 0.5, 0.5);
    cv::resize(marked, three_quarters, cv::Size(), 0.75, 0.75);
    cv::warpAffine(marked, rotated,
                   cv::getRotationMatrix2D(cv::Point2f(marked.cols / 2.0f, marked.rows / 2.0f), 2, 1),
                   marked.size());
    const int cw = marked.cols / 2, ch = marked.rows / 2;
    cv::Mat cropped = marked(cv::Rect(cw / 4, 3 * ch / 4, cw, ch)).clone();
    struct Case {
      const char* what;
      cv::Mat image;
    } cases[] = {{"jpeg75", Jpeg(marked, 75)},
                 {"resize0.5", half},
                 {"crop50", cropped},
                 {"rotate2", rotated},
                 {"resize0.75+jpeg75", Jpeg(three_quarters, 75)}};
    for (const Case& c : cases) {
      WatermarkResult r = Detect(c.image);
      EXPECT_EQ(r.payload, kPayload) << name << " " << c.what << " score " << r.score;
    }
  }
}

// The sync search finds the crop offset at every parity: its transform covers even offsets only
// and it refines around the best of them at full resolution. The score must not dip at odd
// offsets (without the refinement it fell to 0.73 of the best there), and the payload, whose
// phases turn ~1.3 rad per pixel at the band's edge, must come out exact.
TEST(Watermark, SyncFindsEveryCropOffsetParity) {
  const cv::Mat marked = Marked("baboon.jpg");
  double lo = 1e9, hi = 0;
  for (int dy = 0; dy < 4; ++dy) {
    for (int dx = 0; dx < 4; ++dx) {
      const cv::Mat cropped = marked(cv::Rect(37 + dx, 21 + dy, 300, 280)).clone();
      const WatermarkResult r = Detect(cropped);
      EXPECT_EQ(r.payload, kPayload) << "offset " << dx << "," << dy << " score " << r.score;
      lo = std::min(lo, r.score);
      hi = std::max(hi, r.score);
    }
  }
  EXPECT_GT(lo, 0.9 * hi) << "scores " << lo << " to " << hi;
}

// Small photos rotated with black corners: the corners' edges hid the band comb, and the comb
// misses weak marks on small photos (both found only since the padding mask and the direct
// scan of small rotations).
TEST(Watermark, SmallRotatedPhotosWithBlackCorners) {
  for (const char* name : {"butterfly.jpg", "blox.jpg"}) {
    cv::Mat marked = Marked(name), rotated;
    cv::warpAffine(marked, rotated,
                   cv::getRotationMatrix2D(cv::Point2f(marked.cols / 2.0f, marked.rows / 2.0f), 2, 1),
                   marked.size());
    WatermarkResult r = Detect(rotated);
    EXPECT_EQ(r.payload, kPayload) << name << " score " << r.score;
  }
}

// Upscaled copies (a 2x "enhance", 1.25x and 1.6x resizes). The band comb's level on the host
// itself varies with scale, so before the comb was measured against a per-scale baseline, host
// levels at small scales outranked these marks and the search never folded at their true scale,
// where they decode.
TEST(Watermark, UpscaledCopiesAreFound) {
  const std::pair<const char*, double> cases[] = {
      {"baboon.jpg", 2.0}, {"board.jpg", 1.25}, {"starry_night.jpg", 1.6}, {"aero1.jpg", 2.0}};
  for (const auto& [name, factor] : cases) {
    cv::Mat up;
    cv::resize(Marked(name), up, cv::Size(), factor, factor, cv::INTER_LINEAR);
    WatermarkResult r = Detect(Jpeg(up, 90));
    EXPECT_EQ(r.payload, kPayload) << name << " x" << factor << " score " << r.score;
  }
}

// FoldRotated (three shears) must undo a rotation: a plane holding a 128-periodic pattern
// turned by theta about its centre folds, at theta, into a tile whose power sits on the
// pattern's own frequencies; folded at -theta the pattern smears (so the check can fail).
TEST(Watermark, FoldRotatedUndoesTheRotation) {
  const int kx[] = {5, -7, 12, 3, 17, -11}, ky[] = {2, 9, -4, 15, 6, 13};
  auto pattern = [&](double u, double v) {
    double sum = 0;
    for (int n = 0; n < 6; ++n) sum += std::cos(2 * std::numbers::pi * (kx[n] * u + ky[n] * v) / wm::kTile + n);
    return sum;
  };
  // Fraction of the tile's power (DC left out) on the pattern's frequencies and their mirrors.
  auto on_pattern = [&](const std::vector<float>& tile) {
    cv::Mat t(wm::kTile, wm::kTile, CV_32F, const_cast<float*>(tile.data())), spec;
    cv::dft(t, spec, cv::DFT_COMPLEX_OUTPUT);
    double total = 0, hit = 0;
    for (int y = 0; y < wm::kTile; ++y) {
      for (int x = 0; x < wm::kTile; ++x) {
        const cv::Vec2f c = spec.at<cv::Vec2f>(y, x);
        const double p = c[0] * c[0] + c[1] * c[1];
        if (x == 0 && y == 0) continue;
        total += p;
        const int fx = x <= wm::kTile / 2 ? x : x - wm::kTile, fy = y <= wm::kTile / 2 ? y : y - wm::kTile;
        for (int n = 0; n < 6; ++n) {
          if ((fx == kx[n] && fy == ky[n]) || (fx == -kx[n] && fy == -ky[n])) hit += p;
        }
      }
    }
    return hit / total;
  };
  for (const auto& [w, h, deg] : {std::tuple{500, 400, 2.5}, {331, 517, -1.7}, {640, 480, 3.1}}) {
    const double th = deg * std::numbers::pi / 180, c = std::cos(th), s = std::sin(th);
    wm::Plane p;
    p.width = w;
    p.height = h;
    p.px.resize(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const double dx = x - w / 2.0, dy = y - h / 2.0;  // window point = R q + centre
        p.px[static_cast<size_t>(y) * w + x] = static_cast<float>(pattern(c * dx + s * dy, -s * dx + c * dy));
      }
    }
    EXPECT_GT(on_pattern(wm::FoldRotated(p, th, 0.3e6)), 0.95) << w << "x" << h << " " << deg;
    EXPECT_LT(on_pattern(wm::FoldRotated(p, -th, 0.3e6)), 0.5) << w << "x" << h << " " << deg;
  }
}

// Upright, FoldRotated folds the window itself, whatever the parity of its size (the shears
// would interpolate odd widths at half-pixel shifts, a blur of the mark's upper band).
TEST(Watermark, FoldRotatedUprightIsThePlainFoldOfTheWindow) {
  cv::RNG rng(7);
  for (const auto& [w, h, area] : {std::tuple{331, 517, 0.3e6}, {640, 480, 0.3e6}, {700, 450, 0.2e6}}) {
    wm::Plane p;
    p.width = w;
    p.height = h;
    p.px.resize(static_cast<size_t>(w) * h);
    for (float& v : p.px) v = static_cast<float>(rng.uniform(-8.0, 8.0));
    const wm::Window win = wm::RotationWindow(w, h, area);
    std::vector<double> want(wm::kTile * wm::kTile, 0.0);
    for (int y = 0; y < win.h; ++y) {
      for (int x = 0; x < win.w; ++x) {
        want[(y % wm::kTile) * wm::kTile + x % wm::kTile] += p.px[static_cast<size_t>(win.y + y) * w + win.x + x];
      }
    }
    const std::vector<float> got = wm::FoldRotated(p, 0.0, area);
    ASSERT_EQ(got.size(), want.size());
    double worst = 0;
    for (size_t i = 0; i < want.size(); ++i) worst = std::max(worst, std::fabs(got[i] - want[i]));
    EXPECT_LT(worst, 1e-3) << w << "x" << h << " window " << win.w << "x" << win.h;
  }
}

// Folding at a given scale and angle (a resize, then three shears) decodes a photo that was
// resized and rotated by exactly that, in either sense of the angle's sign convention.
TEST(Watermark, DecodeAtTheTrueScaleAndAngle) {
  const cv::Mat marked = Marked("baboon.jpg");
  for (const auto& [factor, deg] : {std::pair{0.8, 1.5}, {1.3, -2.0}}) {
    cv::Mat resized, turned;
    cv::resize(marked, resized, cv::Size(), factor, factor, cv::INTER_LINEAR);
    cv::warpAffine(resized, turned,
                   cv::getRotationMatrix2D(cv::Point2f(resized.cols / 2.0f, resized.rows / 2.0f), deg, 1),
                   resized.size());
    const Image in = FromMat(turned);
    const wm::Plane white = wm::WhitenedRegion(in.pixels.data(), static_cast<ptrdiff_t>(in.stride()),
                                               in.channels, in.width, in.height);
    // getRotationMatrix2D turns counter-clockwise on screen (y down): lattice angle -deg.
    const double th = -deg * std::numbers::pi / 180, len = wm::kTile * factor;
    wm::Lattice l;
    l.v1x = len * std::cos(th);
    l.v1y = len * std::sin(th);
    l.v2x = -l.v1y;
    l.v2y = l.v1x;
    const auto d = wm::DecodeAtLattice(white, *wm::LayoutForKey(kDefaultWatermarkKey), l, 1e-6);
    EXPECT_EQ(d.result.payload, kPayload) << "x" << factor << " " << deg << " deg, score " << d.result.score;
  }
}

// A lattice that is not a scale and a rotation (an anisotropic resize) takes the general 2-D
// warp: decoding at it must still work.
TEST(Watermark, DecodeAtAnAnisotropicLattice) {
  cv::Mat stretched;
  cv::resize(Marked("baboon.jpg"), stretched, cv::Size(), 1.1, 0.95, cv::INTER_LINEAR);
  const Image in = FromMat(stretched);
  const wm::Plane white = wm::WhitenedRegion(in.pixels.data(), static_cast<ptrdiff_t>(in.stride()),
                                             in.channels, in.width, in.height);
  wm::Lattice l;
  l.v1x = wm::kTile * 1.1;
  l.v2y = wm::kTile * 0.95;
  const auto d = wm::DecodeAtLattice(white, *wm::LayoutForKey(kDefaultWatermarkKey), l, 1e-6);
  EXPECT_EQ(d.result.payload, kPayload) << "score " << d.result.score;
  l.v2y = wm::kTile * 1.1;  // the wrong aspect: the mark is not found there
  EXPECT_FALSE(wm::DecodeAtLattice(white, *wm::LayoutForKey(kDefaultWatermarkKey), l, 1e-6).result.payload);
}

// Letterbox bars (black, a fifth of the height each) around a marked photo.
TEST(Watermark, LetterboxedPhoto) {
  cv::Mat marked = Marked("fruits.jpg"), boxed;
  const int bar = marked.rows / 5;
  cv::copyMakeBorder(marked, boxed, bar, bar, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  WatermarkResult r = Detect(Jpeg(boxed, 85));
  EXPECT_EQ(r.payload, kPayload) << "score " << r.score;
}

// The padding mask against the same rule written with cv::floodFill (8-connected regions of
// one value, seeded on border runs, kept when they are long thin strips, grown by 6 px, and a
// 6 px frame when any is kept): planes with letterbox bars, rotation corners, flat interior
// blocks, a flat background that is not a strip, and an unpadded photo.
TEST(Watermark, PaddingMaskMatchesFloodFill) {
  auto reference = [](const wm::Plane& luma) {
    const int w = luma.width, h = luma.height;
    cv::Mat src(h, w, CV_32F, const_cast<float*>(luma.px.data()));
    cv::Mat seen(h + 2, w + 2, CV_8U, cv::Scalar(0)), pad(h, w, CV_8U, cv::Scalar(0));
    bool any = false;
    constexpr int kFlags = 8 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE | (1 << 8);
    auto visit = [&](int x, int y, int ix, int iy, int ax, int ay) {
      if (seen.at<uint8_t>(y + 1, x + 1)) return;
      const float v = src.at<float>(y, x);
      if (src.at<float>(iy, ix) != v || src.at<float>(ay, ax) != v) return;
      cv::Mat before = seen.clone();
      cv::Rect r;
      cv::floodFill(src, seen, cv::Point(x, y), cv::Scalar(), &r, cv::Scalar(0), cv::Scalar(0), kFlags);
      const int lo = std::min(r.width, r.height), hi = std::max(r.width, r.height);
      if (hi < std::min(w, h) / 4 || 6 * lo > hi) return;
      cv::Mat added = (seen != before)(cv::Rect(1, 1, w, h));
      pad.setTo(255, added);
      any = true;
    };
    // The same seeds as the library's, visited in another order (regions are disjoint, so
    // the order does not change the mask): side columns first, then top and bottom rows.
    for (const bool right : {false, true}) {
      const int x = right ? w - 1 : 0, inward = right ? w - 2 : 1;
      for (int y = 0; y + 1 < h; ++y) visit(x, y, inward, y, x, y + 1);
    }
    for (const bool bottom : {false, true}) {
      const int y = bottom ? h - 1 : 0, inward = bottom ? h - 2 : 1;
      for (int x = 0; x + 1 < w; ++x) visit(x, y, x, inward, x + 1, y);
    }
    std::vector<uint8_t> out;
    if (!any) return out;
    cv::Mat grown;
    cv::dilate(pad, grown, cv::Mat::ones(13, 13, CV_8U), cv::Point(-1, -1), 1, cv::BORDER_CONSTANT,
               cv::Scalar(1));
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) out.push_back(grown.at<uint8_t>(y, x) ? 1 : 0);
    }
    return out;
  };
  const cv::Mat photo = cv::imread(test::OpenCvData("fruits.jpg"), cv::IMREAD_COLOR);
  ASSERT_FALSE(photo.empty());
  cv::Mat boxed, rotated, blocks = photo.clone(), background(300, 420, CV_8UC3, cv::Scalar(200, 200, 200));
  cv::copyMakeBorder(photo, boxed, 40, 37, 0, 0, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  cv::warpAffine(photo, rotated,
                 cv::getRotationMatrix2D(cv::Point2f(photo.cols / 2.0f, photo.rows / 2.0f), 4, 1),
                 photo.size());
  cv::rectangle(blocks, cv::Rect(0, 0, 150, 9), cv::Scalar(10, 10, 10), cv::FILLED);    // a strip
  cv::rectangle(blocks, cv::Rect(100, 100, 60, 60), cv::Scalar(9, 9, 9), cv::FILLED);   // interior
  cv::rectangle(blocks, cv::Rect(0, 200, 40, 40), cv::Scalar(7, 7, 7), cv::FILLED);     // not thin
  cv::rectangle(blocks, cv::Rect(300, 470, 200, 10), cv::Scalar(7, 7, 7), cv::FILLED);  // a strip
  cv::circle(background, cv::Point(210, 150), 80, cv::Scalar(30, 90, 160), cv::FILLED);
  int padded = 0;
  for (const cv::Mat* m : std::initializer_list<const cv::Mat*>{&photo, &boxed, &rotated, &blocks, &background}) {
    const Image img = FromMat(*m);
    const wm::Plane luma = wm::RegionLumaForTest(img.pixels.data(), static_cast<ptrdiff_t>(img.stride()), 3,
                                                 img.width, img.height);
    std::vector<uint8_t> got = wm::PaddingMask(luma);
    for (uint8_t& v : got) v = v ? 1 : 0;
    const std::vector<uint8_t> want = reference(luma);
    EXPECT_EQ(got, want) << m->cols << "x" << m->rows;
    padded += !want.empty();
  }
  EXPECT_EQ(padded, 3);  // boxed, rotated, blocks
}

// The front end streams its box filters row by row (simd::WhitenResidual, or
// simd::WhitenResidualU8 straight from the pixels when the border has no padding seed); its
// plane must be the one the whole-plane chain of kernels gives, bit for bit, on real photos:
// odd sizes, black rotation corners and letterbox bars (the padding mask), a flat corner that
// seeds a fill but is no padding, a photo big enough for grid scale 2, gray and BGRA pixels,
// and the video accumulation.
TEST(Watermark, FrontEndEqualsTheChainOfKernels) {
  auto chain = [](const wm::Plane& luma, bool accumulate, std::vector<float>& out) {
    const int w = luma.width, h = luma.height;
    const size_t n = static_cast<size_t>(w) * h;
    std::vector<float> mean(n), dev(n), white(n), act(n), ms(n);
    const float* x = luma.px.data();
    simd::BoxMeanAbsDev(x, w, w, h, 3, mean.data(), w, dev.data(), w);
    simd::BoxMeanResidual(x, mean.data(), dev.data(), w, w, h, 4, 1.0f, white.data(), w);
    const std::vector<uint8_t> pad = wm::PaddingMask(luma);
    for (size_t i = 0; i < pad.size(); ++i) white[i] = pad[i] ? 0.0f : white[i];
    simd::BoxMeanAbsDev(x, w, w, h, 1, mean.data(), w, dev.data(), w);
    simd::BoxMean(dev.data(), w, w, h, 3, act.data(), w);
    simd::BoxMeanOfSquares(white.data(), w, w, h, 2, ms.data(), w);
    simd::WeightResidual(white.data(), act.data(), ms.data(), w, w, h, wm::kActivityRef, wm::kMaskLo,
                         wm::kMaskHi, 1.0f, 0.1f, accumulate, out.data(), w);
    return !pad.empty();
  };
  int padded = 0;
  for (const char* name : {"fruits.jpg", "butterfly.jpg", "pic1.png"}) {
    const cv::Mat photo = cv::imread(test::OpenCvData(name), cv::IMREAD_COLOR);
    ASSERT_FALSE(photo.empty()) << name;
    cv::Mat rotated, boxed, odd, big, corner = photo.clone(), gray, bgra;
    corner(cv::Rect(0, 0, 40, 30)).setTo(cv::Scalar(200, 200, 200));
    cv::cvtColor(photo, gray, cv::COLOR_BGR2GRAY);
    cv::cvtColor(photo, bgra, cv::COLOR_BGR2BGRA);
    cv::warpAffine(photo, rotated,
                   cv::getRotationMatrix2D(cv::Point2f(photo.cols / 2.0f, photo.rows / 2.0f), 3, 1),
                   photo.size());
    cv::copyMakeBorder(photo, boxed, photo.rows / 8, photo.rows / 8, 0, 0, cv::BORDER_CONSTANT,
                       cv::Scalar(0, 0, 0));
    odd = photo(cv::Rect(3, 1, photo.cols - 8, photo.rows - 6)).clone();
    cv::resize(photo, big, cv::Size(3300, 2200));
    for (const cv::Mat* m : std::initializer_list<const cv::Mat*>{&photo, &rotated, &boxed, &odd,
                                                                  &big, &corner, &gray, &bgra}) {
      const Image img = FromMat(*m);
      const auto stride = static_cast<ptrdiff_t>(img.stride());
      const int c = img.channels;
      const wm::Plane luma =
          wm::RegionLumaForTest(img.pixels.data(), stride, c, img.width, img.height);
      const wm::Plane got = wm::WhitenedRegion(img.pixels.data(), stride, c, img.width, img.height);
      ASSERT_EQ(got.width, luma.width);
      ASSERT_EQ(got.height, luma.height);
      std::vector<float> want(luma.px.size());
      padded += chain(luma, false, want);
      const std::string what = std::string(name) + " " + std::to_string(img.width) + "x" +
                               std::to_string(img.height) + " c" + std::to_string(c);
      ASSERT_EQ(want, got.px) << what;
      // Accumulation adds the same plane to the sum.
      wm::Plane sum = got;
      wm::AccumulateWhitenedRegion(img.pixels.data(), stride, c, img.width, img.height, sum);
      std::vector<float> want_sum = got.px;
      chain(luma, true, want_sum);
      ASSERT_EQ(want_sum, sum.px) << what << " accumulated";
    }
  }
  EXPECT_EQ(padded, 6);  // the rotated and letterboxed photos went through the padding mask
}

TEST(Watermark, GrayAndBgraInputs) {
  cv::Mat bgr = cv::imread(test::OpenCvData("building.jpg"), cv::IMREAD_COLOR), gray, bgra;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
  for (int y = 0; y < bgra.rows; ++y) {
    for (int x = 0; x < bgra.cols; ++x) bgra.at<cv::Vec4b>(y, x)[3] = static_cast<uint8_t>(x ^ y);
  }
  Image g = FromMat(gray), a = FromMat(bgra);
  ASSERT_TRUE(EmbedWatermark(g, kPayload).ok());
  ASSERT_TRUE(EmbedWatermark(a, kPayload).ok());
  EXPECT_EQ(DetectWatermark(g)->payload, kPayload);
  EXPECT_EQ(DetectWatermark(a)->payload, kPayload);
  // Alpha is untouched.
  cv::Mat am = ToMat(a);
  for (int y = 0; y < am.rows; y += 7) {
    for (int x = 0; x < am.cols; x += 5) ASSERT_EQ(am.at<cv::Vec4b>(y, x)[3], static_cast<uint8_t>(x ^ y));
  }
}

TEST(Watermark, TinyAndLargeInputs) {
  cv::Mat photo = cv::imread(test::OpenCvData("leuvenA.jpg"), cv::IMREAD_COLOR);
  cv::Mat tiny = photo(cv::Rect(100, 100, 256, 256)).clone();
  Image t = FromMat(tiny);
  ASSERT_TRUE(EmbedWatermark(t, kPayload).ok());
  EXPECT_EQ(DetectWatermark(t)->payload, kPayload);

  cv::Mat large;  // 4K: the grid scale becomes 2
  cv::resize(photo, large, cv::Size(3840, 2160), 0, 0, cv::INTER_CUBIC);
  Image l = FromMat(large);
  ASSERT_TRUE(EmbedWatermark(l, kPayload).ok());
  EXPECT_EQ(DetectWatermark(l)->payload, kPayload);
  cv::Mat down;  // ... and a 1080p copy of the 4K output
  cv::resize(ToMat(l), down, cv::Size(1920, 1080), 0, 0, cv::INTER_AREA);
  EXPECT_EQ(Detect(down).payload, kPayload);

  Image too_small = FromMat(photo(cv::Rect(0, 0, 20, 20)).clone());
  EXPECT_EQ(EmbedWatermark(too_small, kPayload).code(), StatusCode::kInvalidArgument);
  Image any = FromMat(photo);
  WatermarkEmbedOptions bad;
  bad.strength = 0.0f;
  EXPECT_EQ(EmbedWatermark(any, kPayload, bad).code(), StatusCode::kInvalidArgument);
}

TEST(Watermark, PlaneApiHonoursStride) {
  cv::Mat gray = cv::imread(test::OpenCvData("orange.jpg"), cv::IMREAD_GRAYSCALE);
  const int stride = gray.cols + 24;
  std::vector<uint8_t> buf(static_cast<size_t>(stride) * gray.rows, 77);
  for (int y = 0; y < gray.rows; ++y) std::memcpy(&buf[y * stride], gray.ptr(y), gray.cols);
  ASSERT_TRUE(EmbedWatermarkPlane(PlaneView{buf.data(), gray.cols, gray.rows, stride}, kPayload).ok());
  for (int y = 0; y < gray.rows; ++y) {
    for (int x = gray.cols; x < stride; ++x) ASSERT_EQ(buf[y * stride + x], 77);  // padding untouched
  }
  auto r = DetectWatermarkPlane(ConstPlaneView{buf.data(), gray.cols, gray.rows, stride});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->payload, kPayload);
}

TEST(Watermark, AccumulatorFindsAMarkTooWeakForOneFrame) {
  cv::Mat photo = cv::imread(test::OpenCvData("aloeL.jpg"), cv::IMREAD_GRAYSCALE);
  cv::Mat frame = photo(cv::Rect(0, 0, 640, 360)).clone();
  auto embedder = WatermarkEmbedder::Create(kPayload, WatermarkEmbedOptions{kDefaultWatermarkKey, 0.25f});
  ASSERT_TRUE(embedder.ok());
  WatermarkAccumulator acc;
  cv::RNG rng(5);
  bool single_found = false;
  for (int i = 0; i < 12; ++i) {
    // Moving content: the same scene shifted each frame, plus sensor noise.
    cv::Mat f = photo(cv::Rect(8 * i, 4 * i, 640, 360)).clone(), noise(f.size(), CV_16S);
    rng.fill(noise, cv::RNG::NORMAL, 0, 3);
    f.convertTo(f, CV_16S);
    f += noise;
    f.convertTo(f, CV_8U);
    Image img = FromMat(f);
    ASSERT_TRUE(embedder->Embed(img).ok());
    if (i == 0) single_found = DetectWatermark(img)->payload == kPayload;
    ASSERT_TRUE(acc.AddImage(img).ok());
  }
  EXPECT_EQ(acc.frames(), 12);
  auto r = acc.Detect();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->payload, kPayload) << "score " << r->score << " (one frame alone found it: " << single_found << ")";
  Image other = FromMat(photo(cv::Rect(0, 0, 320, 200)).clone());
  EXPECT_EQ(acc.AddImage(other).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WatermarkAccumulator().Detect().status().code(), StatusCode::kFailedPrecondition);
}

TEST(Watermark, FileFlowKeepsMetadataAndLabel) {
  test::TempDir dir;
  const std::string labelled = dir.File("labelled.jpg");
  MetadataWriteOptions mo;
  mo.update.content_producer = "producer-001";
  mo.update.produce_id = "content-42";
  auto written = WriteMetadata(test::OpenCvData("building.jpg"), labelled, mo);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  const uint64_t payload = PayloadFromLabel(*written);
  for (const char* ext : {"jpg", "png", "webp", "tif"}) {
    const std::string out = dir.File(std::string("out.") + ext);
    Status s = EmbedWatermarkFile(labelled, out, payload);
    ASSERT_TRUE(s.ok()) << ext << ": " << s.ToString();
    auto md = ReadMetadata(out);
    ASSERT_TRUE(md.ok()) << ext << ": " << md.status().ToString();
    ASSERT_TRUE(md->aigc.has_value()) << ext;
    EXPECT_EQ(md->aigc->produce_id, "content-42") << ext;
    auto img = ReadImageFile(out);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(DetectWatermark(*img)->payload, payload) << ext;
  }
  EXPECT_EQ(EmbedWatermarkFile(labelled, labelled, payload).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(EmbedWatermarkFile(dir.File("missing.jpg"), dir.File("x.jpg"), payload).ok());
  EXPECT_EQ(EmbedWatermarkFile(labelled, dir.File("x.bmp"), payload).code(), StatusCode::kUnsupported);
}

}  // namespace
}  // namespace aigcmark
