// UTF-8 decoding and the text rules of a visible label (GB 45438 elements, OCR clean-up).
#ifndef AIGCMARK_VISIBLE_TEXT_UTIL_H_
#define AIGCMARK_VISIBLE_TEXT_UTIL_H_

#include <string>
#include <vector>

#include "aigcmark/status.h"

namespace aigcmark::visible {

/// Decodes UTF-8 to code points; kInvalidArgument on malformed or overlong sequences.
StatusOr<std::u32string> DecodeUtf8(const std::string& text);
/// Encodes code points as UTF-8.
std::string EncodeUtf8(const std::u32string& text);

/// Cleans OCR output: full-width ASCII to ASCII, whitespace collapsed, common confusions of
/// "AI" ("Al", "A1", "A|") repaired when they stand as a word or next to CJK text.
std::string NormalizeOcrText(const std::string& utf8);

/// Which of the two GB 45438 elements a label text carries.
struct TextElements {
  bool ai = false;          ///< "AI" (as a word, any case), "人工智能", "AIGC".
  bool strong_ai = false;   ///< "人工智能", "AIGC" or upper-case "AI": evidence on its own.
  bool generation = false;  ///< "生成", "合成", "generated", "synthesized"/"synthesised".
  /// One element was accepted one character off, because it sits right next to the other
  /// element read exactly: "At生成" (a mangled "AI" before "生成"), "AI生咸", "AI-generaled".
  bool fuzzy = false;
};
/// Exact elements first; then, next to an exact element, the other one within one character.
TextElements FindTextElements(const std::string& utf8);

/// Removes what OCR made of texture at the ends of a line that carries a label element: short
/// runs of Latin letters, digits or marks glued to CJK text ("AI生成eh" -> "AI生成") and
/// stroke-like CJK characters read from edges ("一", "丨"). Text without a label element is
/// returned as is.
std::string TrimLabelText(const std::string& utf8);

}  // namespace aigcmark::visible

#endif  // AIGCMARK_VISIBLE_TEXT_UTIL_H_
