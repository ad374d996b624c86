// Copyright 2026 The dupready Authors.
//
// rule_set.h: the engine's public face. Load a rule file once; check followers many times.
//
//   FileReader read = ...;  // e.g. meta_integration's disk reader
//   absl::StatusOr<std::unique_ptr<const RuleSet>> rules =
//       RuleSet::Load("rules/default.rules", read);
//   if (!rules.ok()) { /* the message lists every located issue */ }
//   FollowerFacts facts;    // built from a snapshot or a decoded reply
//   Verdict verdict = (*rules)->Check(facts);
//   // verdict.ready, verdict.error ("ERR_NOT_ENOUGH_MEMBER"), verdict.rule,
//   // verdict.partition, verdict.message, verdict.failures (grouped by rule)
//
// A RuleSet is immutable after Load: any number of threads may call Check at once, each with
// its own EvalScratch.

#ifndef DUPREADY_ENGINE_RULE_SET_H_
#define DUPREADY_ENGINE_RULE_SET_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/eval/facts.h"
#include "engine/eval/scratch.h"
#include "engine/eval/verdict.h"
#include "engine/loader/file_reader.h"

namespace dupready {

struct Program;  // the compiled rules (engine/compiler/program.h), private to the engine

// One rule in force, as RuleSet::rules() lists it.
struct RuleInfo {
  std::string name;
  bool table = false;  // a table rule (else a partition rule)
  SourceLocation location;  // of its name
  // Its worst-case cost in evaluation steps (engine/cost/cost.h): one evaluation (on one
  // partition, for a partition rule), and its share of one check of the largest reply.
  int64_t cost_per_evaluation = 0;
  int64_t cost_per_check = 0;
};

// Where the rules in force read a duplication-context value (dup.*).
struct ContextRead {
  enum class Use : uint8_t {
    kScope,      // a scope the rule is in: decides whether the rule runs
    kGuard,      // its `when`
    kCondition,  // what it requires, or what suffices
    kError,      // the error code it fails with
    kMessage,    // only the text of its message
  };
  DupField field;
  Use use;
  std::string rule;          // the rule's name
  SourceLocation location;   // of the rule's name
};

// "scope", "guard", "condition", "error" or "message".
const char* ContextUseName(ContextRead::Use use);

class RuleSet {
 public:
  // Reads, parses, checks, merges and compiles `path` and the files it extends. On failure
  // returns InvalidArgument whose message renders every issue (file:line:col, the line, a
  // caret); `diags`, when given, receives the issues as data. A rule set whose worst-case
  // check costs more than limits.max_check_cost is refused the same way, at its costliest
  // rule.
  static absl::StatusOr<std::unique_ptr<const RuleSet>> Load(const std::string& path,
                                                             const FileReader& read,
                                                             const Limits& limits = Limits(),
                                                             Diagnostics* diags = nullptr);

  // Loads rules from text, named `name`; `extend` is resolved through `read` when given.
  static absl::StatusOr<std::unique_ptr<const RuleSet>> FromText(const std::string& name,
                                                                 const std::string& text,
                                                                 const FileReader& read = nullptr,
                                                                 const Limits& limits = Limits(),
                                                                 Diagnostics* diags = nullptr);

  // Evaluates the rules over `facts`. Allocation-free for a ready table once `scratch` and
  // `out` have grown. Thread-safe with one scratch per thread. Facts beyond the reply bounds
  // the rules were costed for (Limits::max_partitions, max_addresses_per_list,
  // max_host_bytes, max_string_bytes) are not evaluated: the verdict is not ready,
  // ERR_INVALID_DATA, naming the bound.
  void Check(const FollowerFacts& facts, EvalScratch* scratch, Verdict* out) const;
  Verdict Check(const FollowerFacts& facts) const;

  // Whether the follower is ready, and nothing more: the cheap half of Check, for tools that
  // evaluate many followers (lint's floor check). Thread-safe with one scratch per thread.
  // False for facts beyond the reply bounds, as Check.
  bool Ready(const FollowerFacts& facts, EvalScratch* scratch) const;

  // Traces every rule on the partition at `index` in reply order (see evaluator.h), with the
  // evaluation steps each took there (RuleTrace::steps) to set beside its estimate.
  std::vector<RuleTrace> Explain(const FollowerFacts& facts, int index) const;

  // Each partition's first failing rule and error, in reply order (see evaluator.h); for
  // partition maps. Meaningful when Check's verdict is not table-level. Explain and
  // PartitionOutcomes return nothing for facts beyond the reply bounds (see Check).
  std::vector<PartitionOutcome> PartitionOutcomes(const FollowerFacts& facts) const;

  // The rules in force in evaluation order: table rules, then partition rules. A rule's index
  // here is the one PartitionOutcome::rule gives. A scoped `replace` can leave two rules with
  // one name.
  const std::vector<RuleInfo>& rules() const { return rules_; }

  // Every (rule, dup field, use) of the rules in force, once, in evaluation order. Rules
  // whose scopes, guards, conditions and errors read none of the fields the input left unset
  // give the verdict that input deserves; a message that reads one prints it as
  // "<unset: dup.NAME>" (FollowerFacts::unset_dup).
  std::vector<ContextRead> ContextReads() const;

  // A digest of the files the rules came from (names and bytes).
  const std::string& hash() const;
  const Limits& limits() const { return limits_; }
  // The estimated worst-case cost of one check, in steps (within limits().max_check_cost).
  int64_t cost_per_check() const { return cost_per_check_; }

  ~RuleSet();

 private:
  RuleSet(std::unique_ptr<Program> program, std::vector<RuleInfo> rules, int64_t cost,
          const Limits& limits);
  std::unique_ptr<Program> program_;
  std::vector<RuleInfo> rules_;
  int64_t cost_per_check_ = 0;
  Limits limits_;
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_RULE_SET_H_
