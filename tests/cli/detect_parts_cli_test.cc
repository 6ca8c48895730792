// `watermark detect` and `visible check` run the one detection engine, so they work on video too
// and print exactly the objects `detect --json` prints.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/test_util.h"

namespace aigcmark {
namespace {

using nlohmann::json;
using test::Quote;
using test::RunCli;

TEST(DetectPartsCli, WatermarkAndVisibleOnALabelledClipMatchDetect) {
  test::TempDir dir;
  std::string in = std::string(AIGCMARK_SOURCE_DIR) + "/samples/media/clip.mp4";
  std::string out = dir.File("labelled.mp4");
  auto l = RunCli("label " + Quote(in) + " -o " + Quote(out) +
                  " --producer 001191110102MACQD9K64010000 --produce-id clip-1");
  ASSERT_EQ(l.exit_code, 0) << l.err;

  auto full = RunCli("detect --json --visible " + Quote(out));
  ASSERT_EQ(full.exit_code, 0) << full.err;
  json d = json::parse(full.out);

  auto wm = RunCli("watermark detect --json " + Quote(out));
  ASSERT_EQ(wm.exit_code, 0) << wm.err;
  json w = json::parse(wm.out);
  EXPECT_EQ(w.size(), 3u) << w.dump();  // exactly file, error, watermark
  EXPECT_TRUE(w["error"].is_null());
  EXPECT_TRUE(w["watermark"]["detected"].get<bool>()) << w.dump();
  EXPECT_EQ(w["watermark"]["payload"], d["watermark"]["payload"]);

  auto vis = RunCli("visible check --json " + Quote(out));
  ASSERT_EQ(vis.exit_code, 0) << vis.err;
  json v = json::parse(vis.out);
  EXPECT_EQ(v.size(), 3u) << v.dump();
  EXPECT_TRUE(v["visible"]["detected"].get<bool>()) << v.dump();
  EXPECT_EQ(v["visible"]["text"], d["visible"]["text"]);
  EXPECT_GE(v["visible"]["shown_seconds"].get<double>(), 2.0);
}

TEST(DetectPartsCli, ErrorsKeepThePartAsNull) {
  test::TempDir dir;
  std::string bad = dir.File("bad.png");
  test::WriteBytes(bad, {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
  for (const char* cmd : {"watermark detect --json ", "visible check --json "}) {
    auto r = RunCli(std::string(cmd) + Quote(bad));
    EXPECT_EQ(r.exit_code, 1) << cmd;
    json j = json::parse(r.out);
    EXPECT_NE(j["error"].get<std::string>().find("bad.png"), std::string::npos) << j.dump();
    EXPECT_TRUE(j.contains("watermark") || j.contains("visible"));
    EXPECT_NE(r.err.find("bad.png"), std::string::npos);
  }
}

}  // namespace
}  // namespace aigcmark
