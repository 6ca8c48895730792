// Binding between the metadata label and the 64-bit watermark payload.
#include <openssl/sha.h>

#include "aigcmark/label.h"

namespace aigcmark {

uint64_t PayloadFromLabel(const AigcLabel& l) {
  std::string material = l.content_producer + "\n" + l.produce_id;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(material.data()), material.size(), digest);
  uint64_t label_digit = (l.label.size() == 1 && l.label[0] >= '1' && l.label[0] <= '3')
                             ? static_cast<uint64_t>(l.label[0] - '0')
                             : 0;
  uint64_t p = label_digit << 56;
  for (int i = 0; i < 7; ++i) p |= static_cast<uint64_t>(digest[i]) << (48 - 8 * i);
  return p;
}

std::string PayloadToHex(uint64_t payload) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(payload));
  return buf;
}

StatusOr<uint64_t> PayloadFromHex(std::string_view hex) {
  if (hex.size() != 16) return InvalidArgumentError("payload must be exactly 16 hex digits");
  uint64_t v = 0;
  for (char c : hex) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return InvalidArgumentError("payload has a non-hex character '" + std::string(1, c) + "'");
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}

}  // namespace aigcmark
