// Checking: locate text in the edge bands, OCR the candidates, apply the GB 45438 rules.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <opencv2/imgproc.hpp>

#include "aigcmark/visible.h"
#include "visible/locate.h"
#include "visible/ocr_engine.h"
#include "visible/text_util.h"

namespace aigcmark {
namespace {

constexpr double kOcrTextHeight = 48;       // candidate boxes are scaled to about this height
constexpr double kSmallText = 16;           // boxes below this many pixels are small text ...
constexpr double kSmallOcrTextHeight = 64;  // ... scaled this tall with Lanczos instead
constexpr float kMinWordConfidence = 30;    // words below this are treated as noise
constexpr float kMinLineConfidence = 55;    // a label is reported only above this
constexpr float kMinBareAiConfidence = 80;  // ... or this, for an AI element alone
constexpr float kMinFuzzyConfidence = 70;   // ... or this, when one element is one character off
constexpr double kEdgeGap = 0.10;           // text within 10% of an edge is "on the edge"
constexpr int kOcrBudget = 8;               // OCR calls per image (~8-15 ms each on one core)
constexpr int kPromisingBonus = 2;          // more calls for a candidate that reads like a label,
constexpr int kMaxBonuses = 2;              // for at most this many candidates
constexpr int kMinorBudget = 3;             // OCR calls for lines under half the compliant height
constexpr size_t kFirstReads = 5;           // candidates read once before any is read again
constexpr size_t kThoroughCandidates = 1;   // candidates that get every variant even when the
                                            // first read shows nothing of a label
constexpr double kMaxLineAspect = 16;       // wider boxes are edges or rows of texture: the
                                       // longest common labels ("本内容由人工智能生成") are ~11

// Gray view of any supported image; transparent pixels are shown over white.
cv::Mat ToGray(const Image& image) {
  cv::Mat m(image.height, image.width, CV_8UC(image.channels),
            const_cast<uint8_t*>(image.pixels.data()), image.stride());
  cv::Mat gray;
  if (image.channels == 1) {
    gray = m;
  } else if (image.channels == 3) {
    cv::cvtColor(m, gray, cv::COLOR_BGR2GRAY);
  } else {
    cv::cvtColor(m, gray, cv::COLOR_BGRA2GRAY);
    for (int y = 0; y < gray.rows; ++y) {
      uint8_t* g = gray.ptr<uint8_t>(y);
      const uint8_t* p = m.ptr<uint8_t>(y);
      for (int x = 0; x < gray.cols; ++x) {
        int a = p[4 * x + 3];
        g[x] = static_cast<uint8_t>((g[x] * a + 255 * (255 - a) + 127) / 255);
      }
    }
  }
  return gray;
}

struct Reading {
  bool read = false;  // OCR ran (the crop passed the text-likeness gate)
  std::string text;   // normalised
  visible::TextElements elements;
  float confidence = 0;
  cv::Rect box;  // full-resolution ink box
  int Rank() const {
    return (elements.ai ? 1000 : 0) + (elements.generation ? 1000 : 0) +
           (elements.fuzzy ? 0 : 500) + static_cast<int>(confidence);
  }
  // A generation element is distinctive; a bare "AI" needs to be upper case and read clearly;
  // a pair with one element one character off needs a clear read of the whole line.
  bool Hit() const {
    if (elements.fuzzy) return confidence >= kMinFuzzyConfidence;
    return (elements.generation && confidence >= kMinLineConfidence) ||
           (elements.strong_ai && confidence >= kMinBareAiConfidence);
  }
  // Both elements read exactly: nothing better is to be found.
  bool Complete() const { return Hit() && elements.ai && elements.generation && !elements.fuzzy; }
};

// Box of the inked text pixels (255 in `text`) of the OCR'd line: components touching the
// kept area's border are background, and components off the line's vertical band (stray edges
// above or below the text) are ignored, so the box height is the real text height.
cv::Rect InkBoxOf(const cv::Mat& text, const cv::Rect& line_box, const cv::Rect& keep) {
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(text, labels, stats, centroids, 8, CV_32S);
  std::vector<cv::Rect> comps;
  for (int i = 1; i < n; ++i) {
    cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
               stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (r.x <= keep.x || r.y <= keep.y || r.x + r.width >= keep.x + keep.width ||
        r.y + r.height >= keep.y + keep.height) {
      continue;
    }
    if (stats.at<int>(i, cv::CC_STAT_AREA) < 4) continue;
    if (line_box.contains(cv::Point(r.x + r.width / 2, r.y + r.height / 2))) comps.push_back(r);
  }
  if (comps.empty()) return line_box & cv::Rect(0, 0, text.cols, text.rows);
  const cv::Rect tallest =
      *std::max_element(comps.begin(), comps.end(),
                        [](const cv::Rect& a, const cv::Rect& b) { return a.height < b.height; });
  const double mid = tallest.y + tallest.height / 2.0;
  int top = tallest.y, bottom = tallest.y + tallest.height;
  for (const cv::Rect& r : comps) {
    double c = r.y + r.height / 2.0;
    if (r.height >= tallest.height / 2 && std::abs(c - mid) <= tallest.height / 2.0) {
      top = std::min(top, r.y);
      bottom = std::max(bottom, r.y + r.height);
    }
  }
  cv::Rect ink;
  for (const cv::Rect& r : comps) {
    double c = r.y + r.height / 2.0;
    if (c >= top && c <= bottom) ink |= r;
  }
  return ink;
}

// Ink box of the OCR'd line: the black components of `binary`, or the white ones when OCR read
// the line inverted (the black is then the plate or outline around the glyphs, and the black
// components inside the line are only specks between them).
cv::Rect InkBox(const cv::Mat& binary, const cv::Rect& line_box, const cv::Rect& keep) {
  cv::Rect ink = InkBoxOf(255 - binary, line_box, keep);
  if (ink.height >= line_box.height / 2) return ink;
  cv::Rect inverse = InkBoxOf(binary, line_box, keep);
  return inverse.height > ink.height ? inverse : ink;
}

// Whitens dark components that touch the border of `keep`: they continue outside the candidate,
// so they are background (a neighbouring object, a plate edge), not text.
void ClearBorderComponents(cv::Mat& binary, const cv::Rect& keep) {
  cv::Mat roi = binary(keep);
  cv::Mat ink = 255 - roi;
  cv::Mat labels;
  int n = cv::connectedComponents(ink, labels, 8, CV_32S);
  if (n <= 1) return;
  std::vector<uint8_t> touches(n, 0);
  for (int x = 0; x < roi.cols; ++x) {
    touches[labels.at<int>(0, x)] = 1;
    touches[labels.at<int>(roi.rows - 1, x)] = 1;
  }
  for (int y = 0; y < roi.rows; ++y) {
    touches[labels.at<int>(y, 0)] = 1;
    touches[labels.at<int>(y, roi.cols - 1)] = 1;
  }
  touches[0] = 0;
  for (int y = 0; y < roi.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    uint8_t* p = roi.ptr<uint8_t>(y);
    for (int x = 0; x < roi.cols; ++x) {
      if (touches[l[x]]) p[x] = 255;
    }
  }
}

// Keeps only the line of text: components centred in the candidate box, grown outwards through
// neighbours on the same line that are at most ~half a text height away. Texture beside a plate
// or beyond the text would otherwise be read as extra characters.
void KeepLine(cv::Mat& binary, const cv::Rect& keep, const cv::Rect& inner) {
  cv::Mat roi = binary(keep);
  cv::Mat ink = 255 - roi;
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  if (n <= 1) return;
  const cv::Rect in = inner - keep.tl();
  std::vector<cv::Rect> box(n);
  std::vector<uint8_t> kept(n, 0);
  cv::Rect line;
  for (int i = 1; i < n; ++i) {
    box[i] = cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                      stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (in.contains(cv::Point(box[i].x + box[i].width / 2, box[i].y + box[i].height / 2))) {
      kept[i] = 1;
      line |= box[i];
    }
  }
  if (line.empty()) return;
  const int gap = std::max(2, inner.height / 2);
  for (bool grew = true; grew;) {
    grew = false;
    for (int i = 1; i < n; ++i) {
      if (kept[i]) continue;
      const cv::Rect& b = box[i];
      int overlap = std::min(b.y + b.height, line.y + line.height) - std::max(b.y, line.y);
      if (overlap < 0.5 * std::min(b.height, line.height)) continue;
      int dx = std::max(line.x - (b.x + b.width), b.x - (line.x + line.width));
      if (dx > gap) continue;
      kept[i] = 1;
      line |= b;
      grew = true;
    }
  }
  for (int y = 0; y < roi.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    uint8_t* px = roi.ptr<uint8_t>(y);
    for (int x = 0; x < roi.cols; ++x) {
      if (l[x] != 0 && !kept[l[x]]) px[x] = 255;
    }
  }
}

// Cheap gate before OCR: a line of text has character-sized dark components drawn with strokes
// and covers a moderate share of its box. Blank or solid crops, and rows of filled blobs (spots,
// pebbles, leaves: their thickness is most of their height, a glyph's stroke is a fraction of
// it), are not worth ~10 ms of recognition.
bool LooksLikeText(const cv::Mat& binary, const cv::Rect& keep, int text_height,
                   bool check_strokes) {
  cv::Mat ink = 255 - binary(keep);
  const double fill = cv::countNonZero(ink) / static_cast<double>(keep.area());
  if (fill < 0.02 || fill > 0.6) return false;
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  cv::Mat dist;
  cv::distanceTransform(ink, dist, cv::DIST_L2, 3);
  std::vector<float> half_thickness(n, 0);
  for (int y = 0; y < ink.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    const float* d = dist.ptr<float>(y);
    for (int x = 0; x < ink.cols; ++x) half_thickness[l[x]] = std::max(half_thickness[l[x]], d[x]);
  }
  int chars = 0, stroked = 0;
  for (int i = 1; i < n; ++i) {
    int h = stats.at<int>(i, cv::CC_STAT_HEIGHT), w = stats.at<int>(i, cv::CC_STAT_WIDTH);
    if (h < 0.3 * text_height || h > 1.3 * text_height || w > 3 * text_height) continue;
    ++chars;
    // Label glyphs measure 0.15-0.3 (thickest stroke / height) even when bold and blurred.
    if (2 * half_thickness[i] <= 0.4 * h) ++stroked;
  }
  return check_strokes ? stroked >= 1 && 2 * stroked >= chars : chars >= 1;
}

// Whitens tiny dark components (texture noise): much smaller than any stroke of the text.
void RemoveSpecks(cv::Mat& binary, const cv::Rect& keep, int text_height) {
  cv::Mat roi = binary(keep);
  cv::Mat ink = 255 - roi;
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  const int small = std::max(2, text_height / 10);
  std::vector<uint8_t> speck(n, 0);
  for (int i = 1; i < n; ++i) {
    speck[i] = stats.at<int>(i, cv::CC_STAT_WIDTH) <= small &&
               stats.at<int>(i, cv::CC_STAT_HEIGHT) <= small;
  }
  for (int y = 0; y < roi.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    uint8_t* px = roi.ptr<uint8_t>(y);
    for (int x = 0; x < roi.cols; ++x) {
      if (speck[l[x]]) px[x] = 255;
    }
  }
}

// OCRs the kept area of one binarised polarity of a prepared crop and maps the result back to
// the image.
StatusOr<Reading> ReadBinary(visible::OcrEngine& ocr, const cv::Mat& binary, const cv::Rect& keep,
                             double scale, const cv::Point& origin) {
  // Only the kept area goes to OCR: recognition time grows with the width of the line image,
  // blank or not.
  const int border = 12;
  cv::Mat framed;
  cv::copyMakeBorder(binary(keep), framed, border, border, border, border, cv::BORDER_CONSTANT,
                     255);
  AIGCMARK_ASSIGN_OR_RETURN(visible::OcrLine line, ocr.ReadLine(framed));
  Reading r;
  std::string raw;
  float conf_sum = 0;
  int n = 0;
  cv::Rect box;
  for (const auto& w : line.words) {
    if (w.confidence < kMinWordConfidence) continue;
    conf_sum += w.confidence;
    ++n;
    box |= w.box;
  }
  r.read = true;
  if (n == 0) return r;
  for (const auto& w : line.words) {
    if (w.confidence >= kMinWordConfidence) raw += (raw.empty() ? "" : " ") + w.text;
  }
  r.text = visible::TrimLabelText(visible::NormalizeOcrText(raw));
  r.elements = visible::FindTextElements(r.text);
  r.confidence = conf_sum / n;
  const cv::Rect line_box = box - cv::Point(border, border) + keep.tl();
  cv::Rect ink = InkBox(binary, line_box, keep);
  // Glyphs merged with texture beyond the line are not ink components; OCR still saw them, so
  // the line's horizontal extent comes from OCR when the ink covers much less of it.
  if (ink.width < line_box.width / 2) {
    const int x0 = std::max(line_box.x, 0), x1 = std::min(line_box.x + line_box.width, binary.cols);
    if (x1 > x0) ink = cv::Rect(x0, ink.y, x1 - x0, ink.height);
  }
  r.box = cv::Rect(origin.x + static_cast<int>(std::floor(ink.x / scale)),
                   origin.y + static_cast<int>(std::floor(ink.y / scale)),
                   static_cast<int>(std::lround(ink.width / scale)),
                   static_cast<int>(std::lround(ink.height / scale)));
  return r;
}

// A candidate cut out, scaled so its text is about kOcrTextHeight tall, contrast-stretched and
// split by Otsu's threshold (computed on the candidate box only).
struct Prepared {
  cv::Rect crop_rect;  // in the image
  double scale = 1;
  cv::Rect inner;  // the candidate box inside the scaled crop
  cv::Mat crop;    // contrast-stretched gray
  cv::Mat bright;  // 255 where brighter than Otsu's threshold
  bool text_bright = false;
  bool small = false;  // text below kSmallText pixels
  bool ok = false;
};

Prepared Prepare(const cv::Mat& gray, const visible::TextCandidate& cand_in) {
  Prepared p;
  const cv::Rect& cand = cand_in.box;
  if (cand.width > kMaxLineAspect * cand.height) return p;
  // Horizontal room of a line height: localisation may miss a character at either end.
  const int pad = std::max(2, static_cast<int>(std::lround(0.25 * cand.height)));
  const int hpad = pad + cand.height;
  p.crop_rect =
      cv::Rect(cand.x - hpad, cand.y - pad, cand.width + 2 * hpad, cand.height + 2 * pad) &
      cv::Rect(0, 0, gray.cols, gray.rows);
  // Small text is blurred by JPEG and resampling: a larger, smoother (Lanczos) upscale keeps
  // its strokes apart after thresholding.
  const bool small = p.small = cand.height < kSmallText;
  p.scale = std::clamp((small ? kSmallOcrTextHeight : kOcrTextHeight) / cand.height, 0.25, 12.0);
  cv::Mat crop;
  cv::resize(gray(p.crop_rect), crop, cv::Size(), p.scale, p.scale,
             p.scale <= 1 ? cv::INTER_AREA
             : small      ? cv::INTER_LANCZOS4
                          : cv::INTER_CUBIC);
  p.inner =
      cv::Rect(static_cast<int>((cand.x - p.crop_rect.x) * p.scale),
               static_cast<int>((cand.y - p.crop_rect.y) * p.scale),
               static_cast<int>(cand.width * p.scale), static_cast<int>(cand.height * p.scale)) &
      cv::Rect(0, 0, crop.cols, crop.rows);
  if (p.inner.width < 4 || p.inner.height < 4) return p;
  double lo = 0, hi = 0;
  cv::minMaxLoc(crop(p.inner), &lo, &hi);
  if (hi - lo < 12) return p;
  crop.convertTo(crop, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
  cv::Mat inner_bin;
  double t = cv::threshold(crop(p.inner), inner_bin, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  p.text_bright = cand_in.polarity != 0 ? cand_in.polarity > 0
                                        : cv::countNonZero(inner_bin) < p.inner.area() / 2;
  cv::threshold(crop, p.bright, t, 255, cv::THRESH_BINARY);
  p.crop = crop;
  p.ok = true;
  return p;
}

// How one OCR attempt sees a prepared candidate.
struct Variant {
  bool widen = false;   // keep room at both ends and drop border-touching blobs
  bool flip = false;    // the other polarity
  bool strict = false;  // only the most extreme quarter of the range is text: outlined text
                        // on busy backgrounds, where Otsu lumps the background with the text
  int level = 0;        // if set, text is what lies within `level` of the text's end of the
                        // range: a sweep for small blurred text, whose Otsu split is too bold
};

// Builds the dark-text-on-white image for one variant and reads it.
StatusOr<Reading> ReadVariant(visible::OcrEngine& ocr, const Prepared& p, const Variant& v) {
  const int air = std::max(2, p.inner.height / 10);
  const int side = v.widen ? air + 3 * p.inner.height / 2 : air;
  cv::Rect keep = cv::Rect(p.inner.x - side, p.inner.y - air, p.inner.width + 2 * side,
                           p.inner.height + 2 * air) &
                  cv::Rect(0, 0, p.bright.cols, p.bright.rows);
  const bool text_bright = p.text_bright != v.flip;
  cv::Mat binary(p.bright.size(), CV_8UC1, cv::Scalar(255));
  cv::Mat kept;
  if (v.strict || v.level > 0) {
    // Dark text on white: text pixels are those within `level` of the text's end of the range
    // (the extreme quarter when strict).
    const int level = v.level > 0 ? v.level : 64;
    if (text_bright) {
      cv::threshold(p.crop(keep), kept, 255 - level, 255, cv::THRESH_BINARY_INV);
    } else {
      cv::threshold(p.crop(keep), kept, level, 255, cv::THRESH_BINARY);
    }
  } else {
    kept = text_bright ? 255 - p.bright(keep) : p.bright(keep);
  }
  kept.copyTo(binary(keep));
  if (v.widen || v.strict) ClearBorderComponents(binary, keep);
  RemoveSpecks(binary, keep, p.inner.height);
  KeepLine(binary, keep, p.inner);
  // Small text blown up ~10x has strokes as thick as blobs; it only occurs on small images,
  // where a few more OCR calls cost little.
  if (!LooksLikeText(binary, keep, p.inner.height, /*check_strokes=*/!p.small)) return Reading{};
  return ReadBinary(ocr, binary, keep, p.scale, p.crop_rect.tl());
}

// True when OCR output carries a piece of a label text, so another read may pay off. Single
// Latin letters do not count: texture is read as "A", "I" or "l" all the time.
bool Promising(const std::string& text) {
  static const char* kPieces[] = {"AI",   "Al",   "A1",  "生",  "成",   "合",
                                  "人工", "智能", "gen", "ner", "ated", "ted"};
  for (const char* p : kPieces) {
    if (text.find(p) != std::string::npos) return true;
  }
  return false;
}

// Names where the box sits: a corner, an edge centre, or "" when it is not on an edge.
std::string PositionOf(const cv::Rect& b, int w, int h) {
  const double cx = (b.x + b.width / 2.0) / w, cy = (b.y + b.height / 2.0) / h;
  const bool near_top = b.y <= kEdgeGap * h, near_bottom = h - (b.y + b.height) <= kEdgeGap * h;
  const bool near_left = b.x <= kEdgeGap * w, near_right = w - (b.x + b.width) <= kEdgeGap * w;
  std::string horz = cx < 1.0 / 3 ? "left" : cx > 2.0 / 3 ? "right" : "";
  std::string vert = near_top && cy < 0.5 ? "top" : near_bottom && cy > 0.5 ? "bottom" : "";
  if (!vert.empty()) return horz.empty() ? vert : vert + "-" + horz;
  if ((horz == "left" && near_left) || (horz == "right" && near_right)) return horz;
  return "";
}

}  // namespace

StatusOr<VisibleResult> CheckVisibleLabel(const Image& image, const VisibleCheckOptions& options) {
  if (image.width <= 0 || image.height <= 0 ||
      (image.channels != 1 && image.channels != 3 && image.channels != 4) ||
      image.pixels.size() < image.stride() * image.height) {
    return InvalidArgumentError("image buffer is empty or inconsistent");
  }
  if (!(options.band > 0 && options.band <= 0.5) || options.max_candidates < 1 ||
      !(options.min_height_ratio >= 0 && options.min_height_ratio < 1)) {
    return InvalidArgumentError("bad visible check options");
  }
  try {
    AIGCMARK_ASSIGN_OR_RETURN(
        visible::OcrEngine * ocr,
        visible::OcrEngine::ForThread(options.tessdata_dir, options.languages));
    cv::Mat gray = ToGray(image);
    std::vector<visible::TextCandidate> cands =
        visible::FindTextCandidates(gray, options.band, options.max_candidates);
    // Breadth first: every candidate gets one read, best first (a label is nearly always read at
    // the first attempt); then the other variants (wider, strict, the other polarity, a threshold
    // sweep for small text) go to candidates whose first read shows a piece of a label, and to
    // the best candidate. Only crops that pass the text-likeness gate cost an OCR call and count
    // against the budget.
    Reading best;
    int budget = kOcrBudget;
    int bonus_left = kMaxBonuses;
    // Lines under half the compliant height can only be reported as too small: they get a few
    // calls, not the budget (a page of small print would otherwise cost ~30 ms a line).
    int minor_budget = kMinorBudget;
    const int shortest_side = std::min(image.width, image.height);
    std::vector<uint8_t> minor(cands.size(), 0);
    for (size_t i = 0; i < cands.size(); ++i) {
      minor[i] = cands[i].box.height < 0.5 * options.min_height_ratio * shortest_side;
    }
    std::vector<Prepared> prepared(cands.size());
    std::vector<uint8_t> promising(cands.size(), 0), extra_done(cands.size(), 0);
    auto read = [&](size_t i, const Variant& v) -> Status {
      AIGCMARK_ASSIGN_OR_RETURN(Reading r, ReadVariant(*ocr, prepared[i], v));
      if (r.read) {
        --budget;
        if (minor[i]) --minor_budget;
      }
      // A read that shows a piece of a label earns a little more budget (once per candidate).
      if (Promising(r.text) && !promising[i]) {
        promising[i] = 1;
        if (bonus_left > 0) {
          budget += kPromisingBonus;
          --bonus_left;
        }
      }
      if (r.Hit() && (!best.Hit() || r.Rank() > best.Rank())) best = r;
      return Status::Ok();
    };
    auto first_reads = [&](size_t from, size_t to) -> Status {
      for (size_t i = from; i < to && budget > 0 && !best.Complete(); ++i) {
        if (minor[i] && minor_budget <= 0) continue;
        prepared[i] = Prepare(gray, cands[i]);
        if (prepared[i].ok) AIGCMARK_RETURN_IF_ERROR(read(i, {}));
      }
      return Status::Ok();
    };
    // `thorough`: every variant for candidates before kThoroughCandidates, promising or not.
    auto more_reads = [&](size_t from, size_t to, bool thorough) -> Status {
      for (size_t i = from; i < to && budget > 0 && !best.Complete(); ++i) {
        if (!prepared[i].ok || extra_done[i]) continue;
        if (!promising[i] && !(thorough && i < kThoroughCandidates)) continue;
        extra_done[i] = 1;
        std::vector<Variant> variants = {{true, false, false}, {true, false, true}};
        if (cands[i].polarity == 0) variants.push_back({false, true, false});  // else MSER told it
        if (cands[i].box.height < kSmallText) {
          for (int level : {192, 160, 128}) variants.push_back({false, false, false, level});
        }
        for (size_t k = 0; k < variants.size() && budget > 0 && !best.Complete() &&
                           (!minor[i] || minor_budget > 0);
             ++k) {
          AIGCMARK_RETURN_IF_ERROR(read(i, variants[k]));
        }
      }
      return Status::Ok();
    };
    const size_t head = std::min(cands.size(), kFirstReads);
    AIGCMARK_RETURN_IF_ERROR(first_reads(0, head));
    AIGCMARK_RETURN_IF_ERROR(more_reads(0, head, /*thorough=*/false));
    AIGCMARK_RETURN_IF_ERROR(more_reads(0, head, /*thorough=*/true));
    AIGCMARK_RETURN_IF_ERROR(first_reads(head, cands.size()));
    AIGCMARK_RETURN_IF_ERROR(more_reads(head, cands.size(), /*thorough=*/false));
    VisibleResult result;
    if (!best.Hit()) return result;
    const int shortest = std::min(image.width, image.height);
    cv::Rect box = best.box & cv::Rect(0, 0, image.width, image.height);
    result.detected = true;
    result.text = best.text;
    result.box = {box.x, box.y, box.width, box.height};
    result.height_ratio = std::round(1000.0 * box.height / shortest) / 1000.0;
    result.position = PositionOf(box, image.width, image.height);
    if (!best.elements.ai) {
      result.problems.push_back("text has no AI element (\"AI\" or \"人工智能\")");
    }
    if (!best.elements.generation) {
      result.problems.push_back(
          "text has no generation element (\"生成\", \"合成\" or \"generated\")");
    }
    // One pixel of tolerance: resampling and JPEG blur the ink edges by about that much.
    if (box.height + 1 < options.min_height_ratio * shortest) {
      char buf[160];
      std::snprintf(buf, sizeof(buf), "text height is %.1f%% of the shortest side (minimum %.1f%%)",
                    100.0 * box.height / shortest, 100.0 * options.min_height_ratio);
      result.problems.push_back(buf);
    }
    if (result.position.empty()) result.problems.push_back("label is not on an edge or corner");
    result.compliant = result.problems.empty();
    return result;
  } catch (const std::exception& e) {
    return InternalError(std::string("visible label check failed: ") + e.what());
  }
}

}  // namespace aigcmark
