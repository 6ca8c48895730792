// EXIF orientation: labels are drawn and read where a viewer sees them, the stored pixels and
// metadata (Orientation included) stay as they were, and orientation 1 / none is unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "aigcmark/image.h"
#include "aigcmark/visible.h"
#include "common/test_util.h"
#include "visible/orientation.h"
#include "visible/visible_test_util.h"

namespace aigcmark {
namespace {

using test::Quote;

// A landscape photo (868x600), so a sideways label lands on a visibly different edge.
std::string LandscapePhoto() { return test::OpenCvData("building.jpg"); }

// Sets EXIF Orientation with exiftool, an independent writer.
void SetOrientation(const std::string& path, int orientation) {
  test::CommandResult r = test::Run("exiftool -q -overwrite_original -Orientation#=" +
                                    std::to_string(orientation) + " " + Quote(path));
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

void WriteOriented(const std::string& from, const std::string& to, int orientation) {
  test::CopyFile(from, to);
  SetOrientation(to, orientation);
}

// The photo's stored pixels as a PNG whose eXIf chunk (exiftool's) says `orientation`.
void WriteOrientedPng(const std::string& photo, const std::string& to, int orientation) {
  auto image = ReadImageFile(photo);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  auto png = EncodeImage(*image, "png");
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  test::WriteBytes(to, *png);
  SetOrientation(to, orientation);
}

// The Orientation tag as exiftool reads it; 0 when there is none.
int ExiftoolOrientation(const std::string& path) {
  test::CommandResult r = test::Run("exiftool -s3 -n -Orientation " + Quote(path));
  return r.exit_code == 0 && !r.out.empty() ? std::stoi(r.out) : 0;
}

bool SameImage(const Image& a, const Image& b) {
  return a.width == b.width && a.height == b.height && a.channels == b.channels &&
         a.pixels == b.pixels;
}

// True for the pixels of `size` in the corner or edge named by `position` (left/right half,
// top/bottom 30%), as a viewer sees the image.
bool InRegion(VisiblePosition position, int x, int y, cv::Size size) {
  const std::string name = VisiblePositionName(position);
  if (name.find("left") != std::string::npos && x >= size.width / 2) return false;
  if (name.find("right") != std::string::npos && x < size.width / 2) return false;
  if (name.find("top") != std::string::npos && y >= 0.3 * size.height) return false;
  if (name.find("bottom") != std::string::npos && y < 0.7 * size.height) return false;
  return true;
}

// The checker finds an upright label in the bottom-right corner of the displayed image, and the
// reported box (x, y, w, h) is there and wider than tall.
void ExpectUprightBottomRightLabel(const cv::Mat& shown, const std::array<int, 4>& b) {
  auto read = CheckVisibleLabel(test::FromMat(shown));
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->detected);
  EXPECT_EQ(read->position, "bottom-right");
  EXPECT_TRUE(InRegion(VisiblePosition::kBottomRight, b[0], b[1], shown.size()));
  EXPECT_GT(b[2], 2 * b[3]);
}

// Where the label's ink went, measured on the pixels: every pixel that differs strongly between
// the two displayed images (JPEG re-encoding moves pixels by far less).
struct Changed {
  int total = 0;
  int in_region = 0;
  cv::Rect box;  // of the changed pixels inside the region
};

Changed Compare(const cv::Mat& before, const cv::Mat& after, VisiblePosition position) {
  Changed c;
  for (int y = 0; y < after.rows; ++y) {
    for (int x = 0; x < after.cols; ++x) {
      const cv::Vec3b a = before.at<cv::Vec3b>(y, x), b = after.at<cv::Vec3b>(y, x);
      int d = 0;
      for (int k = 0; k < 3; ++k) d = std::max(d, std::abs(a[k] - b[k]));
      if (d < 80) continue;
      ++c.total;
      if (InRegion(position, x, y, after.size())) {
        ++c.in_region;
        c.box |= cv::Rect(x, y, 1, 1);
      }
    }
  }
  return c;
}

class VisibleOrientation : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::HaveTool("exiftool")) GTEST_SKIP() << "exiftool is not installed (scripts/setup.sh)";
    ASSERT_TRUE(std::filesystem::exists(LandscapePhoto())) << LandscapePhoto();
  }
  test::TempDir dir_;
};

