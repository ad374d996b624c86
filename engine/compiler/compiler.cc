// Code generation for rule sets: conditions to branches, facts to slots, common shapes fused.
#include "engine/compiler/compiler.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "engine/compiler/block_compiler.h"
#include "engine/compiler/expr_shapes.h"
#include "engine/eval/facts.h"

namespace dupready {
namespace {

using namespace compiler_internal;  // NOLINT: the shapes this file compiles

constexpr int kMaxRegisters = 60000;

class CodeGen {
 public:
  explicit CodeGen(Program* prog) : prog_(prog) {}

  // --- rule kernels -------------------------------------------------------------------------
  Code Kernel(const std::vector<std::pair<int, const MergedRule*>>& rules) {
    Begin();
    // Sized once: regrowing a vector of a million instructions costs more than compiling them.
    code_.reserve(rules.size() * 6 + 1);
    labels_.reserve(rules.size() * 2 + 1);
    fixups_.reserve(rules.size() * 4);
    const int accept = NewLabel();
    for (const auto& [index, mr] : rules) {
      const Rule* rule = mr->rule;
      const int next = NewLabel();
      const int fail = NewLabel();
      next_reg_ = 1;
      if (!mr->scope_terms.empty()) Emit(Insn{OpCode::kSkipInactive}, next).k = index;
      error_target_ = rule->kind == RuleKind::kRequire ? fail : next;
      if (rule->guard) Branch(rule->guard.get(), false, next);
      if (rule->kind == RuleKind::kRequire) {
        Branch(rule->condition.get(), true, next);
        Bind(fail);
        Emit(Insn{OpCode::kFail}, next).k = index;
      } else {
        Branch(rule->condition.get(), true, accept);
      }
      Bind(next);
    }
    Bind(accept);
    Emit(Insn{OpCode::kEnd});
    return Finish();
  }

