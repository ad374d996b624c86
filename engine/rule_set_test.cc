// End-to-end tests of the engine: the shipped rule files against Pegasus's own cases and
// against the reference check on generated followers; overlays; failures; explanations.
#include "engine/rule_set.h"

#include <cstdint>
#include <random>

#include "absl/strings/str_cat.h"

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "engine/testing/follower.h"

namespace dupready {
namespace {

using testing::FactsHolder;
using testing::FollowerTable;
using testing::HealthyFollower;
using testing::PartitionConfig;
using testing::HostPort;

std::unique_ptr<const RuleSet> LoadShipped(const std::string& path) {
  auto rules = RuleSet::Load(path, testing::ReadTestFile);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *std::move(rules) : nullptr;
}

Verdict Check(const RuleSet& rules, const FollowerTable& f) {
  FactsHolder h(f);
  return rules.Check(h.facts());
}

// One partition with `replicas` configured, a primary, and the given secondaries.
FollowerTable OnePartition(int replicas, bool primary, std::vector<bool> secondaries) {
  FollowerTable f;
  f.partition_count = 1;
  PartitionConfig p;
  p.max_replica_count = replicas;
  p.primary = testing::Address(primary);
  for (bool ok : secondaries) p.secondaries.push_back(testing::Address(ok, "10.0.1.1"));
  f.partitions.push_back(p);
  return f;
}

// Pegasus's own test cases for the check (meta_integration/PEGASUS.md, "The follower
// readiness check").
struct PegasusCase {
  const char* name;
  int replicas;
  bool primary;
  std::vector<bool> secondaries;
  const char* fixed;   // error with the fix (default.rules)
  const char* legacy;  // error before it (legacy.rules)
};

const PegasusCase kPegasusCases[] = {
    {"3 replicas, primary and 2 secondaries", 3, true, {true, true}, "ERR_OK", "ERR_OK"},
    {"3 replicas, no primary", 3, false, {true, true}, "ERR_INACTIVE_STATE", "ERR_INACTIVE_STATE"},
    {"3 replicas, primary and 1 secondary", 3, true, {true}, "ERR_OK", "ERR_OK"},
    {"3 replicas, 1 secondary ok + 1 invalid", 3, true, {true, false}, "ERR_INACTIVE_STATE",
     "ERR_INACTIVE_STATE"},
    {"3 replicas, 0 ok + 1 invalid", 3, true, {false}, "ERR_INACTIVE_STATE", "ERR_INACTIVE_STATE"},
    {"3 replicas, primary only", 3, true, {}, "ERR_NOT_ENOUGH_MEMBER", "ERR_NOT_ENOUGH_MEMBER"},
    {"1 replica with primary", 1, true, {}, "ERR_OK", "ERR_NOT_ENOUGH_MEMBER"},
    {"1 replica without primary", 1, false, {}, "ERR_INACTIVE_STATE", "ERR_INACTIVE_STATE"},
};

TEST(RuleSetTest, PegasusOwnCases) {
  auto def = LoadShipped("rules/default.rules");
  auto legacy = LoadShipped("rules/legacy.rules");
  ASSERT_TRUE(def && legacy);
  for (const PegasusCase& c : kPegasusCases) {
    SCOPED_TRACE(c.name);
    FollowerTable f = OnePartition(c.replicas, c.primary, c.secondaries);
    Verdict v = Check(*def, f);
    EXPECT_EQ(v.error, c.fixed);
    EXPECT_EQ(v.ready, std::string(c.fixed) == "ERR_OK");
    EXPECT_EQ(v.partition, v.ready ? -1 : 0);
    EXPECT_EQ(Check(*legacy, f).error, c.legacy);
  }
}

TEST(RuleSetTest, SeedSingleReplicaFollower) {
  auto def = LoadShipped("rules/default.rules");
  auto legacy = LoadShipped("rules/legacy.rules");
  ASSERT_TRUE(def && legacy);
  FollowerTable f = HealthyFollower(4, 1);
  Verdict fixed = Check(*def, f);
  EXPECT_TRUE(fixed.ready);
  EXPECT_EQ(fixed.error, "ERR_OK");
  EXPECT_EQ(fixed.rule, "");

  Verdict bug = Check(*legacy, f);
  EXPECT_FALSE(bug.ready);
  EXPECT_EQ(bug.error, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(bug.rule, "enough_members");
  EXPECT_EQ(bug.partition, 0);
  EXPECT_EQ(bug.message, "partition 0 has no secondary");
  ASSERT_EQ(bug.failures.size(), 1u);
  EXPECT_EQ(bug.failures[0].count, 4);
  EXPECT_EQ(bug.failures[0].partitions, (std::vector<int32_t>{0, 1, 2, 3}));
}

TEST(RuleSetTest, TableStageErrorsComeFirstInPegasusOrder) {
  auto def = LoadShipped("rules/default.rules");
  ASSERT_TRUE(def);
  FollowerTable f = HealthyFollower(4, 3);
  f.rpc_err = "ERR_TIMEOUT";
  f.response_err = "ERR_APP_NOT_EXIST";
  Verdict v = Check(*def, f);
  EXPECT_EQ(v.error, "ERR_TIMEOUT");
  EXPECT_EQ(v.rule, "remote_call_ok");
  EXPECT_EQ(v.partition, -1);
  EXPECT_EQ(v.message, "the follower's meta server could not be queried: ERR_TIMEOUT");
  ASSERT_EQ(v.failures.size(), 1u);  // the table stage stops at its first failure

  f.rpc_err = "ERR_OK";
  v = Check(*def, f);
  EXPECT_EQ(v.error, "ERR_APP_NOT_EXIST");
  EXPECT_EQ(v.message, "the follower's meta server answered ERR_APP_NOT_EXIST for dup_test_3");

  f.response_err = "ERR_OK";
  f.partition_count = 8;
  v = Check(*def, f);
  EXPECT_EQ(v.error, "ERR_INCONSISTENT_STATE");
  EXPECT_EQ(v.message, "the follower has 4 partitions, the source has 8");
}

TEST(RuleSetTest, StrictRejectsPartiallyReplicated) {
  auto strict = LoadShipped("rules/strict.rules");
  ASSERT_TRUE(strict);
  FollowerTable f = OnePartition(3, true, {true});
  Verdict v = Check(*strict, f);
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(v.rule, "fully_replicated");
  EXPECT_EQ(v.message, "partition 0 has 2 of 3 replicas");
  EXPECT_TRUE(Check(*strict, OnePartition(3, true, {true, true})).ready);
  EXPECT_TRUE(Check(*strict, OnePartition(1, true, {})).ready);
}

// The floor of default.rules: an overlay cannot disable or replace the rules that refuse a
// failed call, a failed answer, a wrong partition count and a dead primary, and an early
// `suffices` (table or partition) does not skip them. Only an explicit `unfinal` lowers one.
TEST(RuleSetTest, OverlaysCannotRemoveTheFloor) {
  auto overlay = [](const std::string& text) {
    return RuleSet::FromText("site.rules", "extend \"rules/default.rules\"\n" + text,
                             testing::ReadTestFile);
  };
  for (const char* text :
       {"scope dup.remote_app_name =~ \"^temp_\" {\n"
        "  disable enough_members, secondaries_alive, primary_alive\n}\n",
        "replace partition primary_alive: true suffices\n",
        "disable remote_call_ok\n", "replace table partition_count_matches: true suffices\n"}) {
    auto r = overlay(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find("is on the floor: rules/default.rules made it final"),
              absl::string_view::npos)
        << r.status();
  }
  auto early = overlay(
      "table trust before remote_call_ok: true suffices\n"
      "partition scratch before primary_alive: true suffices\n");
  ASSERT_TRUE(early.ok()) << early.status();
  FollowerTable f = HealthyFollower(4, 3);
  f.partitions[2].primary = {};
  f.partitions[2].secondaries.clear();
  Verdict v = Check(**early, f);
  EXPECT_EQ(v.rule, "primary_alive");
  EXPECT_EQ(v.error, "ERR_INACTIVE_STATE");
  // Accepted by 'scratch': the floor still refuses it, and enough_members no longer matters.
  ASSERT_EQ(v.failures.size(), 1u);
  f = HealthyFollower(4, 3);
  f.rpc_err = "ERR_TIMEOUT";
  EXPECT_EQ(Check(**early, f).error, "ERR_TIMEOUT");
  f.rpc_err = "ERR_OK";
  f.response_err = "ERR_OBJECT_NOT_FOUND";
  EXPECT_EQ(Check(**early, f).error, "ERR_OBJECT_NOT_FOUND");
  f.response_err = "ERR_OK";
  f.partition_count = 8;
  EXPECT_EQ(Check(**early, f).error, "ERR_INCONSISTENT_STATE");
  f.partition_count = 4;
  EXPECT_TRUE(Check(**early, f).ready);
  // Lowered explicitly: then, and only then, the overlay decides.
  auto lowered = overlay(
      "unfinal primary_alive \"scratch tables run without primaries\"\n"
      "partition scratch before primary_alive: true suffices\n");
  ASSERT_TRUE(lowered.ok()) << lowered.status();
  f.partitions[2].primary = {};
  EXPECT_TRUE(Check(**lowered, f).ready);
}

// Every replica count a reply can carry, with and without a secondary, under default.rules:
// Pegasus converts the int32 count to an unsigned 64-bit size before `1 + secondaries <
// count`, so without a secondary only 0 and 1 pass, and a negative count (huge, unsigned)
// fails like 3 does. With a secondary every count passes.
TEST(RuleSetTest, EveryReplicaCountGetsPegasussVerdict) {
  auto def = LoadShipped("rules/default.rules");
  auto legacy = LoadShipped("rules/legacy.rules");
  ASSERT_TRUE(def && legacy);
  std::mt19937 rng(7);
  std::vector<int32_t> counts = {-1, 0, 1, 2, 3, 4, 5, INT32_MIN, INT32_MAX, -2, 6};
  for (int i = 0; i < 20; ++i) counts.push_back(-1 - static_cast<int32_t>(rng() % INT32_MAX));
  for (int32_t k : counts) {
    const Verdict none = Check(*def, OnePartition(k, true, {}));
    const bool pegasus_ready = k == 0 || k == 1;
    EXPECT_EQ(none.ready, pegasus_ready) << k;
    EXPECT_EQ(none.error, pegasus_ready ? "ERR_OK" : "ERR_NOT_ENOUGH_MEMBER") << k;
    EXPECT_EQ(Check(*def, OnePartition(k, true, {true})).ready, true) << k;
    // Before the fix the count did not matter: no secondary, not ready.
    EXPECT_EQ(Check(*legacy, OnePartition(k, true, {})).error, "ERR_NOT_ENOUGH_MEMBER") << k;
    // The reference check agrees.
    EXPECT_EQ(testing::PegasusCheck(OnePartition(k, true, {}), true).error, none.error) << k;
  }
}

// Random followers, including broken ones, checked against the reference implementation.
// Replica counts include what only a corrupt reply carries: 0 and negative values.
FollowerTable RandomFollower(std::mt19937* rng) {
  auto pick = [&](int n) { return static_cast<int>((*rng)() % n); };
  FollowerTable f;
  int n = 1 + pick(12);
  f.partition_count = pick(10) == 0 ? n + 1 : n;
  if (pick(12) == 0) f.rpc_err = pick(2) ? "ERR_TIMEOUT" : "ERR_NETWORK_FAILURE";
  if (pick(12) == 0) f.response_err = pick(2) ? "ERR_OBJECT_NOT_FOUND" : "ERR_APP_NOT_EXIST";
  const int replicas = 1 + pick(5);
  const int32_t odd[] = {-1, 0, INT32_MIN, -1 - static_cast<int32_t>((*rng)() % INT32_MAX)};
  for (int i = 0; i < n; ++i) {
    PartitionConfig p;
    p.pidx = i;
    p.max_replica_count = pick(8) == 0 ? 1 + pick(5) : replicas;
    if (pick(10) == 0) p.max_replica_count = odd[pick(4)];
    p.primary = testing::Address(pick(10) != 0);
    int secondaries = pick(8) == 0 || p.max_replica_count < 1 ? pick(5) : p.max_replica_count - 1;
    for (int s = 0; s < secondaries; ++s)
      p.secondaries.push_back(testing::Address(pick(10) != 0));
    f.partitions.push_back(p);
  }
  return f;
}

TEST(RuleSetTest, GeneratedCasesMatchTheReference) {
  auto def = LoadShipped("rules/default.rules");
  auto legacy = LoadShipped("rules/legacy.rules");
  auto strict = LoadShipped("rules/strict.rules");
  ASSERT_TRUE(def && legacy && strict);
  std::mt19937 rng(20261125);
  int not_ready = 0;
  for (int i = 0; i < 5000; ++i) {
    FollowerTable f = RandomFollower(&rng);
    struct {
      const RuleSet* rules;
      bool fixed, strict;
    } runs[] = {{def.get(), true, false}, {legacy.get(), false, false}, {strict.get(), true, true}};
    for (const auto& run : runs) {
      testing::ReferenceVerdict want = testing::PegasusCheck(f, run.fixed, run.strict);
      Verdict got = Check(*run.rules, f);
      ASSERT_EQ(got.error, want.error) << "case " << i;
      ASSERT_EQ(got.partition, want.partition) << "case " << i;
      ASSERT_EQ(got.ready, want.error == "ERR_OK");
      if (!got.ready) {
        ASSERT_FALSE(got.failures.empty());
        ++not_ready;
      }
    }
  }
  EXPECT_GT(not_ready, 1000);  // the generator exercises failures, not just healthy tables
}

TEST(RuleSetTest, FailuresAreGroupedByRuleAndBounded) {
  auto def = LoadShipped("rules/default.rules");
  ASSERT_TRUE(def);
  FollowerTable f = HealthyFollower(256, 3);
  for (int i = 3; i < 256; i += 7) f.partitions[i].secondaries.clear();  // 37 partitions
  f.partitions[5].primary = {};
  Verdict v = Check(*def, f);
  EXPECT_EQ(v.error, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(v.partition, 3);
  ASSERT_EQ(v.failures.size(), 2u);
  EXPECT_EQ(v.failures[0].rule, "primary_alive");
  EXPECT_EQ(v.failures[0].count, 1);
  EXPECT_EQ(v.failures[1].rule, "enough_members");
  EXPECT_EQ(v.failures[1].count, 37);
  EXPECT_EQ(v.failures[1].partitions.size(), 16u);  // Limits::max_failures_listed
  EXPECT_EQ(v.failures[1].partitions[0], 3);
  EXPECT_EQ(v.failures[1].partitions[1], 10);
}

TEST(RuleSetTest, DesignCardExampleAcceptsSingleReplicaUnderLegacy) {
  // "replica_count == 1 => primary alive suffices", as an overlay on the buggy legacy rules.
  auto rules = RuleSet::FromText("site.rules", R"rules(
extend "rules/legacy.rules"
partition single_replica before enough_members:
  when replica_count == 1
  primary_alive suffices
)rules",
                                 testing::ReadTestFile);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_TRUE(Check(**rules, HealthyFollower(4, 1)).ready);
  // A dead primary is not sufficient, and the later rules still judge the partition.
  FollowerTable dead = HealthyFollower(4, 1);
  dead.partitions[2].primary = {};
  Verdict v = Check(**rules, dead);
  EXPECT_EQ(v.rule, "primary_alive");
  EXPECT_EQ(v.partition, 2);
}

TEST(RuleSetTest, ScopesApplyPerDuplication) {
  auto rules = LoadShipped("rules/examples/temp_tables_relaxed.rules");
  ASSERT_TRUE(rules);
  FollowerTable f = OnePartition(3, true, {});
  f.remote_app_name = "temp_orders";
  EXPECT_TRUE(Check(*rules, f).ready);
  f.remote_app_name = "orders";
  EXPECT_EQ(Check(*rules, f).error, "ERR_NOT_ENOUGH_MEMBER");

  auto backup = LoadShipped("rules/examples/backup_cluster_strict.rules");
  ASSERT_TRUE(backup);
  FollowerTable g = OnePartition(3, true, {true});
  EXPECT_TRUE(Check(*backup, g).ready);
  g.remote_cluster_name = "backup_bj";
  Verdict v = Check(*backup, g);
  EXPECT_EQ(v.rule, "all_replicas_alive");
  EXPECT_EQ(v.message, "partition 0: 2 of 3 replicas alive");
}

// The failures listed for a partition stop at a `suffices` that applies to it: on a scratch
// table (temp_tables_relaxed.rules) a partition with a dead primary and no secondary is
// listed under primary_alive only, since with a live primary 'primary_suffices' would accept
// it before enough_members. Out of the scope, enough_members is listed too.
TEST(RuleSetTest, FailuresStopAtASufficesThatApplies) {
  auto rules = LoadShipped("rules/examples/temp_tables_relaxed.rules");
  ASSERT_TRUE(rules);
  FollowerTable f = HealthyFollower(4, 3);
  f.partitions[1].primary = {};
  f.partitions[1].secondaries.clear();
  f.partitions[3].secondaries.clear();
  f.remote_app_name = "temp_orders";
  Verdict v = Check(*rules, f);
  EXPECT_EQ(v.rule, "primary_alive");
  ASSERT_EQ(v.failures.size(), 1u);
  EXPECT_EQ(v.failures[0].rule, "primary_alive");
  EXPECT_EQ(v.failures[0].partitions, std::vector<int32_t>{1});
  f.remote_app_name = "orders";
  v = Check(*rules, f);
  ASSERT_EQ(v.failures.size(), 2u);
  EXPECT_EQ(v.failures[1].rule, "enough_members");
  EXPECT_EQ(v.failures[1].partitions, (std::vector<int32_t>{1, 3}));
}

TEST(RuleSetTest, ScopedDisableAndReplace) {
  auto rules = RuleSet::FromText("site.rules", R"rules(
extend "rules/default.rules"
scope dup.remote_cluster_name == "lab" {
  disable secondaries_alive
  replace partition enough_members:
    require true else ERR_UNKNOWN "never"
}
)rules",
                                 testing::ReadTestFile);
  ASSERT_TRUE(rules.ok()) << rules.status();
  FollowerTable f = OnePartition(3, true, {false});
  EXPECT_EQ(Check(**rules, f).error, "ERR_INACTIVE_STATE");
  f.remote_cluster_name = "lab";
  EXPECT_TRUE(Check(**rules, f).ready);
  FollowerTable g = OnePartition(3, true, {});
  EXPECT_EQ(Check(**rules, g).error, "ERR_NOT_ENOUGH_MEMBER");
  g.remote_cluster_name = "lab";
  EXPECT_TRUE(Check(**rules, g).ready);
}

TEST(RuleSetTest, ExpressionsQuantifiersAndRegexes) {
  auto rules = RuleSet::FromText("x.rules", R"rules(
table hosts_in_dc:
  require all(response.partitions, p, p.primary.host =~ "^10\\.0\\." and p.primary.port in [34801, 34802])
  else ERR_INVALID_STATE "a primary is outside the data centre"
table enough_healthy:
  require count(response.partitions, p, p.alive_replicas == p.replica_count) * 2 >= size(response.partitions)
  else ERR_NOT_ENOUGH_MEMBER "{count(response.partitions, p, p.alive_replicas == p.replica_count)} healthy"
partition no_dropped_primary:
  require not (primary in last_drops)
  else ERR_INVALID_STATE "partition {pidx}: primary {primary} was dropped ({last_drops})"
partition ballot_sane:
  when ballot > 0
  require last_committed_decree / ballot >= 1 and starts_with(dup.remote_app_name, "dup")
  else ERR_INVALID_STATE "partition {pidx} ballot {ballot}"
)rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  FollowerTable f = HealthyFollower(4, 3);
  EXPECT_TRUE(Check(**rules, f).ready);

  FollowerTable g = f;
  g.partitions[1].primary.host = "192.168.1.1";
  EXPECT_EQ(Check(**rules, g).rule, "hosts_in_dc");

  g = f;
  g.partitions[0].secondaries.clear();
  g.partitions[1].secondaries.clear();
  g.partitions[2].secondaries.clear();
  Verdict v = Check(**rules, g);
  EXPECT_EQ(v.rule, "enough_healthy");
  EXPECT_EQ(v.message, "1 healthy");

  g = f;
  g.partitions[2].last_drops.push_back(g.partitions[2].primary);
  v = Check(**rules, g);
  EXPECT_EQ(v.rule, "no_dropped_primary");
  EXPECT_EQ(v.message, "partition 2: primary 10.0.0.3:34801 was dropped ([10.0.0.3:34801])");

  g = f;
  g.partitions[3].last_committed_decree = 1;  // 1 / 3 == 0
  EXPECT_EQ(Check(**rules, g).rule, "ballot_sane");
}

TEST(RuleSetTest, ArithmeticErrorsFailClosed) {
  auto rules = RuleSet::FromText("x.rules", R"rules(
partition div:
  require 10 / (replica_count - 3) >= 0
  else ERR_INVALID_STATE "partition {pidx}: {10 / (replica_count - 3)}"
)rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  FollowerTable f = HealthyFollower(2, 3);  // replica_count - 3 == 0
  Verdict v = Check(**rules, f);
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.message, "partition 0: (arithmetic error)");
  auto suff = RuleSet::FromText("y.rules", R"rules(
partition s: 10 / (replica_count - 3) == 1 suffices
partition r: require false else ERR_UNKNOWN "reached"
)rules");
  ASSERT_TRUE(suff.ok()) << suff.status();
  EXPECT_EQ(Check(**suff, f).rule, "r");  // an erroring sufficient condition does not accept
}

TEST(RuleSetTest, ExplainTracesEachRule) {
  auto rules = LoadShipped("rules/examples/single_replica.rules");
  ASSERT_TRUE(rules);
  FactsHolder h(HealthyFollower(2, 1));
  std::vector<RuleTrace> t = rules->Explain(h.facts(), 1);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].rule, "remote_call_ok");
  EXPECT_EQ(t[0].outcome, RuleTrace::Outcome::kPassed);
  EXPECT_EQ(t[3].rule, "primary_alive");
  EXPECT_EQ(t[4].rule, "single_replica");
  EXPECT_EQ(t[4].guard, RuleTrace::Guard::kHeld);
  EXPECT_EQ(t[4].outcome, RuleTrace::Outcome::kAccepted);
  EXPECT_EQ(t[5].outcome, RuleTrace::Outcome::kNotReached);
}

