// Copyright 2026 The dupready Authors.
//
// verdict.h: what a readiness check concludes, and why: the verdict, each partition's outcome
// (for partition maps) and each rule's trace (for --explain).
//
//   Verdict v = rules->Check(facts);
//   if (!v.ready) std::cout << v.error << " from rule " << v.rule << ": " << v.message;

#ifndef DUPREADY_ENGINE_EVAL_VERDICT_H_
#define DUPREADY_ENGINE_EVAL_VERDICT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dupready {

// All the partitions one rule failed on (bounded), for the explanation.
struct RuleFailures {
  std::string rule;
  std::string error;                // the Pegasus error name the rule gives
  int64_t count = 0;                // partitions that failed it (1 for a table rule)
  std::vector<int32_t> partitions;  // the first few, in order; empty for a table rule
  std::string message;              // rendered at the first failing partition
};

struct Verdict {
  bool ready = false;
  std::string error = "ERR_OK";  // Pegasus error name; ERR_OK when ready
  std::string rule;              // the deciding rule; empty when ready
  int32_t partition = -1;        // pidx of the first failing partition; -1 for table rules
  std::string message;           // the deciding rule's message
  // Every failing rule, in rule order. A partition counts under the rule that decided it and
  // the later rules it fails, up to a `suffices` that applies to it (in scope, guard holding):
  // past that, only final rules, since the rest matter only if that `suffices` would not
  // accept the partition.
  std::vector<RuleFailures> failures;
  int64_t partitions_checked = 0;

  // Empties the verdict (ready, ERR_OK) keeping the buffers' capacity.
  void Reset();
};

// Each partition judged on its own, for partition maps: `rule` is the first rule (an index
// into RuleSet::rules()) the partition fails, in the order Check uses, and `error` that rule's
// error code there; rule -1 (and an empty error) when the partition passes or is accepted.
struct PartitionOutcome {
  int rule = -1;
  std::string error;
};

// One rule's behaviour on one partition, for --explain.
struct RuleTrace {
  std::string rule;
  bool table = false;
  bool in_scope = true;
  enum class Guard { kNone, kHeld, kNotHeld, kError } guard = Guard::kNone;
  enum class Outcome {
    kPassed,         // requirement met
    kFailed,         // requirement not met (or an arithmetic error)
    kAccepted,       // sufficient condition held: later rules are skipped (final ones
                     // still run)
    kNotSufficient,  // sufficient condition did not hold
    kSkipped,        // out of scope, or the guard did not hold
    kNotReached,     // an earlier rule accepted the partition or table (and this one is
                     // not final), or a table rule failed
  } outcome = Outcome::kPassed;
  std::string error;    // when failed
  std::string message;  // when failed
  // Evaluation steps the rule's guard and condition took here: the instructions of their value
  // programs, string and pattern work weighed as the cost model weighs it (engine/cost/
  // steps.h); 0 when not evaluated.
  int64_t steps = 0;
  // The cost model's worst case for one evaluation of the rule (RuleInfo::cost_per_evaluation),
  // which `steps` never exceeds on a reply within the bounds.
  int64_t estimate = 0;
};

// "passed", "FAILED", "accepted (later rules skipped)", ...
const char* OutcomeName(RuleTrace::Outcome outcome);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_VERDICT_H_
