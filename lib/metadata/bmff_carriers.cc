// ISO BMFF (MP4/MOV) label carriers, read by walking boxes:
//   moov/udta/meta (or moov/meta) with hdlr 'mdta', keys + ilst: key "AIGC"   -> "mp4-mdta"
//                                                       key "DigitalSourceType" -> IPTC URI
//   XMP uuid BE7ACFCB-... (top level, moov or moov/udta) or QuickTime moov/udta/XMP_ -> "mp4-xmp"
//   C2PA uuid D8FEC3D6-... with box_purpose "manifest"                       -> c2pa = true
// Only headers and the small metadata boxes are read; mdat is never touched.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <string_view>

#include "aigcmark/metadata.h"
#include "core/limits.h"
#include "metadata/bmff_box.h"
#include "metadata/bmff_carriers_internal.h"
#include "metadata/carriers.h"
#include "metadata/xmp_packet.h"

namespace aigcmark {
namespace {

uint32_t Be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

void NoteDigitalSourceType(const std::string& carrier, const std::string& value, RawMetadata* out) {
  if (!out->digital_source_type) {
    out->digital_source_type = value;
  } else if (*out->digital_source_type != value) {
    out->problems.push_back(carrier + ": digital source type " + value + " disagrees with " +
                            *out->digital_source_type);
  }
}

// Reads the payload of a metadata box, refusing (as a problem) anything over the limit.
StatusOr<std::vector<uint8_t>> ReadPayload(const ByteSource& src, const BoxHeader& box) {
  auto bytes = src.Read(box.payload_offset(), box.payload_size(), kMaxMetadataBytes);
  if (!bytes.ok()) {
    return bytes.status().WithContext("box '" + FourCcToString(box.type) + "' at offset " +
                                      std::to_string(box.offset));
  }
  return bytes;
}

// Parses an XMP packet and records what it says under carrier "mp4-xmp". A malformed packet is a
// problem, not a failure: the file is still readable.
void ReadXmpPacket(std::string_view packet, RawMetadata* out) {
  auto fields = ParseXmpPacket(packet);
  if (!fields.ok()) {
    out->problems.push_back(std::string(kCarrierMp4Xmp) + ": " + fields.status().message());
    if (XmpMentionsLabel(packet)) out->label_damaged = true;
    return;
  }
  if (fields->aigc) out->labels.push_back({kCarrierMp4Xmp, *fields->aigc});
  if (fields->digital_source_type) NoteDigitalSourceType(kCarrierMp4Xmp, *fields->digital_source_type, out);
}

Status ReadXmpBox(const ByteSource& src, const BoxHeader& box, RawMetadata* out) {
  auto payload = ReadPayload(src, box);
  if (!payload.ok()) {
    if (payload.status().code() != StatusCode::kResourceExhausted) return payload.status();
    out->problems.push_back(std::string(kCarrierMp4Xmp) + ": " + payload.status().message());
    return Status::Ok();
  }
  ReadXmpPacket(std::string_view(reinterpret_cast<const char*>(payload->data()), payload->size()), out);
  return Status::Ok();
}

// C2PA (spec 2.x, "Embedding manifests into BMFF"): a uuid box holding a FullBox header and a
// NUL-terminated box_purpose; "manifest" carries the manifest store.
Status ReadC2paBox(const ByteSource& src, const BoxHeader& box, RawMetadata* out) {
  uint8_t head[4 + 9] = {};
  size_t n = static_cast<size_t>(std::min<uint64_t>(box.payload_size(), sizeof(head)));
  AIGCMARK_RETURN_IF_ERROR(src.ReadAt(box.payload_offset(), n, head));
  if (n == sizeof(head) && std::memcmp(head + 4, "manifest", 9) == 0) out->c2pa = true;
  return Status::Ok();
}

Status ReadUuidBox(const ByteSource& src, const BoxHeader& box, RawMetadata* out) {
  if (box.uuid == kXmpUuid) return ReadXmpBox(src, box, out);
  if (box.uuid == kC2paUuid) return ReadC2paBox(src, box, out);
  return Status::Ok();
}

// keys: FullBox, entry_count, then {key_size (incl. these 8 bytes), namespace, name}.
Status ParseKeys(const std::vector<uint8_t>& b, std::vector<std::string>* names) {
  if (b.size() < 8) return CorruptError("'keys' box is too short");
  uint32_t count = Be32(b.data() + 4);
  if (count > (b.size() - 8) / 8) return CorruptError("'keys' box declares more keys than it holds");
  size_t pos = 8;
  for (uint32_t i = 0; i < count; ++i) {
    if (b.size() - pos < 8) return CorruptError("'keys' box is truncated");
    uint32_t size = Be32(b.data() + pos);
    if (size < 8 || size > b.size() - pos) return CorruptError("'keys' entry has a bad size");
    names->emplace_back(reinterpret_cast<const char*>(b.data() + pos + 8), size - 8);
    pos += size;
  }
  return Status::Ok();
}

// ilst: one box per item, its type the 1-based key index, holding 'data' boxes
// {type indicator, locale, value}. Returns key index -> first UTF-8 (or untyped) value.
Status ParseIlst(const std::vector<uint8_t>& b, std::map<uint32_t, std::string>* values) {
  auto mem = MemorySource(b.data(), b.size(), "ilst");
  return ForEachBox(*mem, 0, b.size(), 1, [&](const BoxHeader& item) {
    return ForEachBox(*mem, item.payload_offset(), item.end(), 2, [&](const BoxHeader& d) {
      if (d.type != FourCc("data") || d.payload_size() < 8 || values->count(item.type)) {
        return Status::Ok();
      }
      uint8_t head[8];
      AIGCMARK_RETURN_IF_ERROR(mem->ReadAt(d.payload_offset(), 8, head));
      uint32_t data_type = Be32(head) & 0x00FFFFFF;
      if (data_type != 0 && data_type != 1) return Status::Ok();  // 1 = UTF-8; 0 = untyped
      const uint8_t* v = b.data() + d.payload_offset() + 8;
      (*values)[item.type] = std::string(reinterpret_cast<const char*>(v), d.payload_size() - 8);
      return Status::Ok();
    });
  });
}

// meta: ISO writes it as a FullBox; QuickTime does not. Tell them apart by where 'hdlr' starts.
Status ReadMetaBox(const ByteSource& src, const BoxHeader& meta, int depth, RawMetadata* out) {
  uint64_t begin = meta.payload_offset();
  if (meta.payload_size() >= 8) {
    uint8_t head[8];
    AIGCMARK_RETURN_IF_ERROR(src.ReadAt(begin, 8, head));
    if (std::memcmp(head + 4, "hdlr", 4) != 0) begin += 4;
  } else {
    return Status::Ok();  // too small to hold anything
  }
  std::optional<uint32_t> handler;
  std::optional<BoxHeader> keys, ilst;
  AIGCMARK_RETURN_IF_ERROR(ForEachBox(src, begin, meta.end(), depth + 1, [&](const BoxHeader& b) {
    if (b.type == FourCc("hdlr") && b.payload_size() >= 12 && !handler) {
      uint8_t h[12];
      AIGCMARK_RETURN_IF_ERROR(src.ReadAt(b.payload_offset(), 12, h));
      handler = Be32(h + 8);
    } else if (b.type == FourCc("keys") && !keys) {
      keys = b;
    } else if (b.type == FourCc("ilst") && !ilst) {
      ilst = b;
    } else if (b.type == FourCc("uuid")) {
      AIGCMARK_RETURN_IF_ERROR(ReadUuidBox(src, b, out));
    }
    return Status::Ok();
  }));
  if (!keys || !ilst || (handler && *handler != FourCc("mdta"))) return Status::Ok();

  StatusOr<std::vector<uint8_t>> keys_bytes = ReadPayload(src, *keys);
  StatusOr<std::vector<uint8_t>> ilst_bytes =
      keys_bytes.ok() ? ReadPayload(src, *ilst) : StatusOr<std::vector<uint8_t>>(keys_bytes.status());
  if (!ilst_bytes.ok()) {
    if (ilst_bytes.status().code() != StatusCode::kResourceExhausted) return ilst_bytes.status();
    out->problems.push_back(std::string(kCarrierMp4Mdta) + ": " + ilst_bytes.status().message());
    return Status::Ok();
  }
  std::vector<std::string> names;
  std::map<uint32_t, std::string> values;
  Status parsed = ParseKeys(*keys_bytes, &names);
  if (parsed.ok()) parsed = ParseIlst(*ilst_bytes, &values);
  if (!parsed.ok()) {
    out->problems.push_back(std::string(kCarrierMp4Mdta) + ": " + parsed.message());
    return Status::Ok();
  }
  for (const auto& [index, value] : values) {
    if (index == 0 || index > names.size()) continue;
    const std::string& name = names[index - 1];
    if (EqualsIgnoreCase(name, kMdtaLabelKey)) {
      out->labels.push_back({kCarrierMp4Mdta, value});
    } else if (EqualsIgnoreCase(name, kMdtaDigitalSourceTypeKey)) {
      NoteDigitalSourceType(kCarrierMp4Mdta, value, out);
    }
  }
  return Status::Ok();
}

Status ReadUdtaBox(const ByteSource& src, const BoxHeader& udta, int depth, RawMetadata* out) {
  return ForEachBox(src, udta.payload_offset(), udta.end(), depth + 1, [&](const BoxHeader& b) {
    if (b.type == FourCc("meta")) return ReadMetaBox(src, b, depth + 1, out);
    if (b.type == FourCc("uuid")) return ReadUuidBox(src, b, out);
    if (b.type == FourCc("XMP_")) return ReadXmpBox(src, b, out);
    return Status::Ok();
  });
}

Status ReadMoovBox(const ByteSource& src, const BoxHeader& moov, RawMetadata* out) {
  return ForEachBox(src, moov.payload_offset(), moov.end(), 1, [&](const BoxHeader& b) {
    if (b.type == FourCc("udta")) return ReadUdtaBox(src, b, 1, out);
    if (b.type == FourCc("meta")) return ReadMetaBox(src, b, 1, out);
    if (b.type == FourCc("uuid")) return ReadUuidBox(src, b, out);
    return Status::Ok();
  });
}

}  // namespace

StatusOr<std::optional<std::string>> FindBmffXmpPacket(const ByteSource& src) {
  std::optional<BoxHeader> found;
  auto is_xmp = [](const BoxHeader& b) {
    return (b.type == FourCc("uuid") && b.uuid == kXmpUuid) || b.type == FourCc("XMP_");
  };
  AIGCMARK_RETURN_IF_ERROR(ForEachBox(src, 0, src.size(), 0, [&](const BoxHeader& top) {
    if (found) return Status::Ok();
    if (top.type == FourCc("uuid") && top.uuid == kXmpUuid) found = top;
    if (top.type != FourCc("moov")) return Status::Ok();
    return ForEachBox(src, top.payload_offset(), top.end(), 1, [&](const BoxHeader& b) {
      if (found) return Status::Ok();
      if (is_xmp(b)) found = b;
      if (b.type != FourCc("udta")) return Status::Ok();
      return ForEachBox(src, b.payload_offset(), b.end(), 2, [&](const BoxHeader& u) {
        if (!found && is_xmp(u)) found = u;
        return Status::Ok();
      });
    });
  }));
  if (!found) return std::optional<std::string>();
  AIGCMARK_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, ReadPayload(src, *found));
  return std::optional<std::string>(std::string(bytes.begin(), bytes.end()));
}

Status ReadBmffCarriers(const ByteSource& src, RawMetadata* out) {
  if (src.size() < 8) return CorruptError("too short to be an MP4/MOV file");
  int moov_count = 0;
  AIGCMARK_RETURN_IF_ERROR(ForEachBox(src, 0, src.size(), 0, [&](const BoxHeader& b) {
    if (b.type == FourCc("moov")) {
      if (++moov_count > 1) {
        out->problems.push_back("more than one moov box; only the first was read");
        return Status::Ok();
      }
      return ReadMoovBox(src, b, out);
    }
    if (b.type == FourCc("uuid")) return ReadUuidBox(src, b, out);
    return Status::Ok();
  }));
  if (moov_count == 0) {
    return CorruptError("no 'moov' box: not a complete MP4/MOV file (truncated or still being written?)");
  }
  return Status::Ok();
}

}  // namespace aigcmark
