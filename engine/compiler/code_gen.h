// Copyright 2026 The dupready Authors.
//
// code_gen.h (internal to engine/compiler): the code generator for rule kernels and value
// programs (program.h). code_gen.cc holds kernels and conditions compiled as branches;
// code_gen_values.cc computes values into registers.
//
//   CodeGen gen(program);
//   program->table_kernel = gen.Kernel(table_rules);
//   ValueCode error = gen.Value(rule->error.get());
//   if (gen.overflow()) ...  // some program needed more than kMaxRegisters registers
//
// Registers are allocated like a stack: a value's register is next_reg_ when it is computed,
// and computing it frees every register above it.

#ifndef DUPREADY_ENGINE_COMPILER_CODE_GEN_H_
#define DUPREADY_ENGINE_COMPILER_CODE_GEN_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/compiler/program.h"
#include "engine/loader/loader.h"

namespace dupready {
namespace compiler_internal {

inline constexpr int kMaxRegisters = 60000;

class CodeGen {
 public:
  explicit CodeGen(Program* prog) : prog_(prog) {}

  // The kernel of one stage: `rules` in order, each with its index in Program::rules, then
  // the accept chain (program.h).
  Code Kernel(const std::vector<std::pair<int, const MergedRule*>>& rules);
  // A program computing `e`, ending in kRet; arithmetic errors reach the final kEnd.
  ValueCode Value(Expr* e);

  bool overflow() const { return overflow_; }

 private:
  // --- emission ------------------------------------------------------------------------------
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

  // One rule of a kernel; a `suffices` that holds jumps to `accepted`.
  void EmitRule(int index, const MergedRule& mr, int accepted);

  // --- conditions as branches (code_gen.cc): jump to `label` when e == sense ------------------
  void Branch(Expr* e, bool sense, int label);
  void BrSlotK(int slot, Cmp c, int64_t k, bool sense, int label);
  // x in [a, b, ...]: compare x with each item, jumping out on the first match.
  void BranchInList(Expr* e, bool sense, int label);

  // --- values (code_gen_values.cc): each returns the register holding the value --------------
  int Val(Expr* e);
  // reg = (a == b) for values of type t (or a != b when !equal).
  int Equal(int a, int b, const Type& t, bool equal);
  int ConstInt(int64_t v);
  int ConstStr(const std::string& s);
  // A bool-valued expression computed through branches: dst = 0; if e: dst = 1.
  int BoolValue(Expr* e);
  int Name(Expr* e);
  int Ctx(OpCode op, CtxField f);
  int PartitionFact(FactId f, int preg);
  // reg = slot `slot` of the partition in register `preg` (0: the partition being checked).
  int LoadSlot(int slot, int preg = 0);
  int Field(Expr* e);
  int Binary(Expr* e);
  // x in LIST-VALUE (addresses): a loop comparing each item.
  int InListValue(Expr* e);
  // The head of a loop over a list: at `loop`, item = list[idx++], or jump to `done`.
  void LoopHead(int loop, int item, int list, int idx, TypeKind elem, int done);
  int Call(Expr* e);
  // all / any / count: a loop over the list with the body compiled as a branch.
  int Quantifier(Expr* e);
  // sum / min / max: a loop over the list computing the body as a value per item.
  int Aggregate(Expr* e);
  // Binds a quantifier's variable (its args[1]) to register `item`.
  void BindVariable(Expr* e, int item);
  // Jumps to `label` when reg cmp k; copies a register.
  void BrRegK(int reg, Cmp c, int64_t k, int label);
  void Move(int dst, int src);

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

}  // namespace compiler_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_CODE_GEN_H_
