#ifndef AIGCMARK_VERSION_H_
#define AIGCMARK_VERSION_H_
namespace aigcmark {
/// The library version, e.g. "0.1.0".
const char* Version();
}  // namespace aigcmark
#endif  // AIGCMARK_VERSION_H_
