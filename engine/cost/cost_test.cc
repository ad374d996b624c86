// Tests for the cost model: the estimate of each construct, and the budget at the limit and one
// past it, naming the costliest rule.
#include "engine/cost/cost.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

struct Loaded {
  MergedRules rules;
  CostEstimate cost;
};

// Loads `text` (which must load) and estimates it.
Loaded Estimate(const std::string& text, const Limits& limits = Limits()) {
  FileReader read = [&](const std::string&) -> absl::StatusOr<std::string> { return text; };
  Diagnostics d;
  absl::StatusOr<MergedRules> m = LoadRules("t.rules", read, limits, &d);
  EXPECT_TRUE(m.ok()) << d.ToString();
  Loaded out{m.ok() ? *std::move(m) : MergedRules(), {}};
  out.cost = EstimateCost(out.rules, limits);
  return out;
}

int64_t PerEvaluation(const std::string& rule) {
  Loaded l = Estimate(rule);
  return l.cost.rules.empty() ? -1 : l.cost.rules[0].per_evaluation;
}

TEST(CostTest, EachConstructCostsWhatTheModelSays) {
  const int64_t o = kRuleOverheadSteps;
  // A fact: 1 step.
  EXPECT_EQ(PerEvaluation("partition p: require primary_alive else ERR_INACTIVE_STATE"), o + 1);
  // A comparison: its operands and itself.
  EXPECT_EQ(PerEvaluation("partition p: require replica_count > 1 else ERR_INACTIVE_STATE"),
            o + 3);
  // A guard counts too.
  EXPECT_EQ(PerEvaluation("partition p: when pidx > 0 require primary_alive else ERR_UNKNOWN"),
            o + 3 + 1);
  // all() over secondaries: 64 iterations of (s.valid: 2 steps) + 4, and the list itself.
  EXPECT_EQ(PerEvaluation("partition p: require all(secondaries, s, s.valid) else ERR_UNKNOWN"),
            o + 1 + 64 * (2 + kLoopStepSteps));
  // Comparing a host with a literal: 1 + the shorter length (3 bytes) / 16, rounded up.
  EXPECT_EQ(PerEvaluation("partition p: require primary.host != \"abc\" else ERR_UNKNOWN"),
            o + 2 + 1 + (1 + 1));
  // contains(host, "ab"): 255 positions, each restarting the search (4) and comparing up to 2
  // bytes (1).
  EXPECT_EQ(
      PerEvaluation("partition p: require not contains(primary.host, \"ab\") else ERR_UNKNOWN"),
      o + 1 + (1 + 2 + 1 + 255 * (kContainsStepsPerByte + 1)));
  // x in [a, b, c]: x, then for each item itself and a comparison.
  EXPECT_EQ(PerEvaluation("partition p: require pidx in [1, 2, 3] else ERR_UNKNOWN"),
            o + 1 + 1 + 3 * (1 + 1));
}

TEST(CostTest, AMatchCostsTheTextTimesTheProgram) {
  Loaded l = Estimate("partition p: require primary.host =~ \"^10[.]\" else ERR_UNKNOWN");
  ASSERT_EQ(l.rules.regexes.size(), 1u);
  const int64_t program = l.rules.regexes[0].ProgramSize();
  EXPECT_EQ(l.cost.rules[0].per_evaluation,
            kRuleOverheadSteps + 2 + 1 + kMatchSetupSteps + 255 * program);
  // In a scope it is paid once per check, on a name of up to 4096 bytes.
  Loaded s = Estimate("scope dup.app_name =~ \"^temp_\" { partition p: require true else ERR_UNKNOWN }");
  EXPECT_EQ(s.cost.scopes, 2 + 1 + kMatchSetupSteps + 4096 * s.rules.regexes[0].ProgramSize());
}

TEST(CostTest, PartitionRulesCostPerPartitionTableRulesPerCheck) {
  Loaded l = Estimate(
      "table t: require rpc_err == ERR_OK else rpc_err\n"
      "partition p: require primary_alive else ERR_INACTIVE_STATE \"partition {pidx}\"\n");
  ASSERT_EQ(l.cost.rules.size(), 2u);
  // t: rpc_err == ERR_OK compares two error names of at most 4096 and 64 bytes.
  const RuleCost& t = l.cost.rules[0];
  EXPECT_EQ(t.per_evaluation, kRuleOverheadSteps + 2 + (1 + 4));
  EXPECT_EQ(t.message, 1);  // the error value; no message
  EXPECT_EQ(t.per_check, t.per_evaluation + t.message);
  const RuleCost& p = l.cost.rules[1];
  EXPECT_EQ(p.per_evaluation, kRuleOverheadSteps + 1);
  // The message: the error (1), "partition " (1 step of bytes), {pidx} (1 + 20 bytes: 2).
  EXPECT_EQ(p.message, 1 + 1 + 1 + 2);
  EXPECT_EQ(p.per_check, p.per_evaluation * 65536 + p.message);
  EXPECT_EQ(l.cost.per_check, kCheckOverheadSteps + t.per_check + p.per_check);
  EXPECT_EQ(l.cost.costliest, 1);
}

