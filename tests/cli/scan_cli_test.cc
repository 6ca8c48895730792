// End-to-end `aigcmark scan` on real photos, damaged files, archives made with python3.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/test_util.h"

namespace aigcmark::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<json> JsonLines(const std::string& text) {
  std::vector<json> out;
  for (const auto& l : Lines(text)) out.push_back(json::parse(l));
  return out;
}

std::vector<std::string> FileNames(const std::vector<json>& records) {
  std::vector<std::string> v;
  for (const auto& r : records) v.push_back(r["file"]);
  return v;
}

// A corpus: photos in two folders, a zip and a tar.gz made by python3, nothing broken.
class ScanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = tmp_.File("corpus");
    std::vector<std::string> photos = RealPhotos();
    ASSERT_GE(photos.size(), 10u);
    fs::create_directories(corpus_ + "/a/deeper");
    fs::create_directories(corpus_ + "/b");
    for (size_t i = 0; i < photos.size(); ++i) {
      std::string dir = corpus_ + (i % 3 == 0 ? "/a" : i % 3 == 1 ? "/a/deeper" : "/b");
      CopyFile(photos[i], dir + "/" + fs::path(photos[i]).filename().string());
    }
    std::string py =
        "import sys, zipfile, tarfile\n"
        "src = sys.argv[1:4]\n"
        "with zipfile.ZipFile(sys.argv[4] + '/pack.zip', 'w') as z:\n"
        "    for i, s in enumerate(src): z.write(s, 'in/zip%d.jpg' % i)\n"
        "with tarfile.open(sys.argv[4] + '/pack.tar.gz', 'w:gz') as t:\n"
        "    for i, s in enumerate(src): t.add(s, 'tar%d.jpg' % i)\n";
    std::ofstream(tmp_.File("mk.py")) << py;
    auto r = test::Run("python3 " + Quote(tmp_.File("mk.py")) + " " +
                       Quote(OpenCvData("fruits.jpg")) + " " + Quote(OpenCvData("baboon.jpg")) +
                       " " + Quote(OpenCvData("home.jpg")) + " " + Quote(corpus_ + "/b"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expected_files_ = photos.size() + 6;
  }

  TempDir tmp_;
  std::string corpus_;
  size_t expected_files_ = 0;
};

