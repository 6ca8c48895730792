// aigcmark: label AI-generated images and video, and find the labels again.
#include <CLI/CLI.hpp>
#include <malloc.h>

extern "C" {
#include <libavutil/log.h>
}

#include "aigcmark/version.h"
#include "command.h"

int main(int argc, char** argv) {
  // Every subcommand allocates and frees frame-sized buffers (decoded pixels, DFT planes) per
  // file or frame. glibc would mmap/munmap each one and the kernel would zero fresh pages every
  // time (16% of a scan's CPU); keeping them in the heap makes them reusable. Bounded: memory is
  // reused, not accumulated. 32 MiB is glibc's largest allowed mmap threshold.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
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