// Our reader and transforms agree with OpenCV's own EXIF handling (cv::imread's default) for
// every orientation, exactly, and undo each other.
TEST_F(VisibleOrientation, DisplayTransformMatchesOpenCvForEveryOrientation) {
  for (int o = 1; o <= 8; ++o) {
    SCOPED_TRACE("orientation " + std::to_string(o));
    const std::string path = dir_.File("o" + std::to_string(o) + ".jpg");
    WriteOriented(LandscapePhoto(), path, o);
    const std::vector<uint8_t> bytes = test::ReadBytes(path);
    EXPECT_EQ(visible::DisplayOrientation(bytes), o);
    auto stored = DecodeImage(bytes);
    ASSERT_TRUE(stored.ok()) << stored.status().ToString();
    EXPECT_EQ(stored->width, 868);  // DecodeImage itself keeps the stored order
    const Image display = visible::ToDisplay(*stored, o);
    EXPECT_TRUE(SameImage(display, test::FromMat(cv::imread(path, cv::IMREAD_COLOR))));
    EXPECT_TRUE(SameImage(visible::ToStored(display, o), *stored));
  }
}

TEST_F(VisibleOrientation, OrientationIsReadFromPngButNotWebpOrBrokenValues) {
  auto photo = ReadImageFile(LandscapePhoto());
  ASSERT_TRUE(photo.ok());
  for (const char* format : {"png", "webp"}) {
    SCOPED_TRACE(format);
    const std::string path = dir_.File(std::string("plain.") + format);
    auto encoded = EncodeImage(*photo, format);
    ASSERT_TRUE(encoded.ok());
    test::WriteBytes(path, *encoded);
    EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(path)), 1);  // no EXIF at all
    SetOrientation(path, 6);
    ASSERT_EQ(ExiftoolOrientation(path), 6);
    // PNG eXIf before the image data is honoured by browsers and OpenCV; WebP EXIF is not.
    const int want = std::string(format) == "png" ? 6 : 1;
    EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(path)), want);
    EXPECT_EQ(cv::imread(path, cv::IMREAD_COLOR).cols, want == 6 ? 600 : 868);
  }
  // Out-of-range values and damaged files mean "as stored".
  const std::string bad = dir_.File("bad.jpg");
  WriteOriented(LandscapePhoto(), bad, 9);
  EXPECT_EQ(ExiftoolOrientation(bad), 9);
  EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(bad)), 1);
  std::vector<uint8_t> cut = test::ReadBytes(bad);
  cut.resize(40);
  EXPECT_EQ(visible::DisplayOrientation(cut), 1);
  EXPECT_EQ(visible::DisplayOrientation(std::vector<uint8_t>{}), 1);
}

struct OrientedCase {
  int orientation;
  VisiblePosition position;
  const char* ext = "jpg";  // input and output format
};

class VisibleOrientationAdd : public VisibleOrientation,
                              public ::testing::WithParamInterface<OrientedCase> {};

