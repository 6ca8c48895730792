#include "visible/ocr_engine.h"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>
#include <map>
#include <utility>

namespace aigcmark::visible {
namespace {

constexpr const char* kDefaultTessdata = "/usr/share/tesseract-ocr/5/tessdata";

std::string ResolveTessdata(const std::string& dir) {
  if (!dir.empty()) return dir;
  const char* env = std::getenv("TESSDATA_PREFIX");
  if (env != nullptr && *env != '\0') return env;
  return kDefaultTessdata;
}

}  // namespace

OcrEngine::~OcrEngine() {
  if (api_) api_->End();
}

StatusOr<OcrEngine*> OcrEngine::ForThread(const std::string& tessdata_dir,
                                          const std::string& languages) {
  // Engines live until the thread exits; a failed initialisation is remembered too, so a
  // missing language pack costs one attempt per thread, not one per image.
  thread_local std::map<std::pair<std::string, std::string>, std::unique_ptr<OcrEngine>> engines;
  thread_local std::map<std::pair<std::string, std::string>, Status> failures;
  const std::string dir = ResolveTessdata(tessdata_dir);
  auto key = std::make_pair(dir, languages);
  if (auto it = engines.find(key); it != engines.end()) return it->second.get();
  if (auto it = failures.find(key); it != failures.end()) return it->second;
  std::unique_ptr<OcrEngine> engine(new OcrEngine());
  engine->api_ = std::make_unique<tesseract::TessBaseAPI>();
  // Quiet: no debug output, and no "invalid resolution" warnings on crops without DPI.
  engine->api_->SetVariable("debug_file", "/dev/null");
  if (engine->api_->Init(dir.c_str(), languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    Status s = NotFoundError("cannot load OCR languages '" + languages + "' from " + dir +
                             " (install tesseract-ocr-chi-sim and tesseract-ocr-eng)");
    failures.emplace(key, s);
    return s;
  }
  engine->api_->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  engine->api_->SetVariable("user_defined_dpi", "300");
  OcrEngine* raw = engine.get();
  engines.emplace(key, std::move(engine));
  return raw;
}

StatusOr<OcrLine> OcrEngine::ReadLine(const cv::Mat& gray) {
  if (gray.empty() || gray.type() != CV_8UC1) return InternalError("OCR needs an 8-bit gray image");
  api_->SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  if (api_->Recognize(nullptr) != 0) return InternalError("OCR failed");
  OcrLine line;
  std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
  float conf_sum = 0;
  int words = 0;
  if (it) {
    do {
      std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!word) continue;
      int x0, y0, x1, y1;
      if (!it->BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1)) continue;
      if (!line.text.empty()) line.text += ' ';
      line.text += word.get();
      conf_sum += it->Confidence(tesseract::RIL_WORD);
      ++words;
      line.box |= cv::Rect(x0, y0, x1 - x0, y1 - y0);
      line.words.push_back({word.get(), it->Confidence(tesseract::RIL_WORD),
                            cv::Rect(x0, y0, x1 - x0, y1 - y0)});
    } while (it->Next(tesseract::RIL_WORD));
  }
  line.confidence = words > 0 ? conf_sum / words : 0;
  api_->Clear();
  return line;
}

}  // namespace aigcmark::visible