TEST(CostTest, SmallerRepliesCostLess) {
  Limits small;
  small.max_partitions = 4;
  small.max_addresses_per_list = 3;
  Loaded l = Estimate("partition p: require all(secondaries, s, s.valid) else ERR_UNKNOWN", small);
  EXPECT_EQ(l.cost.rules[0].per_evaluation, kRuleOverheadSteps + 1 + 3 * (2 + kLoopStepSteps));
  EXPECT_EQ(l.cost.rules[0].per_check, l.cost.rules[0].per_evaluation * 4 + 1);
}

TEST(CostTest, TheBudgetHoldsAtTheLimitAndRefusesOnePastNamingTheCostliestRule) {
  const std::string text =
      "partition cheap: require primary_alive else ERR_INACTIVE_STATE\n"
      "partition dear: require all(secondaries, s, all(last_drops, d, s.host != d.host))\n"
      "  else ERR_INACTIVE_STATE\n";
  Loaded l = Estimate(text);
  ASSERT_EQ(l.cost.costliest, 1);
  Limits limits;
  limits.max_check_cost = l.cost.per_check;
  Diagnostics ok;
  EXPECT_TRUE(CheckCostBudget(l.rules, l.cost, limits, &ok)) << ok.ToString();
  limits.max_check_cost = l.cost.per_check - 1;
  Diagnostics refused;
  EXPECT_FALSE(CheckCostBudget(l.rules, l.cost, limits, &refused));
  const std::string msg = refused.ToString();
  EXPECT_EQ(msg.rfind("t.rules:2:11: error: the rules in force may take " +
                          FormatSteps(l.cost.per_check) + " steps to check a reply of 65536 "
                          "partitions; the budget is " + FormatSteps(l.cost.per_check - 1) +
                          ". The costliest rule is 'dear': " +
                          FormatSteps(l.cost.rules[1].per_evaluation) + " per partition",
                      0),
            0u)
      << msg;
  // Off when 0.
  limits.max_check_cost = 0;
  EXPECT_TRUE(CheckCostBudget(l.rules, l.cost, limits, &ok));
}

TEST(CostTest, NestedQuantifiersOverARegexAreRefusedByTheDefaultBudget) {
  // The shape that took 16.9 s for one partition: a pattern inside two nested quantifiers.
  Loaded l = Estimate(
      "partition r: require all(secondaries, s, any(last_drops, d, d.host =~ \"([a-z]+[0-9]*)+x\"))\n"
      "  else ERR_INACTIVE_STATE\n");
  EXPECT_GT(l.cost.rules[0].per_evaluation, 64 * 64 * 255);
  Diagnostics d;
  EXPECT_FALSE(CheckCostBudget(l.rules, l.cost, Limits(), &d));
}

TEST(CostTest, ShippedShapesFitTheDefaultBudget) {
  Loaded l = Estimate(
      "table remote_call_ok: require rpc_err == ERR_OK else rpc_err \"{rpc_err}\"\n"
      "table count: require size(response.partitions) == dup.partition_count\n"
      "  else ERR_INCONSISTENT_STATE \"{size(response.partitions)} vs {dup.partition_count}\"\n"
      "partition primary_alive: require primary_alive else ERR_INACTIVE_STATE\n"
      "partition enough: when replica_count > 1 require size(secondaries) >= 1\n"
      "  else ERR_NOT_ENOUGH_MEMBER\n"
      "partition secondaries_alive: require all(secondaries, s, s.valid)\n"
      "  else ERR_INACTIVE_STATE \"{secondaries}\"\n");
  Diagnostics d;
  EXPECT_TRUE(CheckCostBudget(l.rules, l.cost, Limits(), &d)) << d.ToString();
  EXPECT_LT(l.cost.per_check, Limits().max_check_cost / 5);
}

TEST(CostTest, FormatSteps) {
  EXPECT_EQ(FormatSteps(0), "0");
  EXPECT_EQ(FormatSteps(999), "999");
  EXPECT_EQ(FormatSteps(1000), "1,000");
  EXPECT_EQ(FormatSteps(268435456), "268,435,456");
  EXPECT_EQ(FormatSteps(kCostInfinity), "more than 10^18");
}

}  // namespace
}  // namespace dupready
