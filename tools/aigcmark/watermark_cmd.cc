// `aigcmark watermark embed|detect`: the invisible watermark on its own.
#include <cstdio>
#include <memory>


#include "aigcmark/image.h"
#include "aigcmark/label.h"
#include "aigcmark/watermark.h"
#include "command.h"

namespace aigcmark::cli {
namespace {

struct EmbedArgs {
  std::string in, out, payload;
  float strength = 1.0f;
  KeyFlags key;
};

struct DetectArgs {
  std::vector<std::string> files;
  bool json = false;
  KeyFlags key;
};

int RunEmbed(const EmbedArgs& a) {
  auto payload = PayloadFromHex(a.payload);
  if (!payload.ok()) {
    PrintError("--payload: " + payload.status().message());
    return kExitUsage;
  }
  auto key = a.key.Resolve();
  if (!key.ok()) {
    PrintError(key.status().message());
    return kExitUsage;
  }
  WatermarkEmbedOptions opts;
  opts.key = *key;
  opts.strength = a.strength;
  Status s = EmbedWatermarkFile(a.in, a.out, *payload, opts);
  if (!s.ok()) return s.code() == StatusCode::kInvalidArgument ? (PrintError(s.message()), kExitUsage)
                                                               : ReportFailure(s);
  return kExitOk;
}

int RunDetect(const DetectArgs& a) {
  auto key = a.key.Resolve();
  if (!key.ok()) {
    PrintError(key.status().message());
    return kExitUsage;
  }
  DetectOptions opts;
  opts.metadata = false;
  opts.visible = false;
  opts.watermark_options.key = *key;
  return RunDetectAndPrint(a.files, opts, a.json, "watermark");
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto* wm = app.add_subcommand("watermark", "Embed or detect the invisible watermark");
  wm->require_subcommand(1);

  auto e = std::make_shared<EmbedArgs>();
  auto* embed = wm->add_subcommand("embed", "Embed a 64-bit payload into an image (JPEG/PNG/WebP/TIFF)");
  embed->add_option("IN", e->in, "Input image")->required()->check(CLI::ExistingFile);
  embed->add_option("-o,--output", e->out, "Output image (format from the extension)")->required();
  embed->add_option("--payload", e->payload, "Payload: exactly 16 hex digits")->required();
  embed->add_option("--strength", e->strength, "Strength multiplier (default 1.0; larger = more robust, more visible)")
      ->check(CLI::Range(0.05f, 10.0f));
  e->key.Add(embed);
  embed->callback([e, &ctx] { ctx.exit_code = RunEmbed(*e); });

  auto d = std::make_shared<DetectArgs>();
  auto* detect = wm->add_subcommand("detect", "Look for the watermark and read its payload");
  detect->add_option("FILE", d->files, "Images to check")->required();
  detect->add_flag("--json", d->json, "One JSON object per file per line");
  d->key.Add(detect);
  detect->callback([d, &ctx] { ctx.exit_code = RunDetect(*d); });
}

AIGCMARK_REGISTER_COMMAND(20, Register);

}  // namespace
}  // namespace aigcmark::cli
