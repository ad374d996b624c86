// The partition filter's code generator: conditions to lane masks, integer facts to lane values.
// Anything it cannot compute lane-wise leaves the rule to the exact interpreter (kGeneral).
#include "engine/compiler/block_compiler.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "engine/compiler/expr_shapes.h"
#include "engine/compiler/value_range.h"

namespace dupready {
namespace {

using namespace compiler_internal;  // NOLINT: the shapes and value ranges this file uses

constexpr int kMaxBlockRegisters = 256;  // per kind; a rule needing more is left general

bool IsIntOrBool(const Type& t) { return t.kind == TypeKind::kInt || t.kind == TypeKind::kBool; }

// `e` is "slot", "slot + k", "slot - k" or "k + slot" for a small constant k.
bool IsSlotPlusK(const Expr* e, int* slot, int64_t* k) {
  if ((*slot = CurrentSlot(e)) >= 0) {
    *k = 0;
    return true;
  }
  if (e->kind != ExprKind::kBinary || (e->op != Op::kAdd && e->op != Op::kSub)) return false;
  const Expr* l = e->args[0].get();
  const Expr* r = e->args[1].get();
  int64_t c;
  if ((*slot = CurrentSlot(l)) >= 0 && IsIntConst(r, &c) && IsSmall(c)) {
    *k = e->op == Op::kAdd ? c : -c;
    return true;
  }
  if (e->op == Op::kAdd && (*slot = CurrentSlot(r)) >= 0 && IsIntConst(l, &c) && IsSmall(c)) {
    *k = c;
    return true;
  }
  return false;
}

// The slots instruction `i` reads, as a bit set.
uint32_t SlotsRead(const BlockInsn& i) {
  switch (i.op) {
    case BlockOp::kSlotCmpK:
    case BlockOp::kSlotCmp:
    case BlockOp::kLoadSlot:
      return 1u << i.a;
    case BlockOp::kSlotCmpSlot:
      return (1u << i.a) | (1u << i.b);
    case BlockOp::kStrPrimaryHost:
      return 1u << kSlotPrimaryIndex;
    case BlockOp::kLoopBegin:
      return i.a == 0 ? (1u << kSlotSecondariesBegin) | (1u << kSlotSecondaryCount)
                      : (1u << kSlotLastDropsBegin) | (1u << kSlotLastDropCount);
    default:
      return 0;
  }
}

class FilterGen {
 public:
  BlockFilter Build(const std::vector<std::pair<int, const MergedRule*>>& rules) {
    int lane_wise = 0;
    bool after_suffices = false;
    for (const auto& [index, mr] : rules) {
      const Rule* rule = mr->rule;
      // A final requirement after a `suffices` judges the lanes it accepted too.
      const bool floor = after_suffices && mr->final && rule->kind == RuleKind::kRequire;
      after_suffices = after_suffices || rule->kind == RuleKind::kSuffices;
      out_.has_floor = out_.has_floor || floor;
      const size_t mark = out_.code.size();
      next_value_ = 0;
      next_mask_ = 1;  // mask 0: arithmetic errors
      next_string_ = 0;
      in_loop_ = false;
      int guard = kNoMask;
      if (rule->guard) guard = Cond(rule->guard.get());
      const int cond = guard >= 0 ? Cond(rule->condition.get()) : -1;
      if (guard < 0 || cond < 0 || too_many_) {
        out_.code.resize(mark);
        BlockInsn g{BlockOp::kGeneral};
        g.rule = index;
        g.floor = floor;
        out_.code.push_back(g);
        ++out_.general_rules;
        too_many_ = false;
        continue;
      }
      BlockInsn r{rule->kind == RuleKind::kRequire ? BlockOp::kRequire : BlockOp::kSuffices};
      r.a = static_cast<uint16_t>(guard);
      r.b = static_cast<uint16_t>(cond);
      r.rule = index;
      r.floor = floor;
      out_.code.push_back(r);
      ++lane_wise;
    }
    out_.enabled = lane_wise > 0;
    for (const BlockInsn& i : out_.code) out_.slot_columns |= SlotsRead(i);
    return std::move(out_);
  }

