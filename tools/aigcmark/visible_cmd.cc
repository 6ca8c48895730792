// `aigcmark visible add|check`: draw a GB 45438 explicit label, or find and check one.
#include <cstdio>
#include <memory>


#include "aigcmark/visible.h"
#include "command.h"
#include "core/file_io.h"

namespace aigcmark::cli {
namespace {

struct AddArgs {
  std::string in, out;
  bool in_place = false;
  std::string text = "AI生成";
  std::string position = "bottom-right";
  std::string font;
  std::string color;
  std::string backing = "auto";
  int margin = -1;
  double opacity = 1.0;
  double height_ratio = 0.06;
};

int RunAdd(const AddArgs& a) {
  if (a.in_place == !a.out.empty()) {
    PrintError("visible add: give exactly one of -o OUT or --in-place");
    return kExitUsage;
  }
  if (!a.in_place && SameFile(a.in, a.out)) {
    PrintError("visible add: -o names the input file; use --in-place to modify it");
    return kExitUsage;
  }
  VisibleAddOptions opts;
  opts.text = a.text;
  opts.font_file = a.font;
  opts.margin = a.margin;
  opts.opacity = a.opacity;
  opts.height_ratio = a.height_ratio;
  auto pos = ParseVisiblePosition(a.position);
  if (!pos.ok()) {
    PrintError("visible add: " + pos.status().message());
    return kExitUsage;
  }
  opts.position = *pos;
  auto backing = ParseVisibleBacking(a.backing);
  if (!backing.ok()) {
    PrintError("visible add: " + backing.status().message());
    return kExitUsage;
  }
  opts.backing = *backing;
  if (!a.color.empty()) {
    auto c = ParseColor(a.color);
    if (!c.ok()) {
      PrintError("visible add: " + c.status().message());
      return kExitUsage;
    }
    opts.text_color = *c;
  }
  std::string out = a.in_place ? a.in : a.out;
  auto info = AddVisibleLabelFile(a.in, out, opts, a.in_place);
  if (!info.ok()) {
    // Bad option values are usage errors; everything else is this input failing.
    if (info.status().code() == StatusCode::kInvalidArgument &&
        info.status().message().find("must be") != std::string::npos) {
      PrintError("visible add: " + info.status().message());
      return kExitUsage;
    }
    return ReportFailure(info.status());
  }
  std::printf("%s: drew \"%s\" at %s, text %dx%d px = %.1f%% of the shortest side (%s)\n",
              out.c_str(), a.text.c_str(), VisiblePositionName(opts.position), info->box[2],
              info->box[3], 100.0 * info->height_ratio, VisibleBackingName(info->backing));
  return kExitOk;
}

struct CheckArgs {
  std::vector<std::string> files;
  bool json = false;
};

int RunCheck(const CheckArgs& a) {
  DetectOptions opts;
  opts.metadata = false;
  opts.watermark = false;
  opts.visible = true;
  return RunDetectAndPrint(a.files, opts, a.json, "visible");
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto* vis = app.add_subcommand("visible", "Draw or check the explicit (visible) label (GB 45438)");
  vis->require_subcommand(1);

  auto a = std::make_shared<AddArgs>();
  auto* add = vis->add_subcommand("add", "Draw a compliant visible label on an image");
  add->add_option("IN", a->in, "Input image (JPEG, PNG, WebP, TIFF)")->required()->check(CLI::ExistingFile);
  auto* o = add->add_option("-o,--output", a->out, "Output image; format from its extension (written atomically)");
  auto* ip = add->add_flag("--in-place", a->in_place, "Modify IN itself (atomically)");
  o->excludes(ip);
  add->add_option("--text", a->text, "Label text, UTF-8 (default: AI生成)");
  add->add_option("--position", a->position,
                  "top-left, top, top-right, left, right, bottom-left, bottom, bottom-right (default)");
  add->add_option("--font", a->font, "Font file to use instead of the fontconfig match");
  add->add_option("--color", a->color, "Text colour (#rrggbb or a name; default: white or black by contrast)");
  add->add_option("--backing", a->backing, "auto (default), plate, outline or none");
  add->add_option("--margin", a->margin, "Gap to the image edges in pixels (default: 2% of the shortest side)");
  add->add_option("--opacity", a->opacity, "Label opacity 0.5..1 (default 1)");
  add->add_option("--height-ratio", a->height_ratio,
                  "Text height / shortest side, >= 0.05 (default 0.06)");
  add->callback([a, &ctx] { ctx.exit_code = RunAdd(*a); });

  auto c = std::make_shared<CheckArgs>();
  auto* check = vis->add_subcommand("check", "Find and read visible labels and check compliance");
  check->add_option("FILE", c->files, "Images to check")->required();
  check->add_flag("--json", c->json, "One JSON object per file per line");
  check->callback([c, &ctx] { ctx.exit_code = RunCheck(*c); });
}

AIGCMARK_REGISTER_COMMAND(30, Register);

}  // namespace
}  // namespace aigcmark::cli
