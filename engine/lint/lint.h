// Copyright 2026 The dupready Authors.
//
// lint.h: static analysis of rule files (`dupready lint`): what loading reports, and then
// what is legal but almost certainly not what the author meant.
//
// LintRules reports every load-time error exactly as RuleSet::Load does (file:line:col, the
// line and a caret). Unknown error codes are among them: the checker rejects any ERR_ name
// Pegasus does not define, so lint needs no check of its own for those. When the file loads,
// AnalyzeRules adds warnings, each at the position of the construct concerned. Each is a fact
// proven with fold.h (constant folding, structural equality, simple implication), never a
// guess:
//
//   duplicate-rule       a file gives a rule a body, then replaces or disables it again under
//                        the same scope (or none), so the earlier body never applies;
//   guard-never-holds    a `when` guard that is false for every follower;
//   never-fails          a `require` whose condition holds for every follower;
//   never-suffices       a `suffices` whose condition holds for no follower;
//   unreachable          a rule (not a final requirement, which still runs) after a
//                        `suffices` that accepts every partition (or table) it applies to: no
//                        guard (or a guard that always holds), a condition that always holds,
//                        and a scope no narrower than the later rule's;
//   shadowed             a rule that can only fail where an earlier rule of its stage, with
//                        the same or a weaker guard and scope, has already failed (its
//                        condition is implied by the earlier one's; a final rule is not
//                        shadowed by one that is not), or a `suffices` that can only hold where
//                        an earlier `suffices` already accepted;
//   scope-never-holds    a scope whose condition is false for every duplication, e.g. a
//                        pattern no Pegasus name can match (see PatternCanMatchName);
//   empty-scope          a scope with no rules, replaces or disables;
//   pattern-never-matches  `=~` / `!~` on dup.app_name, dup.remote_cluster_name or
//                        dup.remote_app_name with a pattern no Pegasus name can match;
//   overlay-no-effect    a scoped `replace` or `disable` of a rule whose every body is
//                        already disabled or replaced in that scope;
//   replace-out-of-scope a scoped `replace` of a rule defined in a scope it does not lie
//                        within (structurally): its body runs only where both hold, and in the
//                        rest of the replace's scope the rule does not run;
//   fails-with-err-ok    `else ERR_OK`: the evaluator reports such a failure as ERR_UNKNOWN,
//                        since a failing rule must never read as success;
//   uncovered-replicas   a replica count from 1 to 5 that no partition `require` applies to
//                        (see below), so partitions configured with it pass unchecked;
//   floor-lowered        an `unfinal`: the rule it names may now be disabled or replaced, and
//                        a `suffices` before it skips it;
//   floor                (the message starts "floor:") a follower with a failed call, a failed
//                        answer, a partition count that is not the source's, or a dead primary
//                        that the rules make READY, with an example and what lets it through:
//                        the `suffices` that accepts it, else the floor's lowering, else no
//                        rule at all. Proven by evaluating the compiled rules over the
//                        configuration space `dupready diff` uses (engine/analysis/
//                        config_space.h); when that space would be too large, a warning says
//                        the floor was not checked.
//
// Replica counts: for k in 1..5, a partition `require` covers k when its scope can hold, its
// guard is not false with replica_count = k, and no unscoped partition `suffices` before it
// accepts every partition with replica_count = k (guard and condition both true with
// replica_count = k) unless it is final. Rule sets with no partition `require` at all are not
// judged.

#ifndef DUPREADY_ENGINE_LINT_LINT_H_
#define DUPREADY_ENGINE_LINT_LINT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/cost/cost.h"
#include "engine/loader/loader.h"
#include "engine/rule_set.h"

namespace dupready {

// One rule in force and its estimated cost (engine/cost/cost.h), as `dupready lint` lists it.
struct RuleCostLine {
  std::string rule;
  SourceLocation where;  // of its name
  bool table = false;
  RuleCost cost;
};

// The estimates of a rule set, in the order the rules apply (table rules, then partition rules).
struct LintCosts {
  std::vector<RuleCostLine> rules;
  int64_t per_check = 0;  // the whole set's worst check
};

// Loads `path` (and what it extends) through `read`, adding every load-time error to `diags`
// (a cost over limits.max_check_cost among them); when it loads, adds AnalyzeRules' warnings.
// Findings may point into extended files. `costs`, when given and the rules load, receives
// every rule's estimate (also when the set is over its budget).
void LintRules(const std::string& path, const FileReader& read, const Limits& limits,
               Diagnostics* diags, LintCosts* costs = nullptr);

// Adds warnings about loaded, checked rules (see above) to `diags`, in file order. `compiled`,
// the same rules loaded as a RuleSet, is what the floor check evaluates; null skips it.
void AnalyzeRules(const MergedRules& rules, const RuleSet* compiled, Diagnostics* diags);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LINT_LINT_H_
