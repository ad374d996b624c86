// The corpus's reference verdicts, PegasusCheck and the engine agree on every replica count a
// reply can carry (0, negative, INT32_MIN: Pegasus reads the count as an unsigned size), for
// every shipped rule file, with and without a secondary, with a live or a dead primary.
#include "engine/testing/files.h"
#include "tools/corpus/reference.h"

#include <cstdint>
#include <random>

#include "engine/rule_set.h"
#include "engine/snapshot/facts_adapter.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace corpus {
namespace {

CaseModel OddCounts(int32_t count, bool primary, int secondaries) {
  CaseModel c;
  c.name = "odd";
  c.partition_count = c.declared_partition_count = 2;
  for (int i = 0; i < 2; ++i) {
    model::PartitionConfig p;
    p.pidx = i;
    p.max_replica_count = i == 1 ? count : 3;
    if (primary || i == 0) p.primary = model::HostPort::At("10.0.0.1", 34801);
    const int listed = i == 1 ? secondaries : 2;
    for (int s = 0; s < listed; ++s)
      p.secondaries.push_back(model::HostPort::At("10.0.0.2", 34801));
    c.partitions.push_back(p);
  }
  return c;
}

TEST(ReferenceTest, EveryReplicaCountAgreesWithPegasusAndTheEngine) {
  std::vector<int32_t> counts = {-1, 0, 1, 2, 3, 4, 5, INT32_MIN, INT32_MAX};
  std::mt19937 rng(11);
  for (int i = 0; i < 10; ++i) counts.push_back(-1 - static_cast<int32_t>(rng() % INT32_MAX));
  int not_ready = 0;
  for (const RuleFileInfo& info : AllRuleFiles()) {
    auto rules = RuleSet::Load(info.path, testing::ReadTestFile);
    ASSERT_TRUE(rules.ok()) << rules.status();
    for (int32_t k : counts) {
      for (bool primary : {true, false}) {
        for (int secondaries : {0, 1, 3}) {
          const CaseModel c = OddCounts(k, primary, secondaries);
          ASSERT_TRUE(CrossCheckWithPegasusCheck(c).ok()) << CrossCheckWithPegasusCheck(c);
          const FollowerSnapshot snap = ToSnapshot(c);
          FollowerFacts facts;
          ASSERT_TRUE(BuildFacts(snap, &facts).ok());
          const Verdict got = (*rules)->Check(facts);
          const ExpectedVerdict want = Reference(c, info.file);
          SCOPED_TRACE(::testing::Message() << info.path << " count " << k << " primary " << primary
                                          << " secondaries " << secondaries);
          EXPECT_EQ(got.ready, want.ready);
          EXPECT_EQ(got.error, want.error);
          EXPECT_EQ(got.partition, want.partition);
          EXPECT_EQ(got.rule, want.rule);
          not_ready += !got.ready;
        }
      }
    }
  }
  EXPECT_GT(not_ready, 300);
}

// Pegasus's own table for the step, without a secondary: 2 or more, and negative counts, need
// one; 0 and 1 do not.
TEST(ReferenceTest, DefaultRulesFollowPegasussUnsignedComparison) {
  for (int32_t k : {-1, 0, 1, 2, INT32_MIN}) {
    const ExpectedVerdict v = Reference(OddCounts(k, true, 0), RuleFile::kDefault);
    EXPECT_EQ(v.ready, k == 0 || k == 1) << k;
    EXPECT_EQ(v.error, v.ready ? "ERR_OK" : "ERR_NOT_ENOUGH_MEMBER") << k;
  }
}

}  // namespace
}  // namespace corpus
}  // namespace dupready
