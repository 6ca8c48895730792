// Explicit (visible) labels: render compliant text labels and find/check them in images.
#ifndef AIGCMARK_VISIBLE_H_
#define AIGCMARK_VISIBLE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aigcmark/image.h"
#include "aigcmark/status.h"

namespace aigcmark {

/// Outcome of looking for a visible label.
struct VisibleResult {
  bool detected = false;
  std::string text;               ///< Text read, UTF-8.
  std::string position;           ///< "bottom-right", "top", ... or "" when not on an edge.
  std::array<int, 4> box{0, 0, 0, 0};  ///< x, y, w, h in pixels.
  double height_ratio = 0.0;      ///< Text height / shortest image side.
  bool compliant = false;
  std::vector<std::string> problems;
};

/// How `CheckVisibleLabel` looks for labels.
struct VisibleCheckOptions {
  /// Smallest compliant text height as a fraction of the shortest side (GB 45438: 5%).
  double min_height_ratio = 0.05;
  /// Depth of the edge bands searched, as a fraction of the image height (top/bottom bands) or
  /// width (left/right bands). Text further inside the image is not looked at.
  double band = 0.22;
  /// Most candidate text regions passed to OCR per image (each costs ~5-10 ms).
  int max_candidates = 10;
  /// Tesseract languages.
  std::string languages = "chi_sim+eng";
  /// Directory holding `<lang>.traineddata`; empty means $TESSDATA_PREFIX, else the Debian
  /// location /usr/share/tesseract-ocr/5/tessdata.
  std::string tessdata_dir;
};

/// Finds and reads a visible label on the edges/corners of an image and checks compliance.
/// Thread-safe: each thread keeps its own OCR engine, created on first use.
StatusOr<VisibleResult> CheckVisibleLabel(const Image& image,
                                          const VisibleCheckOptions& options = {});

/// Where a label is placed: the four corners and the four edge centres.
enum class VisiblePosition {
  kTopLeft,
  kTop,
  kTopRight,
  kLeft,
  kRight,
  kBottomLeft,
  kBottom,
  kBottomRight,
};

/// "top-left", "top", "top-right", "left", "right", "bottom-left", "bottom", "bottom-right".
const char* VisiblePositionName(VisiblePosition position);
/// Parses a name as printed by `VisiblePositionName`; kInvalidArgument lists the valid names.
StatusOr<VisiblePosition> ParseVisiblePosition(const std::string& name);

/// An sRGB colour.
struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
  bool operator==(const Rgb&) const = default;
};
/// Parses "#rrggbb", "rrggbb", "#rgb" or one of "white", "black", "red", "yellow", "gray".
StatusOr<Rgb> ParseColor(const std::string& text);

/// What sits behind the text so that it stays legible.
enum class VisibleBacking {
  kAuto,     ///< Chosen from the pixels underneath: outline on calm backgrounds, plate otherwise.
  kPlate,    ///< A translucent rectangle of the contrasting colour behind the text.
  kOutline,  ///< A contrasting stroke around each glyph.
  kNone,     ///< Text only (refused unless the text contrasts with every pixel underneath).
};
/// "auto", "plate", "outline", "none".
const char* VisibleBackingName(VisibleBacking backing);
StatusOr<VisibleBacking> ParseVisibleBacking(const std::string& name);

/// How `AddVisibleLabel` draws the label. The defaults give a GB 45438-compliant label.
struct VisibleAddOptions {
  /// UTF-8 text; must contain an AI element and a generation element to be compliant, e.g.
  /// "AI生成", "人工智能生成", "AI合成", "AI-generated".
  std::string text = "AI生成";
  VisiblePosition position = VisiblePosition::kBottomRight;
  /// Gap between the label (plate or outline included) and the image edges, in pixels;
  /// negative means 2% of the shortest side (at least 2 px).
  int margin = -1;
  /// Text colour; unset picks white or black, whichever contrasts more with the background.
  std::optional<Rgb> text_color;
  VisibleBacking backing = VisibleBacking::kAuto;
  /// Opacity of the whole label, 0.5..1 (lower would no longer be reliably legible).
  double opacity = 1.0;
  /// Height of the inked text (measured on the rendered glyphs) / shortest image side;
  /// at least 0.05 (GB 45438). Shrunk towards 0.05 if the text would not fit the width.
  double height_ratio = 0.06;
  /// Font file to use instead of the fontconfig match (Noto Sans CJK from fonts-noto-cjk).
  std::string font_file;
};

/// What was drawn, for callers that log or verify the label.
struct VisibleLabelInfo {
  std::array<int, 4> box{0, 0, 0, 0};  ///< Inked text box x, y, w, h in pixels.
  std::array<int, 4> label_box{0, 0, 0, 0};  ///< Everything touched (plate/outline included).
  double height_ratio = 0.0;           ///< Inked text height / shortest side, as drawn.
  VisibleBacking backing = VisibleBacking::kAuto;  ///< The backing actually used.
  Rgb text_color;                      ///< The text colour actually used.
  std::string font_file;               ///< The font file that supplied the glyphs.
};

/// Draws the label onto an 8-bit gray, BGR or BGRA image in place (alpha kept and extended
/// under the label so it is visible on transparent pixels). kNotFound if no font has glyphs
/// for every character; kInvalidArgument for bad options or text that cannot fit.
StatusOr<VisibleLabelInfo> AddVisibleLabel(Image& image, const VisibleAddOptions& options = {});

/// Reads an image file, draws the label and writes `out` atomically in the format named by
/// its extension (.jpg/.jpeg, .png, .webp, .tif/.tiff; else the input's format), keeping the
/// alpha channel and the input's metadata (EXIF, XMP including an AIGC label, ICC profile).
/// The label is placed as a viewer sees the output, i.e. after its EXIF orientation, and the
/// returned boxes are in those display coordinates. `out` may equal `in` only when `in_place`
/// is set. An input with samples wider than 8 bits is kUnsupported rather than silently reduced.
StatusOr<VisibleLabelInfo> AddVisibleLabelFile(const std::string& in, const std::string& out,
                                               const VisibleAddOptions& options = {},
                                               bool in_place = false);

/// Draws the same label on many frames of one size (video): text is shaped and rasterised
/// once; the contrast style is chosen from the first frame painted and then kept, so the
/// label does not flicker. Not thread-safe; use one painter per stream.
class VisibleLabelPainter {
 public:
  /// Shapes and rasterises the text for frames of `width` x `height`.
  static StatusOr<VisibleLabelPainter> Create(int width, int height,
                                              const VisibleAddOptions& options = {});
  VisibleLabelPainter(VisibleLabelPainter&&) noexcept;
  VisibleLabelPainter& operator=(VisibleLabelPainter&&) noexcept;
  ~VisibleLabelPainter();

  /// Blends the label into `frame` (gray, BGR or BGRA, of the size given to Create).
  Status Paint(Image& frame);
  /// The label's geometry and style (style fields are final after the first Paint).
  const VisibleLabelInfo& info() const;

 private:
  struct Impl;
  explicit VisibleLabelPainter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace aigcmark

#endif  // AIGCMARK_VISIBLE_H_
