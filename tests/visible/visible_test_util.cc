#include "visible/visible_test_util.h"

#include <algorithm>
#include <cstdlib>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/test_util.h"

namespace aigcmark::test {

Image LoadPhoto(const std::string& path) { return FromMat(cv::imread(path, cv::IMREAD_COLOR)); }

Image JpegRoundTrip(const Image& image, int quality) {
  std::vector<uint8_t> buf;
  cv::imencode(".jpg", ToMat(image), buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return FromMat(cv::imdecode(buf, cv::IMREAD_COLOR));
}

Image Resized(const Image& image, double factor) {
  cv::Mat out;
  cv::resize(ToMat(image), out, cv::Size(), factor, factor, cv::INTER_AREA);
  return FromMat(out);
}

int MeasuredInkHeight(const Image& image, const std::array<int, 4>& box, const Rgb& color,
                      int tolerance) {
  int top = -1, bottom = -1;
  for (int y = std::max(0, box[1]); y < std::min(image.height, box[1] + box[3]); ++y) {
    const uint8_t* row = image.row(y);
    for (int x = std::max(0, box[0]); x < std::min(image.width, box[0] + box[2]); ++x) {
      const uint8_t* p = row + static_cast<size_t>(x) * image.channels;
      bool ink = image.channels == 1
                     ? std::abs(p[0] - color.g) <= tolerance
                     : std::abs(p[0] - color.b) <= tolerance && std::abs(p[1] - color.g) <= tolerance &&
                           std::abs(p[2] - color.r) <= tolerance;
      if (ink) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  return top < 0 ? 0 : bottom - top + 1;
}

std::string FcMatchFile(const std::string& pattern) {
  CommandResult r = Run("fc-match -f '%{file}' " + Quote(pattern));
  return r.exit_code == 0 ? r.out : "";
}

}  // namespace aigcmark::test
