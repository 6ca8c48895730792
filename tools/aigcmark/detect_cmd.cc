// `aigcmark detect`: the moderator's command, one report per file.
#include <cstdio>
#include <memory>

#include "aigcmark/detect.h"
#include "command.h"

namespace aigcmark::cli {
namespace {

struct DetectArgs {
  std::vector<std::string> files;
  bool json = false;
  bool visible = false;
  bool no_watermark = false;
  KeyFlags key;
};

int RunDetect(const DetectArgs& a) {
  DetectOptions opts;
  opts.visible = a.visible;
  opts.watermark = !a.no_watermark;
  auto key = a.key.Resolve();
  if (!key.ok()) {
    PrintError(key.status().message());
    return kExitUsage;
  }
  opts.watermark_options.key = *key;
  return RunDetectAndPrint(a.files, opts, a.json, nullptr);
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<DetectArgs>();
  auto* cmd = app.add_subcommand("detect", "Is this file labelled, by whom, how sure, and is it compliant?");
  cmd->add_option("FILE", a->files, "Images or videos to check")->required();
  cmd->add_flag("--json", a->json, "One JSON object per file per line");
  cmd->add_flag("--visible", a->visible, "Also look for a visible label (OCR; slower)");
  cmd->add_flag("--no-watermark", a->no_watermark, "Skip the invisible watermark check");
  a->key.Add(cmd);
  cmd->callback([a, &ctx] { ctx.exit_code = RunDetect(*a); });
}

AIGCMARK_REGISTER_COMMAND(50, Register);

}  // namespace
}  // namespace aigcmark::cli
