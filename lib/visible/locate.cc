#include "visible/locate.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

namespace aigcmark::visible {
namespace {

constexpr int kWorkShortSide = 420;       // localisation runs at most at this resolution
constexpr double kMinTextHeight = 0.018;  // of the shortest side
constexpr double kMaxTextHeight = 0.16;
constexpr double kMaxBlobHeight = 0.22;  // gradient blobs may be plates around the text
constexpr double kHighGradient = 110;    // strong edges only: text on a plate amid texture

double Iou(const cv::Rect& a, const cv::Rect& b) {
  double i = (a & b).area();
  return i / std::max(1.0, double(a.area() + b.area()) - i);
}

// Distance of a box to the nearest image edge, as a fraction of that dimension.
double EdgeDistance(const cv::Rect& r, int w, int h) {
  double d_vert = std::min(r.y, h - r.y - r.height) / double(h);
  double d_horz = std::min(r.x, w - r.x - r.width) / double(w);
  return std::max(0.0, std::min(d_vert, d_horz));
}

double Median(std::vector<int> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

struct CharBox {
  cv::Rect r;
  int polarity;
  double contrast;  // |mean inside - mean of the surrounding ring|
};

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Character-like extremal regions grouped into horizontal lines of consistent height.
void MserLines(const cv::Mat& small, double band, std::vector<TextCandidate>* out) {
  const int w = small.cols, h = small.rows, ss = std::min(w, h);
  const double min_h = std::max(5.0, kMinTextHeight * ss), max_h = kMaxTextHeight * ss;
  auto mser = cv::MSER::create(4, static_cast<int>(std::max(10.0, 0.25 * min_h * min_h)),
                               static_cast<int>(2.0 * max_h * max_h), 0.25);
  std::vector<std::vector<cv::Point>> regions;
  std::vector<cv::Rect> boxes;
  mser->detectRegions(small, regions, boxes);
  std::vector<CharBox> chars;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const cv::Rect& r = boxes[i];
    if (r.height < min_h || r.height > max_h || r.width > 2.0 * r.height) continue;
    // Band test with room for the rest of the line: the character itself must be near an edge.
    if (EdgeDistance(r, w, h) > band) continue;
    // Strokes leave most of a glyph's box empty; a filled blob (a ball, an eye, a window) does
    // not, unless it is a single thin stroke such as "I" or "l".
    const double fill = double(regions[i].size()) / r.area();
    if (fill > 0.8 && r.width > 0.4 * r.height) continue;
    // Polarity: region pixels against the ring of pixels just outside its box.
    double inside = 0;
    for (const cv::Point& p : regions[i]) inside += small.at<uint8_t>(p);
    inside /= std::max<size_t>(1, regions[i].size());
    cv::Rect ring = cv::Rect(r.x - 2, r.y - 2, r.width + 4, r.height + 4) & cv::Rect(0, 0, w, h);
    double ring_sum = cv::sum(small(ring))[0] - cv::sum(small(r))[0];
    double ring_mean = ring_sum / std::max(1, ring.area() - r.area());
    if (std::abs(inside - ring_mean) < 20) continue;  // too faint to be a label
    int polarity = inside > ring_mean ? 1 : -1;
    bool dup = false;
    for (const CharBox& c : chars) dup = dup || (c.polarity == polarity && Iou(c.r, r) > 0.7);
    if (!dup) chars.push_back({r, polarity, std::abs(inside - ring_mean)});
  }
  std::sort(chars.begin(), chars.end(),
            [](const CharBox& a, const CharBox& b) { return a.r.x < b.r.x; });
  // Links between horizontal neighbours of the same polarity and similar height, nearest first.
  struct Link {
    double gap;
    int a, b;
  };
  std::vector<Link> links;
  for (size_t i = 0; i < chars.size(); ++i) {
    const cv::Rect& a = chars[i].r;
    for (size_t j = i + 1; j < chars.size(); ++j) {
      const cv::Rect& b = chars[j].r;
      int big = std::max(a.height, b.height), small_h = std::min(a.height, b.height);
      if (b.x > a.x + a.width + big) break;
      if (chars[i].polarity != chars[j].polarity) continue;
      if (big > 2.2 * small_h) continue;
      int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
      if (overlap < 0.6 * small_h) continue;
      int gap = b.x - (a.x + a.width);
      if (gap > 1.0 * big) continue;
      // Characters of a line sit side by side; nested or stacked regions (MSER's ladder of
      // ever larger regions around one blob) are not neighbours.
      if (-gap > 0.25 * std::min(a.width, b.width)) continue;
      links.push_back(
          {static_cast<double>(std::max(0, gap)) / big, static_cast<int>(i), static_cast<int>(j)});
    }
  }
  std::stable_sort(links.begin(), links.end(),
                   [](const Link& x, const Link& y) { return x.gap < y.gap; });
  // Greedy merging that keeps a line straight: halves of very different height, or whose union
  // would be much taller than either, do not merge, so texture cannot chain a line up or down
  // the image. A line that a merge makes markedly taller is also kept as it was, so text beside
  // a tall bright or dark shape is still offered on its own.
  struct Line {
    cv::Rect box;
    std::vector<int> heights;
    double contrast = 0;
    int polarity = 0;
  };
  std::vector<int> parent(chars.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<Line> groups(chars.size());
  for (size_t i = 0; i < chars.size(); ++i) {
    groups[i] = {chars[i].r, {chars[i].r.height}, chars[i].contrast, chars[i].polarity};
  }
  std::vector<Line> lines;
  for (const Link& l : links) {
    int ra = Find(parent, l.a), rb = Find(parent, l.b);
    if (ra == rb) continue;
    Line& ga = groups[ra];
    Line& gb = groups[rb];
    // Typical character heights (medians) must be alike; the boxes must overlap vertically
    // and their union must stay a line.
    const double ma = Median(ga.heights), mb = Median(gb.heights);
    const int hi = std::max(ga.box.height, gb.box.height);
    const int lo = std::min(ga.box.height, gb.box.height);
    const int overlap =
        std::min(ga.box.y + ga.box.height, gb.box.y + gb.box.height) - std::max(ga.box.y, gb.box.y);
    cv::Rect merged = ga.box | gb.box;
    if (std::max(ma, mb) > 2.0 * std::min(ma, mb) || overlap < 0.6 * lo ||
        merged.height > 1.6 * hi) {
      continue;
    }
    for (const Line* g : {&ga, &gb}) {
      if (g->heights.size() >= 2 && merged.height > 1.25 * g->box.height) lines.push_back(*g);
    }
    parent[ra] = rb;
    gb.box = merged;
    gb.heights.insert(gb.heights.end(), ga.heights.begin(), ga.heights.end());
    gb.contrast += ga.contrast;
    ga = Line{};
  }
  for (size_t i = 0; i < chars.size(); ++i) {
    if (Find(parent, static_cast<int>(i)) == static_cast<int>(i)) lines.push_back(groups[i]);
  }
  for (const Line& l : lines) {
    const int members = static_cast<int>(l.heights.size());
    if (members < 2 || l.box.width < 1.3 * l.box.height) continue;
    if (l.box.height > max_h * 1.2) continue;
    double d = EdgeDistance(l.box, w, h);
    if (d > band) continue;
    double mean = std::accumulate(l.heights.begin(), l.heights.end(), 0.0) / members;
    double var = 0;
    for (int x : l.heights) var += (x - mean) * (x - mean);
    double cv_h = std::sqrt(var / members) / mean;
    TextCandidate c;
    c.box = l.box;
    c.polarity = l.polarity;
    c.score = (l.contrast / members) * std::max(0.1, 1.0 - cv_h) * (std::min(members, 5) / 3.0) *
              (1.0 + 0.5 * (1.0 - d / band));
    out->push_back(c);
  }
}

// Blobs of strong gradient after a horizontal closing: plates and text on calm backgrounds.
void GradientBlobs(const cv::Mat& grad, double threshold, double band,
                   std::vector<TextCandidate>* out) {
  const int w = grad.cols, h = grad.rows, shortest = std::min(w, h);
  cv::Mat bin = grad >= threshold;
  int kx = std::max(3, static_cast<int>(std::lround(0.022 * shortest)));
  cv::morphologyEx(bin, bin, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {kx, 1}));
  cv::morphologyEx(bin, bin, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {1, 3}));
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(bin, labels, stats, centroids, 8, CV_32S);
  const double min_h = std::max(6.0, kMinTextHeight * shortest);
  const double max_h = kMaxBlobHeight * shortest;
  for (int i = 1; i < n; ++i) {
    cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
               stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (r.height < min_h || r.height > max_h) continue;
    if (r.width < 1.3 * r.height || r.width > 0.95 * w || r.width > 30 * r.height) continue;
    double fill = double(area) / r.area();
    if (fill < 0.35) continue;
    double d = EdgeDistance(r, w, h);
    if (d > band) continue;
    double contrast = cv::mean(grad(r))[0];
    TextCandidate c;
    c.box = r;
    c.score = contrast * fill * (1.0 + 0.5 * (1.0 - d / band));
    out->push_back(c);
  }
}

}  // namespace

