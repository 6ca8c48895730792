#include "visible/text_raster.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "visible/text_util.h"

namespace aigcmark::visible {
namespace {

// fontconfig's default config is process-global and not safe for concurrent first use.
std::mutex& FontconfigMutex() {
  static std::mutex m;
  return m;
}

bool IsIgnorable(char32_t c) {
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0x200B || c == 0x200D || c == 0xFE0F;
}

std::string CodePointName(char32_t c) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "' (U+%04X)", static_cast<unsigned>(c));
  std::string name = "'";
  name.append(EncodeUtf8(std::u32string(1, c)));
  name.append(buf);
  return name;
}

struct FtLibrary {
  FT_Library lib = nullptr;
  ~FtLibrary() {
    if (lib) FT_Done_FreeType(lib);
  }
};

// Returns the first drawable code point of `text` the face has no glyph for, or 0.
char32_t FirstMissingGlyph(FT_Face face, const std::u32string& text) {
  for (char32_t c : text) {
    if (!IsIgnorable(c) && FT_Get_Char_Index(face, c) == 0) return c;
  }
  return 0;
}

}  // namespace

StatusOr<FontChoice> FindFontFor(const std::u32string& text, const std::string& font_file) {
  if (!font_file.empty()) {
    FtLibrary ft;
    if (FT_Init_FreeType(&ft.lib) != 0) return InternalError("cannot initialise FreeType");
    FT_Face face = nullptr;
    if (FT_New_Face(ft.lib, font_file.c_str(), 0, &face) != 0) {
      return NotFoundError(font_file + ": cannot open font file");
    }
    char32_t missing = FirstMissingGlyph(face, text);
    FT_Done_Face(face);
    if (missing != 0) {
      return NotFoundError(font_file + ": font has no glyph for " + CodePointName(missing));
    }
    return FontChoice{font_file, 0};
  }
  std::lock_guard<std::mutex> lock(FontconfigMutex());
  if (!FcInit()) return InternalError("cannot initialise fontconfig");
  FcPattern* pat = FcPatternCreate();
  FcCharSet* need = FcCharSetCreate();
  for (char32_t c : text) {
    if (!IsIgnorable(c)) FcCharSetAddChar(need, c);
  }
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>("Noto Sans CJK SC"));
  FcPatternAddString(pat, FC_FAMILY, reinterpret_cast<const FcChar8*>("sans-serif"));
  FcPatternAddInteger(pat, FC_WEIGHT, FC_WEIGHT_BOLD);
  FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
  FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
  FcPatternAddCharSet(pat, FC_CHARSET, need);
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result = FcResultNoMatch;
  FcFontSet* set = FcFontSort(nullptr, pat, FcFalse, nullptr, &result);
  std::optional<FontChoice> choice;
  for (int i = 0; set != nullptr && i < set->nfont && !choice; ++i) {
    FcCharSet* cs = nullptr;
    FcChar8* file = nullptr;
    int index = 0;
    if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) != FcResultMatch ||
        FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) {
      continue;
    }
    FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
    FcBool scalable = FcTrue;
    FcPatternGetBool(set->fonts[i], FC_SCALABLE, 0, &scalable);
    if (scalable && FcCharSetIsSubset(need, cs)) {
      choice = FontChoice{reinterpret_cast<const char*>(file), index};
    }
  }
  if (!choice) {
    // Name the first character that no installed font covers, for a useful message.
    char32_t missing = 0;
    FcObjectSet* os = FcObjectSetBuild(FC_CHARSET, nullptr);
    FcPattern* any = FcPatternCreate();
    FcFontSet* all = FcFontList(nullptr, any, os);
    for (char32_t c : text) {
      if (IsIgnorable(c)) continue;
      bool found = false;
      for (int i = 0; all != nullptr && i < all->nfont && !found; ++i) {
        FcCharSet* cs = nullptr;
        found = FcPatternGetCharSet(all->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
                FcCharSetHasChar(cs, c);
      }
      if (!found) {
        missing = c;
        break;
      }
    }
    // Otherwise the glyphs exist but are spread over fonts: name what the best match lacks.
    char32_t lacking = 0;
    if (missing == 0 && set != nullptr && set->nfont > 0) {
      FcCharSet* cs = nullptr;
      if (FcPatternGetCharSet(set->fonts[0], FC_CHARSET, 0, &cs) == FcResultMatch) {
        for (char32_t c : text) {
          if (!IsIgnorable(c) && !FcCharSetHasChar(cs, c)) {
            lacking = c;
            break;
          }
        }
      }
    }
    if (all != nullptr) FcFontSetDestroy(all);
    if (set != nullptr) FcFontSetDestroy(set);
    FcObjectSetDestroy(os);
    FcPatternDestroy(any);
    FcPatternDestroy(pat);
    FcCharSetDestroy(need);
    if (missing != 0) {
      return NotFoundError("no installed font has a glyph for " + CodePointName(missing) +
                           " (install fonts-noto-cjk or pass --font FILE)");
    }
    if (lacking != 0) {
      return NotFoundError("no single installed font has glyphs for all of the label text; the "
                           "best match lacks " + CodePointName(lacking) + " (pass --font FILE)");
    }
    return NotFoundError("no single installed font has glyphs for all of the label text "
                         "(install fonts-noto-cjk or pass --font FILE)");
  }
  if (set != nullptr) FcFontSetDestroy(set);
  FcPatternDestroy(pat);
  FcCharSetDestroy(need);
  return *choice;
}

struct TextRasterizer::State {
  FtLibrary ft;
  FT_Face face = nullptr;
  hb_font_t* hb_font = nullptr;
  ~State() {
    if (hb_font) hb_font_destroy(hb_font);  // releases `face` (created referenced)
    else if (face) FT_Done_Face(face);
  }
};