 private:
  // A new value register holding values in `range`.
  int NewValue(Range range = kAnyInt) {
    out_.value_registers = std::max(out_.value_registers, next_value_ + 1);
    if (next_value_ + 1 > kMaxBlockRegisters) too_many_ = true;
    const int r = next_value_++ % kMaxBlockRegisters;
    range_[r] = range;
    return r;
  }
  int NewMask() {
    out_.mask_registers = std::max(out_.mask_registers, next_mask_ + 1);
    if (next_mask_ + 1 > kMaxBlockRegisters) too_many_ = true;
    return next_mask_++ % kMaxBlockRegisters;
  }
  int NewString() {
    out_.string_registers = std::max(out_.string_registers, next_string_ + 1);
    if (next_string_ + 1 > kMaxBlockRegisters) too_many_ = true;
    return next_string_++ % kMaxBlockRegisters;
  }
  int Emit(BlockOp op, int dst, int a = 0, int b = 0, int64_t k = 0, uint8_t cmp = 0) {
    BlockInsn i{op};
    i.dst = static_cast<uint16_t>(dst);
    i.a = static_cast<uint16_t>(a);
    i.b = static_cast<uint16_t>(b);
    i.k = k;
    i.cmp = cmp;
    out_.code.push_back(i);
    return dst;
  }
  int Compare(BlockOp op, int a, int b, int64_t k, Cmp c) {
    return Emit(op, NewMask(), a, b, k, static_cast<uint8_t>(c));
  }

