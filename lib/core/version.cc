#include "aigcmark/version.h"

namespace aigcmark {
const char* Version() { return AIGCMARK_VERSION; }
}  // namespace aigcmark
