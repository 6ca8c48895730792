#include "metadata/xmp_packet.h"

#include <exiv2/exiv2.hpp>

#include <mutex>

#include "aigcmark/metadata.h"

namespace aigcmark {
namespace {

std::recursive_mutex& XmpToolkitMutex() {
  static std::recursive_mutex m;
  return m;
}

// The XMP toolkit calls this around namespace registration (which decode() may do for any
// unknown namespace it meets), so concurrent readers do not race on its registry.
void LockXmpToolkit(void* data, bool lock) {
  auto* m = static_cast<std::recursive_mutex*>(data);
  if (lock) {
    m->lock();
  } else {
    m->unlock();
  }
}

std::string_view TrimPadding(std::string_view s) {
  while (!s.empty() && (s.back() == '\0' || s.back() == ' ' || s.back() == '\n' ||
                        s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<std::string> Value(const Exiv2::XmpData& xmp, const char* key) {
  auto it = xmp.findKey(Exiv2::XmpKey(key));
  if (it == xmp.end()) return std::nullopt;
  return it->toString();
}

}  // namespace

void EnsureExiv2Ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
      Exiv2::XmpParser::initialize(LockXmpToolkit, &XmpToolkitMutex());
      Exiv2::XmpProperties::registerNs(kTc260Namespace, "TC260");
    } catch (...) {
      // A failed registration shows up later as "XMP toolkit failed" from the callers.
    }
  });
}

StatusOr<XmpFindings> ParseXmpPacket(std::string_view packet) {
  EnsureExiv2Ready();
  packet = TrimPadding(packet);
  if (packet.empty()) return CorruptError("XMP packet is empty");
  try {
    Exiv2::XmpData xmp;
    int rc = Exiv2::XmpParser::decode(xmp, std::string(packet));
    if (rc != 0) {
      return CorruptError("XMP packet is not well-formed (Exiv2 code " + std::to_string(rc) + ")");
    }
    XmpFindings f;
    f.aigc = Value(xmp, kXmpKeyAigc);
    f.digital_source_type = Value(xmp, kXmpKeyDigitalSourceType);
    return f;
  } catch (const std::exception& e) {
    return CorruptError(std::string("XMP packet is unreadable: ") + e.what());
  } catch (...) {
    return CorruptError("XMP packet is unreadable");
  }
}

bool XmpMentionsLabel(std::string_view packet) {
  return packet.find("www.tc260.org.cn/ns/AIGC") != std::string_view::npos;
}

StatusOr<std::string> MergeXmpPacket(std::string_view existing, const std::string& aigc_json,
                                     const std::optional<std::string>& dst, bool compact) {
  EnsureExiv2Ready();
  try {
    Exiv2::XmpData xmp;
    existing = TrimPadding(existing);
    if (!existing.empty() && Exiv2::XmpParser::decode(xmp, std::string(existing)) != 0) {
      return CorruptError("existing XMP packet is not well-formed; refusing to overwrite it");
    }
    xmp[kXmpKeyAigc] = aigc_json;
    if (dst) xmp[kXmpKeyDigitalSourceType] = *dst;
    std::string out;
    uint16_t flags =
        compact ? Exiv2::XmpParser::useCompactFormat | Exiv2::XmpParser::omitAllFormatting : 0;
    if (Exiv2::XmpParser::encode(out, xmp, flags) != 0) return InternalError("XMP encoding failed");
    return out;
  } catch (const std::exception& e) {
    return InternalError(std::string("XMP merge failed: ") + e.what());
  } catch (...) {
    return InternalError("XMP merge failed");
  }
}

}  // namespace aigcmark
