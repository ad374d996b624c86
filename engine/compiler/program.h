// Copyright 2026 The dupready Authors.
//
// program.h: the compiled form of a rule set, which the evaluator runs.
//
// Each stage is one straight-line "kernel" of register instructions with forward and backward
// jumps: the rules of the stage in order, each compiled to compare-and-branch instructions
// (conditions are compiled to jumps, not to booleans), with fused forms for the common shapes
// "slot op constant" and "slot op slot" over the current partition. A kernel either reaches
// kEnd (the partition passed or was accepted by a `suffices` rule) or a kFail naming the rule.
// Error codes, message holes and scope conditions are small value programs ending in kRet.
// Nothing in a program refers to names: every fact is a slot or a context field.

#ifndef DUPREADY_ENGINE_COMPILER_PROGRAM_H_
#define DUPREADY_ENGINE_COMPILER_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/types.h"
#include "re2/re2.h"

namespace dupready {

enum class OpCode : uint8_t {
  // Control.
  kEnd,           // the kernel is done: pass
  kRet,           // value programs: the result is reg[a]
  kJump,          // goto target
  kJumpIf,        // if (reg[a].i != 0) == sense goto target
  kFail,          // rule `k` fails; in collect mode record it and goto target
  kSkipInactive,  // if rule `k` is out of scope for this check, goto target
  // Fused compare-and-branch: if (x cmp y) == sense goto target.
  kBrSlotK,       // x = current partition slot a, y = k
  kBrSlotSlot,    // x = slot a, y = slot b
  kBrRegK,        // x = reg[a], y = k
  kBrRegReg,      // x = reg[a], y = reg[b]
  // Loads into reg[dst].
  kConstInt,      // k
  kConstStr,      // strings[k]
  kLoadSlot,      // slot b of the partition whose index is reg[a].i
  kLoadWide,      // wide fact b (0 ballot, 1 last_committed_decree) of partition reg[a].i
  kLoadCtxInt,    // context int field k (see CtxField)
  kLoadCtxStr,    // context string field k
  kLoadPrimary,   // address of partition reg[a].i's primary
  kLoadAddrList,  // list b (0 secondaries, 1 last_drops) of partition reg[a].i
  kLoadPartitions,// the list of all partitions
  kAddrField,     // field b (0 valid, 1 host, 2 port) of address reg[a]
  // Computation into reg[dst]; on overflow or division by zero goto target (the rule fails).
  kArith,         // reg[a] cmp-as-arith reg[b]: uses `cmp` as ArithOp
  kNeg,
  kCmp,           // bool: reg[a] cmp reg[b] (ints)
  kStrEq,         // bool: strings equal, `sense` inverts
  kAddrEq,        // bool: addresses equal, `sense` inverts
  kNot,
  kStrSize,       // int: size of string reg[a]
  kListSize,      // int: size of list reg[a]
  kStrFunc,       // bool: b = 0 starts_with, 1 ends_with, 2 contains (reg[a], reg[k])
  kMatch,         // bool: regexes[k] partially matches reg[a]; `sense` inverts
  kIterNext,      // if reg[b].i >= size(reg[a]) goto target; else reg[dst] = item; ++reg[b].i
  kInc,           // ++reg[dst].i
};

enum class Cmp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod };

enum class CtxField : uint8_t {
  kAppName, kRemoteClusterName, kRemoteAppName, kRpcErr, kResponseErr,        // strings
  kPartitionCount, kRemoteReplicaCount, kAppId, kResponsePartitionCount, kIsStateful,  // ints
};

struct Insn {
  OpCode op = OpCode::kEnd;
  uint8_t cmp = 0;     // Cmp or ArithOp
  uint8_t sense = 1;   // for branches: jump when the comparison is this
  uint8_t pad = 0;
  uint16_t dst = 0;
  uint16_t a = 0;
  uint32_t b = 0;
  uint32_t target = 0; // instruction index within the same code
  int64_t k = 0;
};

using Code = std::vector<Insn>;

// A value program and how to print its result.
struct ValueCode {
  Code code;
  Type type;
};

struct MessagePiece {
  std::string literal;
  int value = -1;  // index into CompiledRule::holes, or -1 for a literal
};

struct CompiledRule {
  std::string name;
  SourceLocation location;  // of the rule's name
  bool table = false;       // stage
  bool suffices = false;
  bool has_guard = false;
  std::vector<ScopeTerm> scope_terms;  // the rule applies where all hold
  ValueCode error;                  // require only: the error code (a string value)
  std::vector<MessagePiece> message;
  std::vector<ValueCode> holes;
  // For explanations: the guard and the condition alone, as bool value programs.
  ValueCode guard_value;
  ValueCode condition_value;
};

struct Program {
  std::vector<CompiledRule> rules;  // table rules first, then partition rules, in order
  int table_rule_count = 0;
  Code table_kernel;
  Code partition_kernel;
  std::vector<ValueCode> scopes;    // scope conditions (bool)
  bool has_scopes = false;
  std::vector<std::string> strings;
  std::vector<std::unique_ptr<const RE2>> regexes;
  int register_count = 1;           // reg[0] holds the current partition's index
  std::string hash;                 // of the files the rules came from
  std::vector<std::string> files;   // the files, root first
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_PROGRAM_H_
