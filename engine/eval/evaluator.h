// Copyright 2026 The dupready Authors.
//
// evaluator.h: runs a compiled Program over a follower's facts.
//
// Evaluation order is Pegasus's: table rules first, stopping at the first failure; then each
// partition in reply order, its rules in file order; a `suffices` rule that holds accepts the
// partition and skips its later rules. The first failure decides the verdict. Only when the
// table is not ready does a second pass collect every failing (rule, partition) pair for the
// explanation, so a ready table costs one pass and no allocation. That pass runs the partition
// filter (program.h, block_eval.h) over blocks of partitions first; only partitions it cannot
// prove passing go through the kernel.
//
// Arithmetic that overflows or divides by zero makes the rule it is in fail (a guard or a
// requirement) or not hold (a sufficient condition): evaluation never advances a duplication
// on an error.

#ifndef DUPREADY_ENGINE_EVAL_EVALUATOR_H_
#define DUPREADY_ENGINE_EVAL_EVALUATOR_H_

#include <string>
#include <vector>

#include "engine/compiler/program.h"
#include "engine/eval/block_eval.h"
#include "engine/eval/facts.h"
#include "engine/eval/verdict.h"

namespace dupready {

// A register: which member is live is known from the program, never stored.
union EvalValue {
  int64_t i;
  const AddressFact* addr;
  struct Str {
    const char* p;
    size_t n;
  } s;
  struct List {
    int32_t begin;
    int32_t count;
    bool partitions;
  } list;
};

// Per-thread working memory. Reusing one across calls makes evaluation allocation-free once
// it has grown to the program's size. Not thread-safe: one per thread.
class EvalScratch {
 public:
  EvalScratch() = default;

 private:
  friend class EvalRun;
  std::vector<EvalValue> regs_;
  std::vector<uint8_t> active_;     // per rule: in scope for this check
  std::vector<int32_t> touched_;    // rules with failures in collect mode
  std::vector<RuleFailures> collected_;
  BlockRegisters block_;            // the partition filter's lanes
};

// Evaluates `program` over `facts` into `out`. Thread-safe for distinct scratches.
// `max_listed` bounds RuleFailures::partitions.
void Evaluate(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
              Verdict* out, int max_listed = 16);

// Each partition judged on its own, for partition maps: `rule` is the first rule (an index
// into program.rules) the partition fails, in the order Evaluate uses, and `error` that rule's
// error code there; rule -1 (and an empty error) when the partition passes or is accepted.
struct PartitionOutcome {
  int rule = -1;
  std::string error;
};

// Fills `out` with one outcome per partition, in reply order. Table rules are not run: call it
// for a verdict that is not table-level. Costs one pass over the partitions. Thread-safe for
// distinct scratches.
void PartitionOutcomes(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
                       std::vector<PartitionOutcome>* out);

// One rule's behaviour on one partition, for --explain.
struct RuleTrace {
  std::string rule;
  bool table = false;
  bool in_scope = true;
  enum class Guard { kNone, kHeld, kNotHeld, kError } guard = Guard::kNone;
  enum class Outcome {
    kPassed,         // requirement met
    kFailed,         // requirement not met (or an arithmetic error)
    kAccepted,       // sufficient condition held: later rules are skipped
    kNotSufficient,  // sufficient condition did not hold
    kSkipped,        // out of scope, or the guard did not hold
    kNotReached,     // an earlier rule accepted the partition (or a table rule failed)
  } outcome = Outcome::kPassed;
  std::string error;    // when failed
  std::string message;  // when failed
};

// Traces every rule: table rules, then partition rules on the partition at `index` in reply
// order (none when `index` is out of range).
std::vector<RuleTrace> Explain(const Program& program, const FollowerFacts& facts, int index);

const char* OutcomeName(RuleTrace::Outcome outcome);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_EVALUATOR_H_
