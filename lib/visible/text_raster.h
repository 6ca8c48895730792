// Font lookup (fontconfig) and text shaping + rasterisation (HarfBuzz + FreeType).
#ifndef AIGCMARK_VISIBLE_TEXT_RASTER_H_
#define AIGCMARK_VISIBLE_TEXT_RASTER_H_

#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "aigcmark/status.h"

namespace aigcmark::visible {

struct FontChoice {
  std::string file;
  int index = 0;  ///< Face index inside a .ttc collection.
};

/// Picks the font for `text`: `font_file` if given (checked for every glyph), else the best
/// fontconfig match (Noto Sans CJK SC Bold preferred) whose charset covers every character.
/// kNotFound names the first character no font can draw.
StatusOr<FontChoice> FindFontFor(const std::u32string& text, const std::string& font_file);

/// Anti-aliased coverage of a shaped line of text.
struct TextMask {
  cv::Mat coverage;  ///< CV_8UC1, 255 = fully inked, cropped to the non-zero coverage.
  cv::Rect ink;      ///< Box of pixels with coverage >= 50%, inside `coverage`.
};

/// One loaded face; shapes and renders text at any pixel size. Not thread-safe.
class TextRasterizer {
 public:
  static StatusOr<std::unique_ptr<TextRasterizer>> Open(const FontChoice& font);
  ~TextRasterizer();
  TextRasterizer(const TextRasterizer&) = delete;
  TextRasterizer& operator=(const TextRasterizer&) = delete;

  /// Shapes `utf8` left-to-right (or as HarfBuzz guesses) at `pixel_size` px/em and renders it.
  StatusOr<TextMask> Render(const std::string& utf8, int pixel_size);

 private:
  TextRasterizer() = default;
  struct State;
  std::unique_ptr<State> state_;
};

/// Renders `utf8` so that its inked height (coverage >= 50%) is at least `ink_height` pixels,
/// with as little excess as the pixel grid allows.
StatusOr<TextMask> RenderWithInkHeight(TextRasterizer& raster, const std::string& utf8,
                                       int ink_height);

}  // namespace aigcmark::visible

#endif  // AIGCMARK_VISIBLE_TEXT_RASTER_H_
