// Cheap localisation of text-like regions in the edge bands, so OCR runs only on candidates.
#ifndef AIGCMARK_VISIBLE_LOCATE_H_
#define AIGCMARK_VISIBLE_LOCATE_H_

#include <vector>

#include <opencv2/core.hpp>

namespace aigcmark::visible {

struct TextCandidate {
  cv::Rect box;        ///< In full-resolution pixels.
  double score = 0;    ///< Higher is more text-like.
  int polarity = 0;    ///< +1 text brighter than its surround, -1 darker, 0 unknown.
};

/// Finds single-line text regions whose box lies within `band` of an image edge: lines of
/// character-like MSER regions first (they also tell the text's polarity), then blobs of strong
/// morphological gradient (plates, text on calm backgrounds). At most `max_candidates`.
std::vector<TextCandidate> FindTextCandidates(const cv::Mat& gray, double band, int max_candidates);

}  // namespace aigcmark::visible

#endif  // AIGCMARK_VISIBLE_LOCATE_H_
