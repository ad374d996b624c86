// Tests for RuleSet::PartitionOutcomes: each partition's first failing rule and its error,
// for partition maps; checked against the verdict's own failure lists.
#include <random>

#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using testing::FactsHolder;
using testing::FollowerTable;
using testing::HealthyFollower;

std::unique_ptr<const RuleSet> Load(const std::string& path) {
  auto rules = RuleSet::Load(path, testing::ReadTestFile);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *std::move(rules) : nullptr;
}

int RuleIndex(const RuleSet& rules, const std::string& name) {
  for (size_t i = 0; i < rules.rules().size(); ++i)
    if (rules.rules()[i].name == name) return static_cast<int>(i);
  return -1;
}

TEST(PartitionOutcomesTest, FirstFailurePerPartition) {
  auto rules = Load("rules/strict.rules");
  ASSERT_NE(rules, nullptr);
  FollowerTable f = HealthyFollower(6, 3);
  f.partitions[1].primary = {};             // primary_alive
  f.partitions[2].secondaries.clear();      // enough_members (first of two)
  f.partitions[3].secondaries.pop_back();   // fully_replicated
  f.partitions[4].secondaries[1] = {};      // secondaries_alive
  f.partitions[5].primary = {};             // primary_alive, not the rest
  f.partitions[5].secondaries.clear();
  FactsHolder h(f);
  std::vector<PartitionOutcome> o = rules->PartitionOutcomes(h.facts());
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(o[0].rule, -1);
  EXPECT_EQ(o[0].error, "");
  EXPECT_EQ(o[1].rule, RuleIndex(*rules, "primary_alive"));
  EXPECT_EQ(o[1].error, "ERR_INACTIVE_STATE");
  EXPECT_EQ(o[2].rule, RuleIndex(*rules, "enough_members"));
  EXPECT_EQ(o[2].error, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(o[3].rule, RuleIndex(*rules, "fully_replicated"));
  EXPECT_EQ(o[4].rule, RuleIndex(*rules, "secondaries_alive"));
  EXPECT_EQ(o[4].error, "ERR_INACTIVE_STATE");
  EXPECT_EQ(o[5].rule, RuleIndex(*rules, "primary_alive"));
}

TEST(PartitionOutcomesTest, SufficesAcceptsAndScopesApply) {
  auto rules = Load("rules/examples/single_replica.rules");
  ASSERT_NE(rules, nullptr);
  FollowerTable f = HealthyFollower(3, 1);
  f.partitions[1].secondaries.push_back(testing::HostPort());  // accepted before the check
  f.partitions[2].primary = {};
  FactsHolder h(f);
  std::vector<PartitionOutcome> o = rules->PartitionOutcomes(h.facts());
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].rule, -1);
  EXPECT_EQ(o[1].rule, -1);
  EXPECT_EQ(o[2].error, "ERR_INACTIVE_STATE");
}

// On random followers: the first failing outcome is the verdict's, and each rule's count of
// first failures is at most its count in the verdict's failures.
TEST(PartitionOutcomesTest, AgreesWithTheVerdict) {
  auto rules = Load("rules/strict.rules");
  ASSERT_NE(rules, nullptr);
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    FollowerTable f = HealthyFollower(1 + rng() % 40, 1 + rng() % 5);
    for (auto& p : f.partitions) {
      p.primary = testing::Address(rng() % 8 != 0);
      if (rng() % 6 == 0 && !p.secondaries.empty()) p.secondaries.pop_back();
      if (rng() % 9 == 0 && !p.secondaries.empty()) p.secondaries[0] = testing::HostPort();
    }
    FactsHolder h(f);
    const Verdict v = rules->Check(h.facts());
    std::vector<PartitionOutcome> o = rules->PartitionOutcomes(h.facts());
    int first = -1;
    for (size_t i = 0; i < o.size() && first < 0; ++i)
      if (o[i].rule >= 0) first = static_cast<int>(i);
    ASSERT_EQ(v.ready, first < 0);
    if (v.ready) continue;
    EXPECT_EQ(v.partition, h.facts().partitions[first].slot[kSlotPidx]);
    EXPECT_EQ(v.error, o[first].error);
    EXPECT_EQ(v.rule, rules->rules()[o[first].rule].name);
    for (const RuleFailures& rf : v.failures) {
      int64_t firsts = 0;
      for (const PartitionOutcome& po : o)
        if (po.rule >= 0 && rules->rules()[po.rule].name == rf.rule) ++firsts;
      EXPECT_LE(firsts, rf.count) << rf.rule;
    }
  }
}

}  // namespace
}  // namespace dupready
