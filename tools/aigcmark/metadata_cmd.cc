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
  LabelFlags fields;
  std::string dst;
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
  opts.update = a.fields.ToUpdate();
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
  return RunDetectAndPrint(a.files, opts, a.json, nullptr);
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
  w->fields.Add(write);
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