std::vector<TextCandidate> FindTextCandidates(const cv::Mat& gray, double band,
                                              int max_candidates) {
  const int shortest = std::min(gray.cols, gray.rows);
  const double s = shortest > kWorkShortSide ? double(kWorkShortSide) / shortest : 1.0;
  cv::Mat small;
  if (s < 1.0) {
    cv::resize(gray, small, cv::Size(), s, s, cv::INTER_AREA);
  } else {
    small = gray;
  }
  std::vector<TextCandidate> found;
  MserLines(small, band, &found);
  cv::Mat grad;
  cv::morphologyEx(small, grad, cv::MORPH_GRADIENT,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {3, 3}));
  cv::Mat scratch;
  double otsu = cv::threshold(grad, scratch, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  GradientBlobs(grad, std::clamp(otsu, 25.0, 70.0), band, &found);
  GradientBlobs(grad, kHighGradient, band, &found);
  std::stable_sort(found.begin(), found.end(), [](const TextCandidate& a, const TextCandidate& b) {
    return a.score > b.score;
  });
  std::vector<TextCandidate> out;
  for (const TextCandidate& c : found) {
    bool dup = false;
    for (const TextCandidate& o : out) dup = dup || Iou(c.box, o.box) > 0.6;
    if (dup) continue;
    out.push_back(c);
    if (static_cast<int>(out.size()) >= max_candidates) break;
  }
  for (TextCandidate& c : out) {
    cv::Rect r(static_cast<int>(std::floor(c.box.x / s)), static_cast<int>(std::floor(c.box.y / s)),
               static_cast<int>(std::ceil(c.box.width / s)),
               static_cast<int>(std::ceil(c.box.height / s)));
    c.box = r & cv::Rect(0, 0, gray.cols, gray.rows);
  }
  return out;
}

}  // namespace aigcmark::visible
