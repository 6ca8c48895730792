// Drawing the label: layout, contrast style from the pixels underneath, linear-light blending.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "aigcmark/visible.h"
#include "visible/text_raster.h"
#include "visible/text_util.h"

namespace aigcmark {
namespace {

constexpr double kMinHeightRatio = 0.05;  // GB 45438: text height >= 5% of the shortest side
constexpr double kMinContrast = 4.5;      // WCAG AA contrast ratio, worst pixel underneath
constexpr double kPlatePadX = 0.30;       // plate padding, in text heights
constexpr double kPlatePadY = 0.22;
constexpr double kOutlineWidth = 0.08;    // outline stroke, in text heights
constexpr double kBusySpread = 0.40;      // sRGB luma spread (p98 - p2) that counts as busy

// sRGB <-> linear light tables, built once.
struct Gamma {
  float to_linear[256];
  uint8_t to_srgb[4096];
  Gamma() {
    for (int i = 0; i < 256; ++i) {
      double c = i / 255.0;
      to_linear[i] = static_cast<float>(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
    }
    for (int i = 0; i < 4096; ++i) {
      double l = i / 4095.0;
      double c = l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
      to_srgb[i] = static_cast<uint8_t>(std::clamp(std::lround(c * 255.0), 0L, 255L));
    }
  }
  uint8_t Encode(float linear) const {
    int i = static_cast<int>(std::lround(std::clamp(linear, 0.0f, 1.0f) * 4095.0f));
    return to_srgb[i];
  }
};

const Gamma& GammaTables() {
  static const Gamma g;
  return g;
}

double Luminance(const Rgb& c) {
  const Gamma& g = GammaTables();
  return 0.2126 * g.to_linear[c.r] + 0.7152 * g.to_linear[c.g] + 0.0722 * g.to_linear[c.b];
}

double ContrastRatio(double ya, double yb) {
  return (std::max(ya, yb) + 0.05) / (std::min(ya, yb) + 0.05);
}

// Luminance statistics of the pixels a label would cover.
struct Background {
  double y_low = 0, y_mid = 0, y_high = 0;  // linear luminance at 2%, 50%, 98%
  double spread = 0;                         // sRGB-encoded luma p98 - p2
};

Background MeasureBackground(const Image& img, const cv::Rect& r) {
  const Gamma& g = GammaTables();
  std::array<int, 1024> hist{};
  int count = 0;
  for (int y = r.y; y < r.y + r.height; ++y) {
    const uint8_t* p = img.row(y) + static_cast<size_t>(r.x) * img.channels;
    for (int x = 0; x < r.width; ++x, p += img.channels) {
      double lum = img.channels == 1 ? g.to_linear[p[0]]
                                     : 0.2126 * g.to_linear[p[2]] + 0.7152 * g.to_linear[p[1]] +
                                           0.0722 * g.to_linear[p[0]];
      if (img.channels == 4 && p[3] < 128) lum = 1.0;  // transparent shows as a light page
      hist[std::min(1023, static_cast<int>(lum * 1023.0 + 0.5))]++;
      ++count;
    }
  }
  auto percentile = [&](double q) {
    int want = static_cast<int>(q * count), acc = 0;
    for (int i = 0; i < 1024; ++i) {
      acc += hist[i];
      if (acc > want) return i / 1023.0;
    }
    return 1.0;
  };
  Background b;
  b.y_low = percentile(0.02);
  b.y_mid = percentile(0.5);
  b.y_high = percentile(0.98);
  auto encode = [](double l) { return l <= 0.0031308 ? l * 12.92 : 1.055 * std::pow(l, 1 / 2.4) - 0.055; };
  b.spread = encode(b.y_high) - encode(b.y_low);
  return b;
}

double WorstContrast(double y_text, const Background& b) {
  return std::min(ContrastRatio(y_text, b.y_low), ContrastRatio(y_text, b.y_high));
}

struct Layout {
  cv::Rect canvas;  // in text-coverage coordinates (may start negative)
  cv::Rect placed;  // canvas position in the image
};

Layout ComputeLayout(const visible::TextMask& text, VisibleBacking backing, int ink_h, int margin,
                     VisiblePosition pos, int width, int height) {
  cv::Rect bounds(0, 0, text.coverage.cols, text.coverage.rows);
  cv::Rect c;
  if (backing == VisibleBacking::kPlate) {
    int px = static_cast<int>(std::lround(kPlatePadX * ink_h)) + 1;
    int py = static_cast<int>(std::lround(kPlatePadY * ink_h)) + 1;
    c = cv::Rect(text.ink.x - px, text.ink.y - py, text.ink.width + 2 * px, text.ink.height + 2 * py);
    c |= bounds;
  } else if (backing == VisibleBacking::kOutline) {
    int ow = std::max(1, static_cast<int>(std::lround(kOutlineWidth * ink_h))) + 1;
    c = cv::Rect(-ow, -ow, bounds.width + 2 * ow, bounds.height + 2 * ow);
  } else {
    c = bounds;
  }
  Layout l;
  l.canvas = c;
  int x = 0, y = 0;
  switch (pos) {
    case VisiblePosition::kTopLeft: case VisiblePosition::kLeft: case VisiblePosition::kBottomLeft:
      x = margin;
      break;
    case VisiblePosition::kTop: case VisiblePosition::kBottom:
      x = (width - c.width) / 2;
      break;
    default:
      x = width - margin - c.width;
  }
  switch (pos) {
    case VisiblePosition::kTopLeft: case VisiblePosition::kTop: case VisiblePosition::kTopRight:
      y = margin;
      break;
    case VisiblePosition::kLeft: case VisiblePosition::kRight:
      y = (height - c.height) / 2;
      break;
    default:
      y = height - margin - c.height;
  }
  l.placed = cv::Rect(x, y, c.width, c.height);
  return l;
}

}  // namespace

struct VisibleLabelPainter::Impl {
  int width = 0, height = 0;
  VisibleAddOptions options;
  visible::TextMask text;
  int margin = 0;
  std::string font_file;
  bool styled = false;
  VisibleLabelInfo info;
  // Style, fixed at the first Paint.
  Layout layout;
  cv::Mat text_cov;     // CV_8U, canvas-sized
  cv::Mat outline_cov;  // CV_8U, canvas-sized, empty unless outline
  float plate_alpha = 0;
  Rgb text_color, back_color;

