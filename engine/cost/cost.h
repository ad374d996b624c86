// Copyright 2026 The dupready Authors.
//
// cost.h: the static worst-case cost of checked rules, and the budget a rule set must fit.
//
// Like CEL's and Kubernetes' cost budgets, every rule gets an estimate, before anything runs,
// of the evaluation steps its costliest path takes on the largest reply the limits allow
// (Limits::max_partitions partitions, max_addresses_per_list secondaries and last_drops each,
// hosts of max_host_bytes, other strings of max_string_bytes). A step is about one
// instruction of the evaluator:
//
//   a name, literal, field, comparison or operator     1 step (plus its operands)
//   a rule, on top of its guard and condition           8 steps (deciding, recording)
//   all/any/count over a list of n items                n x (the condition + 4)
//   x in [a, b, ...] with n items                       n x (1 + comparing one)
//   x in a list value (secondaries, last_drops)         n x (comparing one + 4)
//   comparing, starts_with, ends_with on strings        1 + the shorter length / 16
//   contains(a, b)                                      1 + length(a) x (8 + length(b) / 16)
//   a =~ "pattern"                                      16 + length(a) x program size
//   a message, rendered once per failing rule and check its holes + the bytes they print / 16
//
// A rule's 8 steps also cover the instructions that start and end its guard's and condition's
// programs, so the steps the explain path counts on a partition never exceed the estimate.
// Lengths are the bounds above; a regular expression's program size is RE2's (ProgramSize:
// the instructions its automaton steps through for each byte, in the worst case all of them).
// A partition rule costs its per-partition estimate on each of max_partitions partitions;
// a table rule and each scope condition cost their estimate once per check. The sum is the
// rule set's cost per check, and a set whose cost exceeds Limits::max_check_cost is refused
// at load, naming the rule that costs most.
//
//   CostEstimate cost = EstimateCost(merged, limits);
//   if (!CheckCostBudget(merged, cost, limits, &diags)) ...  // refused, located
//
// The estimate is an upper bound by construction (every loop at its longest, every string at
// its longest, both sides of 'and' and 'or', every pattern matched as RE2's slowest engine
// would); tools/bench/cost_bench measures how long sets at the budget take: at most about
// 1.5 ns a step on the reference machine, so the default budget of 2^28 steps keeps the worst
// check of the largest reply well under a second.

#ifndef DUPREADY_ENGINE_COST_COST_H_
#define DUPREADY_ENGINE_COST_COST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/cost/steps.h"
#include "engine/loader/loader.h"

namespace dupready {

struct RuleCost {
  // One evaluation of the rule (guard and condition) on one partition; for a table rule, its
  // one evaluation per check.
  int64_t per_evaluation = 0;
  // Rendering its error and message when it fails (once per check).
  int64_t message = 0;
  // Its share of one check of the largest reply: per_evaluation on every partition (table
  // rules: once), plus `message`.
  int64_t per_check = 0;
};

struct CostEstimate {
  std::vector<RuleCost> rules;  // parallel to MergedRules::rules
  int64_t scopes = 0;           // every scope condition, once per check
  int64_t per_check = 0;        // the rule set's worst check: rules, scopes and overhead
  int costliest = -1;           // index of the rule with the largest per_check, or -1
};

// Estimates every rule in force of `rules` (checked: types and regular expressions resolved)
// against the reply bounds in `limits`. Sums saturate at kCostInfinity.
CostEstimate EstimateCost(const MergedRules& rules, const Limits& limits);

inline constexpr int64_t kCostInfinity = int64_t{1} << 60;

// True when `cost` fits limits.max_check_cost (or the budget is 0: off). Otherwise adds an
// error at the costliest rule to `diags`: the set's cost, the budget, that rule's cost.
bool CheckCostBudget(const MergedRules& rules, const CostEstimate& cost, const Limits& limits,
                     Diagnostics* diags);

// "12,345" (thousands separated), for messages and lint.
std::string FormatSteps(int64_t steps);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COST_COST_H_
