// The 2D FFTs (watermark/fft.h) against cv::dft: the forward transform on zero-padded random
// frames (odd and even data sizes, every supported length family, the transposed
// half-spectrum layout) and the inverse of Hermitian spectra with some rows all zero.
#include "watermark/fft.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <vector>

#include <opencv2/core.hpp>

namespace aigcmark::wm {
namespace {

TEST(Fft, FastSizesAreTwoPowersTimesOneThreeOrFive) {
  EXPECT_EQ(4, FastFftSize(1));
  EXPECT_EQ(12, FastFftSize(9));
  EXPECT_EQ(128, FastFftSize(128));
  EXPECT_EQ(160, FastFftSize(129));
  EXPECT_EQ(640, FastFftSize(540));
  EXPECT_EQ(768, FastFftSize(768));
  EXPECT_EQ(768, FastFftSize(700));
  EXPECT_EQ(1024, FastFftSize(961));
}

TEST(Fft, MatchesOpenCvOnZeroPaddedFrames) {
  struct Case {
    int f, w, h;
  };
  for (const Case c : {Case{8, 5, 3}, Case{24, 24, 24}, Case{40, 17, 11}, Case{12, 7, 12}, Case{128, 128, 128},
                       Case{160, 90, 61}, Case{640, 320, 239}, Case{768, 384, 384}}) {
    cv::Mat frame(c.f, c.f, CV_32F, cv::Scalar(0));
    cv::Mat data = frame(cv::Rect(0, 0, c.w, c.h));
    cv::randu(data, -100.0, 100.0);
    cv::Mat want;
    cv::dft(frame, want, cv::DFT_COMPLEX_OUTPUT);
    // The source is read with a pitch wider than the data.
    cv::Mat src(c.h, c.w + 7, CV_32F, cv::Scalar(12345));
    data.copyTo(src(cv::Rect(0, 0, c.w, c.h)));
    const int half = c.f / 2 + 1;
    HalfSpectrum got;
    RealFft2dHalf(src.ptr<float>(0), src.cols, c.w, c.h, c.f, got);
    ASSERT_EQ(c.f, got.f());
    double peak = 0, worst = 0;
    for (int ky = 0; ky < c.f; ++ky) {
      for (int kx = 0; kx < half; ++kx) {
        const cv::Vec2f v = want.at<cv::Vec2f>(ky, kx);
        const std::complex<float> g = got.column(kx)[ky];
        peak = std::max(peak, static_cast<double>(std::abs(std::complex<float>(v[0], v[1]))));
        worst = std::max(worst, static_cast<double>(std::abs(g - std::complex<float>(v[0], v[1]))));
      }
    }
    EXPECT_LT(worst, 1e-5 * peak) << "f=" << c.f << " w=" << c.w << " h=" << c.h;
    EXPECT_GT(peak, 100.0);
  }
}

TEST(Fft, HermitianInverseMatchesOpenCv) {
  for (const int n : {4, 12, 40, 64, 128}) {
    // A random spectrum made Hermitian, g(k) = conj g(-k), zero on a band of rows as the sync
    // test's band-limited spectra are (those rows skip their transforms).
    cv::Mat r(n, n, CV_32FC2);
    cv::randu(r, -1.0, 1.0);
    cv::Mat g(n, n, CV_32FC2);
    for (int ky = 0; ky < n; ++ky) {
      for (int kx = 0; kx < n; ++kx) {
        const cv::Vec2f a = r.at<cv::Vec2f>(ky, kx), b = r.at<cv::Vec2f>((n - ky) % n, (n - kx) % n);
        const bool zero_row = std::min(ky, n - ky) > n / 4 && std::min(ky, n - ky) < n / 2;
        g.at<cv::Vec2f>(ky, kx) = zero_row ? cv::Vec2f(0, 0) : cv::Vec2f(a[0] + b[0], a[1] - b[1]);
      }
    }
    cv::Mat want;
    cv::dft(g, want, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
    std::vector<float> got(static_cast<size_t>(n) * n, -1.0f);
    HermitianInverseDft2d(g.ptr<std::complex<float>>(0), n, got.data());
    double peak = 0, worst = 0;
    for (int y = 0; y < n; ++y) {
      for (int x = 0; x < n; ++x) {
        peak = std::max(peak, std::fabs(static_cast<double>(want.at<float>(y, x))));
        worst = std::max(worst, std::fabs(static_cast<double>(got[y * n + x] - want.at<float>(y, x))));
      }
    }
    EXPECT_LT(worst, 1e-5 * peak) << "n=" << n;
    EXPECT_GT(peak, 1.0) << "n=" << n;
  }
  std::vector<std::complex<float>> g(36 * 36);
  std::vector<float> out(36 * 36);
  EXPECT_THROW(HermitianInverseDft2d(g.data(), 36, out.data()), std::invalid_argument);
}

TEST(Fft, RejectsSizesWithoutFastKernels) {
  std::vector<float> data(540 * 540, 1.0f);
  HalfSpectrum out;
  EXPECT_THROW(RealFft2dHalf(data.data(), 540, 270, 270, 540, out), std::invalid_argument);
  EXPECT_THROW(RealFft2dHalf(data.data(), 540, 641, 10, 640, out), std::invalid_argument);
  EXPECT_NO_THROW(RealFft2dHalf(data.data(), 540, 270, 270, 640, out));
}

}  // namespace
}  // namespace aigcmark::wm
