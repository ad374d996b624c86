// Tests for CollectRuleConstants: which constants are found for which facts.
#include "engine/analysis/rule_constants.h"

#include <map>

#include "gtest/gtest.h"

namespace dupready {
namespace {

RuleConstants Collect(const std::string& text) {
  FileReader read = [&](const std::string& path) -> absl::StatusOr<std::string> {
    if (path == "test.rules") return text;
    return absl::NotFoundError(path);
  };
  RuleConstants k;
  absl::StatusOr<MergedRules> merged = LoadRules("test.rules", read, Limits());
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (merged.ok()) CollectRuleConstants(*merged, &k);
  return k;
}

TEST(RuleConstantsTest, IntegersGoToEveryFactOfTheirComparison) {
  RuleConstants k = Collect(
      "partition a: when replica_count > 1 require size(secondaries) >= 1 else ERR_UNKNOWN\n"
      "partition b: require size(secondaries) >= replica_count - 2 else ERR_UNKNOWN\n"
      "partition c: require count(secondaries, s, s.port != 34801) <= -3 else ERR_UNKNOWN\n"
      "partition d: require ballot + 5 < last_committed_decree else ERR_UNKNOWN\n");
  EXPECT_EQ(k.ints[FactId::kMaxReplicaCount], (std::set<int64_t>{1, 2}));
  EXPECT_EQ(k.ints[FactId::kSecondaries], (std::set<int64_t>{-3, 1, 2}));
  EXPECT_EQ(k.ints[FactId::kAddressPort], (std::set<int64_t>{34801}));
  EXPECT_EQ(k.ints[FactId::kBallot], (std::set<int64_t>{5}));
  EXPECT_EQ(k.ints[FactId::kLastCommittedDecree], (std::set<int64_t>{5}));
  EXPECT_TRUE(k.Mentions(FactId::kAddressPort));
  EXPECT_FALSE(k.Mentions(FactId::kPartitionFlags));
}

TEST(RuleConstantsTest, StringsPatternsAndErrors) {
  RuleConstants k = Collect(
      "table t: require rpc_err == ERR_OK or rpc_err in [ERR_TIMEOUT, ERR_BUSY] "
      "else ERR_UNKNOWN\n"
      "table u: require response.err != ERR_APP_NOT_EXIST else ERR_UNKNOWN\n"
      "scope dup.remote_cluster_name =~ \"^backup_\" and dup.app_name == \"orders\" {\n"
      "  disable t\n"
      "}\n"
      "scope starts_with(dup.remote_app_name, \"tmp\") { disable u }\n"
      "partition p: require all(secondaries, s, s.host != \"10.9.9.9\") else ERR_UNKNOWN\n");
  EXPECT_EQ(k.errors[FactId::kRpcErr], (std::set<std::string>{"ERR_OK", "ERR_TIMEOUT", "ERR_BUSY"}));
  EXPECT_EQ(k.errors[FactId::kResponseErr], (std::set<std::string>{"ERR_APP_NOT_EXIST"}));
  EXPECT_EQ(k.patterns[FactId::kDupRemoteClusterName], (std::set<std::string>{"^backup_"}));
  EXPECT_EQ(k.strings[FactId::kDupAppName], (std::set<std::string>{"orders"}));
  EXPECT_EQ(k.strings[FactId::kDupRemoteAppName], (std::set<std::string>{"tmp"}));
  EXPECT_EQ(k.strings[FactId::kAddressHost], (std::set<std::string>{"10.9.9.9"}));
}

TEST(RuleConstantsTest, PartitionCountsAndPidx) {
  RuleConstants k = Collect(
      "table t: require size(response.partitions) == dup.partition_count and "
      "response.partition_count <= 8 else ERR_UNKNOWN\n"
      "partition p: when pidx == 3 require primary_alive else ERR_UNKNOWN\n");
  EXPECT_TRUE(k.ints[FactId::kResponsePartitions].empty());
  EXPECT_EQ(k.ints[FactId::kResponsePartitionCount], (std::set<int64_t>{8}));
  EXPECT_EQ(k.ints[FactId::kPidx], (std::set<int64_t>{3}));
  EXPECT_TRUE(k.Mentions(FactId::kDupPartitionCount));
  EXPECT_TRUE(k.Mentions(FactId::kPrimaryAlive));
}

}  // namespace
}  // namespace dupready
