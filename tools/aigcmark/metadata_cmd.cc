// `aigcmark metadata write|read`: the implicit metadata label.
#include <cstdio>
#include <memory>

#include "aigcmark/detect.h"
#include "aigcmark/metadata.h"
#include "command.h"
#include "core/file_io.h"

namespace aigcmark::cli {
namespace {

struct WriteArgs {
  std::string in, out;
  bool in_place = false;
  std::string label, producer, produce_id, reserved1, propagator, propagate_id, reserved2, dst;
};

int RunWrite(const WriteArgs& a) {
  if (a.in_place == !a.out.empty()) {
    PrintError("metadata write: give exactly one of -o OUT or --in-place");
    return kExitUsage;
  }
  std::string out = a.in_place ? a.in : a.out;
  if (!a.in_place && SameFile(a.in, a.out)) {
    PrintError("metadata write: -o names the input file; use --in-place to modify it");
    return kExitUsage;
  }
  MetadataWriteOptions opts;
  auto set = [](std::optional<std::string>& f, const std::string& v) { if (!v.empty()) f = v; };
  set(opts.update.label, a.label);
  set(opts.update.content_producer, a.producer);
  set(opts.update.produce_id, a.produce_id);
  set(opts.update.reserved_code1, a.reserved1);
  set(opts.update.content_propagator, a.propagator);
  set(opts.update.propagate_id, a.propagate_id);
  set(opts.update.reserved_code2, a.reserved2);
  if (!a.dst.empty()) opts.digital_source_type = a.dst;
  auto written = WriteMetadata(a.in, out, opts);
  if (!written.ok()) return ReportFailure(written.status());
  std::printf("%s: wrote label %s\n", out.c_str(), LabelToJson(*written).c_str());
  return kExitOk;
}

struct ReadArgs {
  std::vector<std::string> files;
  bool json = false;
};

int RunRead(const ReadArgs& a) {
  DetectOptions opts;
  opts.watermark = false;
  opts.visible = false;
  int code = kExitOk;
  for (const auto& f : a.files) {
    DetectReport r = Detect(f, opts);
    if (r.error) {
      PrintError(*r.error);
      code = kExitInputFailed;
    }
    if (a.json) {
      std::printf("%s\n", DetectReportToJson(r).c_str());
    } else {
      std::fputs(ReportToText(r).c_str(), stdout);
    }
  }
  return code;
}

void Register(CLI::App& app, CommandContext& ctx) {
  auto* md = app.add_subcommand("metadata", "Write or read the implicit metadata label (GB 45438 Annex E)");
  md->require_subcommand(1);

  auto w = std::make_shared<WriteArgs>();
  auto* write = md->add_subcommand("write", "Write the AIGC label into an image or MP4/MOV without re-encoding");
  write->add_option("IN", w->in, "Input file")->required()->check(CLI::ExistingFile);
  auto* o = write->add_option("-o,--output", w->out, "Output file (written atomically)");
  auto* ip = write->add_flag("--in-place", w->in_place, "Modify IN itself (atomically)");
  o->excludes(ip);
  write->add_option("--label", w->label, "1 = AI-generated, 2 = possibly, 3 = suspected (default: keep, else 1)")
      ->check(CLI::IsMember({"1", "2", "3"}));
  write->add_option("--producer", w->producer, "ContentProducer code");
  write->add_option("--produce-id", w->produce_id, "ProduceID: the producer's content id");
  write->add_option("--reserved-code1", w->reserved1, "ReservedCode1");
  write->add_option("--propagator", w->propagator, "ContentPropagator code");
  write->add_option("--propagate-id", w->propagate_id, "PropagateID: the propagator's content id");
  write->add_option("--reserved-code2", w->reserved2, "ReservedCode2");
  write->add_option("--digital-source-type", w->dst, "IPTC DigitalSourceType URI, e.g. " +
                    std::string(kTrainedAlgorithmicMedia));
  write->callback([w, &ctx] { ctx.exit_code = RunWrite(*w); });

  auto r = std::make_shared<ReadArgs>();
  auto* read = md->add_subcommand("read", "Read every metadata carrier of each file");
  read->add_option("FILE", r->files, "Files to read")->required();
  read->add_flag("--json", r->json, "One JSON object per file per line");
  read->callback([r, &ctx] { ctx.exit_code = RunRead(*r); });
}

AIGCMARK_REGISTER_COMMAND(10, Register);

}  // namespace
}  // namespace aigcmark::cli
