// Tests for ConfigSpace: the dimensions built from constants, the enumeration, the facts.
#include "engine/analysis/config_space.h"

#include <set>

#include "gtest/gtest.h"

namespace dupready {
namespace {

std::vector<int64_t> Ints(const ConfigSpace& s, Dim d) {
  std::vector<int64_t> out;
  for (const DimValue& v : s.values(d)) out.push_back(v.i);
  return out;
}

std::vector<std::string> Strings(const ConfigSpace& s, Dim d) {
  std::vector<std::string> out;
  for (const DimValue& v : s.values(d)) out.push_back(v.s);
  return out;
}

TEST(ConfigSpaceTest, TheBaseSpace) {
  absl::StatusOr<ConfigSpace> s = ConfigSpace::Build(RuleConstants(), 1000000);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(Ints(*s, Dim::kReplicaCount), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Ints(*s, Dim::kSecondaries), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(s->values(Dim::kLayout).size(), 3u);
  EXPECT_EQ(Strings(*s, Dim::kRpcErr), (std::vector<std::string>{"ERR_OK", "ERR_TIMEOUT"}));
  // 5 replica counts x 2 primaries x 15 (secondaries, invalid) pairs x 2 rpc_err x
  // 2 response.err x 2 source counts x 3 layouts.
  EXPECT_EQ(s->size(), 5 * 2 * 15 * 2 * 2 * 2 * 3);
  std::set<Config> seen;
  s->ForEach([&](const Config& c) {
    EXPECT_TRUE(s->Contains(c));
    EXPECT_TRUE(seen.insert(c).second);
  });
  EXPECT_EQ(static_cast<int64_t>(seen.size()), s->size());
}

TEST(ConfigSpaceTest, BoundariesAroundConstantsWithinRange) {
  RuleConstants k;
  k.ints[FactId::kMaxReplicaCount] = {1, 7};
  k.ints[FactId::kAliveReplicas] = {6};
  k.ints[FactId::kBallot] = {INT64_MAX};
  k.mentioned.insert(FactId::kBallot);
  absl::StatusOr<ConfigSpace> s = ConfigSpace::Build(k, 1000000);
  ASSERT_TRUE(s.ok()) << s.status();
  // 0 is below any replica count Pegasus configures, but a reply can carry it.
  EXPECT_EQ(Ints(*s, Dim::kReplicaCount), (std::vector<int64_t>{1, 0, 2, 3, 4, 5, 6, 7, 8}));
  // alive_replicas 5..7 needs 4..7 secondaries (with or without the primary).
  EXPECT_EQ(Ints(*s, Dim::kSecondaries), (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Ints(*s, Dim::kInvalidSecondaries).back(), 7);
  // Default first; INT64_MAX + 1 is not a value.
  EXPECT_EQ(Ints(*s, Dim::kBallot), (std::vector<int64_t>{3, INT64_MAX - 1, INT64_MAX}));
}

TEST(ConfigSpaceTest, NamesFromScopes) {
  RuleConstants k;
  k.patterns[FactId::kDupRemoteClusterName] = {"^backup_", "prod$", "^(a|b)[0-9]+$"};
  k.strings[FactId::kDupRemoteClusterName] = {"target"};
  k.mentioned.insert(FactId::kDupRemoteClusterName);
  absl::StatusOr<ConfigSpace> s = ConfigSpace::Build(k, 1000000);
  ASSERT_TRUE(s.ok()) << s.status();
  const std::vector<std::string> names = Strings(*s, Dim::kRemoteCluster);
  // The default "target_cluster" contains "target": another name, matching nothing.
  EXPECT_EQ(names[0], "zz_other");
  EXPECT_EQ(std::set<std::string>(names.begin() + 1, names.end()),
            (std::set<std::string>{"target", "backup_1", "prod", "a0"}));
}

TEST(ConfigSpaceTest, FactsOfAConfiguration) {
  absl::StatusOr<ConfigSpace> s = ConfigSpace::Build(RuleConstants(), 1000000);
  ASSERT_TRUE(s.ok());
  Config c{};
  c[static_cast<int>(Dim::kLayout)] = 2;        // 4 partitions, pidx 2 is the subject
  c[static_cast<int>(Dim::kSourceCount)] = 1;   // the source has one more
  c[static_cast<int>(Dim::kReplicaCount)] = 4;  // 5
  c[static_cast<int>(Dim::kPrimary)] = 1;       // absent
  c[static_cast<int>(Dim::kSecondaries)] = 3;
  c[static_cast<int>(Dim::kInvalidSecondaries)] = 1;
  ASSERT_TRUE(s->Contains(c));
  FollowerFacts f;
  s->BuildFacts(c, &f);
  ASSERT_EQ(f.partitions.size(), 4u);
  EXPECT_EQ(f.partition_count, 5);
  EXPECT_EQ(f.response_partition_count, 4);
  EXPECT_EQ(f.rpc_err, "ERR_OK");
  const PartitionFact& subject = f.partitions[2];
  EXPECT_EQ(subject.slot[kSlotPidx], 2);
  EXPECT_EQ(subject.slot[kSlotMaxReplicaCount], 5);
  EXPECT_EQ(subject.slot[kSlotPrimaryAlive], 0);
  EXPECT_EQ(subject.slot[kSlotSecondaryCount], 3);
  EXPECT_EQ(subject.slot[kSlotAliveSecondaries], 2);
  for (int p : {0, 1, 3}) {
    EXPECT_EQ(f.partitions[p].slot[kSlotMaxReplicaCount], 3);
    EXPECT_EQ(f.partitions[p].slot[kSlotAliveReplicas], 3);
  }
  c[static_cast<int>(Dim::kInvalidSecondaries)] = 4;  // more invalid than secondaries
  EXPECT_FALSE(s->Contains(c));
}

TEST(ConfigSpaceTest, ExtrasVaryOneAtATimeOverBudget) {
  RuleConstants k;
  for (FactId f : {FactId::kBallot, FactId::kLastCommittedDecree, FactId::kPartitionFlags})
    k.ints[f] = {10, 20, 30};
  absl::StatusOr<ConfigSpace> crossed = ConfigSpace::Build(k, 100000000);
  ASSERT_TRUE(crossed.ok());
  EXPECT_TRUE(crossed->extras_crossed());
  EXPECT_EQ(crossed->size(), 3600 * 10 * 10 * 10);
  absl::StatusOr<ConfigSpace> single = ConfigSpace::Build(k, 200000);
  ASSERT_TRUE(single.ok());
  EXPECT_FALSE(single->extras_crossed());
  EXPECT_EQ(single->size(), 3600 * (1 + 9 * 3));
  int64_t n = 0;
  single->ForEach([&](const Config&) { ++n; });
  EXPECT_EQ(n, single->size());
  EXPECT_TRUE(absl::IsResourceExhausted(ConfigSpace::Build(k, 1000).status()));
}

}  // namespace
}  // namespace dupready
