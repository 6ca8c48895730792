// Watermark robustness and false-alarm measurement on real photos (opencv-doc), attacks made
// with OpenCV. Prints per attack: exact-payload rate, mean bit accuracy, wrong payloads
// reported, mean score; mean PSNR/SSIM at the chosen strength; and a false-alarm run on
// unmarked crops/rescales.
//
//   wm_robustness [--data DIR] [--strength S] [--key K] [--fa N] [--threads T] [--only ATTACK]
//                 [--resize-sweep F1,F2,...]   (resizes by these factors instead of the attacks)
//                 [--more]   (combinations beyond the list instead of the attacks)
#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/cv_image.h"
#include "aigcmark/image.h"
#include "aigcmark/watermark.h"
#include "watermark/internal.h"

namespace {

using aigcmark::Image;
using aigcmark::test::FromMat;
using aigcmark::test::ToMat;

// >= 15 real photos from opencv-doc, 256 px short side to 1.5 MP.
const char* kPhotos[] = {"fruits.jpg",      "baboon.jpg",      "aloeL.jpg",     "starry_night.jpg",
                         "building.jpg",    "home.jpg",        "messi5.jpg",    "orange.jpg",
                         "apple.jpg",       "board.jpg",       "butterfly.jpg", "graf1.png",
                         "pic1.png",        "smarties.png",    "squirrel_cls.jpg", "leuvenA.jpg",
                         "rubberwhale1.png", "box_in_scene.png", "aero1.jpg",     "stuff.jpg",
                         "pca_test1.jpg",   "ela_original.jpg", "left.jpg",     "blox.jpg"};

cv::Mat Recode(const cv::Mat& m, const std::string& ext, int flag, int q) {
  std::vector<uint8_t> buf;
  cv::imencode(ext, m, buf, {flag, q});
  return cv::imdecode(buf, cv::IMREAD_UNCHANGED);
}
cv::Mat Jpeg(const cv::Mat& m, int q) { return Recode(m, ".jpg", cv::IMWRITE_JPEG_QUALITY, q); }
cv::Mat Resize(const cv::Mat& m, double f) {
  cv::Mat o;
  cv::resize(m, o, cv::Size(), f, f);  // OpenCV default: bilinear
  return o;
}
// Keeps `keep` of each side, off-centre (a quarter of the slack left/top, three quarters right).
cv::Mat Crop(const cv::Mat& m, double keep) {
  const int w = static_cast<int>(m.cols * keep), h = static_cast<int>(m.rows * keep);
  const int x = (m.cols - w) / 4, y = 3 * (m.rows - h) / 4;
  return m(cv::Rect(x, y, w, h)).clone();
}

struct Attack {
  const char* name;
  std::function<cv::Mat(const cv::Mat&, std::mt19937&)> apply;
  double scale = 1.0;  // the attack's true geometry, for the oracle-geometry column
  double degrees = 0.0;
};

std::vector<Attack> Attacks() {
  return {
      {"none", [](const cv::Mat& m, std::mt19937&) { return m.clone(); }},
      {"jpeg90", [](const cv::Mat& m, std::mt19937&) { return Jpeg(m, 90); }},
      {"jpeg75", [](const cv::Mat& m, std::mt19937&) { return Jpeg(m, 75); }},
      {"jpeg50", [](const cv::Mat& m, std::mt19937&) { return Jpeg(m, 50); }},
      {"webp80", [](const cv::Mat& m, std::mt19937&) { return Recode(m, ".webp", cv::IMWRITE_WEBP_QUALITY, 80); }},
      {"resize0.5", [](const cv::Mat& m, std::mt19937&) { return Resize(m, 0.5); }, 0.5},
      {"resize0.75", [](const cv::Mat& m, std::mt19937&) { return Resize(m, 0.75); }, 0.75},
      {"resize1.5", [](const cv::Mat& m, std::mt19937&) { return Resize(m, 1.5); }, 1.5},
      {"crop90", [](const cv::Mat& m, std::mt19937&) { return Crop(m, 0.9); }},
      {"crop70", [](const cv::Mat& m, std::mt19937&) { return Crop(m, 0.7); }},
      {"crop50", [](const cv::Mat& m, std::mt19937&) { return Crop(m, 0.5); }},
      {"rotate2", [](const cv::Mat& m, std::mt19937&) {
         cv::Mat o;
         cv::warpAffine(m, o, cv::getRotationMatrix2D(cv::Point2f(m.cols / 2.0f, m.rows / 2.0f), 2, 1),
                        m.size());
         return o;
       }, 1.0, 2.0},
      {"bright+30", [](const cv::Mat& m, std::mt19937&) {
         cv::Mat o;
         m.convertTo(o, -1, 1.0, 30);
         return o;
       }},
      {"contrast1.3", [](const cv::Mat& m, std::mt19937&) {
         cv::Mat o;
         m.convertTo(o, -1, 1.3, 128 * (1 - 1.3));
         return o;
       }},
      {"noise5", [](const cv::Mat& m, std::mt19937& rng) {
         cv::Mat noise(m.size(), CV_32FC(m.channels())), f, o;
         cv::theRNG().state = rng();
         cv::randn(noise, 0, 5);
         m.convertTo(f, CV_32F);
         f += noise;
         f.convertTo(o, CV_8U);
         return o;
       }},
      {"blur3", [](const cv::Mat& m, std::mt19937&) {
         cv::Mat o;
         cv::blur(m, o, cv::Size(3, 3));
         return o;
       }},
      {"resize0.75+jpeg75", [](const cv::Mat& m, std::mt19937&) { return Jpeg(Resize(m, 0.75), 75); }, 0.75},
      {"crop70+resize0.5+jpeg75",
       [](const cv::Mat& m, std::mt19937&) { return Jpeg(Resize(Crop(m, 0.7), 0.5), 75); }, 0.5},
  };
}

cv::Mat Rotate(const cv::Mat& m, double degrees) {
  cv::Mat o;
  cv::warpAffine(m, o, cv::getRotationMatrix2D(cv::Point2f(m.cols / 2.0f, m.rows / 2.0f), degrees, 1),
                 m.size());
  return o;
}

// Combinations beyond the list (scale with rotation, the search range's edges, a
// screenshot-like chain): where the geometry search, not the signal, is the limit.
std::vector<Attack> MoreAttacks() {
  using M = const cv::Mat&;
  return {
      {"rotate1+resize0.8", [](M m, std::mt19937&) { return Resize(Rotate(m, 1), 0.8); }, 0.8, 1},
      {"rotate3", [](M m, std::mt19937&) { return Rotate(m, 3); }, 1.0, 3},
      {"rotate-2.5+jpeg80", [](M m, std::mt19937&) { return Jpeg(Rotate(m, -2.5), 80); }, 1.0, -2.5},
      {"resize0.45", [](M m, std::mt19937&) { return Resize(m, 0.45); }, 0.45},
      {"crop60+rotate2", [](M m, std::mt19937&) { return Rotate(Crop(m, 0.6), 2); }, 1.0, 2},
      {"resize0.9+jpeg85+crop90", [](M m, std::mt19937&) { return Crop(Jpeg(Resize(m, 0.9), 85), 0.9); }, 0.9},
      {"resize1.3+rotate1.5", [](M m, std::mt19937&) { return Rotate(Resize(m, 1.3), 1.5); }, 1.3, 1.5},
      {"resize2+jpeg75", [](M m, std::mt19937&) { return Jpeg(Resize(m, 2.0), 75); }, 2.0},
      {"resize0.6+rotate-1", [](M m, std::mt19937&) { return Rotate(Resize(m, 0.6), -1); }, 0.6, -1},
  };
}

// Resizes only, by each factor (names and geometry as the standard resize attacks): the
// geometry search over the scale range, e.g. upscales, which the standard list has one of.
std::vector<Attack> ResizeSweep(const std::string& factors) {
  static std::deque<std::string> names;  // Attack::name points into these
  std::vector<Attack> out;
  std::stringstream ss(factors);
  for (std::string item; std::getline(ss, item, ',');) {
    const double f = std::stod(item);
    names.push_back("resize" + item);
    out.push_back({names.back().c_str(), [f](const cv::Mat& m, std::mt19937&) { return Resize(m, f); }, f});
  }
  return out;
}

double Psnr(const cv::Mat& a, const cv::Mat& b) {
  const double mse = cv::norm(a, b, cv::NORM_L2SQR) / (static_cast<double>(a.total()) * a.channels());
  return mse <= 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 / mse);
}

