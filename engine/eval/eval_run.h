// Copyright 2026 The dupready Authors.
//
// eval_run.h (internal to engine/eval): one evaluation of a Program over one follower's facts,
// with the interpreter for kernels and value programs. evaluator.cc builds verdicts, partition
// outcomes and traces on it.
//
//   EvalRun run(program, facts, scratch);
//   run.ResolveScopes();
//   int rule, partition;
//   if (!run.RunKernel<false>(program.partition_kernel, 0, n, &rule, &partition))
//     std::string error = run.ErrorName(program.rules[rule], partition);

#ifndef DUPREADY_ENGINE_EVAL_EVAL_RUN_H_
#define DUPREADY_ENGINE_EVAL_EVAL_RUN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/compiler/program.h"
#include "engine/eval/block_eval.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/facts.h"
#include "engine/eval/verdict.h"

namespace dupready {

class EvalRun : public GeneralRules {
 public:
  // Grows `scratch` to the program's size; `program`, `facts` and `scratch` must outlive the run.
  EvalRun(const Program& prog, const FollowerFacts& facts, EvalScratch* scratch);

  // Decides, once per check, which scoped rules apply to this duplication.
  void ResolveScopes();
  bool Active(int rule) const { return !prog_.has_scopes || active_[rule]; }

  // Runs a value program; false when it hit an arithmetic error.
  bool RunValue(const Code& code, int partition, EvalValue* out);
  // RunValue, adding the evaluation steps it takes (engine/cost/steps.h) to *steps: for
  // explanations only, so the hot path never counts.
  bool RunValueCounted(const Code& code, int partition, EvalValue* out, int64_t* steps);

  // Runs a rule kernel over partitions [begin, end) (table kernel: one pass with -1).
  // kCollect: record every failure and go on. Otherwise stop at the first: returns false
  // with the rule and the partition index.
  // The partition kernel first runs the partition filter on blocks of partitions: partitions
  // it proves passing are skipped, the others run through the kernel (which decides), in order.
  template <bool kCollect>
  bool RunKernel(const Code& code, int begin, int end, int* fail_rule, int* fail_partition);

  // GeneralRules: one rule on one partition, as the kernel runs it (an arithmetic error fails
  // a requirement and keeps a sufficient condition from holding).
  Outcome Decide(int rule, int partition) override;

  // The error code and the message of `rule` failing on `partition` (-1: none).
  std::string ErrorName(const CompiledRule& rule, int partition);
  std::string Message(const CompiledRule& rule, int partition);

  // Failures collected (kCollect, or one at a time), per rule in rule order.
  void RecordFailure(int rule, int partition, int max_listed);
  void TakeFailures(std::vector<RuleFailures>* out);

  int max_listed = 16;
  int max_message_bytes = 4096;  // Message() cuts its result (with "...") beyond this

 private:
  bool RunBool(const Code& code, int partition);
  std::string Render(const ValueCode& v, int partition);
  std::string Format(const Type& t, const EvalValue& v);
  static std::string FormatAddress(const AddressFact& a);
  const PartitionFact& Part(int64_t index) const { return facts_.partitions[index]; }

  // The interpreter. kKernel: kEnd moves to the next partition until `end`; kFail stops (or,
  // kCollect, records and continues). Value programs: kRet returns true, kEnd (reached only
  // through an arithmetic error) returns false. kCount: adds the steps taken to steps_.
  template <bool kKernel, bool kCollect, bool kCount = false>
  bool Exec(const Insn* code, int* partition, int end, int* fail_rule, int* fail_partition,
            EvalValue* result);

  const Program& prog_;
  const FollowerFacts& facts_;
  EvalScratch* scratch_;
  EvalValue* regs_;
  uint8_t* active_;
  int64_t steps_ = 0;  // counted by Exec<..., kCount = true>
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_EVAL_RUN_H_
