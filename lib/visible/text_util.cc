#include "visible/text_util.h"

#include <algorithm>
#include <cctype>

namespace aigcmark::visible {
namespace {

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsCjk(char32_t c) {
  return (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }

// Lossy decode for OCR output: malformed bytes become U+FFFD instead of failing.
std::u32string DecodeLossy(const std::string& s) {
  auto d = DecodeUtf8(s);
  if (d.ok()) return *d;
  std::u32string out;
  for (unsigned char c : s) out.push_back(c < 0x80 ? c : 0xFFFD);
  return out;
}

bool ContainsWord(const std::u32string& hay, const std::u32string& word) {
  for (size_t pos = hay.find(word); pos != std::u32string::npos; pos = hay.find(word, pos + 1)) {
    bool left_ok = pos == 0 || !IsAsciiLetter(hay[pos - 1]);
    size_t end = pos + word.size();
    bool right_ok = end >= hay.size() || !IsAsciiLetter(hay[end]);
    if (left_ok && right_ok) return true;
  }
  return false;
}

}  // namespace

StatusOr<std::u32string> DecodeUtf8(const std::string& text) {
  std::u32string out;
  size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n) {
      return InvalidArgumentError("text is not valid UTF-8 (byte " + std::to_string(i) + ")");
    }
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return InvalidArgumentError("text is not valid UTF-8 (byte " + std::to_string(i) + ")");
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return InvalidArgumentError("text is not valid UTF-8 (byte " + std::to_string(i) + ")");
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(const std::u32string& text) {
  std::string out;
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::string NormalizeOcrText(const std::string& utf8) {
  std::u32string in = DecodeLossy(utf8);
  std::u32string t;
  for (char32_t c : in) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (IsSpace(c)) c = ' ';
    if (c < 0x20 && c != ' ') continue;
    t.push_back(c);
  }
  // Drop spaces next to CJK (Tesseract splits CJK runs into words) and collapse the rest.
  std::u32string u;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == ' ') {
      if (u.empty() || u.back() == ' ') continue;
      size_t j = i;
      while (j < t.size() && t[j] == ' ') ++j;
      if (j >= t.size()) break;
      if (IsCjk(u.back()) || IsCjk(t[j])) continue;
    }
    u.push_back(t[i]);
  }
  // Stray marks at the ends are edge noise read as punctuation, never part of a label.
  auto stray = [](char32_t c) {
    return c == ' ' || (c < 0x80 && std::ispunct(static_cast<int>(c))) ||
           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
           (c >= 0x2010 && c <= 0x2027);
  };
  while (!u.empty() && stray(u.back())) u.pop_back();
  size_t first = 0;
  while (first < u.size() && stray(u[first])) ++first;
  u.erase(0, first);
  // "Al", "A1", "A|", "A!" standing alone or before CJK / punctuation is "AI" read badly.
  for (size_t i = 0; i + 1 < u.size(); ++i) {
    if (u[i] != 'A') continue;
    char32_t n = u[i + 1];
    if (n != 'l' && n != '1' && n != '|' && n != '!' && n != 'i') continue;
    bool left_ok = i == 0 || !IsAsciiLetter(u[i - 1]);
    bool right_ok = i + 2 >= u.size() || !IsAsciiLetter(u[i + 2]);
    if (left_ok && right_ok) u[i + 1] = 'I';
  }
  return EncodeUtf8(u);
}

TextElements FindTextElements(const std::string& utf8) {
  std::u32string t = DecodeLossy(utf8);
  std::u32string lower = t;
  for (char32_t& c : lower) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  }
  TextElements e;
  e.ai = lower.find(U"人工智能") != std::u32string::npos || ContainsWord(lower, U"ai") ||
         ContainsWord(lower, U"aigc");
  e.strong_ai = lower.find(U"人工智能") != std::u32string::npos || ContainsWord(t, U"AI") ||
                ContainsWord(lower, U"aigc");
  // "AI生成": the CJK neighbour is not a letter, so ContainsWord already accepts it.
  e.generation = lower.find(U"生成") != std::u32string::npos ||
                 lower.find(U"合成") != std::u32string::npos ||
                 lower.find(U"generated") != std::u32string::npos ||
                 lower.find(U"synthesized") != std::u32string::npos ||
                 lower.find(U"synthesised") != std::u32string::npos;
  return e;
}

}  // namespace aigcmark::visible
