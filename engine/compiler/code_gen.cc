// Rule kernels and value programs, and conditions compiled as compare-and-branch code, with
// the common shapes fused into single instructions.
#include "engine/compiler/code_gen.h"

#include "engine/compiler/expr_shapes.h"

namespace dupready {
namespace compiler_internal {

Code CodeGen::Kernel(const std::vector<std::pair<int, const MergedRule*>>& rules) {
  Begin();
  // Sized once: regrowing a vector of a million instructions costs more than compiling them.
  code_.reserve(rules.size() * 6 + 1);
  labels_.reserve(rules.size() * 2 + 1);
  fixups_.reserve(rules.size() * 4);
  const int accept = NewLabel();
  // The accept chain: each final requirement after a `suffices` gets a second copy, after the
  // rules, where an accepting `suffices` before it goes.
  std::vector<int> chain(rules.size(), -1);
  bool after_suffices = false;
  for (size_t i = 0; i < rules.size(); ++i) {
    const MergedRule& mr = *rules[i].second;
    if (mr.rule->kind == RuleKind::kSuffices) {
      after_suffices = true;
    } else if (after_suffices && mr.final) {
      chain[i] = NewLabel();
    }
  }
  // Where a `suffices` at i goes when it accepts: the chain's first entry after i.
  std::vector<int> accepted(rules.size(), accept);
  int next_entry = accept;
  for (size_t i = rules.size(); i-- > 0;) {
    accepted[i] = next_entry;
    if (chain[i] >= 0) next_entry = chain[i];
  }
  for (size_t i = 0; i < rules.size(); ++i)
    EmitRule(rules[i].first, *rules[i].second, accepted[i]);
  bool has_chain = false;
  for (size_t i = 0; i < rules.size(); ++i) {
    if (chain[i] < 0) continue;
    if (!has_chain) Emit(Insn{OpCode::kEnd});  // the rules' own end: the partition passed
    has_chain = true;
    Bind(chain[i]);
    EmitRule(rules[i].first, *rules[i].second, accept);
  }
  Bind(accept);
  Emit(Insn{OpCode::kEnd});
  return Finish();
}

void CodeGen::EmitRule(int index, const MergedRule& mr, int accepted) {
  const Rule* rule = mr.rule;
  const int next = NewLabel();
  const int fail = NewLabel();
  next_reg_ = 1;
  if (!mr.scope_terms.empty()) Emit(Insn{OpCode::kSkipInactive}, next).k = index;
  error_target_ = rule->kind == RuleKind::kRequire ? fail : next;
  if (rule->guard) Branch(rule->guard.get(), false, next);
  if (rule->kind == RuleKind::kRequire) {
    Branch(rule->condition.get(), true, next);
    Bind(fail);
    Emit(Insn{OpCode::kFail}, next).k = index;
  } else {
    // Listing failures: once the partition failed, a `suffices` that applies to it ends the
    // list (the rules after it matter only if it would not accept the partition, which the
    // earlier failure may decide); its final rules still follow.
    Emit(Insn{OpCode::kAcceptIfFailed}, accepted);
    Branch(rule->condition.get(), true, accepted);
  }
  Bind(next);
}

ValueCode CodeGen::Value(Expr* e) {
  Begin();
  const int error = NewLabel();
  error_target_ = error;
  next_reg_ = 1;
  int r = Val(e);
  Insn ret{OpCode::kRet};
  ret.a = static_cast<uint16_t>(r);
  Emit(ret);
  Bind(error);
  Emit(Insn{OpCode::kEnd});
  return ValueCode{Finish(), e->type};
}

// --- conditions as branches: jump to `label` when e == sense, else fall through ------------

void CodeGen::Branch(Expr* e, bool sense, int label) {
  int64_t k;
  if (e->kind == ExprKind::kBool) {
    if (e->bool_value == sense) Emit(Insn{OpCode::kJump}, label);
    return;
  }
  if (e->kind == ExprKind::kUnary && e->op == Op::kNot) return Branch(e->args[0].get(), !sense, label);
  if (e->kind == ExprKind::kBinary && (e->op == Op::kAnd || e->op == Op::kOr)) {
    // For 'and' a false left side decides; for 'or' a true one does.
    const bool decides = e->op == Op::kOr;
    if (sense == decides) {
      Branch(e->args[0].get(), sense, label);
      Branch(e->args[1].get(), sense, label);
    } else {
      int skip = NewLabel();
      Branch(e->args[0].get(), decides, skip);
      Branch(e->args[1].get(), sense, label);
      Bind(skip);
    }
    return;
  }
  if (int slot = CurrentSlot(e); slot >= 0 && e->type.kind == TypeKind::kBool) {
    return BrSlotK(slot, Cmp::kNe, 0, sense, label);
  }
  if (IsValidQuantifierOverSecondaries(e) && e->text != "count") {
    if (e->text == "all") {
      Insn i{OpCode::kBrSlotSlot};
      i.cmp = static_cast<uint8_t>(Cmp::kEq);
      i.sense = sense;
      i.a = kSlotAliveSecondaries;
      i.b = kSlotSecondaryCount;
      Emit(i, label);
    } else {
      BrSlotK(kSlotAliveSecondaries, Cmp::kGt, 0, sense, label);
    }
    return;
  }
  const TypeKind operand = e->kind == ExprKind::kBinary ? e->args[0]->type.kind : TypeKind::kInvalid;
  if (e->kind == ExprKind::kBinary && e->op >= Op::kEq && e->op <= Op::kGe &&
      (operand == TypeKind::kInt || operand == TypeKind::kBool)) {
    Expr* l = e->args[0].get();
    Expr* r = e->args[1].get();
    Cmp c = CmpOf(e->op);
    if (IsIntConst(l, &k)) {
      std::swap(l, r);
      c = Mirror(c);
    }
    int ls = CurrentSlot(l);
    if (IsIntConst(r, &k)) {
      if (ls >= 0) return BrSlotK(ls, c, k, sense, label);
      Insn i{OpCode::kBrRegK};
      i.cmp = static_cast<uint8_t>(c);
      i.sense = sense;
      i.a = static_cast<uint16_t>(Val(l));
      i.k = k;
      Emit(i, label);
      return;
    }
    int rs = CurrentSlot(r);
    if (ls >= 0 && rs >= 0) {
      Insn i{OpCode::kBrSlotSlot};
      i.cmp = static_cast<uint8_t>(c);
      i.sense = sense;
      i.a = static_cast<uint16_t>(ls);
      i.b = static_cast<uint32_t>(rs);
      Emit(i, label);
      return;
    }
    const int mark = next_reg_;
    Insn i{OpCode::kBrRegReg};
    i.cmp = static_cast<uint8_t>(c);
    i.sense = sense;
    i.a = static_cast<uint16_t>(Val(l));
    i.b = static_cast<uint32_t>(Val(r));
    next_reg_ = mark;
    Emit(i, label);
    return;
  }
  if (e->kind == ExprKind::kBinary && (e->op == Op::kIn || e->op == Op::kNotIn) &&
      e->args[1]->kind == ExprKind::kList) {
    return BranchInList(e, sense, label);
  }
  const int mark = next_reg_;
  Insn j{OpCode::kJumpIf};
  j.a = static_cast<uint16_t>(Val(e));
  j.sense = sense;
  next_reg_ = mark;
  Emit(j, label);
}

void CodeGen::BrSlotK(int slot, Cmp c, int64_t k, bool sense, int label) {
  Insn i{OpCode::kBrSlotK};
  i.cmp = static_cast<uint8_t>(c);
  i.sense = sense;
  i.a = static_cast<uint16_t>(slot);
  i.k = k;
  Emit(i, label);
}

void CodeGen::BranchInList(Expr* e, bool sense, int label) {
  const bool jump_when_found = (e->op == Op::kIn) == sense;
  const int found = jump_when_found ? label : NewLabel();
  const int mark = next_reg_;
  const int x = Val(e->args[0].get());
  for (auto& item : e->args[1]->args) {
    const int item_mark = next_reg_;
    int64_t k;
    if (item->type.kind == TypeKind::kInt && IsIntConst(item.get(), &k)) {
      Insn i{OpCode::kBrRegK};
      i.cmp = static_cast<uint8_t>(Cmp::kEq);
      i.a = static_cast<uint16_t>(x);
      i.k = k;
      Emit(i, found);
    } else {
      Insn j{OpCode::kJumpIf};
      j.a = static_cast<uint16_t>(Equal(x, Val(item.get()), e->args[0]->type, true));
      Emit(j, found);
    }
    next_reg_ = item_mark;
  }
  next_reg_ = mark;
  if (!jump_when_found) {
    Emit(Insn{OpCode::kJump}, label);
    Bind(found);
  }
}

}  // namespace compiler_internal
}  // namespace dupready
