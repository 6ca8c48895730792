// Example: what a generation platform does after producing an image or clip — write the GB 45438
// implicit label, then check it the way a moderator would.
//
//   label_and_check IN OUT PRODUCER PRODUCE_ID
#include <aigcmark/aigcmark.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s IN OUT PRODUCER PRODUCE_ID\n", argv[0]);
    return 2;
  }
  aigcmark::MetadataWriteOptions options;
  options.update.label = "1";
  options.update.content_producer = argv[3];
  options.update.produce_id = argv[4];
  options.digital_source_type = aigcmark::kTrainedAlgorithmicMedia;
  auto written = aigcmark::WriteMetadata(argv[1], argv[2], options);
  if (!written.ok()) {
    std::fprintf(stderr, "%s\n", written.status().ToString().c_str());
    return 1;
  }
  aigcmark::DetectOptions detect;
  detect.watermark = false;  // this sample writes metadata only
  aigcmark::DetectReport report = aigcmark::Detect(argv[2], detect);
  std::printf("%s\n", aigcmark::DetectReportToJson(report).c_str());
  bool ok = report.metadata && report.metadata->aigc && *report.metadata->aigc == *written;
  return ok ? 0 : 1;
}
