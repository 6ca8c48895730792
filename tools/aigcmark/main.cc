// aigcmark: label AI-generated images and video, and find the labels again.
#include <CLI/CLI.hpp>

extern "C" {
#include <libavutil/log.h>
}

#include "aigcmark/version.h"
#include "command.h"

int main(int argc, char** argv) {
  // libav* prints progress chatter (e.g. faststart second pass) at INFO; users want errors only.
  av_log_set_level(AV_LOG_ERROR);
  CLI::App app{"aigcmark: put GB 45438 / EU AI Act labels on AI-generated media, and find them"};
  app.set_version_flag("--version", std::string("aigcmark ") + aigcmark::Version());
  app.require_subcommand(1);
  aigcmark::cli::CommandContext ctx;
  aigcmark::cli::RegisterAll(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? aigcmark::cli::kExitOk : aigcmark::cli::kExitUsage;
  }
  return ctx.exit_code;
}