// The phone-photo case: the label is upright in the requested corner of what a viewer sees,
// the file still says how to rotate it, and the checker finds it there.
TEST_P(VisibleOrientationAdd, LabelIsUprightWhereTheViewerLooks) {
  const auto [orientation, position, format] = GetParam();
  const std::string want = VisiblePositionName(position);
  const std::string ext = format;
  const std::string in = dir_.File("in." + ext), out = dir_.File("out." + ext);
  if (ext == "png") {
    WriteOrientedPng(LandscapePhoto(), in, orientation);
  } else {
    WriteOriented(LandscapePhoto(), in, orientation);
  }
  ASSERT_EQ(visible::DisplayOrientation(test::ReadBytes(in)), orientation);
  VisibleAddOptions opts;
  opts.position = position;
  auto info = AddVisibleLabelFile(in, out, opts);
  ASSERT_TRUE(info.ok()) << info.status().ToString();

  // (a) Decoded as a viewer shows it (cv::imread applies the EXIF orientation).
  const cv::Mat before = cv::imread(in, cv::IMREAD_COLOR);
  const cv::Mat shown = cv::imread(out, cv::IMREAD_COLOR);
  ASSERT_EQ(shown.size(), before.size());
  const bool quarter_turn = orientation >= 5;
  EXPECT_EQ(shown.cols, quarter_turn ? 600 : 868);
  const Changed c = Compare(before, shown, position);
  ASSERT_GT(c.total, 500) << "no label ink found";
  EXPECT_GE(c.in_region, 0.99 * c.total)
      << c.total - c.in_region << " of " << c.total << " changed pixels lie outside the " << want
      << " of the displayed image";
  // Upright text is a wide line ("AI生成" is ~3x as wide as tall); sideways it would be tall.
  EXPECT_GT(c.box.width, 2 * c.box.height) << c.box;
  // The reported boxes are in display coordinates too.
  const auto& b = info->box;
  EXPECT_TRUE(InRegion(position, b[0], b[1], shown.size()) &&
              InRegion(position, b[0] + b[2] - 1, b[1] + b[3] - 1, shown.size()));
  EXPECT_GE(info->height_ratio, 0.05);
  // OCR on the displayed pixels reads it upright, in the requested place.
  auto read = CheckVisibleLabel(test::FromMat(shown));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_TRUE(read->detected);
  EXPECT_TRUE(read->compliant) << read->text;
  EXPECT_EQ(read->position, want);

  // (b) The stored file still carries the orientation, and the pixels stay in stored order.
  EXPECT_EQ(ExiftoolOrientation(out), orientation);
  EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(out)), orientation);
  EXPECT_EQ(cv::imread(out, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION).cols, 868);

  // (c) The checker applies the orientation itself and reports display terms.
  auto checked = visible::CheckVisibleLabelFile(out);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_TRUE(checked->detected);
  EXPECT_TRUE(checked->compliant) << checked->text;
  EXPECT_EQ(checked->position, want);
  const cv::Rect found(checked->box[0], checked->box[1], checked->box[2], checked->box[3]);
  const cv::Rect drawn(b[0], b[1], b[2], b[3]);
  EXPECT_GT((found & drawn).area(), drawn.area() / 2) << found << " vs drawn " << drawn;
}

INSTANTIATE_TEST_SUITE_P(
    Orientations, VisibleOrientationAdd,
    ::testing::Values(OrientedCase{6, VisiblePosition::kBottomRight},
                      OrientedCase{8, VisiblePosition::kTopLeft},
                      OrientedCase{3, VisiblePosition::kBottomLeft},
                      OrientedCase{5, VisiblePosition::kTopRight},
                      // A PNG's eXIf chunk is honoured like a JPEG's EXIF, and kept in the output.
                      OrientedCase{6, VisiblePosition::kBottomRight, "png"},
                      OrientedCase{8, VisiblePosition::kTopLeft, "png"},
                      OrientedCase{3, VisiblePosition::kBottomLeft, "png"}),
    [](const ::testing::TestParamInfo<OrientedCase>& p) {
      return "Orientation" + std::to_string(p.param.orientation) +
             (std::string(p.param.ext) == "jpg" ? "" : std::string("Png"));
    });

// Drawing through the orientation touches nothing but the label: every stored pixel outside the
// label's box (mapped back to stored order) is byte-identical, for all 8 orientations.
TEST_F(VisibleOrientation, PixelsOutsideTheLabelStayByteIdentical) {
  auto stored = ReadImageFile(LandscapePhoto());
  ASSERT_TRUE(stored.ok());
  for (int o = 1; o <= 8; ++o) {
    SCOPED_TRACE("orientation " + std::to_string(o));
    Image labelled = *stored;
    auto info = visible::AddVisibleLabelForDisplay(labelled, o);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    ASSERT_EQ(labelled.width, stored->width);
    ASSERT_EQ(labelled.height, stored->height);
    // The label box marked on the displayed image, carried back to stored order.
    Image mask = visible::ToDisplay(*stored, o);
    mask.channels = 1;
    mask.pixels.assign(static_cast<size_t>(mask.width) * mask.height, 0);
    const auto& lb = info->label_box;
    for (int y = lb[1]; y < lb[1] + lb[3]; ++y) {
      for (int x = lb[0]; x < lb[0] + lb[2]; ++x) mask.row(y)[x] = 1;
    }
    mask = visible::ToStored(mask, o);
    int changed_outside = 0, changed_inside = 0;
    for (int y = 0; y < stored->height; ++y) {
      for (int x = 0; x < stored->width; ++x) {
        bool changed = std::memcmp(stored->row(y) + 3 * x, labelled.row(y) + 3 * x, 3) != 0;
        (mask.row(y)[x] ? changed_inside : changed_outside) += changed;
      }
    }
    EXPECT_EQ(changed_outside, 0);
    EXPECT_GT(changed_inside, lb[2] * lb[3] / 10);
  }
}

