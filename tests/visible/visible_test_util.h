// Helpers shared by the visible-label tests: OpenCV <-> Image, re-encoding, pixel measurements.
#ifndef AIGCMARK_TESTS_VISIBLE_VISIBLE_TEST_UTIL_H_
#define AIGCMARK_TESTS_VISIBLE_VISIBLE_TEST_UTIL_H_

#include <string>

#include <opencv2/core.hpp>

#include "common/cv_image.h"
#include "aigcmark/image.h"
#include "aigcmark/visible.h"

namespace aigcmark::test {

/// Decodes a real photo as BGR.
Image LoadPhoto(const std::string& path);
/// JPEG round trip at `quality`.
Image JpegRoundTrip(const Image& image, int quality);
/// Area-resampled copy scaled by `factor`.
Image Resized(const Image& image, double factor);
/// Height of the rows inside `box` holding pixels within `tolerance` of `color` (the text ink),
/// measured on the pixels, independent of what the renderer reports.
int MeasuredInkHeight(const Image& image, const std::array<int, 4>& box, const Rgb& color,
                      int tolerance = 60);
/// Path of the file fontconfig picks for `pattern` (e.g. "Noto Sans CJK SC:bold").
std::string FcMatchFile(const std::string& pattern);

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_VISIBLE_VISIBLE_TEST_UTIL_H_
