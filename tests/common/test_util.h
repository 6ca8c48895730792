// Shared test helpers: temp dirs, running the CLI and other tools, real sample media.
#ifndef AIGCMARK_TESTS_COMMON_TEST_UTIL_H_
#define AIGCMARK_TESTS_COMMON_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

namespace aigcmark::test {

/// A fresh directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs a shell command line; captures stdout, stderr and the exit code.
CommandResult Run(const std::string& command_line);
/// Runs the built CLI with arguments (already shell-quoted as needed).
CommandResult RunCli(const std::string& args);
/// Quotes one argument for /bin/sh.
std::string Quote(const std::string& s);

/// Full path of a file in opencv-doc's examples/data (e.g. "fruits.jpg").
std::string OpenCvData(const std::string& name);
/// Real photos from opencv-doc that exist on this machine (JPEG and PNG).
std::vector<std::string> RealPhotos();
/// Path inside the shared/ folder beside the project.
std::string SharedFile(const std::string& relative);
/// True when `tool` is on PATH.
bool HaveTool(const std::string& tool);

std::vector<uint8_t> ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, const std::vector<uint8_t>& bytes);
void CopyFile(const std::string& from, const std::string& to);
/// Splits text into non-empty lines.
std::vector<std::string> Lines(const std::string& text);

}  // namespace aigcmark::test

#endif  // AIGCMARK_TESTS_COMMON_TEST_UTIL_H_
