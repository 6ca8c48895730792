#include "metadata/bmff_box.h"

#include "core/limits.h"

namespace aigcmark {
namespace {

uint32_t Be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

uint64_t Be64(const uint8_t* p) {
  return (static_cast<uint64_t>(Be32(p)) << 32) | Be32(p + 4);
}

std::string Where(uint32_t type, uint64_t offset) {
  return "box '" + FourCcToString(type) + "' at offset " + std::to_string(offset);
}

}  // namespace

std::string FourCcToString(uint32_t type) {
  std::string s(4, '?');
  for (int i = 0; i < 4; ++i) {
    char c = static_cast<char>((type >> (24 - 8 * i)) & 0xFF);
    if (c >= 0x20 && c < 0x7F) s[static_cast<size_t>(i)] = c;
  }
  return s;
}

StatusOr<BoxHeader> ReadBoxHeader(const ByteSource& src, uint64_t offset, uint64_t parent_end) {
  if (parent_end > src.size()) parent_end = src.size();
  if (offset > parent_end || parent_end - offset < 8) {
    return CorruptError("truncated: no room for a box header at offset " + std::to_string(offset));
  }
  uint8_t head[8];
  AIGCMARK_RETURN_IF_ERROR(src.ReadAt(offset, 8, head));
  BoxHeader box;
  box.offset = offset;
  box.type = Be32(head + 4);
  box.header_size = 8;
  uint64_t room = parent_end - offset;
  uint32_t size32 = Be32(head);
  if (size32 == 1) {
    if (room < 16) return CorruptError("truncated: " + Where(box.type, offset) + " has no room for its 64-bit size");
    uint8_t large[8];
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(offset + 8, 8, large));
    box.size = Be64(large);
    box.header_size = 16;
  } else if (size32 == 0) {
    box.size = room;  // extends to the end of the enclosing box (or file)
  } else {
    box.size = size32;
  }
  if (box.type == FourCc("uuid")) box.header_size += 16;
  if (box.size < box.header_size) {
    return CorruptError(Where(box.type, offset) + " declares " + std::to_string(box.size) +
                        " bytes, less than its own header");
  }
  if (box.size > room) {
    return CorruptError("truncated or corrupt: " + Where(box.type, offset) + " declares " +
                        std::to_string(box.size) + " bytes but only " + std::to_string(room) +
                        " remain in its parent");
  }
  if (box.type == FourCc("uuid")) {
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(offset + box.header_size - 16, 16, box.uuid.data()));
  }
  return box;
}

Status ForEachBox(const ByteSource& src, uint64_t begin, uint64_t end, int depth,
                  const std::function<Status(const BoxHeader&)>& visit) {
  if (depth > kMaxBoxDepth) {
    return CorruptError("boxes nested deeper than " + std::to_string(kMaxBoxDepth) + " levels");
  }
  if (end > src.size()) {
    return CorruptError("truncated: box content runs to offset " + std::to_string(end) +
                        " but the data has " + std::to_string(src.size()) + " bytes");
  }
  uint64_t offset = begin;
  uint64_t count = 0;
  while (offset < end) {
    if (end - offset < 8 && depth > 0) break;  // QuickTime terminator or padding
    if (++count > kMaxBoxesPerContainer) {
      return CorruptError("more than " + std::to_string(kMaxBoxesPerContainer) +
                          " boxes in one container");
    }
    AIGCMARK_ASSIGN_OR_RETURN(BoxHeader box, ReadBoxHeader(src, offset, end));
    AIGCMARK_RETURN_IF_ERROR(visit(box));
    offset = box.end();
  }
  return Status::Ok();
}

}  // namespace aigcmark