// Mean SSIM over channels (Gaussian 11x11, sigma 1.5; Wang et al. constants).
double Ssim(const cv::Mat& a8, const cv::Mat& b8) {
  const double c1 = 6.5025, c2 = 58.5225;
  cv::Mat a, b;
  a8.convertTo(a, CV_64F);
  b8.convertTo(b, CV_64F);
  cv::Mat mu1, mu2, s11, s22, s12;
  cv::GaussianBlur(a, mu1, cv::Size(11, 11), 1.5);
  cv::GaussianBlur(b, mu2, cv::Size(11, 11), 1.5);
  cv::GaussianBlur(a.mul(a), s11, cv::Size(11, 11), 1.5);
  cv::GaussianBlur(b.mul(b), s22, cv::Size(11, 11), 1.5);
  cv::GaussianBlur(a.mul(b), s12, cv::Size(11, 11), 1.5);
  cv::Mat m12 = mu1.mul(mu2), m11 = mu1.mul(mu1), m22 = mu2.mul(mu2);
  s11 -= m11;
  s22 -= m22;
  s12 -= m12;
  cv::Mat num = (2 * m12 + c1).mul(2 * s12 + c2), den = (m11 + m22 + c1).mul(s11 + s22 + c2);
  cv::Mat map;
  cv::divide(num, den, map);
  const cv::Scalar s = cv::mean(map);
  double sum = 0;
  for (int c = 0; c < a8.channels(); ++c) sum += s[c];
  return sum / a8.channels();
}

