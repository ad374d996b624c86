// Copyright 2026 The dupready Authors.
//
// expr_shapes.h (internal to engine/compiler): recognising the expression shapes that compile
// to fused instructions: facts held in a partition's slots, integer constants, and
// quantifiers over secondaries' validity. Shared by the kernel and the partition filter
// compilers, so both read the same facts from the same slots.

#ifndef DUPREADY_ENGINE_COMPILER_EXPR_SHAPES_H_
#define DUPREADY_ENGINE_COMPILER_EXPR_SHAPES_H_

#include <cstdint>

#include "engine/compiler/program.h"
#include "engine/eval/facts.h"
#include "engine/parser/ast.h"

namespace dupready {
namespace compiler_internal {

// The slot holding a partition fact, or -1 for facts that are not slots.
inline int SlotOf(FactId f) {
  switch (f) {
    case FactId::kPidx:
      return kSlotPidx;
    case FactId::kMaxReplicaCount:
      return kSlotMaxReplicaCount;
    case FactId::kPartitionFlags:
      return kSlotPartitionFlags;
    case FactId::kPrimaryAlive:
      return kSlotPrimaryAlive;
    case FactId::kAliveSecondaries:
      return kSlotAliveSecondaries;
    case FactId::kAliveReplicas:
      return kSlotAliveReplicas;
    default:
      return -1;
  }
}

inline Cmp CmpOf(Op op) {
  switch (op) {
    case Op::kEq:
      return Cmp::kEq;
    case Op::kNe:
      return Cmp::kNe;
    case Op::kLt:
      return Cmp::kLt;
    case Op::kLe:
      return Cmp::kLe;
    case Op::kGt:
      return Cmp::kGt;
    default:
      return Cmp::kGe;
  }
}

// The comparison with its operands swapped: (a < b) == (b > a).
inline Cmp Mirror(Cmp c) {
  switch (c) {
    case Cmp::kLt:
      return Cmp::kGt;
    case Cmp::kLe:
      return Cmp::kGe;
    case Cmp::kGt:
      return Cmp::kLt;
    case Cmp::kGe:
      return Cmp::kLe;
    default:
      return c;
  }
}

inline bool IsNamedFact(const Expr* e, FactId f) {
  return e->kind == ExprKind::kName && e->res.kind == Resolution::Kind::kFact && e->res.fact == f;
}

// Slot of a bare partition fact (the current partition), or -1. size(secondaries),
// size(last_drops), primary.valid and primary.port count as slots too.
inline int CurrentSlot(const Expr* e) {
  if (e->kind == ExprKind::kName && e->res.kind == Resolution::Kind::kFact)
    return SlotOf(e->res.fact);
  if (e->kind == ExprKind::kCall && e->text == "size") {
    if (IsNamedFact(e->args[0].get(), FactId::kSecondaries)) return kSlotSecondaryCount;
    if (IsNamedFact(e->args[0].get(), FactId::kLastDrops)) return kSlotLastDropCount;
  }
  if (e->kind == ExprKind::kField && IsNamedFact(e->args[0].get(), FactId::kPrimary)) {
    if (e->res.fact == FactId::kAddressValid) return kSlotPrimaryAlive;
    if (e->res.fact == FactId::kAddressPort) return kSlotPrimaryPort;
  }
  return -1;
}

inline bool IsIntConst(const Expr* e, int64_t* v) {
  if (e->kind == ExprKind::kInt) {
    *v = e->int_value;
    return true;
  }
  if (e->kind == ExprKind::kBool) {
    *v = e->bool_value ? 1 : 0;
    return true;
  }
  return false;
}

// all/any/count(secondaries, s, s.valid) over the current partition: answered by slots.
inline bool IsValidQuantifierOverSecondaries(const Expr* e) {
  if (e->kind != ExprKind::kCall || e->args.size() != 3) return false;
  if (e->text != "all" && e->text != "any" && e->text != "count") return false;
  if (!IsNamedFact(e->args[0].get(), FactId::kSecondaries)) return false;
  const Expr* body = e->args[2].get();
  return body->kind == ExprKind::kField && body->res.fact == FactId::kAddressValid &&
         body->args[0]->kind == ExprKind::kName &&
         body->args[0]->res.kind == Resolution::Kind::kVariable &&
         body->args[0]->text == e->args[1]->text;
}

}  // namespace compiler_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_EXPR_SHAPES_H_
