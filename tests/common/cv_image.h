// Conversions between aigcmark::Image and cv::Mat for tests and benches (always deep copies).
#ifndef AIGCMARK_TESTS_COMMON_CV_IMAGE_H_
#define AIGCMARK_TESTS_COMMON_CV_IMAGE_H_

#include <algorithm>

#include <opencv2/core.hpp>

#include "aigcmark/image.h"

namespace aigcmark::test {

/// Copies an 8-bit gray/BGR/BGRA matrix into an Image.
inline Image FromMat(const cv::Mat& m) {
  Image img;
  img.width = m.cols;
  img.height = m.rows;
  img.channels = m.channels();
  img.pixels.resize(img.stride() * img.height);
  for (int y = 0; y < m.rows; ++y) std::copy_n(m.ptr<uint8_t>(y), img.stride(), img.row(y));
  return img;
}

/// Copies an Image into a new matrix.
inline cv::Mat ToMat(const Image& image) {
  return cv::Mat(image.height, image.width, CV_8UC(image.channels),
                 const_cast<uint8_t*>(image.pixels.data()), image.stride())
      .clone();
}

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_COMMON_CV_IMAGE_H_
