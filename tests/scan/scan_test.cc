// Scan() on real photos, damaged files, symlink loops and archives built here with libarchive.
#include "aigcmark/scan.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/test_util.h"
#include "scan/check_item.h"
#include "scan/work_queue.h"

namespace aigcmark {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

struct ScanRun {
  std::vector<ScanRecord> records;
  ScanSummary summary;
};

ScanRun ScanAll(const std::vector<std::string>& paths, const ScanOptions& options) {
  ScanRun run;
  auto s = Scan(paths, options, [&](const ScanRecord& r) {
    run.records.push_back(r);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (s.ok()) run.summary = *s;
  return run;
}

std::vector<std::string> Files(const ScanRun& run) {
  std::vector<std::string> v;
  for (const auto& r : run.records) v.push_back(r.report.file);
  return v;
}

const ScanRecord* Find(const ScanRun& run, const std::string& file) {
  for (const auto& r : run.records) {
    if (r.report.file == file) return &r;
  }
  return nullptr;
}

ScanOptions MetadataOnly() {
  ScanOptions o;
  o.detect.watermark = false;
  o.detect.visible = false;
  o.jobs = 2;
  return o;
}

std::string Sha256Sum(const std::string& path) {
  auto r = test::Run("sha256sum " + test::Quote(path));
  return r.out.substr(0, 64);
}

// The first few real photos, copied under `dir` as p00.jpg, p01.png, ...
std::vector<std::string> CopyPhotos(const std::string& dir, size_t n) {
  std::vector<std::string> photos = test::RealPhotos();
  std::vector<std::string> out;
  fs::create_directories(dir);
  for (size_t i = 0; i < n && i < photos.size(); ++i) {
    std::string ext = fs::path(photos[i]).extension().string();
    char name[32];
    std::snprintf(name, sizeof(name), "/p%02zu%s", i, ext.c_str());
    test::CopyFile(photos[i], dir + name);
    out.push_back(dir + name);
  }
  return out;
}

struct Member {
  std::string name;
  std::vector<uint8_t> bytes;
};

// Writes an archive with libarchive: format "zip" or "pax"; filter "", "gzip", "xz", "zstd".
void MakeArchive(const std::string& path, const std::string& format, const std::string& filter,
                 const std::vector<Member>& members) {
  struct archive* a = archive_write_new();
  if (format == "zip") {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
  }
  if (filter == "gzip") archive_write_add_filter_gzip(a);
  if (filter == "xz") archive_write_add_filter_xz(a);
  if (filter == "zstd") archive_write_add_filter_zstd(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const Member& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(m.bytes.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    ASSERT_EQ(archive_write_data(a, m.bytes.data(), m.bytes.size()),
              static_cast<la_ssize_t>(m.bytes.size()));
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

uint32_t Crc32(const uint8_t* d, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) {
    c ^= d[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void AppendChunk(std::vector<uint8_t>& png, const char* type, const std::vector<uint8_t>& data) {
  auto be32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) png.push_back(static_cast<uint8_t>(v >> s));
  };
  be32(static_cast<uint32_t>(data.size()));
  size_t start = png.size();
  png.insert(png.end(), type, type + 4);
  png.insert(png.end(), data.begin(), data.end());
  be32(Crc32(png.data() + start, png.size() - start));
}

// A well-formed PNG whose header declares 60000 x 60000 pixels: a decompression bomb.
std::vector<uint8_t> BombPng() {
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  std::vector<uint8_t> ihdr = {0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 2, 0, 0, 0};
  AppendChunk(png, "IHDR", ihdr);
  AppendChunk(png, "IDAT", {0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
  AppendChunk(png, "IEND", {});
  return png;
}

nlohmann::json RecordJson(const ScanRecord& r) {
  return nlohmann::json::parse(ScanRecordToJson(r));
}

TEST(ScanTest, RecordIsTheDetectJsonPlusSizeHashAndTime) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.path(), 6);
  ASSERT_GE(photos.size(), 4u);
  ScanOptions opts;
  opts.jobs = 2;
  ScanRun run = ScanAll({dir.path()}, opts);
  ASSERT_EQ(run.records.size(), photos.size());
  for (const std::string& p : photos) {
    const ScanRecord* r = Find(run, p);
    ASSERT_NE(r, nullptr) << p;
    nlohmann::json j = RecordJson(*r);
    EXPECT_EQ(j["size"].get<uint64_t>(), fs::file_size(p));
    EXPECT_EQ(j["sha256"].get<std::string>(), Sha256Sum(p)) << "independent sha256sum";
    EXPECT_GE(j["elapsed_ms"].get<double>(), 0.0);
    j.erase("size");
    j.erase("sha256");
    j.erase("elapsed_ms");
    nlohmann::json expected = nlohmann::json::parse(DetectReportToJson(Detect(p, opts.detect)));
    EXPECT_EQ(j, expected) << p;
    EXPECT_TRUE(j.contains("watermark")) << "default records cover the watermark";
    EXPECT_TRUE(j.contains("metadata"));
    EXPECT_FALSE(j.contains("visible")) << "visible only with detect.visible";
  }
}

TEST(ScanTest, MetadataOnlyRecordsHaveNoPixelChecks) {
  TempDir dir;
  CopyPhotos(dir.path(), 3);
  ScanRun run = ScanAll({dir.path()}, MetadataOnly());
  ASSERT_EQ(run.records.size(), 3u);
  for (const auto& r : run.records) {
    EXPECT_FALSE(r.report.error) << *r.report.error;
    EXPECT_TRUE(r.report.metadata);
    EXPECT_FALSE(r.report.watermark);
    EXPECT_FALSE(r.report.visible);
  }
}

TEST(ScanTest, OrderIsSortedByPathWhateverTheJobs) {
  TempDir dir;
  CopyPhotos(dir.File("b"), 5);
  CopyPhotos(dir.File("a/z"), 4);
  CopyPhotos(dir.File("a"), 3);
  CopyPhotos(dir.File("c.d"), 2);
  ScanOptions o1 = MetadataOnly();
  o1.jobs = 1;
  ScanOptions o3 = MetadataOnly();
  o3.jobs = 3;
  ScanOptions unordered = o3;
  unordered.ordered = false;
  ScanRun r1 = ScanAll({dir.File("b"), dir.path()}, o1);
  ScanRun r3 = ScanAll({dir.path()}, o3);
  ScanRun ru = ScanAll({dir.path()}, unordered);
  std::vector<std::string> f1 = Files(r1), f3 = Files(r3), fu = Files(ru);
  EXPECT_EQ(f1.size(), 14u) << "a folder named twice is scanned once";
  EXPECT_TRUE(std::is_sorted(f1.begin(), f1.end()));
  EXPECT_EQ(f1, f3);
  std::sort(fu.begin(), fu.end());
  EXPECT_EQ(fu, f1) << "--unordered emits the same records";
}

TEST(ScanTest, BadInputsBecomeErrorRecordsAndTheScanGoesOn) {
  TempDir dir;
  std::vector<std::string> good = CopyPhotos(dir.path(), 3);
  std::vector<uint8_t> png = test::ReadBytes(test::OpenCvData("pic1.png"));
  ASSERT_GT(png.size(), 1000u);
  std::map<std::string, std::string> bad = {
      {dir.File("empty.jpg"), "empty"}, {dir.File("truncated.png"), ""},
      {dir.File("garbage.jpg"), ""},    {dir.File("notes.txt"), "unsupported"},
      {dir.File("bomb.png"), "limit"},  {dir.File("dangling.jpg"), "broken symbolic link"},
      {dir.File("pipe.jpg"), "FIFO"},   {dir.File("missing.jpg"), "No such file"},
  };
  test::WriteBytes(dir.File("empty.jpg"), {});
  test::WriteBytes(dir.File("truncated.png"), std::vector<uint8_t>(png.begin(), png.begin() + 700));
  std::vector<uint8_t> garbage(5000);
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<uint8_t>(i * 7919 % 251);
  test::WriteBytes(dir.File("garbage.jpg"), garbage);
  test::WriteBytes(dir.File("notes.txt"), {'h', 'e', 'l', 'l', 'o', '\n'});
  test::WriteBytes(dir.File("bomb.png"), BombPng());
  fs::create_symlink(dir.File("nowhere.jpg"), dir.File("dangling.jpg"));
  ASSERT_EQ(::mkfifo(dir.File("pipe.jpg").c_str(), 0644), 0);

  ScanOptions opts;
  opts.jobs = 2;
  ScanRun run = ScanAll({dir.path(), dir.File("missing.jpg")}, opts);
  EXPECT_EQ(run.records.size(), good.size() + bad.size());
  for (const auto& [path, what] : bad) {
    const ScanRecord* r = Find(run, path);
    ASSERT_NE(r, nullptr) << path;
    EXPECT_EQ(r->verdict, Verdict::kError) << path;
    ASSERT_TRUE(r->report.error) << path;
    EXPECT_NE(r->report.error->find(path), std::string::npos)
        << "names the file: " << *r->report.error;
    if (!what.empty()) {
      EXPECT_NE(r->report.error->find(what), std::string::npos) << *r->report.error;
    }
    EXPECT_EQ(RecordJson(*r)["verdict"], "error");
  }
  for (const auto& p : good) {
    const ScanRecord* r = Find(run, p);
    ASSERT_NE(r, nullptr);
    EXPECT_NE(r->verdict, Verdict::kError) << *r->report.error;
  }
  EXPECT_EQ(run.summary.errors, bad.size());
  EXPECT_EQ(run.summary.files, good.size() + bad.size());
  EXPECT_EQ(
      run.summary.labeled + run.summary.unlabeled + run.summary.broken_label + run.summary.errors,
      run.summary.files);
}

TEST(ScanTest, PixelLimitMakesBombsErrorsButMetadataOnlyNeverDecodes) {
  TempDir dir;
  test::WriteBytes(dir.File("bomb.png"), BombPng());
  std::vector<std::string> photos = CopyPhotos(dir.File("photos"), 2);
  ScanOptions tight;
  tight.jobs = 1;
  tight.detect.decode_limits.max_pixels = 1000;
  ScanRun decoded = ScanAll({dir.path()}, tight);
  ASSERT_EQ(decoded.records.size(), 3u);
  for (const auto& r : decoded.records) {
    ASSERT_TRUE(r.report.error) << r.report.file;
    EXPECT_NE(r.report.error->find("limit"), std::string::npos) << *r.report.error;
  }
  ScanOptions md = MetadataOnly();
  md.detect.decode_limits.max_pixels = 1000;
  ScanRun fast = ScanAll({dir.path()}, md);
  ASSERT_EQ(fast.records.size(), 3u);
  for (const auto& r : fast.records) {
    EXPECT_FALSE(r.report.error) << "metadata-only decoded pixels: " << *r.report.error;
  }
}

TEST(ScanTest, SymlinkLoopsAreDetectedAndDirectoriesScannedOnce) {
  TempDir dir;
  std::string root = dir.File("root");
  CopyPhotos(root + "/a", 2);
  CopyPhotos(root + "/b", 1);
  fs::create_directory_symlink("..", root + "/a/up");         // a/up -> root: a loop
  fs::create_directory_symlink(".", root + "/b/self");        // b/self -> b: a loop
  fs::create_directory_symlink(root + "/b", root + "/twin");  // a second way into b
  ScanRun run = ScanAll({root}, MetadataOnly());
  std::vector<std::string> loops, photos;
  for (const auto& r : run.records) {
    if (r.report.error && r.report.error->find("loop") != std::string::npos) {
      loops.push_back(r.report.file);
    } else {
      EXPECT_FALSE(r.report.error) << *r.report.error;
      photos.push_back(r.report.file);
    }
  }
  EXPECT_EQ(loops, (std::vector<std::string>{root + "/a/up", root + "/b/self"}));
  EXPECT_EQ(photos.size(), 3u) << "b is scanned once although twin also leads there";
}

std::vector<uint8_t> Bytes(const std::string& path) { return test::ReadBytes(path); }

TEST(ScanTest, ArchiveMembersAreScannedFromStreams) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.File("src"), 3);
  ASSERT_EQ(photos.size(), 3u);
  std::vector<Member> members = {
      {"photos/one" + fs::path(photos[0]).extension().string(), Bytes(photos[0])},
      {"./two" + fs::path(photos[1]).extension().string(), Bytes(photos[1])},
      {"deep/er/three" + fs::path(photos[2]).extension().string(), Bytes(photos[2])},
      {"broken.png", {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0}},
  };
  std::string arch = dir.File("arch");
  fs::create_directory(arch);
  const std::vector<std::tuple<std::string, std::string, std::string>> kinds = {
      {"a.zip", "zip", ""},      {"b.tar", "pax", ""},         {"c.tar.gz", "pax", "gzip"},
      {"d.tar.xz", "pax", "xz"}, {"e.tar.zst", "pax", "zstd"}, {"f.TGZ", "pax", "gzip"}};
  for (const auto& [name, format, filter] : kinds) {
    MakeArchive(arch + "/" + name, format, filter, members);
  }
  ScanOptions opts;
  opts.jobs = 2;
  ScanRun run = ScanAll({arch}, opts);
  ASSERT_EQ(run.records.size(), kinds.size() * members.size());
  size_t i = 0;
  for (const auto& [name, format, filter] : kinds) {
    for (size_t m = 0; m < members.size(); ++m, ++i) {
      const ScanRecord& r = run.records[i];
      std::string clean =
          members[m].name.rfind("./", 0) == 0 ? members[m].name.substr(2) : members[m].name;
      EXPECT_EQ(r.report.file, arch + "/" + name + "!/" + clean) << "archive order, archive place";
      if (m < photos.size()) {
        ASSERT_FALSE(r.report.error) << *r.report.error;
        EXPECT_EQ(r.sha256, Sha256Sum(photos[m]));
        EXPECT_EQ(r.size, fs::file_size(photos[m]));
        DetectReport direct = Detect(photos[m], opts.detect);
        EXPECT_EQ(r.verdict, Classify(direct));
        EXPECT_EQ(r.report.format, direct.format);
      } else {
        EXPECT_EQ(r.verdict, Verdict::kError);
      }
    }
  }
  std::vector<std::string> tmp_leftovers;
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
    if (e.path().string().find("src") == std::string::npos && !fs::is_directory(e.path()) &&
        !IsArchiveName(e.path().string())) {
      tmp_leftovers.push_back(e.path().string());
    }
  }
  EXPECT_TRUE(tmp_leftovers.empty()) << "nothing unpacked to disk";
}

TEST(ScanTest, DamagedArchivesReportWhatTheyCan) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.File("src"), 3);
  std::vector<Member> members;
  for (size_t i = 0; i < photos.size(); ++i) {
    members.push_back(
        {"m" + std::to_string(i) + fs::path(photos[i]).extension().string(), Bytes(photos[i])});
  }
  std::string whole = dir.File("whole.tar.gz");
  MakeArchive(whole, "pax", "gzip", members);
  std::vector<uint8_t> bytes = Bytes(whole);
  std::string scan_dir = dir.File("scan");
  fs::create_directory(scan_dir);
  test::WriteBytes(scan_dir + "/cut.tar.gz",
                   std::vector<uint8_t>(bytes.begin(), bytes.begin() + bytes.size() * 2 / 3));
  test::WriteBytes(scan_dir + "/garbage.zip", std::vector<uint8_t>(3000, 0x5A));
  test::WriteBytes(scan_dir + "/empty.tar", {});
  ScanRun run = ScanAll({scan_dir}, MetadataOnly());
  const ScanRecord* cut = Find(run, scan_dir + "/cut.tar.gz");
  ASSERT_NE(cut, nullptr);
  EXPECT_EQ(cut->verdict, Verdict::kError);
  EXPECT_NE(cut->report.error->find("cut.tar.gz"), std::string::npos);
  const ScanRecord* first = Find(run, scan_dir + "/cut.tar.gz!/" + members[0].name);
  ASSERT_NE(first, nullptr) << "members before the damage are still checked";
  EXPECT_NE(first->verdict, Verdict::kError);
  const ScanRecord* garbage = Find(run, scan_dir + "/garbage.zip");
  ASSERT_NE(garbage, nullptr);
  EXPECT_EQ(garbage->verdict, Verdict::kError);
  EXPECT_GE(run.summary.errors, 2u);
}

TEST(ScanTest, OversizedMembersAreErrorsNotAllocations) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.File("src"), 2);
  MakeArchive(dir.File("a.zip"), "zip", "",
              {{"big.jpg", Bytes(photos[0])}, {"small.bin", {1, 2, 3}}});
  ScanOptions opts = MetadataOnly();
  opts.max_member_bytes = 100;
  ScanRun run = ScanAll({dir.File("a.zip")}, opts);
  ASSERT_EQ(run.records.size(), 2u);
  ASSERT_TRUE(run.records[0].report.error);
  EXPECT_NE(run.records[0].report.error->find("limit"), std::string::npos);
  EXPECT_FALSE(run.records[0].sha256);
  EXPECT_EQ(run.records[1].size, 3u) << "the next member is still read";
}

