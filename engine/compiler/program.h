// Copyright 2026 The dupready Authors.
//
// program.h: the compiled form of a rule set, which the evaluator runs.
//
// Each stage is one straight-line "kernel" of register instructions with forward and backward
// jumps: the rules of the stage in order, each compiled to compare-and-branch instructions
// (conditions are compiled to jumps, not to booleans), with fused forms for the common shapes
// "slot op constant" and "slot op slot" over the current partition. A kernel either reaches
// kEnd (the partition passed or was accepted by a `suffices` rule) or a kFail naming the rule.
// A `suffices` that holds jumps to the "accept chain" after the rules: the final requirements
// that follow it, compiled again (none: straight to the end).
// Error codes, message holes and scope conditions are small value programs ending in kRet.
// The partition rules are also compiled to a partition filter (below) that proves ready
// partitions a block at a time. Nothing in a program refers to names: every fact is a slot or
// a context field.

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
  kAcceptIfFailed,  // collect mode only: if this partition failed a rule already, goto target
                    // (a `suffices` that applies ends what is listed for it; elsewhere a no-op)
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
  kMove,          // reg[dst] = reg[a]
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
  bool final = false;       // on the floor: runs even after a `suffices` accepted
  bool has_guard = false;
  std::vector<ScopeTerm> scope_terms;  // the rule applies where all hold
  ValueCode error;                  // require only: the error code (a string value)
  std::vector<MessagePiece> message;
  std::vector<ValueCode> holes;
  // For explanations: the guard and the condition alone, as bool value programs.
  ValueCode guard_value;
  ValueCode condition_value;
};

// --- The partition filter ---------------------------------------------------------------
//
// A ready table is both the common case and the worst one: every rule runs on every
// partition. For it the evaluator first runs this filter over blocks of up to kBlockLanes
// partitions ("lanes"): each instruction computes one value or condition for the whole block,
// so the interpreter dispatches once per block instead of once per partition and per rule.
// The filter only ever concludes "this partition passes". Partitions it cannot prove (a rule
// fails, an arithmetic error, ...) run through the exact kernel one by one, so verdicts are
// always the kernel's. Expressions the filter cannot compute lane-wise (address values,
// nested quantifiers, ...) make their rule "general": the evaluator decides it per partition
// with the rule's guard and condition programs. The filter is an optimisation only: a program
// with `enabled` false evaluates the same.
//
// Value registers hold one int64 per lane, mask registers one byte (0 or 1) per lane, string
// registers one view per lane. Mask register 0 collects the lanes where the current rule hit
// an arithmetic error.
inline constexpr int kBlockLanes = 128;

enum class BlockOp : uint8_t {
  kSlotCmpK,     // m[dst] = slot a cmp k
  kSlotCmpSlot,  // m[dst] = slot a cmp (slot b + k), computed in int64
  kCmpK,         // m[dst] = v[a] cmp k
  kCmp,          // m[dst] = v[a] cmp v[b]
  kSlotCmp,      // m[dst] = slot a cmp v[b]
  kMaskK,        // m[dst] = k (0 or 1) in every lane
  kAnd,          // m[dst] = m[a] & m[b]
  kOr,           // m[dst] = m[a] | m[b]
  kNot,          // m[dst] = !m[a]
  kLoadSlot,     // v[dst] = slot a
  kLoadWide,     // v[dst] = wide fact a (0 ballot, 1 last_committed_decree)
  kLoadCtx,      // v[dst] = context int field k (CtxField), the same in every lane
  kConst,        // v[dst] = k
  kArith,        // v[dst] = v[a] (cmp as ArithOp) v[b]; when `checked`, lanes that overflow or
                 // divide by zero go into m[0] (unchecked: the compiler proved they cannot)
  kArithK,       // v[dst] = v[a] (cmp as ArithOp) k; likewise
  kNeg,          // v[dst] = -v[a]; when `checked`, INT64_MIN goes into m[0]
  kValueOf,      // v[dst] = m[a] (a condition used as a value)
  // Strings: s[dst] per lane is a view of a host, a context field or a constant.
  kStrPrimaryHost,  // s[dst] = the primary's host ("" when invalid)
  kStrConst,     // s[dst] = BlockFilter::strings[k]
  kStrCtx,       // s[dst] = context string field k (CtxField)
  kStrCmp,       // m[dst] = (s[a] == s[b]) for cmp kEq, != for kNe
  kStrFunc,      // m[dst] = b (0 starts_with, 1 ends_with, 2 contains) (s[a], s[k])
  kStrMatch,     // m[dst] = (Program::regexes[k] partially matches s[a]) == (cmp == kEq)
  kStrSize,      // v[dst] = size of s[a]
  // A quantifier over the current partition's secondaries (a = 0) or last_drops (a = 1):
  // kLoopBegin; the body, reading the item j of each lane; kLoopAll/Any/Count; kLoopNext.
  kLoopBegin,    // j = 0; if no lane has an item, go to instruction k
  kItemValid,    // v[dst] = item j's validity (0 where the lane has no item j)
  kItemPort,     // v[dst] = item j's port (0 where none)
  kItemHost,     // s[dst] = item j's host ("" where none)
  kLoopAll,      // m[dst] &= no item j, or m[b]
  kLoopAny,      // m[dst] |= item j, and m[b]
  kLoopCount,    // v[dst] += item j, and m[b]
  kLoopNext,     // ++j; while some lane has an item j, go to instruction k
  kRequire,      // partition rule `rule`: fails where guard m[a] (none: a = kNoMask) holds and
                 // condition m[b] does not, or m[0]; failing lanes are left to the kernel;
                 // then m[0] is cleared. With `floor` (a final rule after a `suffices`) it
                 // also judges the lanes a `suffices` accepted
  kSuffices,     // rule `rule` accepts where m[a] and m[b] hold and m[0] does not
  kGeneral,      // rule `rule` is decided per partition by the exact interpreter (with
                 // `floor`, on accepted lanes too)
};

struct BlockInsn {
  BlockOp op = BlockOp::kMaskK;
  uint8_t cmp = 0;      // Cmp or ArithOp
  uint8_t checked = 1;  // arithmetic: 1 may overflow or divide by zero; 0 cannot; 2 cannot,
                        // and operands and result fit in 32 bits (cheaper division).
                        // kCmpK: 2 when v[a] and k fit in 32 bits (a narrower compare)
  uint8_t floor = 0;    // kRequire, kGeneral: a final rule after a `suffices` (see there)
  uint16_t dst = 0;
  uint16_t a = 0;
  uint16_t b = 0;
  int32_t rule = -1;
  int64_t k = 0;
};
inline constexpr uint16_t kNoMask = 0xffff;

struct BlockFilter {
  bool enabled = false;  // false: no rule could be computed lane-wise; use the kernel alone
  std::vector<BlockInsn> code;  // the partition rules in order
  std::vector<std::string> strings;  // kStrConst
  uint32_t slot_columns = 0;  // bit s: slot s is read; gathered into a column once per block
  int value_registers = 0;
  int mask_registers = 1;
  int string_registers = 0;
  int general_rules = 0;        // rules decided per partition
  bool has_floor = false;       // some instruction has `floor`: accepted lanes are not done
};

struct Program {
  std::vector<CompiledRule> rules;  // table rules first, then partition rules, in order
  int table_rule_count = 0;
  Code table_kernel;
  Code partition_kernel;
  BlockFilter partition_filter;     // proves partitions pass, a block at a time (see above)
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
