// Copyright 2026 The dupready Authors.
//
// pegasus_wire_schema.h (private to wire/): the shape of every struct the wire check can walk,
// field by field, as Pegasus's IDL declares it, with the limit that bounds each container. The
// two walks of wire/ read these tables (pegasus_wire_check.cc, pegasus_reply_walk.cc), so they
// agree on ids, types, names and limits.
//
//   const StructSpec& spec = SchemaOf(PegasusStruct::kDuplicationListResponse);
//   const FieldSpec* f = spec.Find(3);  // app_states: map<string, duplication_app_state>

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_SCHEMA_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_SCHEMA_H_

#include <cstddef>
#include <cstdint>

#include "meta_integration/wire/pegasus_wire_limits.h"
#include "meta_integration/wire/thrift_walker.h"

namespace dupready {
namespace wire_schema {

// What a value holds. The four Pegasus base types have a STRUCT field header but a fixed layout.
enum class Kind {
  kBool,
  kI32,
  kI64,
  kString,
  kErrorCode,
  kGpid,
  kRpcAddress,
  kHostPort,
  kStruct,
  kList,
  kMap,
};

// Budgets shared by several containers of one message: the walker sums their elements.
enum class Budget { kNone, kDuplications };
inline constexpr int kBudgetCount = 2;

struct StructSpec;

struct FieldSpec {
  int16_t id;
  const char* name;
  Kind kind;
  Kind elem_kind = Kind::kBool;                     // kList: the element; kMap: the value
  const StructSpec* elem_struct = nullptr;          // ... when that is a struct
  int32_t PegasusWireLimits::*max_elems = nullptr;  // kList, kMap: the bound on one container
  Kind key_kind = Kind::kBool;                      // kMap only
  Budget budget = Budget::kNone;                    // kList, kMap: counted into this budget
};

struct StructSpec {
  const char* name;
  const FieldSpec* fields;
  size_t field_count;

  // The field with this id, or null. Fields numbered 1, 2, ... in order are found directly.
  const FieldSpec* Find(int16_t id) const {
    if (id >= 1 && static_cast<size_t>(id) <= field_count && fields[id - 1].id == id) {
      return &fields[id - 1];
    }
    for (size_t i = 0; i < field_count; ++i) {
      if (fields[i].id == id) return &fields[i];
    }
    return nullptr;
  }
};

// The wire type of a field that holds `kind`.
constexpr uint8_t WireTypeOf(Kind kind) {
  using namespace wire_internal;  // NOLINT: the type codes
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

// The fewest bytes one value of `kind` takes.
inline uint64_t MinBytes(Kind kind) {
  switch (kind) {
    case Kind::kGpid:
    case Kind::kRpcAddress: return 8;
    case Kind::kHostPort: return 4 + 2 + 1;
    case Kind::kErrorCode: return 4;
    default: return wire_internal::MinBytes(WireTypeOf(kind));
  }
}

// The struct `which` names.
const StructSpec& SchemaOf(PegasusStruct which);

// The limit of a budget (the whole message's total), e.g. max_duplications.
int32_t BudgetLimit(Budget budget, const PegasusWireLimits& limits);

}  // namespace wire_schema
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_SCHEMA_H_
