// Report files: JSONL/CSV records, atomic creation, resume with a torn tail, shards, summary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "aigcmark/scan.h"
#include "common/test_util.h"

namespace aigcmark {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

ScanRecord Rec(const std::string& file, Verdict v = Verdict::kUnlabeled) {
  ScanRecord r;
  r.report.file = file;
  r.report.format = "jpeg";
  r.report.metadata = MetadataReport{};
  if (v == Verdict::kError) {
    r.report.error = file + ": broken";
    r.report.metadata.reset();
  }
  r.verdict = v;
  r.size = 1234;
  r.sha256 = std::string(64, 'a');
  r.elapsed_ms = 1.5;
  return r;
}

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Spit(const std::string& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

TEST(ScanRecordTest, JsonExtendsTheDetectObject) {
  ScanRecord r = Rec("a.jpg");
  auto j = nlohmann::json::parse(ScanRecordToJson(r));
  auto d = nlohmann::json::parse(DetectReportToJson(r.report));
  EXPECT_EQ(j["size"], 1234);
  EXPECT_EQ(j["sha256"], std::string(64, 'a'));
  EXPECT_DOUBLE_EQ(j["elapsed_ms"].get<double>(), 1.5);
  for (auto& [k, v] : d.items()) EXPECT_EQ(j[k], v) << k;
  EXPECT_EQ(j.size(), d.size() + 3);
  ScanRecord unread;
  unread.report.file = "x";
  unread.report.error = "x: cannot open";
  auto u = nlohmann::json::parse(ScanRecordToJson(unread));
  EXPECT_TRUE(u["size"].is_null());
  EXPECT_TRUE(u["sha256"].is_null());
  EXPECT_EQ(u["verdict"], "error");
}

TEST(ScanRecordTest, CsvQuotesAndFlattens) {
  ScanRecord r = Rec("dir/we,ird \"name\"\nx.jpg");
  r.report.metadata->aigc = AigcLabel{};
  r.report.metadata->aigc->label = "1";
  r.report.metadata->aigc->content_producer = "ACME";
  r.report.metadata->carriers = {"xmp", "exif"};
  std::string header = ScanCsvHeader();
  EXPECT_EQ(header.rfind("file,format,verdict,error,size,sha256,elapsed_ms,label,", 0), 0u);
  std::string row = ScanRecordToCsv(r);
  EXPECT_EQ(row.rfind("\"dir/we,ird \"\"name\"\"\nx.jpg\",jpeg,", 0), 0u) << row;
  EXPECT_NE(row.find(",xmp; exif,"), std::string::npos) << row;
  EXPECT_NE(row.find(",ACME,"), std::string::npos) << row;
  size_t commas_outside_quotes = 0;
  bool quoted = false;
  for (char c : row) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++commas_outside_quotes;
  }
  EXPECT_EQ(commas_outside_quotes,
            static_cast<size_t>(std::count(header.begin(), header.end(), ',')));
}

TEST(ReportWriterTest, NewReportAppearsOnlyWhenFinished) {
  TempDir dir;
  std::string path = dir.File("r.jsonl");
  {
    auto w = ReportWriter::Create(path, ReportFormat::kJsonl);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write(Rec("a")).ok());
    EXPECT_FALSE(fs::exists(path));
    EXPECT_TRUE(fs::exists((*w)->temp_path()));
  }
  EXPECT_FALSE(fs::exists(path)) << "an unfinished report never appears";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 0)
      << "the temp file is removed";
  auto w = ReportWriter::Create(path, ReportFormat::kJsonl);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(Rec("a")).ok());
  ASSERT_TRUE((*w)->Write(Rec("b")).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  auto lines = test::Lines(Slurp(path));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["file"], "b");
}

TEST(ReportWriterTest, ResumeDropsATornLastLineAndAppends) {
  TempDir dir;
  std::string path = dir.File("r.jsonl");
  std::string full = ScanRecordToJson(Rec("a")) + "\n" + ScanRecordToJson(Rec("b")) + "\n";
  std::string torn = ScanRecordToJson(Rec("c"));
  Spit(path, full + torn.substr(0, torn.size() / 2));
  ExistingReport existing;
  auto w = ReportWriter::Append(path, ReportFormat::kJsonl, &existing);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(existing.files, (std::unordered_set<std::string>{"a", "b"}));
  EXPECT_EQ(existing.complete_bytes, full.size());
  ASSERT_TRUE((*w)->Write(Rec("c")).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  auto lines = test::Lines(Slurp(path));
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& l : lines)
    EXPECT_FALSE(nlohmann::json::parse(l, nullptr, false).is_discarded()) << l;
  EXPECT_EQ(nlohmann::json::parse(lines[2])["file"], "c");
}

