// The real 2D FFT (watermark/fft.h) against cv::dft on zero-padded random frames: odd and even
// data sizes, every supported length family, the transposed half-spectrum layout.
#include "watermark/fft.h"

#include <gtest/gtest.h>

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

TEST(Fft, RejectsSizesWithoutFastKernels) {
  std::vector<float> data(540 * 540, 1.0f);
  HalfSpectrum out;
  EXPECT_THROW(RealFft2dHalf(data.data(), 540, 270, 270, 540, out), std::invalid_argument);
  EXPECT_THROW(RealFft2dHalf(data.data(), 540, 641, 10, 640, out), std::invalid_argument);
  EXPECT_NO_THROW(RealFft2dHalf(data.data(), 540, 270, 270, 640, out));
}

}  // namespace
}  // namespace aigcmark::wm