TEST_F(ScanCli, CleanCorpusExitsZeroWithSortedRecordsAndSummary) {
  std::string report = tmp_.File("out/report.jsonl");
  fs::create_directories(tmp_.File("out"));
  auto r = RunCli("scan " + Quote(corpus_) + " -o " + Quote(report) + " --jobs 2 --summary " +
                  Quote(tmp_.File("out/summary.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "records go to -o";
  std::vector<json> recs = JsonLines(Slurp(report));
  ASSERT_EQ(recs.size(), expected_files_);
  std::vector<std::string> names = FileNames(recs);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(std::find(names.begin(), names.end(), corpus_ + "/b/pack.zip!/in/zip1.jpg"),
            names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), corpus_ + "/b/pack.tar.gz!/tar2.jpg"),
            names.end());
  for (const auto& rec : recs) {
    EXPECT_TRUE(rec["error"].is_null()) << rec.dump();
    EXPECT_EQ(rec["sha256"].get<std::string>().size(), 64u);
    EXPECT_TRUE(rec.contains("watermark")) << "default scan covers the watermark";
  }
  json summary = json::parse(Slurp(tmp_.File("out/summary.json")));
  EXPECT_EQ(summary["files"], expected_files_);
  EXPECT_EQ(summary["by_verdict"]["error"], 0);
  EXPECT_EQ(summary["by_verdict"]["labeled"].get<int>() +
                summary["by_verdict"]["unlabeled"].get<int>() +
                summary["by_verdict"]["broken-label"].get<int>(),
            static_cast<int>(expected_files_));
  EXPECT_GT(summary["files_per_second"].get<double>(), 0.0);
  EXPECT_NE(r.err.find("scanned " + std::to_string(expected_files_) + " files"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("\033["), std::string::npos) << "no progress display when not a TTY";
  for (const auto& e : fs::directory_iterator(tmp_.File("out"))) {
    std::string n = e.path().filename().string();
    EXPECT_TRUE(n == "report.jsonl" || n == "summary.json") << "left behind: " << n;
  }
}

TEST_F(ScanCli, RecordsMatchDetectJson) {
  std::string photo = corpus_ + "/a/" + fs::path(RealPhotos()[0]).filename().string();
  auto d = RunCli("detect --json " + Quote(photo));
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto s = RunCli("scan " + Quote(photo));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  json rec = json::parse(Lines(s.out).at(0));
  EXPECT_EQ(rec["size"], fs::file_size(photo));
  rec.erase("size");
  rec.erase("sha256");
  rec.erase("elapsed_ms");
  EXPECT_EQ(rec, json::parse(Lines(d.out).at(0)));
  auto md = RunCli("scan --metadata-only " + Quote(photo));
  ASSERT_EQ(md.exit_code, 0);
  json mrec = json::parse(Lines(md.out).at(0));
  EXPECT_FALSE(mrec.contains("watermark")) << "--metadata-only decodes no pixels";
  EXPECT_TRUE(mrec.contains("metadata"));
}

TEST_F(ScanCli, BadFilesAreErrorRecordsAndExitOne) {
  WriteBytes(corpus_ + "/a/zero.jpg", {});
  std::vector<uint8_t> png = ReadBytes(OpenCvData("pic1.png"));
  WriteBytes(corpus_ + "/a/cut.png", std::vector<uint8_t>(png.begin(), png.begin() + 500));
  WriteBytes(corpus_ + "/b/noise.jpg", std::vector<uint8_t>(4096, 0xA5));
  fs::create_directory_symlink("..", corpus_ + "/a/deeper/loop");
  auto r = RunCli("scan " + Quote(corpus_) + " --metadata-only --jobs 2");
  EXPECT_EQ(r.exit_code, 1);
  std::vector<json> recs = JsonLines(r.out);
  std::set<std::string> errors;
  for (const auto& rec : recs) {
    if (!rec["error"].is_null()) {
      errors.insert(rec["file"]);
      EXPECT_EQ(rec["verdict"], "error");
      EXPECT_NE(r.err.find(rec["error"].get<std::string>()), std::string::npos)
          << "named on stderr";
    }
  }
  EXPECT_EQ(errors, (std::set<std::string>{corpus_ + "/a/zero.jpg", corpus_ + "/a/cut.png",
                                           corpus_ + "/b/noise.jpg", corpus_ + "/a/deeper/loop"}));
  EXPECT_EQ(recs.size(), expected_files_ + 4);
}

TEST_F(ScanCli, CsvReport) {
  std::string report = tmp_.File("r.csv");
  auto r = RunCli("scan " + Quote(corpus_) + " -o " + Quote(report) + " --metadata-only");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> lines = Lines(Slurp(report));
  ASSERT_EQ(lines.size(), expected_files_ + 1);
  EXPECT_EQ(lines[0].rfind("file,format,verdict,error,size,sha256,elapsed_ms", 0), 0u);
  EXPECT_EQ(lines[1].rfind(corpus_ + "/a/", 0), 0u) << lines[1];
  auto explicit_format =
      RunCli("scan " + Quote(corpus_ + "/a") + " --format csv --metadata-only --jobs 1");
  ASSERT_EQ(explicit_format.exit_code, 0);
  EXPECT_EQ(Lines(explicit_format.out)[0], lines[0]);
}

TEST_F(ScanCli, ResumeAfterACrashCompletesTheReportOnce) {
  std::string report = tmp_.File("r.jsonl");
  auto full = RunCli("scan " + Quote(corpus_) + " --metadata-only -o " + Quote(report));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  std::string text = Slurp(report);
  std::vector<std::string> lines = Lines(text);
  // Simulate a crash: keep the first 5 records and half of the sixth.
  std::string cut;
  for (int i = 0; i < 5; ++i) cut += lines[i] + "\n";
  cut += lines[5].substr(0, lines[5].size() / 2);
  std::ofstream(report, std::ios::binary | std::ios::trunc) << cut;

  auto resumed = RunCli("scan " + Quote(corpus_) + " --metadata-only --resume -o " + Quote(report));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("skipped 5"), std::string::npos) << resumed.err;
  std::vector<json> recs = JsonLines(Slurp(report));
  std::vector<std::string> names = FileNames(recs);
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "no file twice";
  EXPECT_EQ(names.size(), expected_files_);
  EXPECT_EQ(FileNames(JsonLines(text)), sorted);

  auto again = RunCli("scan " + Quote(corpus_) + " --metadata-only --resume -o " + Quote(report));
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_EQ(Lines(Slurp(report)).size(), expected_files_) << "nothing left to do";
}

TEST_F(ScanCli, ShardsConcatenateIntoTheWholeReport) {
  auto whole = RunCli("scan " + Quote(corpus_) + " --metadata-only");
  ASSERT_EQ(whole.exit_code, 0);
  std::vector<std::string> all = FileNames(JsonLines(whole.out));
  std::string cat;
  std::vector<std::string> joined;
  for (int i = 1; i <= 3; ++i) {
    auto part = RunCli("scan " + Quote(corpus_) + " --metadata-only --shard " + std::to_string(i) +
                       "/3 -o " + Quote(tmp_.File("s" + std::to_string(i))));
    ASSERT_EQ(part.exit_code, 0) << part.err;
    auto names = FileNames(JsonLines(Slurp(tmp_.File("s" + std::to_string(i)))));
    EXPECT_FALSE(names.empty());
    joined.insert(joined.end(), names.begin(), names.end());
  }
  std::sort(joined.begin(), joined.end());
  EXPECT_EQ(joined, all) << "no overlap, nothing missing";
}

TEST_F(ScanCli, UnorderedAndGlobs) {
  auto u = RunCli("scan " + Quote(corpus_) + " --metadata-only --unordered --jobs 2");
  ASSERT_EQ(u.exit_code, 0);
  EXPECT_EQ(JsonLines(u.out).size(), expected_files_);
  auto g = RunCli("scan " + Quote(corpus_) + " --metadata-only --include '*.png' --exclude deeper");
  ASSERT_EQ(g.exit_code, 0) << g.err;
  auto names = FileNames(JsonLines(g.out));
  ASSERT_FALSE(names.empty());
  for (const auto& n : names) {
    EXPECT_EQ(fs::path(n).extension(), ".png") << n;
    EXPECT_EQ(n.find("deeper"), std::string::npos) << n;
  }
}

TEST_F(ScanCli, ReportInsideTheScannedFolderIsNotScanned) {
  std::string report = corpus_ + "/report.jsonl";
  auto r = RunCli("scan " + Quote(corpus_) + " --metadata-only -o " + Quote(report));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(Slurp(report)).size(), expected_files_);
  auto again = RunCli("scan " + Quote(corpus_) + " --metadata-only --resume -o " + Quote(report));
  ASSERT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(ScanCli, LabelledFilesAreCounted) {
  std::string labeled = corpus_ + "/labeled.jpg";
  auto w = RunCli("metadata write " + Quote(OpenCvData("fruits.jpg")) + " -o " + Quote(labeled) +
                  " --label 1 --producer ACME-AI --produce-id gen-42");
  ASSERT_EQ(w.exit_code, 0) << w.err;
  auto r =
      RunCli("scan " + Quote(corpus_) + " --metadata-only --summary " + Quote(tmp_.File("s.json")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  bool found = false;
  for (const auto& rec : JsonLines(r.out)) {
    if (rec["file"] == labeled) {
      found = true;
      EXPECT_EQ(rec["verdict"], "labeled");
      EXPECT_EQ(rec["metadata"]["aigc"]["ContentProducer"], "ACME-AI");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(json::parse(Slurp(tmp_.File("s.json")))["by_verdict"]["labeled"], 1);
}

TEST_F(ScanCli, KeyAndVisibleReachTheDetector) {
  std::string dir = tmp_.File("wm");
  fs::create_directory(dir);
  std::string marked = dir + "/marked.png";
  auto e = RunCli("watermark embed " + Quote(OpenCvData("fruits.jpg")) + " -o " + Quote(marked) +
                  " --payload 0123456789abcdef --key secret-1");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  std::ofstream(tmp_.File("key.txt")) << "secret-1\n";
  for (const std::string& flag :
       std::vector<std::string>{"--key secret-1", "--key-file " + Quote(tmp_.File("key.txt"))}) {
    auto r = RunCli("scan " + Quote(dir) + " " + flag);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json rec = json::parse(Lines(r.out).at(0));
    EXPECT_EQ(rec["watermark"]["detected"], true) << flag;
    EXPECT_EQ(rec["watermark"]["payload"], "0123456789abcdef") << flag;
    EXPECT_EQ(rec["verdict"], "labeled") << flag;
  }
  auto other = RunCli("scan " + Quote(dir));
  ASSERT_EQ(other.exit_code, 0);
  EXPECT_EQ(json::parse(Lines(other.out).at(0))["watermark"]["detected"], false)
      << "the public key does not find a secret-key mark";
  auto vis = RunCli("scan --visible " + Quote(marked));
  auto det = RunCli("detect --json --visible " + Quote(marked));
  ASSERT_EQ(vis.exit_code, det.exit_code);
  json v = json::parse(Lines(vis.out).at(0));
  ASSERT_TRUE(v.contains("visible")) << "--visible adds the visible check";
  EXPECT_EQ(v["visible"], json::parse(Lines(det.out).at(0))["visible"]);
}

TEST_F(ScanCli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --shard 4/3").exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --shard x").exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --resume").exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --metadata-only --visible").exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --jobs 0").exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_) + " --format xml").exit_code, 2);
  EXPECT_EQ(RunCli("scan").exit_code, 2);
  std::string csv = tmp_.File("r.csv");
  ASSERT_EQ(RunCli("scan " + Quote(corpus_ + "/a") + " --metadata-only -o " + Quote(csv)).exit_code,
            0);
  EXPECT_EQ(
      RunCli("scan " + Quote(corpus_) + " --resume --format jsonl -o " + Quote(csv)).exit_code, 2)
      << "resuming a CSV report as JSONL";
}

TEST_F(ScanCli, ProgressOnlyOnATerminal) {
  if (!HaveTool("script")) GTEST_SKIP() << "util-linux script(1) is needed to fake a terminal";
  std::string report = tmp_.File("r.jsonl");
  // script(1) gives the CLI a pseudo-terminal as stdin, stdout and stderr.
  auto tty = test::Run("script -qec " +
                       Quote(Quote(AIGCMARK_CLI) + " scan " + Quote(corpus_) +
                             " --metadata-only -o " + Quote(report)) +
                       " /dev/null");
  EXPECT_EQ(tty.exit_code, 0) << tty.out << tty.err;
  EXPECT_NE(tty.out.find("\r\033[Kscan: "), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("MB/s"), std::string::npos);
  EXPECT_NE(tty.out.find("ETA"), std::string::npos);
  EXPECT_EQ(Lines(Slurp(report)).size(), expected_files_);
  auto quiet = RunCli("scan " + Quote(corpus_) + " --metadata-only -o " + Quote(report));
  EXPECT_EQ(quiet.err.find("ETA"), std::string::npos) << "quiet when stderr is not a terminal";
}

TEST_F(ScanCli, NeverOverwritesSomethingThatIsNotAReport) {
  std::string photo = corpus_ + "/a/" + fs::path(RealPhotos()[0]).filename().string();
  std::vector<uint8_t> before = ReadBytes(photo);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_ + "/b") + " -o " + Quote(photo)).exit_code, 2);
  EXPECT_EQ(RunCli("scan " + Quote(corpus_ + "/b") + " --summary " + Quote(photo)).exit_code, 2);
  EXPECT_EQ(ReadBytes(photo), before);
  std::string report = tmp_.File("r.jsonl"), summary = tmp_.File("s.json");
  std::string args = "scan " + Quote(corpus_ + "/b") + " --metadata-only -o " + Quote(report) +
                     " --summary " + Quote(summary);
  ASSERT_EQ(RunCli(args).exit_code, 0);
  EXPECT_EQ(RunCli(args).exit_code, 0) << "an old report and summary are replaced";
}

TEST_F(ScanCli, MissingInputIsAnErrorRecord) {
  auto r = RunCli("scan " + Quote(tmp_.File("nope.jpg")) + " " + Quote(corpus_ + "/a"));
  EXPECT_EQ(r.exit_code, 1);
  auto recs = JsonLines(r.out);
  ASSERT_FALSE(recs.empty());
  EXPECT_EQ(recs.back()["file"], tmp_.File("nope.jpg"));
  EXPECT_EQ(recs.back()["verdict"], "error");
}

}  // namespace
}  // namespace aigcmark::test