TEST(ReportWriterTest, ResumeOfAMissingReportStartsOne) {
  TempDir dir;
  ExistingReport existing;
  auto w = ReportWriter::Append(dir.File("new.csv"), ReportFormat::kCsv, &existing);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(existing.files.empty());
  ASSERT_TRUE((*w)->Write(Rec("x,y")).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  auto lines = test::Lines(Slurp(dir.File("new.csv")));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], ScanCsvHeader());
}

TEST(ReportWriterTest, CsvResumeReadsQuotedNamesAndDropsATornRecord) {
  TempDir dir;
  std::string path = dir.File("r.csv");
  std::string name1 = "a,b.jpg", name2 = "multi\nline \"q\".jpg", name3 = "torn\nname.jpg";
  std::string good = ScanCsvHeader() + "\n" + ScanRecordToCsv(Rec(name1)) + "\n" +
                     ScanRecordToCsv(Rec(name2)) + "\n";
  std::string torn_row = ScanRecordToCsv(Rec(name3));
  Spit(path, good + torn_row.substr(0, 8));  // ends inside the quoted multi-line name
  auto ex = ReadExistingReport(path, ReportFormat::kCsv);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  EXPECT_EQ(ex->files, (std::unordered_set<std::string>{name1, name2}));
  EXPECT_EQ(ex->complete_bytes, good.size());
  ExistingReport existing;
  auto w = ReportWriter::Append(path, ReportFormat::kCsv, &existing);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write(Rec(name3)).ok());
  ASSERT_TRUE((*w)->Finish().ok());
  auto again = ReadExistingReport(path, ReportFormat::kCsv);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files, (std::unordered_set<std::string>{name1, name2, name3}));
  EXPECT_EQ(again->complete_bytes, fs::file_size(path));
}

TEST(ReportWriterTest, ResumeRefusesAReportOfAnotherFormat) {
  TempDir dir;
  Spit(dir.File("r.csv"), ScanCsvHeader() + "\n" + ScanRecordToCsv(Rec("a")) + "\n");
  Spit(dir.File("r.jsonl"), ScanRecordToJson(Rec("a")) + "\n");
  EXPECT_EQ(ReadExistingReport(dir.File("r.csv"), ReportFormat::kJsonl).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadExistingReport(dir.File("r.jsonl"), ReportFormat::kCsv).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ShardTest, ParseAndStableHash) {
  auto s = ParseShardSpec("2/8");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->index, 2u);
  EXPECT_EQ(s->count, 8u);
  for (const char* bad : {"0/3", "4/3", "1/0", "x/3", "1/3/", "13", "", "1/", "-1/3"}) {
    EXPECT_FALSE(ParseShardSpec(bad).ok()) << bad;
  }
  // Independent check: the first 8 bytes of sha256sum's digest, big-endian, modulo N.
  for (const std::string path : {"photos/a.jpg", "x.zip!/deep/b.png", "/abs/c.jpg"}) {
    auto r = test::Run("printf %s " + test::Quote(path) + " | sha256sum");
    uint64_t h = std::stoull(r.out.substr(0, 16), nullptr, 16);
    for (uint32_t n : {1u, 2u, 3u, 7u, 1000u}) {
      EXPECT_EQ(ShardOfPath(path, n), static_cast<uint32_t>(h % n) + 1) << path << " " << n;
    }
  }
}

TEST(SummaryTest, JsonHasTheCountsAndRates) {
  ScanSummary s;
  s.files = 10;
  s.bytes = 5'000'000;
  s.labeled = 2;
  s.unlabeled = 5;
  s.broken_label = 1;
  s.errors = 2;
  s.skipped = 3;
  s.seconds = 2.0;
  s.jobs = 2;
  auto j = nlohmann::json::parse(ScanSummaryToJson(s));
  EXPECT_EQ(j["files"], 10);
  EXPECT_EQ(j["bytes"], 5000000);
  EXPECT_EQ(j["by_verdict"]["labeled"], 2);
  EXPECT_EQ(j["by_verdict"]["unlabeled"], 5);
  EXPECT_EQ(j["by_verdict"]["broken-label"], 1);
  EXPECT_EQ(j["by_verdict"]["error"], 2);
  EXPECT_EQ(j["skipped"], 3);
  EXPECT_DOUBLE_EQ(j["files_per_second"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(j["mb_per_second"].get<double>(), 2.5);
  std::string text = ScanSummaryToText(s);
  EXPECT_NE(text.find("10 files"), std::string::npos) << text;
  EXPECT_NE(text.find("error 2"), std::string::npos) << text;
}

}  // namespace
}  // namespace aigcmark