TEST(ScanTest, ShardsPartitionTheCorpusExactly) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.File("d1"), 12);
  CopyPhotos(dir.File("d2"), 12);
  std::vector<Member> members;
  for (size_t i = 0; i < photos.size(); ++i) {
    members.push_back({"x/" + std::to_string(i) + ".bin", Bytes(photos[i])});
  }
  MakeArchive(dir.File("z.zip"), "zip", "", members);
  ScanOptions all = MetadataOnly();
  std::vector<std::string> everything = Files(ScanAll({dir.path()}, all));
  ASSERT_GE(everything.size(), 30u);
  std::vector<std::string> joined;
  std::set<std::string> seen;
  for (uint32_t i = 1; i <= 3; ++i) {
    ScanOptions o = MetadataOnly();
    o.shard = {i, 3};
    std::vector<std::string> part = Files(ScanAll({dir.path()}, o));
    EXPECT_FALSE(part.empty());
    for (const auto& f : part) {
      EXPECT_TRUE(seen.insert(f).second) << f << " is in two shards";
      EXPECT_EQ(ShardOfPath(f, 3), i);
    }
    joined.insert(joined.end(), part.begin(), part.end());
  }
  std::sort(joined.begin(), joined.end());
  std::vector<std::string> sorted_all = everything;
  std::sort(sorted_all.begin(), sorted_all.end());
  EXPECT_EQ(joined, sorted_all);
}