  // The mask register holding bool expression `e` per lane, or -1.
  int Cond(const Expr* e) {
    int64_t k;
    if (e->kind == ExprKind::kBool) return Emit(BlockOp::kMaskK, NewMask(), 0, 0, e->bool_value);
    if (e->kind == ExprKind::kUnary && e->op == Op::kNot) {
      const int m = Cond(e->args[0].get());
      return m < 0 ? -1 : Emit(BlockOp::kNot, m, m);
    }
    if (e->kind == ExprKind::kBinary && (e->op == Op::kAnd || e->op == Op::kOr)) {
      const int l = Cond(e->args[0].get());
      if (l < 0) return -1;
      const int r = Cond(e->args[1].get());
      if (r < 0) return -1;
      Emit(e->op == Op::kAnd ? BlockOp::kAnd : BlockOp::kOr, l, l, r);
      next_mask_ = l + 1;
      return l;
    }
    if (int slot = CurrentSlot(e); slot >= 0 && e->type.kind == TypeKind::kBool)
      return Compare(BlockOp::kSlotCmpK, slot, 0, 0, Cmp::kNe);
    if (IsValidQuantifierOverSecondaries(e) && e->text != "count") {
      if (e->text == "all")
        return Compare(BlockOp::kSlotCmpSlot, kSlotAliveSecondaries, kSlotSecondaryCount, 0,
                       Cmp::kEq);
      return Compare(BlockOp::kSlotCmpK, kSlotAliveSecondaries, 0, 0, Cmp::kGt);
    }
    if (e->kind == ExprKind::kBinary && e->op >= Op::kEq && e->op <= Op::kGe &&
        IsIntOrBool(e->args[0]->type)) {
      const Expr* l = e->args[0].get();
      const Expr* r = e->args[1].get();
      Cmp c = CmpOf(e->op);
      if (IsIntConst(l, &k)) {
        std::swap(l, r);
        c = Mirror(c);
      }
      // (slot a + ka) cmp (slot b + kb)  ==>  slot a cmp slot b + (kb - ka), and
      // (slot a + ka) cmp k                ==>  slot a cmp k - ka: one pass over the facts.
      int sa, sb;
      int64_t ka, kb;
      if (IsSlotPlusK(l, &sa, &ka)) {
        if (IsSlotPlusK(r, &sb, &kb)) return Compare(BlockOp::kSlotCmpSlot, sa, sb, kb - ka, c);
        if (IsIntConst(r, &k) && IsSmall(k)) return Compare(BlockOp::kSlotCmpK, sa, 0, k - ka, c);
      }
      const int ls = CurrentSlot(l);
      if (IsIntConst(r, &k)) {
        if (ls >= 0) return Compare(BlockOp::kSlotCmpK, ls, 0, k, c);
        const int v = Value(l);
        if (v < 0) return -1;
        next_value_ = v;
        const int m = Compare(BlockOp::kCmpK, v, 0, k, c);
        if (FitsInt32(range_[v]) && FitsInt32(Range{k, k})) out_.code.back().checked = 2;
        return m;
      }
      const int rs = CurrentSlot(r);
      if (ls >= 0 && rs >= 0) return Compare(BlockOp::kSlotCmpSlot, ls, rs, 0, c);
      if (ls >= 0 || rs >= 0) {  // slot cmp value: the slot is read in place
        const int v = Value(ls >= 0 ? r : l);
        if (v < 0) return -1;
        next_value_ = v;
        return Compare(BlockOp::kSlotCmp, ls >= 0 ? ls : rs, v, 0, ls >= 0 ? c : Mirror(c));
      }
      const int a = Value(l);
      if (a < 0) return -1;
      const int b = Value(r);
      if (b < 0) return -1;
      next_value_ = a;
      return Compare(BlockOp::kCmp, a, b, 0, c);
    }
    if (e->kind == ExprKind::kBinary && (e->op == Op::kIn || e->op == Op::kNotIn) &&
        e->args[1]->kind == ExprKind::kList && IsIntOrBool(e->args[0]->type)) {
      const int x = Value(e->args[0].get());
      if (x < 0) return -1;
      const int found = Emit(BlockOp::kMaskK, NewMask(), 0, 0, 0);
      for (const auto& item : e->args[1]->args) {
        const int value_mark = next_value_;
        int hit;
        if (IsIntConst(item.get(), &k)) {
          hit = Compare(BlockOp::kCmpK, x, 0, k, Cmp::kEq);
        } else {
          const int v = Value(item.get());
          if (v < 0) return -1;
          hit = Compare(BlockOp::kCmp, x, v, 0, Cmp::kEq);
        }
        Emit(BlockOp::kOr, found, found, hit);
        next_mask_ = found + 1;
        next_value_ = value_mark;
      }
      next_value_ = x;
      return e->op == Op::kIn ? found : Emit(BlockOp::kNot, found, found);
    }
    if (e->kind == ExprKind::kBinary && (e->op == Op::kEq || e->op == Op::kNe) &&
        IsText(e->args[0]->type)) {
      const int a = Str(e->args[0].get());
      if (a < 0) return -1;
      const int b = Str(e->args[1].get());
      if (b < 0) return -1;
      next_string_ = a;
      return Compare(BlockOp::kStrCmp, a, b, 0, e->op == Op::kEq ? Cmp::kEq : Cmp::kNe);
    }
    if (e->kind == ExprKind::kBinary && (e->op == Op::kMatch || e->op == Op::kNotMatch)) {
      const int a = Str(e->args[0].get());
      if (a < 0 || e->regex < 0) return -1;
      next_string_ = a;
      return Compare(BlockOp::kStrMatch, a, 0, e->regex, e->op == Op::kMatch ? Cmp::kEq : Cmp::kNe);
    }
    if (e->kind == ExprKind::kCall &&
        (e->text == "starts_with" || e->text == "ends_with" || e->text == "contains")) {
      const int a = Str(e->args[0].get());
      if (a < 0) return -1;
      const int b = Str(e->args[1].get());
      if (b < 0) return -1;
      next_string_ = a;
      const int f = e->text == "starts_with" ? 0 : e->text == "ends_with" ? 1 : 2;
      return Emit(BlockOp::kStrFunc, NewMask(), a, f, b);
    }
    if (e->kind == ExprKind::kBinary && (e->op == Op::kIn || e->op == Op::kNotIn) &&
        e->args[1]->kind == ExprKind::kList && IsText(e->args[0]->type)) {
      const int x = Str(e->args[0].get());
      if (x < 0) return -1;
      const int found = Emit(BlockOp::kMaskK, NewMask(), 0, 0, 0);
      for (const auto& item : e->args[1]->args) {
        const int y = Str(item.get());
        if (y < 0) return -1;
        const int hit = Compare(BlockOp::kStrCmp, x, y, 0, Cmp::kEq);
        Emit(BlockOp::kOr, found, found, hit);
        next_mask_ = found + 1;
        next_string_ = x + 1;
      }
      next_string_ = x;
      return e->op == Op::kIn ? found : Emit(BlockOp::kNot, found, found);
    }
    if (e->kind == ExprKind::kCall && (e->text == "all" || e->text == "any")) return Quantifier(e);
    // A bool leaf read as a value: response.is_stateful, count(...) > 0 shapes, ...
    if (e->type.kind == TypeKind::kBool &&
        (e->kind == ExprKind::kName || e->kind == ExprKind::kField || e->kind == ExprKind::kCall)) {
      const int v = Value(e);
      if (v < 0) return -1;
      next_value_ = v;
      return Compare(BlockOp::kCmpK, v, 0, 0, Cmp::kNe);
    }
    return -1;
  }

