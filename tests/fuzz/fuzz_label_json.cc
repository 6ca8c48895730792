// Fuzz target: the tolerant label parser and the Annex E rules on arbitrary text.
#include <cstdint>
#include <string_view>

#include "aigcmark/label.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = aigcmark::ParseLabelJson(text);
  if (parsed.ok()) {
    // Whatever was read must serialise and re-parse to the same label.
    std::string again = aigcmark::LabelToJson(parsed->label);
    auto reparsed = aigcmark::ParseLabelJson(again);
    if (!reparsed.ok() || !(reparsed->label == parsed->label)) __builtin_trap();
    (void)aigcmark::PayloadFromLabel(parsed->label);
  }
  return 0;
}