TEST(ScanTest, IncludeAndExcludeGlobs) {
  TempDir dir;
  CopyPhotos(dir.File("keep"), 6);
  CopyPhotos(dir.File("thumbs"), 2);
  test::WriteBytes(dir.File("keep/readme.txt"), {'x'});
  MakeArchive(dir.File("keep/a.zip"), "zip", "",
              {{"in.jpg", Bytes(test::RealPhotos()[0])}, {"in.txt", {'y'}}});
  ScanOptions o = MetadataOnly();
  o.include = {"*.jpg"};
  o.exclude = {"thumbs"};
  ScanRun run = ScanAll({dir.path()}, o);
  for (const auto& r : run.records) {
    EXPECT_EQ(r.report.file.find("thumbs"), std::string::npos) << r.report.file;
    EXPECT_EQ(fs::path(r.report.file).extension(), ".jpg") << r.report.file;
  }
  EXPECT_NE(Find(run, dir.File("keep/a.zip!/in.jpg")), nullptr) << "include selects members";
  ScanOptions whole_path = MetadataOnly();
  whole_path.exclude = {"*/keep/*"};
  for (const auto& f : Files(ScanAll({dir.path()}, whole_path))) {
    EXPECT_EQ(f.find("/keep/"), std::string::npos) << f;
  }
}

