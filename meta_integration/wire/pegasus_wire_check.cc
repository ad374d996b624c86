// Copyright 2026 The dupready Authors.
//
// A schema-driven walk over Pegasus binary Thrift bytes that checks every size against the bytes
// that remain and against PegasusWireLimits before generated code reads them. It allocates only
// its path (one step per nesting level), never in proportion to a size it reads.

#include "meta_integration/wire/pegasus_wire_check.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/pegasus_wire_schema.h"

namespace dupready {
namespace {

// Thrift binary protocol type codes.
enum WireType : uint8_t {
  kStop = 0,
  kBool = 2,
  kByte = 3,
  kDouble = 4,
  kI16 = 6,
  kI32 = 8,
  kI64 = 10,
  kString = 11,
  kStruct = 12,
  kMap = 13,
  kSet = 14,
  kList = 15,
};

using wire_schema::Budget;
using wire_schema::FieldSpec;
using wire_schema::Kind;
using wire_schema::StructSpec;

uint8_t WireTypeOf(Kind kind) {
  switch (kind) {
    case Kind::kBool: return kBool;
    case Kind::kI32: return kI32;
    case Kind::kI64: return kI64;
    case Kind::kString: return kString;
    case Kind::kList: return kList;
    case Kind::kMap: return kMap;
    default: return kStruct;  // the struct and the four Pegasus types
  }
}

// The fewest bytes one value can take; 0 for a code that is not a valid value type.
uint64_t MinBytes(uint8_t type) {
  switch (type) {
    case kBool:
    case kByte: return 1;
    case kI16: return 2;
    case kI32: return 4;
    case kDouble:
    case kI64: return 8;
    case kString: return 4;  // the length
    case kStruct: return 1;  // STOP
    case kMap: return 6;     // key type, value type, size
    case kSet:
    case kList: return 5;  // element type, size
    default: return 0;
  }
}

uint64_t MinBytes(Kind kind) {
  switch (kind) {
    case Kind::kGpid:
    case Kind::kRpcAddress: return 8;
    case Kind::kHostPort: return 4 + 2 + 1;
    case Kind::kErrorCode: return 4;
    default: return MinBytes(WireTypeOf(kind));
  }
}

std::string TypeName(uint8_t type) {
  switch (type) {
    case kStop: return "stop";
    case kBool: return "bool";
    case kByte: return "byte";
    case kDouble: return "double";
    case kI16: return "i16";
    case kI32: return "i32";
    case kI64: return "i64";
    case kString: return "string";
    case kStruct: return "struct";
    case kMap: return "map";
    case kSet: return "set";
    case kList: return "list";
    default: return absl::StrCat("invalid type ", type);
  }
}

class Walker {
 public:
  Walker(const uint8_t* data, size_t len, const PegasusWireLimits& limits)
      : data_(data),
        len_(len),
        limits_(limits),
        max_depth_(std::min(limits.max_depth, PegasusWireLimits::kMaxSupportedDepth)) {}

  absl::Status Run(const StructSpec& root) {
    root_name_ = root.name;
    if (len_ == 0) return absl::DataLossError(absl::StrCat(root.name, ": empty input"));
    if (len_ > limits_.max_message_bytes) {
      return absl::InvalidArgumentError(absl::StrCat(root.name, ": message of ", len_,
                                                     " bytes exceeds the limit of ",
                                                     limits_.max_message_bytes));
    }
    absl::Status status = Struct(&root, 1);
    if (!status.ok()) return status;
    if (pos_ != len_) {
      return Error(
          absl::StatusCode::kInvalidArgument, pos_,
          absl::StrCat("trailing data (", len_ - pos_, " bytes) after the end of the struct"));
    }
    return absl::OkStatus();
  }

 private:
  // One step of the path to the value being read: a field or a container index.
  struct Step {
    const char* field_name;  // null: unknown field or an index
    int32_t field_id;
    int64_t index;       // >= 0: an element index
    const char* suffix;  // ".key"/".value" for map entries, else ""
    std::string key;     // a known map's value: its key as printed ("3", "\"orders\""), or ""
  };

  std::string Path() const {
    std::string path = root_name_;
    for (const Step& step : path_) {
      if (!step.key.empty()) {
        absl::StrAppend(&path, "[", step.key, "]");
      } else if (step.index >= 0) {
        absl::StrAppend(&path, "[", step.index, "]", step.suffix);
      } else if (step.field_name != nullptr) {
        absl::StrAppend(&path, ".", step.field_name);
      } else {
        absl::StrAppend(&path, ".<field ", step.field_id, ">");
      }
    }
    return path;
  }

