// Tests for the evaluator's semantics: order, acceptance, scopes, loops, strings, addresses,
// arithmetic errors and explanations. (The shipped rules are tested in engine/rule_set_test.)
#include "engine/eval/evaluator.h"

#include <string>

#include "engine/rule_set.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using testing::FactsHolder;
using testing::FollowerTable;
using testing::HealthyFollower;
using testing::HostPort;

// Semantics, not cost: the cost budget is off (engine/cost tests it).
std::unique_ptr<const RuleSet> Rules(const std::string& text) {
  Limits limits;
  limits.max_check_cost = 0;
  auto r = RuleSet::FromText("t.rules", text, nullptr, limits);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : nullptr;
}

Verdict Judge(const RuleSet& rules, const FollowerTable& f) {
  FactsHolder h(f);
  return rules.Check(h.facts());
}

// The failure list, one `rule[partitions] "message"` a rule, joined by "; ".
std::string Failures(const Verdict& v) {
  std::string out;
  for (const RuleFailures& f : v.failures) {
    if (!out.empty()) out += "; ";
    out += f.rule + "[";
    for (size_t i = 0; i < f.partitions.size(); ++i)
      out += (i ? "," : "") + std::to_string(f.partitions[i]);
    out += "] \"" + f.message + "\"";
  }
  return out;
}

TEST(EvaluatorTest, PartitionOrderBeforeRuleOrder) {
  auto rules = Rules(R"rules(
partition a: require pidx != 2 else ERR_INVALID_STATE "a {pidx}"
partition b: require pidx != 1 else ERR_BUSY "b {pidx}"
)rules");
  Verdict v = Judge(*rules, HealthyFollower(4, 3));
  EXPECT_EQ(v.rule, "b");  // partition 1 comes before partition 2
  EXPECT_EQ(v.partition, 1);
  EXPECT_EQ(v.error, "ERR_BUSY");
  EXPECT_EQ(Failures(v), "a[2] \"a 2\"; b[1] \"b 1\"");
}

TEST(EvaluatorTest, SufficesSkipsLaterRulesOnlyForThatPartition) {
  auto rules = Rules(R"rules(
partition early: require pidx != 0 else ERR_BUSY
partition accept: pidx <= 1 suffices
partition late: require false else ERR_UNKNOWN "late {pidx}"
)rules");
  Verdict v = Judge(*rules, HealthyFollower(3, 3));
  EXPECT_EQ(v.rule, "early");  // an earlier failure is not erased by acceptance
  EXPECT_EQ(Failures(v), "early[0] \"rule 'early' failed\"; late[2] \"late 2\"");
}

// Final rules still run after a `suffices` accepted, in their place in rule order; the
// others are skipped. In both stages, in the verdict, the failure list and the trace.
TEST(EvaluatorTest, FinalRulesRunAfterAcceptance) {
  auto rules = Rules(R"rules(
table trust: true suffices
final table call: require rpc_err == ERR_OK else rpc_err "call {rpc_err}"
table skipped_table: require false else ERR_BUSY
partition accept: pidx != 2 suffices
partition skipped: require false else ERR_UNKNOWN "skipped {pidx}"
final partition floor: require primary_alive else ERR_INACTIVE_STATE "floor {pidx}"
partition late: require replica_count < 9 else ERR_BUSY "late {pidx}"
)rules");
  ASSERT_TRUE(rules);
  FollowerTable f = HealthyFollower(4, 3);
  f.partitions[1].primary = {};
  f.partitions[3].primary = {};
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "floor");  // partition 1 was accepted, and still fails the floor
  EXPECT_EQ(v.partition, 1);
  ASSERT_EQ(v.failures.size(), 2u);
  EXPECT_EQ(v.failures[0].rule, "skipped");  // only partition 2, which was not accepted
  EXPECT_EQ(v.failures[0].partitions, std::vector<int32_t>{2});
  EXPECT_EQ(v.failures[1].rule, "floor");
  EXPECT_EQ(v.failures[1].partitions, (std::vector<int32_t>{1, 3}));
  FactsHolder h(f);
  std::vector<RuleTrace> t = rules->Explain(h.facts(), 1);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].outcome, RuleTrace::Outcome::kAccepted);
  EXPECT_EQ(t[1].outcome, RuleTrace::Outcome::kPassed);      // final: runs after acceptance
  EXPECT_EQ(t[2].outcome, RuleTrace::Outcome::kNotReached);  // the table was accepted
  EXPECT_EQ(t[3].outcome, RuleTrace::Outcome::kAccepted);    // a new stage: it runs
  EXPECT_EQ(t[4].outcome, RuleTrace::Outcome::kNotReached);
  EXPECT_EQ(t[5].outcome, RuleTrace::Outcome::kFailed);
  EXPECT_EQ(t[5].message, "floor 1");
  EXPECT_EQ(t[6].outcome, RuleTrace::Outcome::kNotReached);
  // A failed call: the table was accepted, the final table rule still refuses it.
  f = HealthyFollower(4, 3);
  f.rpc_err = "ERR_TIMEOUT";
  v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "call");
  EXPECT_EQ(v.error, "ERR_TIMEOUT");
  f.rpc_err = "ERR_OK";
  f.partitions[2].primary = {};  // not accepted: fails 'skipped' first
  EXPECT_EQ(Judge(*rules, f).rule, "skipped");
}