// Without an orientation to apply (none in the file, or 1) the output is exactly what the plain
// in-memory AddVisibleLabel gives, and the checker reports exactly the same.
TEST_F(VisibleOrientation, OrientationOneOrAbsentBehavesAsBefore) {
  auto photo = ReadImageFile(LandscapePhoto());
  ASSERT_TRUE(photo.ok());
  auto png = EncodeImage(*photo, "png");
  ASSERT_TRUE(png.ok());
  const std::string absent = dir_.File("absent.png"), one = dir_.File("one.jpg");
  test::WriteBytes(absent, *png);
  WriteOriented(LandscapePhoto(), one, 1);
  ASSERT_EQ(ExiftoolOrientation(one), 1);
  ASSERT_EQ(ExiftoolOrientation(absent), 0);
  for (const std::string& in : {absent, one}) {
    SCOPED_TRACE(in);
    EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(in)), 1);
    const std::string out = in + ".out.png";  // lossless, so pixels compare exactly
    VisibleAddOptions opts;
    opts.position = VisiblePosition::kTopRight;
    auto info = AddVisibleLabelFile(in, out, opts);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    auto expected = ReadImageFile(in);
    ASSERT_TRUE(expected.ok());
    auto plain = AddVisibleLabel(*expected, opts);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(info->box, plain->box);
    EXPECT_EQ(info->label_box, plain->label_box);
    auto got = ReadImageFile(out);
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(SameImage(*got, *expected));
    auto direct = CheckVisibleLabel(*got);
    auto via_file = visible::CheckVisibleLabelFile(out);
    ASSERT_TRUE(direct.ok() && via_file.ok());
    EXPECT_TRUE(direct->detected);
    EXPECT_EQ(direct->position, "top-right");
    EXPECT_EQ(via_file->box, direct->box);
    EXPECT_EQ(via_file->position, direct->position);
    EXPECT_EQ(via_file->text, direct->text);
  }
}

// A sideways JPEG written as PNG keeps showing sideways (its EXIF goes into the PNG's eXIf
// chunk), so the label is upright where the viewer of the PNG looks.
TEST_F(VisibleOrientation, PngOutputOfASidewaysJpegIsShownTurnedWithAnUprightLabel) {
  const std::string jpg = dir_.File("in6.jpg"), out = dir_.File("out.png");
  WriteOriented(LandscapePhoto(), jpg, 6);
  auto info = AddVisibleLabelFile(jpg, out);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(visible::DisplayOrientation(test::ReadBytes(out)), 6);
  EXPECT_EQ(ExiftoolOrientation(out), 6);
  const cv::Mat shown = cv::imread(out, cv::IMREAD_COLOR);
  ASSERT_EQ(shown.size(), cv::imread(jpg, cv::IMREAD_COLOR).size());
  ASSERT_EQ(shown.cols, 600);
  ExpectUprightBottomRightLabel(shown, info->box);
}

// A WebP output does not carry the orientation in a form viewers honour, so the label goes
// where the output is actually shown: upright in stored order.
TEST_F(VisibleOrientation, OutputThatViewersDoNotRotateGetsAStoredOrderLabel) {
  const std::string jpg = dir_.File("in6.jpg");
  WriteOriented(LandscapePhoto(), jpg, 6);
  const std::string out = dir_.File("out.webp");
  auto info = AddVisibleLabelFile(jpg, out);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  const std::vector<uint8_t> bytes = test::ReadBytes(out);
  ASSERT_EQ(visible::DisplayOrientation(bytes), 1);
  const cv::Mat shown = cv::imread(out, cv::IMREAD_COLOR);
  ASSERT_EQ(shown.cols, 868);
  ExpectUprightBottomRightLabel(shown, info->box);
}

}  // namespace
}  // namespace aigcmark