  absl::Status Error(absl::StatusCode code, size_t offset, const std::string& what) const {
    return absl::Status(code, absl::StrCat(Path(), ": ", what, " at offset ", offset));
  }

  size_t remaining() const { return len_ - pos_; }

  // Consumes n bytes of a `what`, or reports the truncation.
  absl::Status Take(size_t n, const char* what) {
    if (remaining() < n) {
      return Error(absl::StatusCode::kDataLoss, pos_,
                   absl::StrCat(what, " needs ", n, " bytes but only ", remaining(), " remain"));
    }
    pos_ += n;
    return absl::OkStatus();
  }

  uint64_t BigEndian(size_t at, size_t n) const {
    uint64_t value = 0;
    for (size_t i = 0; i < n; ++i) value = (value << 8) | data_[at + i];
    return value;
  }

  absl::Status DepthCheck(int level) const {
    if (level > max_depth_) {
      return Error(absl::StatusCode::kInvalidArgument, pos_,
                   absl::StrCat("nesting deeper than ", max_depth_, " levels"));
    }
    return absl::OkStatus();
  }

  absl::Status ReadString(const char* what) {
    const size_t at = pos_;
    if (absl::Status s = Take(4, what); !s.ok()) return s;
    const int32_t size = static_cast<int32_t>(static_cast<uint32_t>(BigEndian(at, 4)));
    if (size < 0) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat(what, " has negative length ", size));
    }
    if (static_cast<uint64_t>(size) > remaining()) {
      return Error(
          absl::StatusCode::kDataLoss, at,
          absl::StrCat(what, " of ", size, " bytes exceeds the remaining ", remaining(), " bytes"));
    }
    if (size > limits_.max_string_bytes) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat(what, " of ", size, " bytes exceeds the limit of ",
                                limits_.max_string_bytes));
    }
    pos_ += static_cast<size_t>(size);
    return absl::OkStatus();
  }

  // Reads the element count at `size_at` of the container whose header (already consumed)
  // starts at `at`, and checks it against the remaining bytes and `limit`.
  absl::Status Count(const char* what, size_t at, size_t size_at, uint64_t min_elem_bytes,
                     int32_t limit, int32_t* count) {
    const int32_t size = static_cast<int32_t>(static_cast<uint32_t>(BigEndian(size_at, 4)));
    if (size < 0) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat(what, " has negative size ", size));
    }
    if (static_cast<uint64_t>(size) * min_elem_bytes > remaining()) {
      return Error(absl::StatusCode::kDataLoss, at,
                   absl::StrCat(what, " of ", size, " elements exceeds the remaining ", remaining(),
                                " bytes"));
    }
    if (size > limit) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat(what, " of ", size, " elements exceeds the limit of ", limit));
    }
    *count = size;
    return absl::OkStatus();
  }

  // A struct at nesting `level`; `spec` is null for an unknown struct being skipped.
  absl::Status Struct(const StructSpec* spec, int level) {
    if (absl::Status s = DepthCheck(level); !s.ok()) return s;
    while (true) {
      const size_t at = pos_;
      if (absl::Status s = Take(1, "field header"); !s.ok()) return s;
      const uint8_t type = data_[at];
      if (type == kStop) return absl::OkStatus();
      if (absl::Status s = Take(2, "field id"); !s.ok()) return s;
      const int16_t id = static_cast<int16_t>(static_cast<uint16_t>(BigEndian(at + 1, 2)));
      const FieldSpec* field = spec == nullptr ? nullptr : spec->Find(id);
      path_.push_back({field == nullptr ? nullptr : field->name, id, -1, "", ""});
      absl::Status s = (field != nullptr && WireTypeOf(field->kind) == type)
                           ? Known(*field, level)
                           : Skip(type, level + 1, at);
      if (!s.ok()) return s;
      path_.pop_back();
    }
  }

  // Adds `count` elements to `budget`'s total, refusing the container at `at` past its limit.
  absl::Status Spend(Budget budget, int32_t count, size_t at) {
    if (budget == Budget::kNone) return absl::OkStatus();
    int64_t& spent = spent_[static_cast<int>(budget)];
    spent += count;
    const int32_t limit = wire_schema::BudgetLimit(budget, limits_);
    if (spent <= limit) return absl::OkStatus();
    return Error(absl::StatusCode::kInvalidArgument, at,
                 absl::StrCat("the message holds more than ", limit, " of these elements in all"));
  }

  // The value of a known field of a struct at `level`.
  absl::Status Known(const FieldSpec& field, int level) {
    if (field.kind == Kind::kMap) return KnownMap(field, level);
    if (field.kind != Kind::kList) return Value(field.kind, field.elem_struct, level + 1);
    const size_t at = pos_;
    if (absl::Status s = Take(5, "list header"); !s.ok()) return s;
    const uint8_t elem_type = data_[at];
    if (elem_type != WireTypeOf(field.elem_kind)) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat("list of ", TypeName(elem_type), ", expected a list of ",
                                TypeName(WireTypeOf(field.elem_kind))));
    }
    int32_t count = 0;
    if (absl::Status s =
            Count("list", at, at + 1, MinBytes(field.elem_kind), limits_.*field.max_elems, &count);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = Spend(field.budget, count, at); !s.ok()) return s;
    if (absl::Status s = DepthCheck(level + 1); !s.ok()) return s;
    for (int32_t i = 0; i < count; ++i) {
      path_.push_back({nullptr, 0, i, "", ""});
      if (absl::Status s = Value(field.elem_kind, field.elem_struct, level + 2); !s.ok()) {
        return s;
      }
      path_.pop_back();
    }
    return absl::OkStatus();
  }

  // A map of a known field of a struct at `level`: key and value types must be the declared
  // ones. Each value's path step names its key when that can be printed safely.
  absl::Status KnownMap(const FieldSpec& field, int level) {
    const size_t at = pos_;
    if (absl::Status s = Take(6, "map header"); !s.ok()) return s;
    const uint8_t key_type = data_[at];
    const uint8_t value_type = data_[at + 1];
    if (key_type != WireTypeOf(field.key_kind) || value_type != WireTypeOf(field.elem_kind)) {
      return Error(absl::StatusCode::kInvalidArgument, at,
                   absl::StrCat("map<", TypeName(key_type), ", ", TypeName(value_type),
                                ">, expected a map<", TypeName(WireTypeOf(field.key_kind)), ", ",
                                TypeName(WireTypeOf(field.elem_kind)), ">"));
    }
    int32_t count = 0;
    if (absl::Status s = Count("map", at, at + 2, MinBytes(field.key_kind) + MinBytes(field.elem_kind),
                               limits_.*field.max_elems, &count);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = Spend(field.budget, count, at); !s.ok()) return s;
    if (absl::Status s = DepthCheck(level + 1); !s.ok()) return s;
    for (int32_t i = 0; i < count; ++i) {
      path_.push_back({nullptr, 0, i, ".key", ""});
      const size_t key_at = pos_;
      if (absl::Status s = Value(field.key_kind, nullptr, level + 2); !s.ok()) return s;
      path_.back().key = KeyText(field.key_kind, key_at, i);
      if (absl::Status s = Value(field.elem_kind, field.elem_struct, level + 2); !s.ok()) {
        return s;
      }
      path_.pop_back();
    }
    return absl::OkStatus();
  }

  // How the map key read at `at` appears in paths: an i32 as a number, a short string of
  // [A-Za-z0-9_.:-] in quotes, anything else by its position ("#2").
  std::string KeyText(Kind kind, size_t at, int32_t index) const {
    if (kind == Kind::kI32) return absl::StrCat(static_cast<int32_t>(BigEndian(at, 4)));
    const size_t n = pos_ - at - 4;
    bool printable = kind == Kind::kString && n > 0 && n <= 64;
    for (size_t i = 0; printable && i < n; ++i) {
      const char c = static_cast<char>(data_[at + 4 + i]);
      printable = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == ':' || c == '-';
    }
    if (!printable) return absl::StrCat("#", index);
    return absl::StrCat("\"", std::string(reinterpret_cast<const char*>(data_ + at + 4), n), "\"");
  }

  // One value of a known kind (not a list or map) at nesting `level`.
  absl::Status Value(Kind kind, const StructSpec* spec, int level) {
    const size_t at = pos_;
    switch (kind) {
      case Kind::kBool: return Take(1, "bool");
      case Kind::kI32: return Take(4, "i32");
      case Kind::kI64: return Take(8, "i64");
      case Kind::kGpid: return Take(8, "gpid");
      case Kind::kString: return ReadString("string");
      case Kind::kErrorCode: return ReadString("error_code string");
      case Kind::kStruct: return Struct(spec, level);
      case Kind::kRpcAddress: {
        if (absl::Status s = Take(8, "rpc_address"); !s.ok()) return s;
        return CheckHostType(BigEndian(at, 8) & 0x3, "rpc_address", at);
      }
      case Kind::kHostPort: {
        if (absl::Status s = ReadString("host_port host"); !s.ok()) return s;
        if (absl::Status s = Take(2, "host_port port"); !s.ok()) return s;
        const size_t type_at = pos_;
        if (absl::Status s = Take(1, "host_port type"); !s.ok()) return s;
        return CheckHostType(data_[type_at], "host_port", type_at);
      }
      case Kind::kList:
      case Kind::kMap: break;  // handled by Known()
    }
    return Error(absl::StatusCode::kInternal, at, "unexpected kind");
  }

  // Pegasus only puts invalid (0) and IPv4 (1) addresses on the wire and refuses the others.
  absl::Status CheckHostType(uint64_t type, const char* what, size_t at) const {
    if (type <= 1) return absl::OkStatus();
    return Error(absl::StatusCode::kInvalidArgument, at,
                 absl::StrCat(what, " of host type ", type, type == 2 ? " (group)" : "",
                              ", only 0 (invalid) and 1 (IPv4) are allowed"));
  }

  // Skips a value of wire type `type` whose header starts at `header_at`; containers and
  // structs are at nesting `level`. Mirrors Thrift's skip(), within the limits.
  absl::Status Skip(uint8_t type, int level, size_t header_at) {
    switch (type) {
      case kBool:
      case kByte:
      case kI16:
      case kI32:
      case kDouble:
      case kI64: return Take(MinBytes(type), TypeName(type).c_str());
      case kString: return ReadString("string");
      case kStruct: return Struct(nullptr, level);
      case kList:
      case kSet:
      case kMap: return Container(type, level);
      default:
        return Error(absl::StatusCode::kInvalidArgument, header_at,
                     absl::StrCat("invalid Thrift type ", type));
    }
  }

  absl::Status Container(uint8_t type, int level) {
    const size_t at = pos_;
    const bool is_map = type == kMap;
    const size_t header = is_map ? 6 : 5;
    const std::string what = TypeName(type);
    if (absl::Status s = Take(header, (what + " header").c_str()); !s.ok()) return s;
    const uint8_t first = data_[at];
    const uint8_t second = is_map ? data_[at + 1] : uint8_t{kBool};  // kBool: a placeholder
    if (MinBytes(first) == 0 || MinBytes(second) == 0) {
      return Error(
          absl::StatusCode::kInvalidArgument, at,
          absl::StrCat(what, " of invalid element type ", MinBytes(first) == 0 ? first : second));
    }
    const uint64_t min_elem = MinBytes(first) + (is_map ? MinBytes(second) : 0);
    int32_t count = 0;
    if (absl::Status s = Count(what.c_str(), at, at + header - 4, min_elem,
                               limits_.max_container_elements, &count);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = DepthCheck(level); !s.ok()) return s;
    for (int32_t i = 0; i < count; ++i) {
      path_.push_back({nullptr, 0, i, is_map ? ".key" : "", ""});
      if (absl::Status s = Skip(first, level + 1, pos_); !s.ok()) return s;
      if (is_map) {
        path_.back().suffix = ".value";
        if (absl::Status s = Skip(second, level + 1, pos_); !s.ok()) return s;
      }
      path_.pop_back();
    }
    return absl::OkStatus();
  }

  const uint8_t* data_;
  size_t len_;
  size_t pos_ = 0;
  const PegasusWireLimits& limits_;
  int max_depth_;
  const char* root_name_ = "";
  std::vector<Step> path_;
  int64_t spent_[wire_schema::kBudgetCount] = {};
};

}  // namespace

absl::Status ValidatePegasusWire(PegasusStruct which, const uint8_t* data, size_t len,
                                 const PegasusWireLimits& limits) {
  Walker walker(data, len, limits);
  return walker.Run(wire_schema::SchemaOf(which));
}

}  // namespace dupready
