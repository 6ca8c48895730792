// Subcommand self-registration and the helpers every subcommand shares.
#ifndef AIGCMARK_TOOLS_COMMAND_H_
#define AIGCMARK_TOOLS_COMMAND_H_

#include <CLI/CLI.hpp>

#include <string>

#include "aigcmark/detect.h"
#include "aigcmark/label.h"
#include "aigcmark/status.h"

namespace aigcmark::cli {

/// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;           // every input processed
inline constexpr int kExitInputFailed = 1;  // at least one input could not be processed
inline constexpr int kExitUsage = 2;        // bad flags or arguments

/// Set by the subcommand that ran.
struct CommandContext {
  int exit_code = kExitOk;
};

using RegisterFn = void (*)(CLI::App& app, CommandContext& ctx);

/// Adds a subcommand registrar; `order` sorts subcommands in --help. Returns true.
bool RegisterCommand(int order, RegisterFn fn);
/// Calls every registrar in order.
void RegisterAll(CLI::App& app, CommandContext& ctx);

/// Prints "aigcmark: <message>" to stderr.
void PrintError(const std::string& message);
/// Prints a non-ok status naming what failed; returns kExitInputFailed.
int ReportFailure(const Status& status);

/// Adds --key / --key-file to `cmd`; ResolveKey() turns them into the key string.
struct KeyFlags {
  std::string key;
  std::string key_file;
  void Add(CLI::App* cmd);
  /// The key to use: --key, else the trimmed contents of --key-file, else the public default.
  StatusOr<std::string> Resolve() const;
};

/// The seven label-field flags shared by `metadata write` and `label`; ToUpdate() keeps unset
/// fields unset so the file's existing label supplies them.
struct LabelFlags {
  std::string label, producer, produce_id, reserved1, propagator, propagate_id, reserved2;
  void Add(CLI::App* cmd);
  LabelUpdate ToUpdate() const;
};

/// Human-readable multi-line report for moderators.
std::string ReportToText(const DetectReport& report);

/// Runs the one detection engine on each file and prints either the text report or, with
/// `json`, one JSON line: the whole `detect --json` object when `part` is null, else
/// {"file", "error", <part>} where <part> ("watermark", "visible") is that object's member.
/// Returns kExitInputFailed if any file failed, else kExitOk.
int RunDetectAndPrint(const std::vector<std::string>& files, const DetectOptions& options, bool json,
                  const char* part);

}  // namespace aigcmark::cli

#define AIGCMARK_REGISTER_COMMAND(order, fn) \
  static const bool AIGCMARK_CONCAT_(kAigcmarkRegistered_, __LINE__) = \
      ::aigcmark::cli::RegisterCommand(order, fn)

#endif  // AIGCMARK_TOOLS_COMMAND_H_