  Status ChooseStyle(const Image& frame);
  void Blend(Image& frame) const;
};

VisibleLabelPainter::VisibleLabelPainter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VisibleLabelPainter::VisibleLabelPainter(VisibleLabelPainter&&) noexcept = default;
VisibleLabelPainter& VisibleLabelPainter::operator=(VisibleLabelPainter&&) noexcept = default;
VisibleLabelPainter::~VisibleLabelPainter() = default;

const VisibleLabelInfo& VisibleLabelPainter::info() const { return impl_->info; }

StatusOr<VisibleLabelPainter> VisibleLabelPainter::Create(int width, int height,
                                                          const VisibleAddOptions& options) {
  if (width < 16 || height < 16) {
    return InvalidArgumentError("image is too small for a visible label (" + std::to_string(width) +
                                "x" + std::to_string(height) + ")");
  }
  if (!(options.height_ratio >= kMinHeightRatio && options.height_ratio <= 0.5)) {
    return InvalidArgumentError("height ratio must be between 0.05 (GB 45438 minimum) and 0.5");
  }
  if (!(options.opacity >= 0.5 && options.opacity <= 1.0)) {
    return InvalidArgumentError("opacity must be between 0.5 and 1 so the label stays legible");
  }
  AIGCMARK_ASSIGN_OR_RETURN(std::u32string cps, visible::DecodeUtf8(options.text));
  bool any = false;
  for (char32_t c : cps) {
    if (c < 0x20 || c == 0x7F) return InvalidArgumentError("label text has control characters");
    any = any || (c != ' ' && c != 0x3000);
  }
  if (!any) return InvalidArgumentError("label text is empty");
  const int shortest = std::min(width, height);
  if (options.margin > shortest / 4) {
    return InvalidArgumentError("margin " + std::to_string(options.margin) +
                                " px would move the label off the edge band");
  }
  auto impl = std::make_unique<Impl>();
  impl->width = width;
  impl->height = height;
  impl->options = options;
  impl->margin = options.margin >= 0
                     ? options.margin
                     : std::max(2, static_cast<int>(std::lround(0.02 * shortest)));
  AIGCMARK_ASSIGN_OR_RETURN(visible::FontChoice font, visible::FindFontFor(cps, options.font_file));
  AIGCMARK_ASSIGN_OR_RETURN(auto raster, visible::TextRasterizer::Open(font));
  impl->font_file = font.file;
  const int min_h = static_cast<int>(std::ceil(kMinHeightRatio * shortest - 1e-9));
  int target = std::max(min_h, static_cast<int>(std::ceil(options.height_ratio * shortest - 1e-9)));
  // Shrink towards the 5% minimum if the widest style (plate) would not fit the width.
  for (;;) {
    AIGCMARK_ASSIGN_OR_RETURN(impl->text, visible::RenderWithInkHeight(*raster, options.text, target));
    Layout l = ComputeLayout(impl->text, VisibleBacking::kPlate, impl->text.ink.height, impl->margin,
                             options.position, width, height);
    int room = width - 2 * impl->margin;
    if (l.canvas.width <= room && l.canvas.height <= height - 2 * impl->margin) break;
    if (target <= min_h) {
      return InvalidArgumentError("label text \"" + options.text + "\" does not fit a " +
                                  std::to_string(width) + " px wide image at 5% text height");
    }
    int next = static_cast<int>(std::floor(target * double(room) / l.canvas.width));
    target = std::max(min_h, std::min(next, target - 1));
  }
  impl->info.font_file = font.file;
  impl->info.height_ratio = double(impl->text.ink.height) / shortest;
  return VisibleLabelPainter(std::move(impl));
}

Status VisibleLabelPainter::Impl::ChooseStyle(const Image& frame) {
  const int ink_h = text.ink.height;
  Layout probe = ComputeLayout(text, VisibleBacking::kPlate, ink_h, margin, options.position,
                               width, height);
  Background bg = MeasureBackground(frame, probe.placed & cv::Rect(0, 0, width, height));
  const Rgb white{255, 255, 255}, black{0, 0, 0};
  if (options.text_color) {
    text_color = *options.text_color;
  } else {
    text_color = WorstContrast(1.0, bg) >= WorstContrast(0.0, bg) ? white : black;
  }
  const double y_text = Luminance(text_color);
  back_color = y_text > 0.3 ? black : white;
  const double y_back = Luminance(back_color);
  const double worst = WorstContrast(y_text, bg);
  VisibleBacking backing = options.backing;
  if (backing == VisibleBacking::kAuto) {
    backing = worst >= kMinContrast && bg.spread <= kBusySpread ? VisibleBacking::kOutline
                                                                : VisibleBacking::kPlate;
  }
  if (backing == VisibleBacking::kNone && worst < kMinContrast) {
    char buf[160];
    std::snprintf(buf, sizeof(buf),
                  "text colour contrasts only %.1f:1 with the pixels underneath (need %.1f:1); "
                  "use a plate or outline backing",
                  worst, kMinContrast);
    return InvalidArgumentError(buf);
  }
  plate_alpha = 0;
  if (backing == VisibleBacking::kPlate) {
    // Least opaque plate that keeps the contrast against the worst pixel underneath.
    for (float a = 0.55f; a <= 0.951f; a += 0.05f) {
      plate_alpha = a;
      double lo = a * y_back + (1 - a) * bg.y_low, hi = a * y_back + (1 - a) * bg.y_high;
      if (std::min(ContrastRatio(y_text, lo), ContrastRatio(y_text, hi)) >= kMinContrast) break;
    }
  }
  layout = ComputeLayout(text, backing, ink_h, margin, options.position, width, height);
  text_cov = cv::Mat::zeros(layout.canvas.size(), CV_8UC1);
  text.coverage.copyTo(text_cov(cv::Rect(-layout.canvas.x, -layout.canvas.y, text.coverage.cols,
                                         text.coverage.rows)));
  if (backing == VisibleBacking::kOutline) {
    int ow = std::max(1, static_cast<int>(std::lround(kOutlineWidth * ink_h)));
    cv::dilate(text_cov, outline_cov,
               cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * ow + 1, 2 * ow + 1)));
  }
  const cv::Rect ink(layout.placed.x - layout.canvas.x + text.ink.x,
                     layout.placed.y - layout.canvas.y + text.ink.y, text.ink.width, text.ink.height);
  info.box = {ink.x, ink.y, ink.width, ink.height};
  info.label_box = {layout.placed.x, layout.placed.y, layout.placed.width, layout.placed.height};
  info.backing = backing;
  info.text_color = text_color;
  styled = true;
  return Status::Ok();
}