TextRasterizer::~TextRasterizer() = default;

StatusOr<std::unique_ptr<TextRasterizer>> TextRasterizer::Open(const FontChoice& font) {
  std::unique_ptr<TextRasterizer> r(new TextRasterizer());
  r->state_ = std::make_unique<State>();
  State& s = *r->state_;
  if (FT_Init_FreeType(&s.ft.lib) != 0) return InternalError("cannot initialise FreeType");
  if (FT_New_Face(s.ft.lib, font.file.c_str(), font.index, &s.face) != 0) {
    return NotFoundError(font.file + ": cannot open font file");
  }
  if (!FT_IS_SCALABLE(s.face)) return UnsupportedError(font.file + ": not a scalable font");
  if (FT_Set_Pixel_Sizes(s.face, 0, 64) != 0) {
    return UnsupportedError(font.file + ": cannot set the font size");
  }
  s.hb_font = hb_ft_font_create_referenced(s.face);
  return r;
}

StatusOr<TextMask> TextRasterizer::Render(const std::string& utf8, int pixel_size) {
  State& s = *state_;
  if (pixel_size < 1 || pixel_size > 4096) return InvalidArgumentError("bad text pixel size");
  if (FT_Set_Pixel_Sizes(s.face, 0, pixel_size) != 0) {
    return UnsupportedError("cannot set the font size");
  }
  hb_ft_font_changed(s.hb_font);
  hb_buffer_t* buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, utf8.data(), static_cast<int>(utf8.size()), 0, -1);
  hb_buffer_guess_segment_properties(buf);
  hb_shape(s.hb_font, buf, nullptr, 0);
  unsigned int n = 0;
  hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);

  struct Placed {
    cv::Mat bitmap;
    int x, y;  // top-left in pen space (y down, baseline at 0)
  };
  std::vector<Placed> placed;
  int64_t pen_x = 0, pen_y = 0;  // 26.6
  for (unsigned int i = 0; i < n; ++i) {
    int64_t gx = pen_x + pos[i].x_offset;
    int64_t gy = pen_y + pos[i].y_offset;
    pen_x += pos[i].x_advance;
    pen_y += pos[i].y_advance;
    if (FT_Load_Glyph(s.face, info[i].codepoint, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) {
      continue;
    }
    FT_GlyphSlot slot = s.face->glyph;
    if (slot->format != FT_GLYPH_FORMAT_OUTLINE) continue;
    // Sub-pixel placement: shift the outline by the fractional pen position before rendering.
    FT_Pos fx = gx & 63, fy = gy & 63;
    FT_Outline_Translate(&slot->outline, fx, fy);
    if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0) continue;
    const FT_Bitmap& bm = slot->bitmap;
    if (bm.width == 0 || bm.rows == 0) continue;
    cv::Mat m(static_cast<int>(bm.rows), static_cast<int>(bm.width), CV_8UC1, bm.buffer,
              static_cast<size_t>(std::abs(bm.pitch)));
    placed.push_back({m.clone(), static_cast<int>((gx >> 6) + slot->bitmap_left),
                      static_cast<int>(-(gy >> 6) - slot->bitmap_top)});
  }
  hb_buffer_destroy(buf);
  if (placed.empty()) return InvalidArgumentError("label text renders no visible glyphs");
  int x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
  for (const Placed& p : placed) {
    x0 = std::min(x0, p.x);
    y0 = std::min(y0, p.y);
    x1 = std::max(x1, p.x + p.bitmap.cols);
    y1 = std::max(y1, p.y + p.bitmap.rows);
  }
  TextMask mask;
  mask.coverage = cv::Mat::zeros(y1 - y0, x1 - x0, CV_8UC1);
  for (const Placed& p : placed) {
    cv::Mat dst = mask.coverage(cv::Rect(p.x - x0, p.y - y0, p.bitmap.cols, p.bitmap.rows));
    cv::max(dst, p.bitmap, dst);
  }
  cv::Mat inked = mask.coverage >= 128;
  std::vector<cv::Point> pts;
  cv::findNonZero(inked, pts);
  if (pts.empty()) return InvalidArgumentError("label text renders no visible glyphs");
  mask.ink = cv::boundingRect(pts);
  return mask;
}

StatusOr<TextMask> RenderWithInkHeight(TextRasterizer& raster, const std::string& utf8,
                                       int ink_height) {
  ink_height = std::max(ink_height, 1);
  AIGCMARK_ASSIGN_OR_RETURN(TextMask probe, raster.Render(utf8, std::max(ink_height, 8)));
  int size = static_cast<int>(std::lround(std::max(ink_height, 8) * double(ink_height) /
                                          std::max(probe.ink.height, 1)));
  size = std::max(size, 1);
  AIGCMARK_ASSIGN_OR_RETURN(TextMask mask, raster.Render(utf8, size));
  // Step down while still tall enough, then up until tall enough: the smallest compliant size.
  for (int guard = 0; guard < 8 && mask.ink.height > ink_height && size > 1; ++guard) {
    AIGCMARK_ASSIGN_OR_RETURN(TextMask smaller, raster.Render(utf8, size - 1));
    if (smaller.ink.height < ink_height) break;
    mask = std::move(smaller);
    --size;
  }
  for (int guard = 0; guard < 16 && mask.ink.height < ink_height; ++guard) {
    ++size;
    AIGCMARK_ASSIGN_OR_RETURN(mask, raster.Render(utf8, size));
  }
  if (mask.ink.height < ink_height) return InternalError("cannot reach the label text height");
  return mask;
}

}  // namespace aigcmark::visible
