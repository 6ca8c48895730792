// Names of positions, backings and colours used by the API, the CLI and the JSON report.
#include <cctype>
#include <cstdio>
#include <string>

#include "aigcmark/visible.h"

namespace aigcmark {
namespace {

constexpr VisiblePosition kAllPositions[] = {
    VisiblePosition::kTopLeft,    VisiblePosition::kTop,    VisiblePosition::kTopRight,
    VisiblePosition::kLeft,       VisiblePosition::kRight,  VisiblePosition::kBottomLeft,
    VisiblePosition::kBottom,     VisiblePosition::kBottomRight};

constexpr VisibleBacking kAllBackings[] = {VisibleBacking::kAuto, VisibleBacking::kPlate,
                                           VisibleBacking::kOutline, VisibleBacking::kNone};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

const char* VisiblePositionName(VisiblePosition p) {
  switch (p) {
    case VisiblePosition::kTopLeft: return "top-left";
    case VisiblePosition::kTop: return "top";
    case VisiblePosition::kTopRight: return "top-right";
    case VisiblePosition::kLeft: return "left";
    case VisiblePosition::kRight: return "right";
    case VisiblePosition::kBottomLeft: return "bottom-left";
    case VisiblePosition::kBottom: return "bottom";
    case VisiblePosition::kBottomRight: return "bottom-right";
  }
  return "bottom-right";
}

StatusOr<VisiblePosition> ParseVisiblePosition(const std::string& name) {
  std::string valid;
  for (VisiblePosition p : kAllPositions) {
    if (name == VisiblePositionName(p)) return p;
    valid += (valid.empty() ? "" : ", ") + std::string(VisiblePositionName(p));
  }
  return InvalidArgumentError("unknown position '" + name + "' (valid: " + valid + ")");
}

const char* VisibleBackingName(VisibleBacking b) {
  switch (b) {
    case VisibleBacking::kAuto: return "auto";
    case VisibleBacking::kPlate: return "plate";
    case VisibleBacking::kOutline: return "outline";
    case VisibleBacking::kNone: return "none";
  }
  return "auto";
}

StatusOr<VisibleBacking> ParseVisibleBacking(const std::string& name) {
  for (VisibleBacking b : kAllBackings) {
    if (name == VisibleBackingName(b)) return b;
  }
  return InvalidArgumentError("unknown backing '" + name + "' (valid: auto, plate, outline, none)");
}

StatusOr<Rgb> ParseColor(const std::string& text) {
  struct Named {
    const char* name;
    Rgb rgb;
  };
  static const Named kNamed[] = {{"white", {255, 255, 255}}, {"black", {0, 0, 0}},
                                 {"red", {255, 0, 0}},       {"yellow", {255, 255, 0}},
                                 {"gray", {128, 128, 128}},  {"grey", {128, 128, 128}}};
  std::string lower;
  for (char c : text) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const Named& n : kNamed) {
    if (lower == n.name) return n.rgb;
  }
  std::string hex = !lower.empty() && lower[0] == '#' ? lower.substr(1) : lower;
  int d[6];
  if (hex.size() == 3 || hex.size() == 6) {
    bool ok = true;
    for (size_t i = 0; i < hex.size(); ++i) ok = ok && (d[i] = HexDigit(hex[i])) >= 0;
    if (ok && hex.size() == 3) {
      return Rgb{static_cast<uint8_t>(d[0] * 17), static_cast<uint8_t>(d[1] * 17),
                 static_cast<uint8_t>(d[2] * 17)};
    }
    if (ok) {
      return Rgb{static_cast<uint8_t>(d[0] * 16 + d[1]), static_cast<uint8_t>(d[2] * 16 + d[3]),
                 static_cast<uint8_t>(d[4] * 16 + d[5])};
    }
  }
  return InvalidArgumentError("unknown colour '" + text +
                              "' (use #rrggbb, #rgb, white, black, red, yellow or gray)");
}

}  // namespace aigcmark