struct Cell {
  int exact = 0, total = 0, wrong = 0, detected = 0;
  int oracle_exact = 0;  // exact payloads when folding at the attack's true geometry
  double bit_acc = 0, score = 0, ms = 0;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data = "/usr/share/doc/opencv-doc/examples/data";
  float strength = 1.0f;
  int fa_runs = 10000;
  int threads = 2;
  std::string only, key, sweep;
  bool more = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (a == "--data") data = next();
    else if (a == "--strength") strength = std::stof(next());
    else if (a == "--fa") fa_runs = std::stoi(next());
    else if (a == "--threads") threads = std::stoi(next());
    else if (a == "--only") only = next();
    else if (a == "--key") key = next();
    else if (a == "--resize-sweep") sweep = next();
    else if (a == "--more") more = true;
    else {
      std::fprintf(stderr, "usage: %s [--data DIR] [--strength S] [--key K] [--fa N] [--threads T] [--only ATTACK] [--resize-sweep F1,F2,...] [--more]\n", argv[0]);
      return 2;
    }
  }
  std::vector<std::string> photos;
  for (const char* p : kPhotos) {
    if (std::filesystem::exists(data + "/" + p)) photos.push_back(p);
  }
  const auto attacks = more ? MoreAttacks() : sweep.empty() ? Attacks() : ResizeSweep(sweep);
  std::vector<Cell> cells(attacks.size());
  std::vector<double> psnr(photos.size()), ssim(photos.size());
  std::mutex mu;
  std::atomic<size_t> next_photo{0};
  aigcmark::WatermarkEmbedOptions eo;
  eo.strength = strength;
  if (!key.empty()) eo.key = key;
  auto layout = aigcmark::wm::LayoutForKey(eo.key);
  std::vector<std::string> failures;
  auto work = [&] {
    for (size_t pi; (pi = next_photo++) < photos.size();) {
      cv::Mat orig = cv::imread(data + "/" + photos[pi], cv::IMREAD_COLOR);
      std::mt19937_64 prng(pi * 7919 + 17);
      const uint64_t payload = prng();
      Image img = FromMat(orig);
      if (!aigcmark::EmbedWatermark(img, payload, eo).ok()) continue;
      cv::Mat marked = ToMat(img);
      psnr[pi] = Psnr(orig, marked);
      ssim[pi] = Ssim(orig, marked);
      for (size_t ai = 0; ai < attacks.size(); ++ai) {
        if (!only.empty() && only != attacks[ai].name) continue;
        std::mt19937 rng(static_cast<uint32_t>(pi * 131 + ai));
        cv::Mat attacked = attacks[ai].apply(marked, rng);
        Image in = FromMat(attacked);
        auto t0 = std::chrono::steady_clock::now();
        aigcmark::wm::Plane white = aigcmark::wm::WhitenedRegion(
            in.pixels.data(), static_cast<ptrdiff_t>(in.stride()), in.channels, in.width, in.height);
        auto d = aigcmark::wm::SearchWhitened(white, *layout, 1e-6);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        const auto& r = d.result;
        // Oracle: the true lattice (both rotation senses), so geometry misses show apart.
        bool oracle_exact = false;
        for (double sense : {1.0, -1.0}) {
          const double th = sense * attacks[ai].degrees * 3.14159265358979 / 180.0;
          // In working pixels: planes of 2160+ px short side are analysed at half size.
          const double len = aigcmark::wm::kTile * attacks[ai].scale /
                             aigcmark::wm::GridScaleFor(in.width, in.height);
          aigcmark::wm::Lattice l;
          l.v1x = len * std::cos(th);
          l.v1y = len * std::sin(th);
          l.v2x = -len * std::sin(th);
          l.v2y = len * std::cos(th);
          auto o = aigcmark::wm::DecodeAtLattice(white, *layout, l, 1e-6);
          oracle_exact = oracle_exact || (o.result.payload && *o.result.payload == payload);
          if (attacks[ai].degrees == 0.0) break;
        }
        std::lock_guard<std::mutex> lock(mu);
        Cell& c = cells[ai];
        ++c.total;
        c.detected += r.detected;
        const bool exact = r.payload && *r.payload == payload;
        c.exact += exact;
        c.oracle_exact += oracle_exact;
        c.wrong += r.payload && *r.payload != payload;
        c.bit_acc += 1.0 - std::popcount(d.ml_payload ^ payload) / 64.0;
        c.score += r.score;
        c.ms += ms;
        if (!exact) {
          char buf[256];
          std::snprintf(buf, sizeof(buf), "  miss: %-24s %-18s %4dx%-4d score %5.2f attempts %d lattice (%.2f,%.2f)",
                        attacks[ai].name, photos[pi].c_str(), in.width, in.height, r.score, d.attempts,
                        d.lattice.v1x, d.lattice.v1y);
          failures.push_back(buf);
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();

  double mp = 0, ms = 0;
  for (size_t i = 0; i < photos.size(); ++i) {
    mp += psnr[i];
    ms += ssim[i];
  }
  std::printf("photos: %zu (opencv-doc), strength %.2f, key \"%s\"\n", photos.size(), strength,
              eo.key.c_str());
  std::printf("mean PSNR %.2f dB, mean SSIM %.4f, min PSNR %.2f, min SSIM %.4f\n\n", mp / photos.size(),
              ms / photos.size(), *std::min_element(psnr.begin(), psnr.end()),
              *std::min_element(ssim.begin(), ssim.end()));
  std::printf("| attack | exact payload | at true geometry | mean bit accuracy | wrong payloads reported | mean score | mean detect ms |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (size_t ai = 0; ai < attacks.size(); ++ai) {
    const Cell& c = cells[ai];
    if (c.total == 0) continue;
    std::printf("| %s | %d/%d (%.0f%%) | %d/%d | %.3f | %d | %.1f | %.1f |\n", attacks[ai].name, c.exact, c.total,
                100.0 * c.exact / c.total, c.oracle_exact, c.total, c.bit_acc / c.total, c.wrong, c.score / c.total, c.ms / c.total);
  }
  for (const auto& f : failures) std::printf("%s\n", f.c_str());
  std::fflush(stdout);

  if (fa_runs <= 0) return 0;
  // False alarms: unmarked random crops / rescales / small rotations of every photo in the folder.
  std::vector<std::string> pool_files;
  for (const auto& e : std::filesystem::directory_iterator(data)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".jpg" || ext == ".png") pool_files.push_back(e.path().string());
  }
  std::sort(pool_files.begin(), pool_files.end());
  std::vector<cv::Mat> sources;
  for (const auto& f : pool_files) {
    cv::Mat m = cv::imread(f, cv::IMREAD_COLOR);
    if (!m.empty() && std::min(m.cols, m.rows) >= 200) sources.push_back(m);
  }
  std::atomic<int> next_run{0}, detections{0};
  double max_score = -1e9;
  std::vector<double> scores(fa_runs);
  auto fa_work = [&] {
    for (int i; (i = next_run++) < fa_runs;) {
      std::mt19937 rng(static_cast<uint32_t>(i) * 2654435761u + 1);
      const cv::Mat& src = sources[rng() % sources.size()];
      std::uniform_real_distribution<double> u(0.0, 1.0);
      const double keep = 0.5 + 0.5 * u(rng), scale = 0.5 + 1.5 * u(rng);
      const int w = std::max(64, static_cast<int>(src.cols * keep)), h = std::max(64, static_cast<int>(src.rows * keep));
      const int x = static_cast<int>((src.cols - w) * u(rng)), y = static_cast<int>((src.rows - h) * u(rng));
      cv::Mat m = Resize(src(cv::Rect(x, y, w, h)), scale);
      if (rng() % 4 == 0) m = Jpeg(m, 60 + rng() % 35);
      Image in = FromMat(m);
      aigcmark::WatermarkDetectOptions dopt;
      dopt.key = eo.key;
      auto r = aigcmark::DetectWatermark(in, dopt);
      if (!r.ok()) continue;
      scores[i] = r->score;
      if (r->detected) ++detections;
      std::lock_guard<std::mutex> lock(mu);
      max_score = std::max(max_score, r->score);
    }
  };
  auto t0 = std::chrono::steady_clock::now();
  pool.clear();
  for (int t = 0; t < threads; ++t) pool.emplace_back(fa_work);
  for (auto& t : pool) t.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(scores.begin(), scores.end());
  std::printf("\nfalse-alarm run: %d unmarked crops/rescales/recompressions of %zu photos: %d detections; "
              "score max %.2f, 99.9th pct %.2f, median %.2f (%.0f s)\n",
              fa_runs, sources.size(), detections.load(), max_score, scores[static_cast<size_t>(fa_runs * 0.999)],
              scores[fa_runs / 2], secs);
  return 0;
}