  // The value register holding int or bool expression `e` per lane, or -1.
  int Value(const Expr* e) {
    if (!IsIntOrBool(e->type)) return -1;
    int64_t k;
    if (IsIntConst(e, &k)) return Emit(BlockOp::kConst, NewValue(Range{k, k}), 0, 0, k);
    if (int slot = CurrentSlot(e); slot >= 0)
      return Emit(BlockOp::kLoadSlot, NewValue(kSlotRange), slot);
    if (IsValidQuantifierOverSecondaries(e) && e->text == "count")
      return Emit(BlockOp::kLoadSlot, NewValue(kSlotRange), kSlotAliveSecondaries);
    if (e->kind == ExprKind::kField && IsLoopVariable(e->args[0].get())) {
      if (e->res.fact == FactId::kAddressValid)
        return Emit(BlockOp::kItemValid, NewValue(Range{0, 1}));
      if (e->res.fact == FactId::kAddressPort)
        return Emit(BlockOp::kItemPort, NewValue(kSlotRange));
      return -1;
    }
    if (e->kind == ExprKind::kCall && e->text == "size" && IsText(e->args[0]->type)) {
      const int a = Str(e->args[0].get());
      if (a < 0) return -1;
      next_string_ = a;
      return Emit(BlockOp::kStrSize, NewValue(Range{0, INT64_MAX}), a);
    }
    if (e->kind == ExprKind::kCall && e->text == "count") return Quantifier(e);
    if (e->kind == ExprKind::kName && e->res.kind == Resolution::Kind::kFact) {
      if (e->res.fact == FactId::kBallot) return Emit(BlockOp::kLoadWide, NewValue(), 0);
      if (e->res.fact == FactId::kLastCommittedDecree)
        return Emit(BlockOp::kLoadWide, NewValue(), 1);
      return -1;
    }
    if (e->kind == ExprKind::kField) {
      switch (e->res.fact) {
        case FactId::kDupPartitionCount:
          return Ctx(CtxField::kPartitionCount);
        case FactId::kDupRemoteReplicaCount:
          return Ctx(CtxField::kRemoteReplicaCount);
        case FactId::kResponseAppId:
          return Ctx(CtxField::kAppId);
        case FactId::kResponsePartitionCount:
          return Ctx(CtxField::kResponsePartitionCount);
        case FactId::kResponseIsStateful:
          return Ctx(CtxField::kIsStateful);
        default:
          return -1;
      }
    }
    if (e->kind == ExprKind::kUnary && e->op == Op::kNeg) {
      const int v = Value(e->args[0].get());
      if (v < 0) return -1;
      const Range x = range_[v];
      const bool checked = x.Has(INT64_MIN);
      Emit(BlockOp::kNeg, v, v);
      out_.code.back().checked = checked;
      range_[v] = checked ? kAnyInt : Range{-x.hi, -x.lo};
      return v;
    }
    if (e->kind == ExprKind::kBinary && e->op >= Op::kAdd && e->op <= Op::kMod) {
      const ArithOp op = e->op == Op::kAdd   ? ArithOp::kAdd
                         : e->op == Op::kSub ? ArithOp::kSub
                         : e->op == Op::kMul ? ArithOp::kMul
                         : e->op == Op::kDiv ? ArithOp::kDiv
                                             : ArithOp::kMod;
      const int l = Value(e->args[0].get());
      if (l < 0) return -1;
      Range y;
      if (IsIntConst(e->args[1].get(), &k)) {  // x op constant: no register for the constant
        y = Range{k, k};
        Emit(BlockOp::kArithK, l, l, 0, k, static_cast<uint8_t>(op));
      } else {
        const int r = Value(e->args[1].get());
        if (r < 0) return -1;
        y = range_[r];
        Emit(BlockOp::kArith, l, l, r, 0, static_cast<uint8_t>(op));
      }
      const Range result = ArithRange(op, range_[l], y);
      const bool checked = !(result.lo <= result.hi && result.Fits());
      const bool narrow = !checked && (op == ArithOp::kDiv || op == ArithOp::kMod) &&
                          FitsInt32(range_[l]) && FitsInt32(y) && FitsInt32(result);
      out_.code.back().checked = checked ? 1 : narrow ? 2 : 0;
      range_[l] = checked ? kAnyInt : result;
      next_value_ = l + 1;
      return l;
    }
    // A condition used as a value (compared with a bool): Cond handles these kinds itself.
    if (e->kind == ExprKind::kUnary || e->kind == ExprKind::kBinary) {
      const int m = Cond(e);
      if (m < 0) return -1;
      next_mask_ = m;
      return Emit(BlockOp::kValueOf, NewValue(Range{0, 1}), m);
    }
    return -1;
  }