void VisibleLabelPainter::Impl::Blend(Image& frame) const {
  const Gamma& g = GammaTables();
  const float op = static_cast<float>(options.opacity);
  const float tl[3] = {g.to_linear[text_color.b], g.to_linear[text_color.g], g.to_linear[text_color.r]};
  const float bl[3] = {g.to_linear[back_color.b], g.to_linear[back_color.g], g.to_linear[back_color.r]};
  const float t_gray = static_cast<float>(Luminance(text_color));
  const float b_gray = static_cast<float>(Luminance(back_color));
  const int ch = frame.channels;
  const int color_ch = ch == 1 ? 1 : 3;
  for (int y = 0; y < layout.placed.height; ++y) {
    uint8_t* p = frame.row(layout.placed.y + y) + static_cast<size_t>(layout.placed.x) * ch;
    const uint8_t* tc = text_cov.ptr<uint8_t>(y);
    const uint8_t* oc = outline_cov.empty() ? nullptr : outline_cov.ptr<uint8_t>(y);
    for (int x = 0; x < layout.placed.width; ++x, p += ch) {
      // Premultiplied "over" in linear light: plate, then outline, then text.
      float a = ch == 4 ? p[3] / 255.0f : 1.0f;
      float c[3];
      for (int k = 0; k < color_ch; ++k) c[k] = g.to_linear[p[k]] * a;
      auto over = [&](float alpha, const float* col, float gray) {
        if (alpha <= 0) return;
        for (int k = 0; k < color_ch; ++k) c[k] = (color_ch == 1 ? gray : col[k]) * alpha + c[k] * (1 - alpha);
        a = alpha + a * (1 - alpha);
      };
      over(plate_alpha * op, bl, b_gray);
      if (oc) over(oc[x] / 255.0f * op, bl, b_gray);
      over(tc[x] / 255.0f * op, tl, t_gray);
      if (a <= 0) continue;
      for (int k = 0; k < color_ch; ++k) p[k] = g.Encode(c[k] / a);
      if (ch == 4) p[3] = static_cast<uint8_t>(std::lround(a * 255.0f));
    }
  }
}