  // A program computing `e`, ending in kRet; arithmetic errors reach the final kEnd.
  ValueCode Value(Expr* e) {
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

  bool overflow() const { return overflow_; }

 private:
  void Begin() {
    code_.clear();
    labels_.clear();
    fixups_.clear();
  }
  Code Finish() {
    for (const auto& [at, label] : fixups_) code_[at].target = static_cast<uint32_t>(labels_[label]);
    return std::move(code_);
  }
  int NewLabel() {
    labels_.push_back(-1);
    return static_cast<int>(labels_.size()) - 1;
  }
  void Bind(int label) { labels_[label] = static_cast<int>(code_.size()); }
  Insn& Emit(const Insn& insn, int label = -1) {
    if (label >= 0) fixups_.emplace_back(code_.size(), label);
    code_.push_back(insn);
    return code_.back();
  }
  int Reg() {
    int r = next_reg_++;
    if (next_reg_ > kMaxRegisters) overflow_ = true;
    prog_->register_count = std::max(prog_->register_count, next_reg_);
    return r % kMaxRegisters;
  }
  // Interns `s` in the program's string table (a hash lookup: a linear scan made compiling
  // quadratic in the number of distinct strings).
  int StringConst(const std::string& s) {
    auto [it, added] = string_index_.try_emplace(s, static_cast<int>(prog_->strings.size()));
    if (added) prog_->strings.push_back(s);
    return it->second;
  }

  // --- conditions as branches: jump to `label` when e == sense, else fall through ------------
  void Branch(Expr* e, bool sense, int label) {
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

  void BrSlotK(int slot, Cmp c, int64_t k, bool sense, int label) {
    Insn i{OpCode::kBrSlotK};
    i.cmp = static_cast<uint8_t>(c);
    i.sense = sense;
    i.a = static_cast<uint16_t>(slot);
    i.k = k;
    Emit(i, label);
  }

  // x in [a, b, ...]: compare x with each item, jumping out on the first match.
  void BranchInList(Expr* e, bool sense, int label) {
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

  // reg = (a == b) for values of type t (or a != b when !equal).
  int Equal(int a, int b, const Type& t, bool equal) {
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

  // --- values: returns the register holding e ------------------------------------------------
  int Val(Expr* e) {
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

  int ConstInt(int64_t v) {
    int dst = Reg();
    Insn i{OpCode::kConstInt};
    i.dst = static_cast<uint16_t>(dst);
    i.k = v;
    Emit(i);
    return dst;
  }
  int ConstStr(const std::string& s) {
    int dst = Reg();
    Insn i{OpCode::kConstStr};
    i.dst = static_cast<uint16_t>(dst);
    i.k = StringConst(s);
    Emit(i);
    return dst;
  }

  // A bool-valued expression computed through branches: dst = 0; if e: dst = 1.
  int BoolValue(Expr* e) {
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

  int Name(Expr* e) {
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

  int Ctx(OpCode op, CtxField f) {
    int dst = Reg();
    Insn i{op};
    i.dst = static_cast<uint16_t>(dst);
    i.k = static_cast<int64_t>(f);
    Emit(i);
    return dst;
  }

  int PartitionFact(FactId f, int preg) {
    int dst = Reg();
    Insn i;
    i.dst = static_cast<uint16_t>(dst);
    i.a = static_cast<uint16_t>(preg);
    if (int slot = SlotOf(f); slot >= 0) {
      i.op = OpCode::kLoadSlot;
      i.b = static_cast<uint32_t>(slot);
    } else if (f == FactId::kBallot || f == FactId::kLastCommittedDecree) {
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

  int Field(Expr* e) {
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
        if (f == FactId::kAddressPort && IsNamedFact(base, FactId::kPrimary)) {
          int dst = Reg();
          Insn i{OpCode::kLoadSlot};
          i.dst = static_cast<uint16_t>(dst);
          i.b = kSlotPrimaryPort;
          Emit(i);
          return dst;
        }
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

  int Binary(Expr* e) {
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

  // x in LIST-VALUE (addresses): a loop comparing each item.
  int InListValue(Expr* e) {
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

  // The head of a loop over a list: at `loop`, item = list[idx++], or jump to `done`.
  void LoopHead(int loop, int item, int list, int idx, TypeKind elem, int done) {
    Bind(loop);
    Insn next{OpCode::kIterNext};
    next.dst = static_cast<uint16_t>(item);
    next.a = static_cast<uint16_t>(list);
    next.b = static_cast<uint32_t>(idx);
    next.k = elem == TypeKind::kPartition;
    Emit(next, done);
  }

  int Call(Expr* e) {
    const std::string& f = e->text;
    if (f == "size") {
      if (int slot = CurrentSlot(e); slot >= 0) {
        int dst = Reg();
        Insn i{OpCode::kLoadSlot};
        i.dst = static_cast<uint16_t>(dst);
        i.a = 0;
        i.b = static_cast<uint32_t>(slot);
        Emit(i);
        return dst;
      }
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
    if (IsValidQuantifierOverSecondaries(e) && f == "count") {
      int dst = Reg();
      Insn i{OpCode::kLoadSlot};
      i.dst = static_cast<uint16_t>(dst);
      i.b = kSlotAliveSecondaries;
      Emit(i);
      return dst;
    }
    if (f == "all" || f == "any" || f == "count") return Quantifier(e);
    return ConstInt(0);
  }

  // all / any / count: a loop over the list with the body compiled as a branch.
  int Quantifier(Expr* e) {
    const std::string& f = e->text;
    int dst = ConstInt(f == "all" ? 1 : 0);
    int list = Val(e->args[0].get());
    int idx = ConstInt(0);
    int item = Reg();
    const int binding = e->args[1]->res.variable;
    if (static_cast<int>(var_regs_.size()) <= binding) var_regs_.resize(binding + 1);
    var_regs_[binding] = item;
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

  Program* prog_;
  Code code_;
  std::vector<int> labels_;
  std::vector<std::pair<size_t, int>> fixups_;
  std::vector<int> var_regs_;
  // Not absl::flat_hash_map: it is left corrupt when an allocation fails while it grows.
  std::unordered_map<std::string, int> string_index_;  // prog_->strings by value
  int next_reg_ = 1;
  int error_target_ = -1;
  bool overflow_ = false;
};

std::string HashFiles(const std::vector<std::unique_ptr<RuleFile>>& files) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  for (const auto& f : files) {
    mix(f->filename);
    mix(f->source);
  }
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Program>> Compile(MergedRules rules) {
  auto prog = std::make_unique<Program>();
  prog->rules.reserve(rules.rules.size());
  for (auto& re : rules.regexes) prog->regexes.push_back(std::move(re));
  for (const auto& f : rules.files) prog->files.push_back(f->filename);
  prog->hash = HashFiles(rules.files);
  CodeGen gen(prog.get());

  // Table rules first, then partition rules, each in merged order.
  std::vector<std::pair<int, const MergedRule*>> table, partition;
  for (int pass = 0; pass < 2; ++pass) {
    for (const MergedRule& mr : rules.rules) {
      const bool is_table = mr.rule->stage == Stage::kTable;
      if (is_table != (pass == 0)) continue;
      Rule* rule = mr.rule;
      CompiledRule cr;
      cr.name = rule->name;
      cr.location = SourceLocation{mr.file->filename, rule->pos.line, rule->pos.column};
      cr.table = is_table;
      cr.suffices = rule->kind == RuleKind::kSuffices;
      cr.has_guard = rule->guard != nullptr;
      cr.scope_terms = mr.scope_terms;
      if (rule->guard) cr.guard_value = gen.Value(rule->guard.get());
      cr.condition_value = gen.Value(rule->condition.get());
      if (rule->kind == RuleKind::kRequire) {
        cr.error = gen.Value(rule->error.get());
        for (auto& piece : rule->message.pieces) {
          if (piece.expr) {
            cr.message.push_back(MessagePiece{"", static_cast<int>(cr.holes.size())});
            cr.holes.push_back(gen.Value(piece.expr.get()));
          } else {
            cr.message.push_back(MessagePiece{piece.literal, -1});
          }
        }
        if (!rule->message.present) {
          cr.message.push_back(MessagePiece{absl::StrCat("rule '", rule->name, "' failed"), -1});
        }
      }
      if (!mr.scope_terms.empty()) prog->has_scopes = true;
      const int index = static_cast<int>(prog->rules.size());
      prog->rules.push_back(std::move(cr));
      (is_table ? table : partition).emplace_back(index, &mr);
    }
  }
  prog->table_rule_count = static_cast<int>(table.size());
  prog->table_kernel = gen.Kernel(table);
  prog->partition_kernel = gen.Kernel(partition);
  prog->partition_filter = CompilePartitionFilter(partition);
  for (const MergedScope& s : rules.scopes) prog->scopes.push_back(gen.Value(s.condition));
  if (gen.overflow()) {
    return absl::ResourceExhaustedError(
        "a rule needs more registers than the evaluator has; split it into smaller rules");
  }
  return prog;
}

}  // namespace dupready