  int Ctx(CtxField f) { return Emit(BlockOp::kLoadCtx, NewValue(), 0, 0, static_cast<int64_t>(f)); }

  static bool IsText(const Type& t) {
    return t.kind == TypeKind::kString || t.kind == TypeKind::kError;
  }
  bool IsLoopVariable(const Expr* e) const {
    return in_loop_ && e->kind == ExprKind::kName && e->res.kind == Resolution::Kind::kVariable &&
           e->res.variable == loop_variable_;
  }

  // The string register holding string (or error code) expression `e` per lane, or -1.
  int Str(const Expr* e) {
    if (!IsText(e->type)) return -1;
    if (e->kind == ExprKind::kString ||
        (e->kind == ExprKind::kName && e->res.kind == Resolution::Kind::kErrorCode)) {
      auto [it, added] = string_index_.try_emplace(e->text, static_cast<int>(out_.strings.size()));
      if (added) out_.strings.push_back(e->text);
      return Emit(BlockOp::kStrConst, NewString(), 0, 0, it->second);
    }
    if (IsNamedFact(e, FactId::kRpcErr)) return StrCtx(CtxField::kRpcErr);
    if (e->kind != ExprKind::kField) return -1;
    switch (e->res.fact) {
      case FactId::kDupAppName:
        return StrCtx(CtxField::kAppName);
      case FactId::kDupRemoteClusterName:
        return StrCtx(CtxField::kRemoteClusterName);
      case FactId::kDupRemoteAppName:
        return StrCtx(CtxField::kRemoteAppName);
      case FactId::kResponseErr:
        return StrCtx(CtxField::kResponseErr);
      case FactId::kAddressHost:
        if (IsNamedFact(e->args[0].get(), FactId::kPrimary))
          return Emit(BlockOp::kStrPrimaryHost, NewString());
        if (IsLoopVariable(e->args[0].get())) return Emit(BlockOp::kItemHost, NewString());
        return -1;
      default:
        return -1;
    }
  }
  int StrCtx(CtxField f) {
    return Emit(BlockOp::kStrCtx, NewString(), 0, 0, static_cast<int64_t>(f));
  }

  // all/any (a mask) or count (a value) over the current partition's secondaries or
  // last_drops, one item of every lane per pass of the loop. Not nested.
  int Quantifier(const Expr* e) {
    if (in_loop_ || e->args.size() != 3) return -1;
    int list;
    if (IsNamedFact(e->args[0].get(), FactId::kSecondaries))
      list = 0;
    else if (IsNamedFact(e->args[0].get(), FactId::kLastDrops))
      list = 1;
    else
      return -1;
    const bool count = e->text == "count";
    const int acc = count ? Emit(BlockOp::kConst, NewValue(kSlotRange), 0, 0, 0)
                          : Emit(BlockOp::kMaskK, NewMask(), 0, 0, e->text == "all");
    const size_t begin = out_.code.size();
    Emit(BlockOp::kLoopBegin, 0, list);
    in_loop_ = true;
    loop_variable_ = e->args[1]->res.variable;
    const int64_t body = static_cast<int64_t>(out_.code.size());
    const int item = Cond(e->args[2].get());
    in_loop_ = false;
    if (item < 0) return -1;
    Emit(count              ? BlockOp::kLoopCount
         : e->text == "all" ? BlockOp::kLoopAll
                            : BlockOp::kLoopAny,
         acc, 0, item);
    Emit(BlockOp::kLoopNext, 0, list, 0, body);
    out_.code[begin].k = static_cast<int64_t>(out_.code.size());
    if (count) {
      next_mask_ = item;
      next_value_ = acc + 1;
    } else {
      next_mask_ = acc + 1;
    }
    return acc;
  }

  BlockFilter out_;
  Range range_[kMaxBlockRegisters];  // per value register, of the value it holds now
  int next_value_ = 0;
  int next_mask_ = 1;
  int next_string_ = 0;
  bool in_loop_ = false;    // compiling a quantifier's body
  int loop_variable_ = -1;  // its variable (Resolution::variable)
  // Not absl::flat_hash_map: it is left corrupt when an allocation fails while it grows.
  std::unordered_map<std::string, int> string_index_;  // out_.strings by value
  bool too_many_ = false;
};

}  // namespace

BlockFilter CompilePartitionFilter(const std::vector<std::pair<int, const MergedRule*>>& rules) {
  return FilterGen().Build(rules);
}

}  // namespace dupready
