// `aigcmark label`: visible label + watermark + metadata on an image or a video, in one go.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "aigcmark/video.h"
#include "command.h"

namespace aigcmark::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

// Installs a SIGINT/SIGTERM handler that asks the pipeline to stop (it then removes its temp
// file); restores the previous handlers on destruction.
class InterruptScope {
 public:
  InterruptScope() {
    struct sigaction sa {};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C kills at once
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~InterruptScope() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

struct LabelArgs {
  std::string in, out;
  LabelFlags fields;
  std::string dst;
  std::string text, position;
  bool no_visible = false, no_metadata = false, no_watermark = false;
  int crf = -1;
  std::string preset, codec;
  std::string visible_duration;
  float strength = 0.0f;
  KeyFlags key;
};

std::string FormatSeconds(double s) {
  char buf[32];
  if (s < 0) return "?";
  int t = static_cast<int>(std::lround(s));
  if (t >= 3600) {
    std::snprintf(buf, sizeof(buf), "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
  } else {
    std::snprintf(buf, sizeof(buf), "%d:%02d", t / 60, t % 60);
  }
  return buf;
}

void PrintProgress(const VideoProgress& p) {
  char line[160];
  if (p.frames_total > 0) {
    std::snprintf(line, sizeof(line), "\r  frame %lld/%lld (%3.0f%%)  %.1f fps  ETA %s   ",
                  static_cast<long long>(p.frames_done), static_cast<long long>(p.frames_total),
                  100.0 * p.frames_done / p.frames_total, p.fps, FormatSeconds(p.eta_seconds).c_str());
  } else {
    std::snprintf(line, sizeof(line), "\r  frame %lld  %.1f fps   ",
                  static_cast<long long>(p.frames_done), p.fps);
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
}

int RunLabel(const LabelArgs& a) {
  LabelMediaOptions o;
  o.update = a.fields.ToUpdate();
  if (a.dst == "none") {
    o.digital_source_type.reset();
  } else if (!a.dst.empty()) {
    o.digital_source_type = a.dst;
  }
  o.visible = !a.no_visible;
  o.watermark = !a.no_watermark;
  o.metadata = !a.no_metadata;
  if (!a.text.empty()) o.visible_options.text = a.text;
  if (!a.position.empty()) {
    auto pos = ParseVisiblePosition(a.position);
    if (!pos.ok()) {
      PrintError("label: --position: " + pos.status().message());
      return kExitUsage;
    }
    o.visible_options.position = *pos;
  }
  if (!a.visible_duration.empty()) {
    if (a.visible_duration == "all") {
      o.visible_seconds = kVisibleWholeClip;
    } else {
      char* end = nullptr;
      double s = std::strtod(a.visible_duration.c_str(), &end);
      if (end == a.visible_duration.c_str() || *end != '\0' || !(s >= kMinVisibleSeconds) ||
          !std::isfinite(s)) {
        PrintError("label: --visible-duration must be a number of seconds >= 2, or \"all\"");
        return kExitUsage;
      }
      o.visible_seconds = s;
    }
  }
  auto key = a.key.Resolve();
  if (!key.ok()) {
    PrintError(key.status().message());
    return kExitUsage;
  }
  o.key = *key;
  o.watermark_strength = a.strength;
  o.encode.crf = a.crf;
  o.encode.preset = a.preset;
  o.encode.codec = a.codec;
  bool tty = ::isatty(STDERR_FILENO) != 0;
  bool progress_shown = false;
  if (tty) {
    o.progress = [&progress_shown](const VideoProgress& p) {
      progress_shown = true;
      PrintProgress(p);
    };
  }
  g_interrupted.store(false);
  o.cancel = &g_interrupted;

  StatusOr<LabelMediaResult> r = [&] {
    InterruptScope scope;
    return LabelMedia(a.in, a.out, o);
  }();
  if (progress_shown) std::fputs("\n", stderr);
  if (!r.ok()) {
    if (g_interrupted.load()) {
      PrintError(a.in + ": interrupted; no output written");
      return kExitInputFailed;
    }
    return ReportFailure(r.status());
  }
  for (const auto& note : r->notes) std::fprintf(stderr, "aigcmark: note: %s\n", note.c_str());
  std::string parts;
  auto add = [&parts](const std::string& s) { parts += (parts.empty() ? "" : ", ") + s; };
  if (o.visible) {
    add(r->frames > 0 ? "visible label on " + std::to_string(r->frames_labelled) + " frames"
                      : std::string("visible label"));
  }
  if (o.watermark) add("watermark " + PayloadToHex(r->payload));
  if (o.metadata) add("metadata " + LabelToJson(r->label));
  std::printf("%s: labelled (%s)\n", a.out.c_str(), parts.c_str());
  if (r->frames > 0) {
    std::printf("  %lld frames, %s\n", static_cast<long long>(r->frames),
                r->reencoded ? ("re-encoded with " + r->video_codec).c_str()
                             : "stream copy (nothing re-encoded)");
  }
  return kExitOk;
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<LabelArgs>();
  auto* cmd = app.add_subcommand(
      "label", "Label an image or video: visible label + invisible watermark + metadata");
  cmd->add_option("IN", a->in, "Input image or video")->required()->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", a->out, "Output file (written atomically)")->required();
  a->fields.Add(cmd);
  cmd->add_option("--digital-source-type", a->dst,
                  "IPTC DigitalSourceType URI (default " + std::string(kTrainedAlgorithmicMedia) +
                      "; 'none' writes none)");
  cmd->add_option("--text", a->text, "Visible label text (default \"AI生成\")");
  cmd->add_option("--position", a->position,
                  "Visible label position: top-left, top, top-right, left, right, bottom-left, "
                  "bottom, bottom-right (default)");
  cmd->add_option("--visible-duration", a->visible_duration,
                  "Video: seconds the visible label stays (>= 2, default 3), or \"all\"");
  cmd->add_flag("--no-visible", a->no_visible, "Do not draw the visible label");
  cmd->add_flag("--no-watermark", a->no_watermark, "Do not embed the invisible watermark");
  cmd->add_flag("--no-metadata", a->no_metadata, "Do not write the metadata label");
  cmd->add_option("--strength", a->strength, "Watermark strength multiplier (default: tuned)")
      ->check(CLI::Range(0.1f, 8.0f));
  cmd->add_option("--crf", a->crf, "Video quality (x264/x265 0..51, VP9/AV1 0..63; lower is better)")
      ->check(CLI::Range(0, 63));
  cmd->add_option("--preset", a->preset, "Video encoder preset (ultrafast ... veryslow; default medium)");
  cmd->add_option("--codec", a->codec, "Video codec: h264 (default), h265, vp9, av1")
      ->check(CLI::IsMember({"h264", "h265", "vp9", "av1"}));
  a->key.Add(cmd);
  cmd->callback([a, &ctx] { ctx.exit_code = RunLabel(*a); });
}

AIGCMARK_REGISTER_COMMAND(40, Register);

}  // namespace
}  // namespace aigcmark::cli
