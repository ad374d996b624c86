// Values computed into registers: constants, fact loads, arithmetic, calls and quantifier
// loops. Bool values reuse the branch code (code_gen.cc) where that is shorter.
#include "engine/compiler/code_gen.h"

#include "engine/compiler/expr_shapes.h"

namespace dupready {
namespace compiler_internal {

int CodeGen::Val(Expr* e) {
  switch (e->kind) {
    case ExprKind::kInt: return ConstInt(e->int_value);
    case ExprKind::kBool: return ConstInt(e->bool_value ? 1 : 0);
    case ExprKind::kString: return ConstStr(e->text);
    case ExprKind::kName: return Name(e);
    case ExprKind::kField: return Field(e);
    case ExprKind::kUnary:
      if (e->op == Op::kNeg) {
        int dst = Reg();
        Insn i{OpCode::kNeg};
        i.dst = static_cast<uint16_t>(dst);
        i.a = static_cast<uint16_t>(Val(e->args[0].get()));
        next_reg_ = dst + 1;
        Emit(i, error_target_);
        return dst;
      }
      return BoolValue(e);
    case ExprKind::kBinary: return Binary(e);
    case ExprKind::kCall: return Call(e);
    case ExprKind::kList: break;  // only under 'in' (the checker makes sure)
  }
  return ConstInt(0);
}

int CodeGen::Equal(int a, int b, const Type& t, bool equal) {
  int dst = Reg();
  Insn i;
  i.dst = static_cast<uint16_t>(dst);
  i.a = static_cast<uint16_t>(a);
  i.b = static_cast<uint32_t>(b);
  i.sense = equal;
  if (t.kind == TypeKind::kString || t.kind == TypeKind::kError) {
    i.op = OpCode::kStrEq;
  } else if (t.kind == TypeKind::kAddress) {
    i.op = OpCode::kAddrEq;
  } else {
    i.op = OpCode::kCmp;
    i.cmp = static_cast<uint8_t>(equal ? Cmp::kEq : Cmp::kNe);
    i.sense = 1;
  }
  Emit(i);
  return dst;
}

int CodeGen::ConstInt(int64_t v) {
  int dst = Reg();
  Insn i{OpCode::kConstInt};
  i.dst = static_cast<uint16_t>(dst);
  i.k = v;
  Emit(i);
  return dst;
}

int CodeGen::ConstStr(const std::string& s) {
  int dst = Reg();
  Insn i{OpCode::kConstStr};
  i.dst = static_cast<uint16_t>(dst);
  i.k = StringConst(s);
  Emit(i);
  return dst;
}

int CodeGen::BoolValue(Expr* e) {
  int dst = ConstInt(0);
  int skip = NewLabel();
  Branch(e, false, skip);
  Insn one{OpCode::kConstInt};
  one.dst = static_cast<uint16_t>(dst);
  one.k = 1;
  Emit(one);
  Bind(skip);
  next_reg_ = dst + 1;
  return dst;
}

int CodeGen::Name(Expr* e) {
  switch (e->res.kind) {
    case Resolution::Kind::kVariable: return var_regs_[e->res.variable];
    case Resolution::Kind::kErrorCode: return ConstStr(e->text);
    case Resolution::Kind::kFact:
      if (e->res.fact == FactId::kRpcErr) return Ctx(OpCode::kLoadCtxStr, CtxField::kRpcErr);
      return PartitionFact(e->res.fact, 0);
    default: break;
  }
  return ConstInt(0);
}

int CodeGen::Ctx(OpCode op, CtxField f) {
  int dst = Reg();
  Insn i{op};
  i.dst = static_cast<uint16_t>(dst);
  i.k = static_cast<int64_t>(f);
  Emit(i);
  return dst;
}

int CodeGen::LoadSlot(int slot, int preg) {
  int dst = Reg();
  Insn i{OpCode::kLoadSlot};
  i.dst = static_cast<uint16_t>(dst);
  i.a = static_cast<uint16_t>(preg);
  i.b = static_cast<uint32_t>(slot);
  Emit(i);
  return dst;
}

int CodeGen::PartitionFact(FactId f, int preg) {
  if (int slot = SlotOf(f); slot >= 0) return LoadSlot(slot, preg);
  int dst = Reg();
  Insn i;
  i.dst = static_cast<uint16_t>(dst);
  i.a = static_cast<uint16_t>(preg);
  if (f == FactId::kBallot || f == FactId::kLastCommittedDecree) {
    i.op = OpCode::kLoadWide;
    i.b = f == FactId::kBallot ? 0 : 1;
  } else if (f == FactId::kPrimary) {
    i.op = OpCode::kLoadPrimary;
  } else {
    i.op = OpCode::kLoadAddrList;
    i.b = f == FactId::kSecondaries ? 0 : 1;
  }
  Emit(i);
  return dst;
}

int CodeGen::Field(Expr* e) {
  Expr* base = e->args[0].get();
  const FactId f = e->res.fact;
  switch (f) {
    case FactId::kDupAppName: return Ctx(OpCode::kLoadCtxStr, CtxField::kAppName);
    case FactId::kDupRemoteClusterName: return Ctx(OpCode::kLoadCtxStr, CtxField::kRemoteClusterName);
    case FactId::kDupRemoteAppName: return Ctx(OpCode::kLoadCtxStr, CtxField::kRemoteAppName);
    case FactId::kDupPartitionCount: return Ctx(OpCode::kLoadCtxInt, CtxField::kPartitionCount);
    case FactId::kDupRemoteReplicaCount: return Ctx(OpCode::kLoadCtxInt, CtxField::kRemoteReplicaCount);
    case FactId::kResponseErr: return Ctx(OpCode::kLoadCtxStr, CtxField::kResponseErr);
    case FactId::kResponseAppId: return Ctx(OpCode::kLoadCtxInt, CtxField::kAppId);
    case FactId::kResponsePartitionCount: return Ctx(OpCode::kLoadCtxInt, CtxField::kResponsePartitionCount);
    case FactId::kResponseIsStateful: return Ctx(OpCode::kLoadCtxInt, CtxField::kIsStateful);
    case FactId::kResponsePartitions: {
      int dst = Reg();
      Insn i{OpCode::kLoadPartitions};
      i.dst = static_cast<uint16_t>(dst);
      Emit(i);
      return dst;
    }
    case FactId::kAddressValid:
    case FactId::kAddressHost:
    case FactId::kAddressPort: {
      if (f == FactId::kAddressValid && IsNamedFact(base, FactId::kPrimary))
        return PartitionFact(FactId::kPrimaryAlive, 0);
      if (f == FactId::kAddressPort && IsNamedFact(base, FactId::kPrimary))
        return LoadSlot(kSlotPrimaryPort);
      int dst = Reg();
      Insn i{OpCode::kAddrField};
      i.dst = static_cast<uint16_t>(dst);
      i.a = static_cast<uint16_t>(Val(base));
      i.b = f == FactId::kAddressValid ? 0 : f == FactId::kAddressHost ? 1 : 2;
      next_reg_ = dst + 1;
      Emit(i);
      return dst;
    }
    default:
      // A partition fact of a partition variable: p.pidx.
      return PartitionFact(f, Val(base));
  }
}

int CodeGen::Binary(Expr* e) {
  Expr* l = e->args[0].get();
  Expr* r = e->args[1].get();
  switch (e->op) {
    case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: case Op::kMod: {
      int dst = Reg();
      Insn i{OpCode::kArith};
      i.cmp = static_cast<uint8_t>(e->op == Op::kAdd   ? ArithOp::kAdd
                                   : e->op == Op::kSub ? ArithOp::kSub
                                   : e->op == Op::kMul ? ArithOp::kMul
                                   : e->op == Op::kDiv ? ArithOp::kDiv
                                                       : ArithOp::kMod);
      i.dst = static_cast<uint16_t>(dst);
      i.a = static_cast<uint16_t>(Val(l));
      i.b = static_cast<uint32_t>(Val(r));
      next_reg_ = dst + 1;
      Emit(i, error_target_);
      return dst;
    }
    case Op::kEq:
    case Op::kNe:
      if (l->type.kind != TypeKind::kInt && l->type.kind != TypeKind::kBool) {
        int a = Val(l);
        return Equal(a, Val(r), l->type, e->op == Op::kEq);
      }
      return BoolValue(e);
    case Op::kMatch:
    case Op::kNotMatch: {
      int dst = Reg();
      Insn i{OpCode::kMatch};
      i.dst = static_cast<uint16_t>(dst);
      i.a = static_cast<uint16_t>(Val(l));
      i.k = e->regex;
      i.sense = e->op == Op::kMatch;
      next_reg_ = dst + 1;
      Emit(i);
      return dst;
    }
    case Op::kIn:
    case Op::kNotIn:
      if (r->kind != ExprKind::kList) return InListValue(e);
      return BoolValue(e);
    default:
      return BoolValue(e);
  }
}

int CodeGen::InListValue(Expr* e) {
  int dst = ConstInt(e->op == Op::kIn ? 0 : 1);
  int x = Val(e->args[0].get());
  int list = Val(e->args[1].get());
  int idx = ConstInt(0);
  int item = Reg();
  int loop = NewLabel(), done = NewLabel(), hit = NewLabel();
  LoopHead(loop, item, list, idx, e->args[1]->type.elem, done);
  const int mark = next_reg_;
  Insn j{OpCode::kJumpIf};
  j.a = static_cast<uint16_t>(Equal(x, item, e->args[0]->type, true));
  Emit(j, hit);
  next_reg_ = mark;
  Emit(Insn{OpCode::kJump}, loop);
  Bind(hit);
  Insn set{OpCode::kConstInt};
  set.dst = static_cast<uint16_t>(dst);
  set.k = e->op == Op::kIn ? 1 : 0;
  Emit(set);
  Bind(done);
  next_reg_ = dst + 1;
  return dst;
}

void CodeGen::LoopHead(int loop, int item, int list, int idx, TypeKind elem, int done) {
  Bind(loop);
  Insn next{OpCode::kIterNext};
  next.dst = static_cast<uint16_t>(item);
  next.a = static_cast<uint16_t>(list);
  next.b = static_cast<uint32_t>(idx);
  next.k = elem == TypeKind::kPartition;
  Emit(next, done);
}

int CodeGen::Call(Expr* e) {
  const std::string& f = e->text;
  if (f == "size") {
    if (int slot = CurrentSlot(e); slot >= 0) return LoadSlot(slot);
    int dst = Reg();
    Insn i{e->args[0]->type.kind == TypeKind::kString ? OpCode::kStrSize : OpCode::kListSize};
    i.dst = static_cast<uint16_t>(dst);
    i.a = static_cast<uint16_t>(Val(e->args[0].get()));
    next_reg_ = dst + 1;
    Emit(i);
    return dst;
  }
  if (f == "starts_with" || f == "ends_with" || f == "contains") {
    int dst = Reg();
    Insn i{OpCode::kStrFunc};
    i.dst = static_cast<uint16_t>(dst);
    i.a = static_cast<uint16_t>(Val(e->args[0].get()));
    i.k = Val(e->args[1].get());
    i.b = f == "starts_with" ? 0 : f == "ends_with" ? 1 : 2;
    next_reg_ = dst + 1;
    Emit(i);
    return dst;
  }
  if (IsValidQuantifierOverSecondaries(e) && f == "count") return LoadSlot(kSlotAliveSecondaries);
  if (f == "all" || f == "any" || f == "count") return Quantifier(e);
  if (f == "sum" || f == "min" || f == "max") return Aggregate(e);
  return ConstInt(0);
}

void CodeGen::BindVariable(Expr* e, int item) {
  const int binding = e->args[1]->res.variable;
  if (static_cast<int>(var_regs_.size()) <= binding) var_regs_.resize(binding + 1);
  var_regs_[binding] = item;
}

int CodeGen::Quantifier(Expr* e) {
  const std::string& f = e->text;
  int dst = ConstInt(f == "all" ? 1 : 0);
  int list = Val(e->args[0].get());
  int idx = ConstInt(0);
  int item = Reg();
  BindVariable(e, item);
  int loop = NewLabel(), done = NewLabel(), decided = NewLabel();
  LoopHead(loop, item, list, idx, e->args[0]->type.elem, done);
  Expr* body = e->args[2].get();
  if (f == "count") {
    Branch(body, false, loop);
    Insn inc{OpCode::kInc};
    inc.dst = static_cast<uint16_t>(dst);
    Emit(inc);
    Emit(Insn{OpCode::kJump}, loop);
  } else {
    // all: a false item decides (result 0); any: a true item decides (result 1).
    Branch(body, f == "any", decided);
    Emit(Insn{OpCode::kJump}, loop);
    Bind(decided);
    Insn set{OpCode::kConstInt};
    set.dst = static_cast<uint16_t>(dst);
    set.k = f == "any" ? 1 : 0;
    Emit(set);
  }
  Bind(done);
  next_reg_ = dst + 1;
  return dst;
}

// sum: dst += body per item (an overflow is an arithmetic error). min / max: the first item's
// value, then each later one that is smaller / larger; an empty list gives IF_EMPTY (args[3]),
// computed only then.
int CodeGen::Aggregate(Expr* e) {
  const bool sum = e->text == "sum";
  const bool min = e->text == "min";
  const int dst = ConstInt(0);
  const int empty = sum ? -1 : ConstInt(1);  // 1 until an item was seen
  const int list = Val(e->args[0].get());
  const int idx = ConstInt(0);
  const int item = Reg();
  BindVariable(e, item);
  const int loop = NewLabel(), done = NewLabel();
  LoopHead(loop, item, list, idx, e->args[0]->type.elem, done);
  const int mark = next_reg_;
  const int v = Val(e->args[2].get());
  if (sum) {
    Insn add{OpCode::kArith};
    add.cmp = static_cast<uint8_t>(ArithOp::kAdd);
    add.dst = static_cast<uint16_t>(dst);
    add.a = static_cast<uint16_t>(dst);
    add.b = static_cast<uint32_t>(v);
    Emit(add, error_target_);
  } else {
    const int take = NewLabel();
    BrRegK(empty, Cmp::kNe, 0, take);
    // Not smaller (min) / not larger (max) than the value so far: keep it.
    Insn keep{OpCode::kBrRegReg};
    keep.cmp = static_cast<uint8_t>(min ? Cmp::kGe : Cmp::kLe);
    keep.a = static_cast<uint16_t>(v);
    keep.b = static_cast<uint32_t>(dst);
    Emit(keep, loop);
    Bind(take);
    Move(dst, v);
    Move(empty, ConstInt(0));
  }
  next_reg_ = mark;
  Emit(Insn{OpCode::kJump}, loop);
  Bind(done);
  if (!sum) {
    const int skip = NewLabel();
    BrRegK(empty, Cmp::kEq, 0, skip);
    Move(dst, Val(e->args[3].get()));
    Bind(skip);
  }
  next_reg_ = dst + 1;
  return dst;
}

void CodeGen::BrRegK(int reg, Cmp c, int64_t k, int label) {
  Insn i{OpCode::kBrRegK};
  i.cmp = static_cast<uint8_t>(c);
  i.a = static_cast<uint16_t>(reg);
  i.k = k;
  Emit(i, label);
}

void CodeGen::Move(int dst, int src) {
  Insn i{OpCode::kMove};
  i.dst = static_cast<uint16_t>(dst);
  i.a = static_cast<uint16_t>(src);
  Emit(i);
}

}  // namespace compiler_internal
}  // namespace dupready
