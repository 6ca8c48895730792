// Explicit (visible) labels: render compliant text labels and find/check them in images.
#ifndef AIGCMARK_VISIBLE_H_
#define AIGCMARK_VISIBLE_H_

#include <array>
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
struct VisibleCheckOptions {};

/// Finds and reads a visible label on the edges/corners of an image and checks compliance.
StatusOr<VisibleResult> CheckVisibleLabel(const Image& image,
                                          const VisibleCheckOptions& options = {});

}  // namespace aigcmark

#endif  // AIGCMARK_VISIBLE_H_
