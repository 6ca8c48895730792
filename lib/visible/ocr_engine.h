// One Tesseract engine per thread (initialisation costs ~100 ms; recognition of a line ~5 ms).
#ifndef AIGCMARK_VISIBLE_OCR_ENGINE_H_
#define AIGCMARK_VISIBLE_OCR_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "aigcmark/status.h"

namespace tesseract {
class TessBaseAPI;
}

namespace aigcmark::visible {

/// One recognised word.
struct OcrWord {
  std::string text;
  float confidence = 0;
  cv::Rect box;
};

/// A line of text read by OCR.
struct OcrLine {
  std::vector<OcrWord> words;
  std::string text;       ///< UTF-8 as Tesseract returned it.
  float confidence = 0;   ///< Mean word confidence 0..100.
  cv::Rect box;           ///< Union of the recognised words, in the input image's pixels.
};

class OcrEngine {
 public:
  /// The calling thread's engine for these tessdata/languages, created on first use.
  static StatusOr<OcrEngine*> ForThread(const std::string& tessdata_dir,
                                        const std::string& languages);
  ~OcrEngine();

  /// Reads one line of dark text on a light background (single-line page segmentation).
  StatusOr<OcrLine> ReadLine(const cv::Mat& gray);

 private:
  OcrEngine() = default;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace aigcmark::visible

#endif  // AIGCMARK_VISIBLE_OCR_ENGINE_H_
