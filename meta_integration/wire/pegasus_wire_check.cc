// Copyright 2026 The dupready Authors.
//
// A schema-driven walk over Pegasus binary Thrift bytes that checks every size against the bytes
// that remain and against PegasusWireLimits before generated code reads them. It allocates
// nothing but an error's message.

#include "meta_integration/wire/pegasus_wire_check.h"

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/pegasus_wire_schema.h"
#include "meta_integration/wire/thrift_walker.h"

namespace dupready {
namespace {

using wire_internal::kStop;
using wire_internal::TypeName;
using wire_schema::Budget;
using wire_schema::FieldSpec;
using wire_schema::Kind;
using wire_schema::MinBytes;
using wire_schema::StructSpec;
using wire_schema::WireTypeOf;

// The schema walk: every field of a known struct read by its FieldSpec, the rest skipped.
class Walker : public wire_internal::ThriftWalker {
 public:
  Walker(const uint8_t* data, size_t len, const PegasusWireLimits& limits, const StructSpec& root)
      : ThriftWalker(data, len, limits, root.name), root_(root) {}

  absl::Status Run() {
    if (CheckMessageSize() && Struct(root_, 1)) CheckNoTrailingData();
    return status();
  }

 private:
  // A struct of a known schema at nesting `level`.
  bool Struct(const StructSpec& spec, int level) {
    const FieldSpec* field = nullptr;
    return Fields(
        level,
        [&](uint8_t type, int16_t id) {
          field = spec.Find(id);
          PushField(field == nullptr ? nullptr : field->name, id);
          return field != nullptr && WireTypeOf(field->kind) == type;
        },
        [&](int16_t) { return Known(*field, level); });
  }

  // Adds `count` elements to `budget`'s total, refusing the container at `at` past its limit.
  bool Spend(Budget budget, int32_t count, size_t at) {
    if (budget == Budget::kNone) return true;
    int64_t& spent = spent_[static_cast<int>(budget)];
    spent += count;
    const int32_t limit = wire_schema::BudgetLimit(budget, limits_);
    if (spent <= limit) return true;
    return Fail(absl::StatusCode::kInvalidArgument, at,
                absl::StrCat("the message holds more than ", limit, " of these elements in all"));
  }

  // The value of a known field of a struct at `level`.
  bool Known(const FieldSpec& field, int level) {
    if (field.kind == Kind::kMap) return KnownMap(field, level);
    if (field.kind != Kind::kList) return Value(field.kind, field.elem_struct, level + 1);
    int32_t count = 0;
    size_t at;
    if (!ListHeader(WireTypeOf(field.elem_kind), MinBytes(field.elem_kind),
                    limits_.*field.max_elems, &count, &at) ||
        !Spend(field.budget, count, at) || !DepthCheck(level + 1)) {
      return false;
    }
    for (int32_t i = 0; i < count; ++i) {
      PushIndex(i);
      if (!Value(field.elem_kind, field.elem_struct, level + 2)) return false;
      Pop();
    }
    return true;
  }

  // A map of a known field of a struct at `level`: key and value types must be the declared
  // ones. Each value's path step names its key when that can be printed safely.
  bool KnownMap(const FieldSpec& field, int level) {
    const size_t at = pos_;
    if (!Take(6, "map header")) return false;
    const uint8_t key_type = data_[at];
    const uint8_t value_type = data_[at + 1];
    if (key_type != WireTypeOf(field.key_kind) || value_type != WireTypeOf(field.elem_kind)) {
      return Fail(absl::StatusCode::kInvalidArgument, at,
                  absl::StrCat("map<", TypeName(key_type), ", ", TypeName(value_type),
                               ">, expected a map<", TypeName(WireTypeOf(field.key_kind)), ", ",
                               TypeName(WireTypeOf(field.elem_kind)), ">"));
    }
    int32_t count = 0;
    if (!Count("map", at, at + 2, MinBytes(field.key_kind) + MinBytes(field.elem_kind),
               limits_.*field.max_elems, &count) ||
        !Spend(field.budget, count, at) || !DepthCheck(level + 1)) {
      return false;
    }
    const KeyForm form = field.key_kind == Kind::kI32      ? KeyForm::kI32
                         : field.key_kind == Kind::kString ? KeyForm::kString
                                                           : KeyForm::kPosition;
    for (int32_t i = 0; i < count; ++i) {
      PushIndex(i, ".key");
      const size_t key_at = pos_;
      if (!Value(field.key_kind, nullptr, level + 2)) return false;
      NameByKey(key_at, form);
      if (!Value(field.elem_kind, field.elem_struct, level + 2)) return false;
      Pop();
    }
    return true;
  }

  // One value of a known kind (not a list or map) at nesting `level`.
  bool Value(Kind kind, const StructSpec* spec, int level) {
    const size_t at = pos_;
    switch (kind) {
      case Kind::kBool: return Take(1, "bool");
      case Kind::kI32: return Take(4, "i32");
      case Kind::kI64: return Take(8, "i64");
      case Kind::kGpid: return Take(8, "gpid");
      case Kind::kString: return ReadString("string");
      case Kind::kErrorCode: return ReadString("error_code string");
      case Kind::kStruct: return Struct(*spec, level);
      case Kind::kRpcAddress:
        return Take(8, "rpc_address") &&
               CheckHostType(wire_internal::Load64(data_ + at) & 0x3, "rpc_address", at);
      case Kind::kHostPort: {
        if (!ReadString("host_port host") || !Take(2, "host_port port")) return false;
        const size_t type_at = pos_;
        return Take(1, "host_port type") && CheckHostType(data_[type_at], "host_port", type_at);
      }
      case Kind::kList:
      case Kind::kMap: break;  // handled by Known()
    }
    return Fail(absl::StatusCode::kInternal, at, "unexpected kind");
  }

  const StructSpec& root_;
  int64_t spent_[wire_schema::kBudgetCount] = {};
};

}  // namespace

absl::Status ValidatePegasusWire(PegasusStruct which, const uint8_t* data, size_t len,
                                 const PegasusWireLimits& limits) {
  Walker walker(data, len, limits, wire_schema::SchemaOf(which));
  return walker.Run();
}

}  // namespace dupready