TEST(ScanTest, SkipSetAndIgnoredFilesAreNotScanned) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.path(), 6);
  MakeArchive(dir.File("a.zip"), "zip", "", {{"m.jpg", Bytes(photos[0])}});
  std::unordered_set<std::string> done = {photos[0], photos[2], dir.File("a.zip!/m.jpg")};
  ScanOptions o = MetadataOnly();
  o.skip = &done;
  o.ignore_files = {photos[5]};
  ScanRun run = ScanAll({dir.path()}, o);
  EXPECT_EQ(Files(run), (std::vector<std::string>{photos[1], photos[3], photos[4]}));
  EXPECT_EQ(run.summary.skipped, 3u);
}

TEST(ScanTest, LargeFilesAreHashedAsStreams) {
  TempDir dir;
  std::string big = dir.File("big.jpg");
  test::CopyFile(test::OpenCvData("fruits.jpg"), big);
  fs::resize_file(big, kMaxInMemoryScanBytes + 4096);  // sparse zeros after the JPEG
  ScanRun run = ScanAll({big}, MetadataOnly());
  ASSERT_EQ(run.records.size(), 1u);
  const ScanRecord& r = run.records[0];
  EXPECT_EQ(r.size, kMaxInMemoryScanBytes + 4096);
  EXPECT_EQ(r.sha256, Sha256Sum(big));
  EXPECT_EQ(r.report.format, "jpeg");
  EXPECT_EQ(r.report.file, big);
}

