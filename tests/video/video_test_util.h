// Helpers for the video tests: clips made with the ffmpeg CLI, facts read with ffprobe.
#ifndef AIGCMARK_TESTS_VIDEO_VIDEO_TEST_UTIL_H_
#define AIGCMARK_TESTS_VIDEO_VIDEO_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/test_util.h"

namespace aigcmark::test {

/// Runs `ffmpeg -hide_banner -loglevel error -y ARGS`; fails the test when ffmpeg fails.
inline void Ffmpeg(const std::string& args) {
  CommandResult r = Run("ffmpeg -nostdin -hide_banner -loglevel error -y " + args);
  ASSERT_EQ(r.exit_code, 0) << "ffmpeg " << args << "\n" << r.err;
}

/// ffprobe's JSON for a file (format, streams, chapters).
inline nlohmann::json Probe(const std::string& path, const std::string& extra = "") {
  CommandResult r = Run("ffprobe -v error -print_format json -show_format -show_streams "
                        "-show_chapters " + extra + " " + Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

/// The first stream of `type` ("video", "audio", "subtitle") in ffprobe JSON.
inline nlohmann::json StreamOf(const nlohmann::json& probe, const std::string& type) {
  for (const auto& s : probe["streams"]) {
    if (s.value("codec_type", "") == type) return s;
  }
  return nlohmann::json::object();
}

/// Decoded video frame count (ffprobe -count_frames).
inline int CountFrames(const std::string& path) {
  CommandResult r = Run("ffprobe -v error -select_streams v:0 -count_frames -show_entries "
                        "stream=nb_read_frames -of csv=p=0 " + Quote(path));
  return std::atoi(r.out.c_str());
}

/// MD5 of the packets of the selected streams, stream-copied (`-map SEL -c copy -f md5`).
inline std::string PacketMd5(const std::string& path, const std::string& map) {
  CommandResult r = Run("ffmpeg -nostdin -v error -i " + Quote(path) + " -map " + map +
                        " -c copy -f md5 -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

/// Per-packet hashes of the selected stream (`-c copy -f framemd5`), with the header dropped.
inline std::string PacketFrameMd5(const std::string& path, const std::string& map) {
  CommandResult r = Run("ffmpeg -nostdin -v error -i " + Quote(path) + " -map " + map +
                        " -c copy -f framemd5 - | grep -v '^#'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

/// Files in a directory (to check that no temp or output file was left behind).
inline std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_VIDEO_VIDEO_TEST_UTIL_H_
