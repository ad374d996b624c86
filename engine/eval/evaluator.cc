// Verdicts, per-partition outcomes and rule traces, each built on one EvalRun (eval_run.h).
#include "engine/eval/evaluator.h"

#include <utility>

#include "engine/eval/eval_run.h"

namespace dupready {

int DupFieldOf(CtxField field) {
  switch (field) {
    case CtxField::kAppName: return static_cast<int>(DupField::kAppName);
    case CtxField::kRemoteClusterName: return static_cast<int>(DupField::kRemoteClusterName);
    case CtxField::kRemoteAppName: return static_cast<int>(DupField::kRemoteAppName);
    case CtxField::kPartitionCount: return static_cast<int>(DupField::kPartitionCount);
    case CtxField::kRemoteReplicaCount: return static_cast<int>(DupField::kRemoteReplicaCount);
    default: return -1;
  }
}

void Evaluate(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
              Verdict* out, int max_listed, int max_message_bytes) {
  out->Reset();
  EvalRun run(program, facts, scratch);
  run.max_listed = max_listed;
  run.max_message_bytes = max_message_bytes;
  run.ResolveScopes();
  const int n = static_cast<int>(facts.partitions.size());
  int rule = -1, partition = -1;

  if (!run.RunKernel<false>(program.table_kernel, -1, 0, &rule, &partition)) {
    const CompiledRule& r = program.rules[rule];
    out->ready = false;
    out->rule = r.name;
    out->partition = -1;
    out->error = run.ErrorName(r, -1);
    out->message = run.Message(r, -1);
    run.RecordFailure(rule, -1, max_listed);
    run.TakeFailures(&out->failures);
    return;
  }
  out->partitions_checked = n;
  if (run.RunKernel<false>(program.partition_kernel, 0, n, &rule, &partition)) return;

  const CompiledRule& r = program.rules[rule];
  out->ready = false;
  out->rule = r.name;
  out->partition = facts.partitions[partition].slot[kSlotPidx];
  out->error = run.ErrorName(r, partition);
  out->message = run.Message(r, partition);
  // Slow path: every failure from the first failing partition on.
  run.RunKernel<true>(program.partition_kernel, partition, n, &rule, &partition);
  run.TakeFailures(&out->failures);
}

bool EvaluateReady(const Program& program, const FollowerFacts& facts, EvalScratch* scratch) {
  EvalRun run(program, facts, scratch);
  run.ResolveScopes();
  int rule = -1, partition = -1;
  const int n = static_cast<int>(facts.partitions.size());
  return run.RunKernel<false>(program.table_kernel, -1, 0, &rule, &partition) &&
         run.RunKernel<false>(program.partition_kernel, 0, n, &rule, &partition);
}

void PartitionOutcomes(const Program& program, const FollowerFacts& facts, EvalScratch* scratch,
                       std::vector<PartitionOutcome>* out) {
  const int n = static_cast<int>(facts.partitions.size());
  out->assign(n, PartitionOutcome());
  EvalRun run(program, facts, scratch);
  run.ResolveScopes();
  // The kernel stops at the first failure; record it and resume at the next partition.
  int begin = 0, rule = -1, partition = -1;
  while (begin < n && !run.RunKernel<false>(program.partition_kernel, begin, n, &rule, &partition)) {
    (*out)[partition].rule = rule;
    (*out)[partition].error = run.ErrorName(program.rules[rule], partition);
    begin = partition + 1;
  }
}

std::vector<RuleTrace> Explain(const Program& program, const FollowerFacts& facts, int index,
                               int max_message_bytes) {
  EvalScratch scratch;
  EvalRun run(program, facts, &scratch);
  run.max_message_bytes = max_message_bytes;
  run.ResolveScopes();
  std::vector<RuleTrace> traces;
  bool table_failed = false;  // nothing runs after a failing table rule
  bool accepted = false;      // this stage accepted: only its final requirements still run
  const bool have_partition = index >= 0 && index < static_cast<int>(facts.partitions.size());
  for (size_t i = 0; i < program.rules.size(); ++i) {
    const CompiledRule& r = program.rules[i];
    if (!r.table && !have_partition) continue;
    if (static_cast<int>(i) == program.table_rule_count) accepted = false;  // a new stage
    const int p = r.table ? -1 : index;
    RuleTrace t;
    t.rule = r.name;
    t.table = r.table;
    t.in_scope = run.Active(static_cast<int>(i));
    if (table_failed || (accepted && (r.suffices || !r.final))) {
      t.outcome = RuleTrace::Outcome::kNotReached;
      traces.push_back(std::move(t));
      continue;
    }
    if (!t.in_scope) {
      t.outcome = RuleTrace::Outcome::kSkipped;
      traces.push_back(std::move(t));
      continue;
    }
    EvalValue v{};
    if (r.has_guard) {
      if (!run.RunValueCounted(r.guard_value.code, p, &v, &t.steps)) {
        t.guard = RuleTrace::Guard::kError;
      } else {
        t.guard = v.i ? RuleTrace::Guard::kHeld : RuleTrace::Guard::kNotHeld;
      }
    }
    if (t.guard == RuleTrace::Guard::kNotHeld) {
      t.outcome = RuleTrace::Outcome::kSkipped;
    } else {
      bool ok = t.guard != RuleTrace::Guard::kError &&
                run.RunValueCounted(r.condition_value.code, p, &v, &t.steps);
      bool holds = ok && v.i != 0;
      if (r.suffices) {
        t.outcome = holds ? RuleTrace::Outcome::kAccepted : RuleTrace::Outcome::kNotSufficient;
        if (holds) accepted = true;
      } else if (holds) {
        t.outcome = RuleTrace::Outcome::kPassed;
      } else {
        t.outcome = RuleTrace::Outcome::kFailed;
        t.error = run.ErrorName(r, p);
        t.message = run.Message(r, p);
        if (r.table) table_failed = true;
      }
    }
    traces.push_back(std::move(t));
  }
  return traces;
}

}  // namespace dupready