TEST(ScanTest, FailingSinkStopsTheScan) {
  TempDir dir;
  CopyPhotos(dir.path(), 10);
  int calls = 0;
  auto s = Scan({dir.path()}, MetadataOnly(), [&](const ScanRecord&) {
    return ++calls == 3 ? IoError("disk full") : Status::Ok();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "disk full");
  EXPECT_EQ(calls, 3);
}

TEST(ScanTest, BadOptionsAreRejected) {
  ScanOptions o;
  o.shard = {4, 3};
  EXPECT_EQ(Scan({"."}, o, [](const ScanRecord&) { return Status::Ok(); }).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Scan({}, ScanOptions{}, [](const ScanRecord&) { return Status::Ok(); }).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(ScanTest, LabelledFilesAreFoundInFoldersAndArchives) {
  TempDir dir;
  std::vector<std::string> photos = CopyPhotos(dir.File("src"), 14);
  std::string jpg, png;
  for (const auto& p : photos) {
    if (jpg.empty() && fs::path(p).extension() == ".jpg") jpg = p;
    if (png.empty() && fs::path(p).extension() == ".png") png = p;
  }
  ASSERT_FALSE(jpg.empty());
  ASSERT_FALSE(png.empty());
  fs::create_directory(dir.File("corpus"));
  for (const auto& [in, out] : {std::pair{jpg, dir.File("corpus/labeled.jpg")},
                                std::pair{png, dir.File("corpus/labeled.png")}}) {
    auto w = test::RunCli("metadata write " + test::Quote(in) + " -o " + test::Quote(out) +
                          " --label 1 --producer ACME-AI --produce-id img-001");
    ASSERT_EQ(w.exit_code, 0) << w.err;
  }
  test::CopyFile(jpg, dir.File("corpus/plain.jpg"));
  MakeArchive(dir.File("corpus/pack.tar.gz"), "pax", "gzip",
              {{"labeled.jpg", Bytes(dir.File("corpus/labeled.jpg"))}});
  ScanRun run = ScanAll({dir.File("corpus")}, MetadataOnly());
  for (const std::string f : {"labeled.jpg", "labeled.png", "pack.tar.gz!/labeled.jpg"}) {
    const ScanRecord* r = Find(run, dir.File("corpus/") + f);
    ASSERT_NE(r, nullptr) << f;
    EXPECT_EQ(r->verdict, Verdict::kLabeled) << f << ": " << ScanRecordToJson(*r);
    ASSERT_TRUE(r->report.metadata && r->report.metadata->aigc) << f;
    EXPECT_EQ(r->report.metadata->aigc->content_producer, "ACME-AI");
    EXPECT_EQ(r->report.metadata->aigc->produce_id, "img-001");
  }
  EXPECT_EQ(Find(run, dir.File("corpus/plain.jpg"))->verdict, Verdict::kUnlabeled);
  EXPECT_EQ(run.summary.labeled, 3u);
  EXPECT_EQ(run.summary.unlabeled, 1u);
}

// The reorder window bounds how many finished records wait for a slow one.
TEST(WorkQueueTest, ReorderWindowBoundsRecordsHeld) {
  constexpr size_t kWindow = 8;
  constexpr int kTasks = 200;
  std::atomic<int> started{0};
  std::atomic<int> emitted{0};
  std::atomic<int> worst{0};
  std::vector<std::string> order;
  WorkQueueOptions o;
  o.jobs = 3;
  o.ordered = true;
  o.window = kWindow;
  o.queue_length = 4;
  {
    WorkQueue q(
        o,
        [&](ScanTask& t) {
          int held = ++started - emitted.load();
          int w = worst.load();
          while (held > w && !worst.compare_exchange_weak(w, held)) {
          }
          if (t.path == "0005" || t.path == "0100") {
            std::this_thread::sleep_for(std::chrono::milliseconds(30));  // a slow file
          }
          ScanRecord r;
          r.report.file = t.path;
          return r;
        },
        [&](ScanRecord& r) {
          order.push_back(r.report.file);
          ++emitted;
          return Status::Ok();
        });
    for (int i = 0; i < kTasks; ++i) {
      char name[8];
      std::snprintf(name, sizeof(name), "%04d", i);
      ASSERT_TRUE(q.Submit(ScanTask{name, false, {}}));
    }
    ASSERT_TRUE(q.Finish().ok());
  }
  ASSERT_EQ(order.size(), static_cast<size_t>(kTasks));
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  EXPECT_LE(worst.load(), static_cast<int>(kWindow));
}

}  // namespace
}  // namespace aigcmark