TEST(EvaluatorTest, EmptyReplyWithoutTableRulesIsReady) {
  auto rules = Rules("partition p: require false else ERR_UNKNOWN");
  FollowerTable f = HealthyFollower(0, 3);
  Verdict v = Judge(*rules, f);
  EXPECT_TRUE(v.ready);
  EXPECT_EQ(v.partitions_checked, 0);
}

TEST(EvaluatorTest, TableFailureStopsEverything) {
  auto rules = Rules(R"rules(
table t1: require response.app_id == 4 else ERR_APP_NOT_EXIST "app {response.app_id}"
table t2: require false else ERR_UNKNOWN
partition p: require false else ERR_UNKNOWN
)rules");
  FollowerTable f = HealthyFollower(2, 3);
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "t1");
  EXPECT_EQ(v.partition, -1);
  EXPECT_EQ(v.message, "app 3");
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_EQ(v.failures[0].count, 1);
  EXPECT_TRUE(v.failures[0].partitions.empty());
  FactsHolder h(f);
  std::vector<RuleTrace> t = rules->Explain(h.facts(), 0);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].outcome, RuleTrace::Outcome::kFailed);
  EXPECT_EQ(t[1].outcome, RuleTrace::Outcome::kNotReached);
  EXPECT_EQ(t[2].outcome, RuleTrace::Outcome::kNotReached);
}

TEST(EvaluatorTest, StringsRegexesAndAddresses) {
  auto rules = Rules(R"rules(
partition hosts:
  require starts_with(primary.host, "10.") and ends_with(primary.host, ".1")
          and contains(dup.remote_app_name, "test") and primary.host !~ "^10\\.9\\."
          and size(primary.host) == 8 and primary.port == 34801
  else ERR_INVALID_STATE "bad host {primary}"
partition not_dropped:
  require primary not in last_drops and all(secondaries, s, s != primary)
  else ERR_INVALID_STATE "dropped {primary} in {last_drops}"
)rules");
  FollowerTable f = HealthyFollower(1, 3);  // primary 10.0.0.1:34801
  EXPECT_TRUE(Judge(*rules, f).ready);
  FollowerTable g = f;
  g.partitions[0].primary.host = "10.9.0.1";
  EXPECT_EQ(Judge(*rules, g).message, "bad host 10.9.0.1:34801");
  g = f;
  g.partitions[0].last_drops = {HostPort::At("10.0.0.9", 1), g.partitions[0].primary};
  EXPECT_EQ(Judge(*rules, g).message, "dropped 10.0.0.1:34801 in [10.0.0.9:1, 10.0.0.1:34801]");
  g = f;
  g.partitions[0].secondaries[1] = g.partitions[0].primary;
  EXPECT_EQ(Judge(*rules, g).rule, "not_dropped");
  g = f;  // invalid addresses are equal to each other, and not to valid ones
  g.partitions[0].primary = HostPort();
  g.partitions[0].last_drops = {HostPort()};
  EXPECT_EQ(Judge(*rules, g).failures.back().message, "dropped (invalid) in [(invalid)]");
}

