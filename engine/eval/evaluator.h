// Copyright 2026 The dupready Authors.
//
// evaluator.h: runs a compiled Program over a follower's facts.
//
// Evaluation order is Pegasus's: table rules first, stopping at the first failure; then each
// partition in reply order, its rules in file order; a `suffices` rule that holds accepts the
// partition (or the table) and skips its later rules, except final ones (the floor), which
// still run. The first failure decides the verdict. Only when the
// table is not ready does a second pass collect every failing (rule, partition) pair for the
// explanation, so a ready table costs one pass and no allocation. That pass runs the partition
// filter (program.h) over blocks of partitions first; only partitions it cannot prove passing
// go through the kernel.
//
//   EvalScratch scratch;  // per thread, reused
//   Verdict verdict;
//   Evaluate(program, facts, &scratch, &verdict);
//
// Arithmetic that overflows or divides by zero makes the rule it is in fail (a guard or a
// requirement) or not hold (a sufficient condition): evaluation never advances a duplication
// on an error.

#ifndef DUPREADY_ENGINE_EVAL_EVALUATOR_H_
#define DUPREADY_ENGINE_EVAL_EVALUATOR_H_

#include <vector>

#include "engine/compiler/program.h"
#include "engine/eval/facts.h"
#include "engine/eval/scratch.h"
#include "engine/eval/verdict.h"

namespace dupready {

// Evaluates `program` over `facts` into `out`. Thread-safe for distinct scratches.
// `max_listed` bounds RuleFailures::partitions; `max_message_bytes` each rendered message.
void Evaluate(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
              Verdict* out, int max_listed = 16, int max_message_bytes = 4096);

// Whether `program` finds `facts` ready: Evaluate's first pass alone, with no verdict built
// (no error code, message or failure list). Thread-safe for distinct scratches.
bool EvaluateReady(const Program& program, const FollowerFacts& facts, EvalScratch* scratch);

// Fills `out` with one outcome per partition, in reply order. Table rules are not run: call it
// for a verdict that is not table-level. Costs one pass over the partitions. Thread-safe for
// distinct scratches.
void PartitionOutcomes(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
                       std::vector<PartitionOutcome>* out);

// Traces every rule: table rules, then partition rules on the partition at `index` in reply
// order (none when `index` is out of range), with the steps each took (RuleTrace::steps).
std::vector<RuleTrace> Explain(const Program& program, const FollowerFacts& facts, int index,
                               int max_message_bytes = 4096);

// The duplication-context value (a DupField, as an int) that a context load reads, or -1 for
// the reply's own fields (rpc_err, response.*).
int DupFieldOf(CtxField field);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_EVALUATOR_H_
