// Tests for DiffRuleFiles: the shipped rule files against each other (the seed's fix and
// only it; strict's partially replicated cases), boundary constants, scopes, table rules.
#include "engine/analysis/verdict_diff.h"

#include <map>

#include "absl/strings/str_join.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Files from `extra` first, else from disk (the shipped rules are test data).
FileReader Reader(std::map<std::string, std::string> extra = {}) {
  return [extra](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = extra.find(path);
    if (it != extra.end()) return it->second;
    return testing::ReadTestFile(path);
  };
}

DiffResult Diff(const std::string& a, const std::string& b, const FileReader& read = Reader()) {
  absl::StatusOr<DiffResult> d = DiffRuleFiles(a, b, read, Limits(), DiffOptions());
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *std::move(d) : DiffResult();
}

std::string Where(const DiffClass& c) { return absl::StrJoin(c.where, "; "); }

TEST(VerdictDiffTest, LegacyToDefaultIsExactlyTheSeedsFix) {
  DiffResult d = Diff("rules/legacy.rules", "rules/default.rules");
  ASSERT_EQ(d.classes.size(), 1u);
  const DiffClass& c = d.classes[0];
  EXPECT_EQ(c.from, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(c.to, "ready");
  EXPECT_EQ(c.count, d.changed);
  EXPECT_EQ(Where(c),
            "replica_count in 0-1; primary alive; no secondaries; rpc_err = ERR_OK; "
            "response.err = ERR_OK; dup.partition_count = size(response.partitions)");
  EXPECT_EQ(c.old_verdict.rule, "enough_members");
  EXPECT_TRUE(c.new_verdict.ready);
  // One per layout (one partition, all four alike, one of four) and replica count (1, and the
  // 0 only a corrupt reply carries; -1 fails in both, as in Pegasus).
  EXPECT_EQ(d.changed, 6);
  EXPECT_EQ(d.configs, 7 * 2 * 15 * 2 * 2 * 2 * 3);
}

TEST(VerdictDiffTest, DefaultToStrictIsThePartiallyReplicatedCases) {
  DiffResult d = Diff("rules/default.rules", "rules/strict.rules");
  // Partially replicated: primary alive, 1 <= secondaries < replica_count - 1. The (replica
  // count, secondaries) pairs are (3,1) (4,1) (4,2) (5,1) (5,2) (5,3); each has secondaries + 1
  // choices of how many are invalid: 16, times 3 layouts.
  EXPECT_EQ(d.changed, 48);
  int64_t total = 0;
  for (const DiffClass& c : d.classes) {
    total += c.count;
    EXPECT_EQ(c.to, "ERR_NOT_ENOUGH_MEMBER") << Where(c);
    EXPECT_TRUE(c.from == "ready" || c.from == "ERR_INACTIVE_STATE") << c.from;
    EXPECT_NE(Where(c).find("primary alive"), std::string::npos) << Where(c);
    EXPECT_EQ(c.new_verdict.rule, "fully_replicated");
  }
  EXPECT_EQ(total, d.changed);
  ASSERT_FALSE(d.classes.empty());
  EXPECT_EQ(Where(d.classes[0]).rfind("replica_count in 3-5; primary alive; 1 secondary, all valid; ", 0),
            0u)
      << Where(d.classes[0]);
}

TEST(VerdictDiffTest, AFileIsEquivalentToItself) {
  for (const char* f : {"rules/default.rules", "rules/legacy.rules", "rules/strict.rules",
                        "rules/examples/backup_cluster_strict.rules"}) {
    DiffResult d = Diff(f, f);
    EXPECT_TRUE(d.equivalent()) << f;
    EXPECT_TRUE(d.classes.empty());
    EXPECT_GT(d.configs, 0);
  }
}

TEST(VerdictDiffTest, BoundaryValuesAroundConstants) {
  const char kA[] =
      "partition p: when ballot > 100 require last_committed_decree >= 7 else ERR_INVALID_STATE\n";
  const char kB[] =
      "partition p: when ballot > 101 require last_committed_decree >= 7 else ERR_INVALID_STATE\n";
  DiffResult d = Diff("a.rules", "b.rules",
                      Reader({{"a.rules", kA}, {"b.rules", kB}}));
  ASSERT_FALSE(d.equivalent());
  for (const DiffClass& c : d.classes) {
    EXPECT_EQ(c.from, "ERR_INVALID_STATE");
    EXPECT_EQ(c.to, "ready");
    // Exactly ballot 101 (a boundary of both) with a decree below 7, whatever the rest.
    EXPECT_EQ(Where(c), "ballot = 101; last_committed_decree = 6");
  }
}

TEST(VerdictDiffTest, ScopesNameTheirClustersAndApps) {
  DiffResult d = Diff("rules/default.rules", "rules/examples/temp_tables_relaxed.rules");
  ASSERT_FALSE(d.equivalent());
  for (const DiffClass& c : d.classes) {
    EXPECT_EQ(c.to, "ready");
    EXPECT_NE(Where(c).find("dup.remote_app_name = \"temp_1\""), std::string::npos) << Where(c);
  }
}

TEST(VerdictDiffTest, TableRules) {
  const char kNoCount[] =
      "extend \"rules/default.rules\"\n"
      "unfinal partition_count_matches \"compared without it\"\n"
      "disable partition_count_matches\n";
  DiffResult d = Diff("rules/default.rules", "nocount.rules", Reader({{"nocount.rules", kNoCount}}));
  ASSERT_FALSE(d.equivalent());
  int64_t total = 0;
  for (const DiffClass& c : d.classes) {
    total += c.count;
    EXPECT_EQ(c.from, "ERR_INCONSISTENT_STATE");
    EXPECT_NE(Where(c).find("dup.partition_count = size(response.partitions) + 1"),
              std::string::npos)
        << Where(c);
  }
  // Only configurations whose count was off change; they now fail (or pass) as the
  // partition rules say.
  EXPECT_EQ(total, d.changed);
}

TEST(VerdictDiffTest, Errors) {
  absl::StatusOr<DiffResult> bad = DiffRuleFiles(
      "rules/default.rules", "bad.rules", Reader({{"bad.rules", "partition x: require nope\n"}}),
      Limits(), DiffOptions());
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status())) << bad.status();
  DiffOptions tiny;
  tiny.max_configs = 100;
  absl::StatusOr<DiffResult> big =
      DiffRuleFiles("rules/default.rules", "rules/strict.rules", Reader(), Limits(), tiny);
  EXPECT_TRUE(absl::IsResourceExhausted(big.status())) << big.status();
}

}  // namespace
}  // namespace dupready