Status VisibleLabelPainter::Paint(Image& frame) {
  Impl& s = *impl_;
  if (frame.width != s.width || frame.height != s.height) {
    return InvalidArgumentError("frame is " + std::to_string(frame.width) + "x" +
                                std::to_string(frame.height) + ", painter was made for " +
                                std::to_string(s.width) + "x" + std::to_string(s.height));
  }
  if ((frame.channels != 1 && frame.channels != 3 && frame.channels != 4) ||
      frame.pixels.size() < frame.stride() * frame.height) {
    return InvalidArgumentError("frame buffer is empty or inconsistent");
  }
  if (!s.styled) AIGCMARK_RETURN_IF_ERROR(s.ChooseStyle(frame));
  s.Blend(frame);
  return Status::Ok();
}

StatusOr<VisibleLabelInfo> AddVisibleLabel(Image& image, const VisibleAddOptions& options) {
  if (image.channels != 1 && image.channels != 3 && image.channels != 4) {
    return InvalidArgumentError("image must be gray, BGR or BGRA");
  }
  AIGCMARK_ASSIGN_OR_RETURN(VisibleLabelPainter painter,
                            VisibleLabelPainter::Create(image.width, image.height, options));
  AIGCMARK_RETURN_IF_ERROR(painter.Paint(image));
  return painter.info();
}

}  // namespace aigcmark