TEST(RuleSetTest, ReadyCheckReusesScratchWithoutGrowing) {
  auto def = LoadShipped("rules/default.rules");
  ASSERT_TRUE(def);
  FactsHolder h(HealthyFollower(1024, 3));
  EvalScratch scratch;
  Verdict v;
  def->Check(h.facts(), &scratch, &v);
  ASSERT_TRUE(v.ready);
  const size_t cap = v.error.capacity();
  for (int i = 0; i < 10; ++i) def->Check(h.facts(), &scratch, &v);
  EXPECT_TRUE(v.ready);
  EXPECT_EQ(v.error.capacity(), cap);
  EXPECT_EQ(v.partitions_checked, 1024);
}

}  // namespace
}  // namespace dupready

namespace dupready {
namespace {

TEST(ContextReadsTest, NamesEachRuleFieldAndUse) {
  auto rules = RuleSet::FromText("site.rules", R"rules(table t:
  when dup.remote_replica_count > 0
  require dup.app_name != ""
  else ERR_UNKNOWN "for {dup.remote_cluster_name}"
scope dup.remote_app_name =~ "^x" {
  partition p:
    require primary_alive
    else ERR_INACTIVE_STATE
}
partition q:
  require size(secondaries) <= dup.partition_count
  else ERR_UNKNOWN
)rules");
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::vector<std::string> got;
  for (const ContextRead& r : (*rules)->ContextReads()) {
    got.push_back(absl::StrCat(r.rule, " ", ContextUseName(r.use), " ", DupFieldName(r.field), " ",
                               r.location.file, ":", r.location.line));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "t guard dup.remote_replica_count site.rules:1",
                     "t condition dup.app_name site.rules:1",
                     "t message dup.remote_cluster_name site.rules:1",
                     "p scope dup.remote_app_name site.rules:6",
                     "q condition dup.partition_count site.rules:10",
                 }));
}

