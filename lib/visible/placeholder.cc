// PLACEHOLDER until the visible module lands (issue 4).
#include "aigcmark/visible.h"
namespace aigcmark {
StatusOr<VisibleResult> CheckVisibleLabel(const Image&, const VisibleCheckOptions&) { return VisibleResult{}; }
}  // namespace aigcmark
