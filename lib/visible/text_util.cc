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

namespace {

// Exact elements of already lower-cased text (see TextElements).
TextElements ExactElements(const std::u32string& t, const std::u32string& lower) {
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

// Characters OCR puts in place of the "I" of a small, blurred "AI".
bool LooksLikeI(char32_t c) {
  return c == 'I' || c == 'l' || c == '1' || c == '|' || c == '!' || c == 'i' || c == 't' ||
         c == 'T' || c == 'L' || c == 'f' || c == 'J';
}

// Number of single-character substitutions between equal-length strings.
int Substitutions(const std::u32string& a, const std::u32string& b) {
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
  return n;
}

// Index just after an upper-case "AI"/"AIGC" word or "人工智能" in `t`, or npos.
size_t EndOfStrongAi(const std::u32string& t) {
  for (const std::u32string& w :
       {std::u32string(U"人工智能"), std::u32string(U"AIGC"), std::u32string(U"AI")}) {
    for (size_t pos = t.find(w); pos != std::u32string::npos; pos = t.find(w, pos + 1)) {
      size_t end = pos + w.size();
      bool left_ok = pos == 0 || !IsAsciiLetter(t[pos - 1]);
      bool right_ok = end >= t.size() || !IsAsciiLetter(t[end]);
      if (w[0] == U'人' || (left_ok && right_ok)) return end;
    }
  }
  return std::u32string::npos;
}

}  // namespace

TextElements FindTextElements(const std::string& utf8) {
  std::u32string t = DecodeLossy(utf8);
  std::u32string lower = t;
  for (char32_t& c : lower) {
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  }
  TextElements e = ExactElements(t, lower);
  if (e.ai == e.generation) return e;
  if (e.generation && !e.ai) {
    // "A" plus an I-like glyph, right before an exact CJK generation element.
    for (const std::u32string& g : {std::u32string(U"生成"), std::u32string(U"合成")}) {
      for (size_t pos = t.find(g); pos != std::u32string::npos; pos = t.find(g, pos + 1)) {
        if (pos >= 2 && t[pos - 2] == 'A' && LooksLikeI(t[pos - 1]) &&
            (pos == 2 || !IsAsciiLetter(t[pos - 3]))) {
          e.ai = e.strong_ai = e.fuzzy = true;
          return e;
        }
      }
    }
    return e;
  }
  // An exact strong AI element, then a generation element one character off right after it
  // (a space or a hyphen may sit between them).
  size_t at = EndOfStrongAi(t);
  if (at == std::u32string::npos) return e;
  while (at < t.size() && (t[at] == ' ' || t[at] == '-')) ++at;
  const std::u32string rest = lower.substr(at);
  if (rest.size() >= 2 && IsCjk(rest[0]) && IsCjk(rest[1])) {
    const std::u32string pair = rest.substr(0, 2);
    if (Substitutions(pair, U"生成") == 1 || Substitutions(pair, U"合成") == 1) {
      e.generation = e.fuzzy = true;
    }
  }
  if (rest.size() >= 9 && Substitutions(rest.substr(0, 9), U"generated") == 1) {
    e.generation = e.fuzzy = true;
  }
  return e;
}

std::string TrimLabelText(const std::string& utf8) {
  TextElements e = FindTextElements(utf8);
  if (!e.ai && !e.generation) return utf8;
  std::u32string t = DecodeLossy(utf8);
  auto is_alnum = [](char32_t c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9'); };
  auto stroke_like = [](char32_t c) {
    return c == U'一' || c == U'丨' || c == U'丶' || c == U'丿' || c == U'乙';
  };
  // Whether `t` stays a label of the same strength without the removed part.
  auto keeps = [&](const std::u32string& rest) {
    TextElements r = FindTextElements(EncodeUtf8(rest));
    return r.ai == e.ai && r.generation == e.generation && (!r.fuzzy || e.fuzzy);
  };
  for (bool changed = true; changed && !t.empty();) {
    changed = false;
    // Trailing: a mark, a stroke-like CJK glyph, or 1-3 Latin letters/digits after CJK or a mark
    // (kept when removing them would lose or weaken a label element, as "AI" in "生成 AI").
    size_t end = t.size();
    size_t cut = end;
    if (!is_alnum(t[end - 1]) && !IsCjk(t[end - 1]) && t[end - 1] != ' ') {
      cut = end - 1;
    } else if (stroke_like(t[end - 1])) {
      cut = end - 1;
    } else if (is_alnum(t[end - 1])) {
      size_t b = end;
      while (b > 0 && is_alnum(t[b - 1])) --b;
      size_t before = b;
      while (before > 0 && t[before - 1] == ' ') --before;
      if (end - b <= 3 && before > 0 && !is_alnum(t[before - 1])) cut = b;
    }
    if (cut < end) {
      std::u32string rest = t.substr(0, cut);
      while (!rest.empty() && rest.back() == ' ') rest.pop_back();
      if (keeps(rest)) {
        t = rest;
        changed = true;
        continue;
      }
    }
    // Leading, the mirror image.
    size_t lead = 0;
    if (!is_alnum(t[0]) && !IsCjk(t[0]) && t[0] != ' ') {
      lead = 1;
    } else if (stroke_like(t[0])) {
      lead = 1;
    } else if (is_alnum(t[0])) {
      size_t b = 0;
      while (b < t.size() && is_alnum(t[b])) ++b;
      size_t after = b;
      while (after < t.size() && t[after] == ' ') ++after;
      if (b <= 3 && after < t.size() && !is_alnum(t[after])) lead = b;
    }
    if (lead > 0) {
      std::u32string rest = t.substr(lead);
      while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
      if (keeps(rest)) {
        t = rest;
        changed = true;
      }
    }
  }
  return EncodeUtf8(t);
}

}  // namespace aigcmark::visible