TEST(ContextReadsTest, DefaultRulesDecideOnThePartitionCountAlone) {
  auto rules = LoadShipped("rules/default.rules");
  ASSERT_TRUE(rules);
  std::vector<std::string> got;
  for (const ContextRead& r : rules->ContextReads())
    got.push_back(absl::StrCat(r.rule, " ", ContextUseName(r.use), " ", DupFieldName(r.field)));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "remote_answer_ok message dup.remote_app_name",
                     "partition_count_matches condition dup.partition_count",
                     "partition_count_matches message dup.partition_count",
                 }));
}

TEST(ContextReadsTest, MessagesShowUnsetValuesAsUnset) {
  auto rules = LoadShipped("rules/default.rules");
  ASSERT_TRUE(rules);
  FollowerTable f = OnePartition(3, true, {true});
  f.response_err = "ERR_APP_NOT_EXIST";
  FactsHolder h(f);
  FollowerFacts facts = h.facts();
  EXPECT_EQ(rules->Check(facts).message,
            "the follower's meta server answered ERR_APP_NOT_EXIST for dup_test_3");
  facts.unset_dup = DupFieldBit(DupField::kRemoteAppName);
  EXPECT_EQ(rules->Check(facts).message,
            "the follower's meta server answered ERR_APP_NOT_EXIST for "
            "<unset: dup.remote_app_name>");

  FollowerTable g = OnePartition(3, true, {true});
  g.partition_count = 0;  // what an input without the count holds
  FactsHolder hg(g);
  FollowerFacts gf = hg.facts();
  gf.unset_dup = DupFieldBit(DupField::kPartitionCount);
  const Verdict v = rules->Check(gf);
  EXPECT_EQ(v.rule, "partition_count_matches");
  EXPECT_EQ(v.message, "the follower has 1 partitions, the source has <unset: dup.partition_count>");
}

}  // namespace
}  // namespace dupready