TEST(EvaluatorTest, GeneralQuantifiersAndCounts) {
  auto rules = Rules(R"rules(
table most_partitions_healthy:
  require count(response.partitions, p, p.alive_replicas == p.replica_count) * 4
          >= size(response.partitions) * 3
  else ERR_NOT_ENOUGH_MEMBER "{count(response.partitions, p, p.alive_replicas == p.replica_count)} of {size(response.partitions)} healthy"
partition spread:
  require all(secondaries, s, all(last_drops, d, d.host != s.host))
  else ERR_INVALID_STATE "{pidx}"
)rules");
  FollowerTable f = HealthyFollower(8, 3);
  EXPECT_TRUE(Judge(*rules, f).ready);
  f.partitions[0].secondaries.pop_back();
  f.partitions[1].secondaries.pop_back();
  EXPECT_TRUE(Judge(*rules, f).ready);  // 6 of 8 is 75%
  f.partitions[2].secondaries.pop_back();
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.message, "5 of 8 healthy");
  FollowerTable g = HealthyFollower(2, 3);
  g.partitions[1].last_drops = {g.partitions[1].secondaries[0]};
  EXPECT_EQ(Judge(*rules, g).partition, 1);
}

// sum, min and max: a value per item; the sum of an empty list is 0, min and max of one take
// the IF_EMPTY argument (computed only then); an overflowing sum fails the rule.
TEST(EvaluatorTest, SumMinMax) {
  auto rules = Rules(R"rules(
table invalid_secondaries:
  require sum(response.partitions, p, size(p.secondaries) - p.alive_secondaries) <= 2
  else ERR_INACTIVE_STATE
       "{sum(response.partitions, p, size(p.secondaries) - p.alive_secondaries)} invalid secondaries"
partition ports:
  require min(secondaries, s, s.port, 1 / 0) >= 100 and max(last_drops, d, d.port, -5) != 7
  else ERR_INVALID_STATE "{min(secondaries, s, s.port, -1)} {max(last_drops, d, d.port, -5)} {sum(last_drops, d, d.port)}"
)rules");
  ASSERT_TRUE(rules);
  FollowerTable f = HealthyFollower(4, 3);
  EXPECT_TRUE(Judge(*rules, f).ready);
  f.partitions[0].secondaries[0] = HostPort();
  f.partitions[2].secondaries[1] = HostPort();
  f.partitions[3].secondaries[0] = HostPort();
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "invalid_secondaries");
  EXPECT_EQ(v.message, "3 invalid secondaries");
  FollowerTable g = HealthyFollower(3, 3);
  g.partitions[1].secondaries[1].port = 99;
  g.partitions[1].last_drops = {HostPort::At("10.0.0.9", 3), HostPort::At("10.0.0.8", 5)};
  v = Judge(*rules, g);
  EXPECT_EQ(v.partition, 1);
  EXPECT_EQ(v.message, "99 5 8");
  g.partitions[1].secondaries[1].port = 100;
  g.partitions[1].last_drops.push_back(HostPort::At("10.0.0.7", 7));
  v = Judge(*rules, g);
  EXPECT_EQ(v.message, "100 7 15");  // the max is 7 now
  // No secondary: min's IF_EMPTY (1 / 0) is computed, and its error fails the rule; with
  // secondaries it is never computed.
  g = HealthyFollower(2, 1);
  v = Judge(*rules, g);
  EXPECT_EQ(v.rule, "ports");
  EXPECT_EQ(v.message, "-1 -5 0");
}

