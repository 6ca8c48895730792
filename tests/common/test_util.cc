#include "common/test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace aigcmark::test {

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "aigcmark-test-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

CommandResult Run(const std::string& command_line) {
  TempDir tmp;
  std::string out = tmp.File("out"), err = tmp.File("err");
  std::string full = "( " + command_line + " ) >" + Quote(out) + " 2>" + Quote(err) + " </dev/null";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

CommandResult RunCli(const std::string& args) { return Run(Quote(AIGCMARK_CLI) + " " + args); }

std::string OpenCvData(const std::string& name) { return std::string(AIGCMARK_OPENCV_DATA) + "/" + name; }

std::vector<std::string> RealPhotos() {
  static const char* kNames[] = {"fruits.jpg", "baboon.jpg", "aloeL.jpg", "starry_night.jpg",
                                 "lena.jpg", "building.jpg", "home.jpg", "messi5.jpg",
                                 "orange.jpg", "apple.jpg", "board.jpg", "butterfly.jpg",
                                 "graf1.png", "pic1.png", "smarties.png", "squirrel_cls.jpg",
                                 "HappyFish.jpg", "leuvenA.jpg", "box_in_scene.png", "rubberwhale1.png"};
  std::vector<std::string> out;
  for (const char* n : kNames) {
    std::string p = OpenCvData(n);
    if (fs::exists(p)) out.push_back(p);
  }
  return out;
}

std::string SharedFile(const std::string& relative) {
  return std::string(AIGCMARK_SHARED_DIR) + "/" + relative;
}

bool HaveTool(const std::string& tool) {
  return Run("command -v " + Quote(tool)).exit_code == 0;
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void CopyFile(const std::string& from, const std::string& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace aigcmark::test