TEST(EvaluatorTest, SumOverflowFailsClosed) {
  auto rules = Rules(R"rules(
partition sum: require sum(last_drops, d, 9223372036854775807 - d.port) > 0 else ERR_INVALID_STATE
partition accept: sum(secondaries, s, 9223372036854775807) > 0 suffices
partition later: require false else ERR_BUSY
)rules");
  FollowerTable f = HealthyFollower(1, 3);
  f.partitions[0].last_drops = {HostPort::At("a", 0)};
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "later");  // one secondary's sum fits; two overflow and do not accept
  f.partitions[0].secondaries.pop_back();
  EXPECT_TRUE(Judge(*rules, f).ready);
  f.partitions[0].last_drops.push_back(HostPort::At("b", 0));
  EXPECT_EQ(Judge(*rules, f).rule, "sum");
}

TEST(EvaluatorTest, ScopesDecideOncePerDuplication) {
  auto rules = Rules(R"rules(
partition base: require false else ERR_UNKNOWN "base"
scope dup.remote_cluster_name == "c1" {
  disable base
  partition c1_only: require pidx < 1 else ERR_BUSY "c1 {pidx}"
}
)rules");
  FollowerTable f = HealthyFollower(2, 1);
  EXPECT_EQ(Judge(*rules, f).rule, "base");
  f.remote_cluster_name = "c1";
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.rule, "c1_only");
  EXPECT_EQ(v.partition, 1);
  ASSERT_EQ(v.failures.size(), 1u);
}

// A rule defined in two scopes runs with each body where its scope holds, and with both
// where both hold.
TEST(EvaluatorTest, ScopedRedefinitionRunsEachBodyInItsScope) {
  auto rules = Rules(R"rules(
scope dup.remote_cluster_name == "a" or dup.remote_cluster_name == "ab" {
  partition maint: require pidx != 1 else ERR_BUSY "a {pidx}"
}
scope dup.remote_cluster_name == "b" or dup.remote_cluster_name == "ab" {
  partition maint: require pidx != 0 else ERR_BUSY "b {pidx}"
}
)rules");
  ASSERT_TRUE(rules);
  FollowerTable f = HealthyFollower(2, 3);
  f.remote_cluster_name = "a";
  EXPECT_EQ(Judge(*rules, f).message, "a 1");
  f.remote_cluster_name = "b";
  EXPECT_EQ(Judge(*rules, f).message, "b 0");
  f.remote_cluster_name = "ab";
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.message, "b 0");
  ASSERT_EQ(v.failures.size(), 2u);
  EXPECT_EQ(v.failures[0].message, "a 1");
  f.remote_cluster_name = "c";
  EXPECT_TRUE(Judge(*rules, f).ready);
}

TEST(EvaluatorTest, ArithmeticOverflowFailsClosed) {
  auto rules = Rules(R"rules(
partition big: require ballot * 9223372036854775807 > 0 else ERR_INVALID_STATE "overflow"
)rules");
  FollowerTable f = HealthyFollower(1, 3);  // ballot 3: the product overflows
  Verdict v = Judge(*rules, f);
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_INVALID_STATE");
  f.partitions[0].ballot = 1;
  EXPECT_TRUE(Judge(*rules, f).ready);
}

TEST(EvaluatorTest, FailingRuleNeverReportsErrOk) {
  auto rules = Rules("table t: require false else response.err \"{response.err}\"");
  Verdict v = Judge(*rules, HealthyFollower(1, 1));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_UNKNOWN");  // the rule named ERR_OK as its error: never success
  EXPECT_EQ(v.message, "ERR_OK");
}

TEST(EvaluatorTest, ManyPartitions) {
  auto rules = Rules(R"rules(
partition p: when replica_count > 1 require alive_secondaries >= 1 else ERR_NOT_ENOUGH_MEMBER
)rules");
  FollowerTable f = HealthyFollower(65536, 3);
  f.partitions[65535].secondaries.clear();
  Verdict v = Judge(*rules, f);
  EXPECT_EQ(v.partition, 65535);
  EXPECT_EQ(v.partitions_checked, 65536);
}

}  // namespace
}  // namespace dupready
