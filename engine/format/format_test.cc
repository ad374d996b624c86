// Tests for the formatter: the canonical layout, comments kept, idempotence, and formatted rule
// files that load and judge followers exactly as the originals do.
#include "engine/format/format.h"

#include <random>

#include "engine/format/tree_dump.h"
#include "engine/parser/parser.h"
#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

std::string Fmt(const std::string& text) {
  absl::StatusOr<std::string> out = FormatRuleFile("t.rules", text);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : "";
}

const char* const kShipped[] = {
    "rules/default.rules",
    "rules/legacy.rules",
    "rules/strict.rules",
    "rules/examples/backup_cluster_strict.rules",
    "rules/examples/single_replica.rules",
    "rules/examples/temp_tables_relaxed.rules",
};

// Odd spacing, comments everywhere a comment can go, long lines.
const char kMessy[] = R"(# header

extend   "default.rules"   # base
# about x
partition x   before enough_members :  when replica_count==1   # single
  primary_alive
  suffices
scope dup.remote_app_name=~"^temp_"{
# inside
disable secondaries_alive,enough_members
  # before close
}   # after close
table   t:require rpc_err==ERR_OK else rpc_err
partition long:
  require size(secondaries) >= 1 and all(secondaries, s, s.valid) # first
     and alive_replicas >= replica_count - 1 and primary_alive and (replica_count <= 5)
  else ERR_NOT_ENOUGH_MEMBER "partition {pidx} has {alive_replicas} of {replica_count} replicas, which is too few"


# the end   
)";

const char kMessyFormatted[] = R"(# header

extend "default.rules"  # base

# about x
partition x before enough_members:
  when replica_count == 1  # single
  primary_alive suffices

scope dup.remote_app_name =~ "^temp_" {
  # inside
  disable secondaries_alive, enough_members
  # before close
}  # after close

table t:
  require rpc_err == ERR_OK
  else rpc_err

partition long:
  # first
  require size(secondaries) >= 1
      and all(secondaries, s, s.valid)
      and alive_replicas >= replica_count - 1
      and primary_alive
      and replica_count <= 5
  else ERR_NOT_ENOUGH_MEMBER
       "partition {pidx} has {alive_replicas} of {replica_count} replicas, which is too few"

# the end
)";

TEST(FormatTest, MessyInputGetsTheCanonicalLayout) {
  EXPECT_EQ(Fmt(kMessy), kMessyFormatted);
  EXPECT_EQ(Fmt(kMessyFormatted), kMessyFormatted);
}

TEST(FormatTest, FinalAndUnfinal) {
  const std::string in =
      "final   partition a :require primary_alive else ERR_INACTIVE_STATE\n"
      "replace  final table t: require true else rpc_err\n"
      "scope dup.remote_cluster_name == \"lab\" { unfinal a,t \"the lab's \\\"rebuild\\\"\" }\n";
  const std::string want =
      "final partition a:\n"
      "  require primary_alive\n"
      "  else ERR_INACTIVE_STATE\n"
      "\n"
      "replace final table t:\n"
      "  require true\n"
      "  else rpc_err\n"
      "\n"
      "scope dup.remote_cluster_name == \"lab\" {\n"
      "  unfinal a, t \"the lab's \\\"rebuild\\\"\"\n"
      "}\n";
  EXPECT_EQ(Fmt(in), want);
  EXPECT_EQ(Fmt(want), want);
}

TEST(FormatTest, CommentBlocksAndBlankLines) {
  const std::string in =
      "# file header\n"
      "\n"
      "# about a, part 1\n"
      "\n"
      "# about a, part 2\n"
      "partition a: true suffices\n"
      "partition b:\n"
      "  # about the guard\n"
      "\n"
      "  when pidx > 0\n"
      "  require primary_alive  # why\n"
      "  else ERR_INACTIVE_STATE  # code\n"
      "    \"m\"  # message\n"
      "scope dup.app_name == \"x\" {\n"
      "\n"
      "\n"
      "  partition c: true suffices\n"
      "\n"
      "  # last words\n"
      "}\n";
  const std::string want =
      "# file header\n"
      "\n"
      "# about a, part 1\n"
      "\n"
      "# about a, part 2\n"
      "partition a:\n"
      "  true suffices\n"
      "\n"
      "partition b:\n"
      "  # about the guard\n"
      "  when pidx > 0\n"
      "  require primary_alive  # why\n"
      "  # code\n"
      "  else ERR_INACTIVE_STATE \"m\"  # message\n"
      "\n"
      "scope dup.app_name == \"x\" {\n"
      "  partition c:\n"
      "    true suffices\n"
      "\n"
      "  # last words\n"
      "}\n";
  EXPECT_EQ(Fmt(in), want);
  EXPECT_EQ(Fmt(want), want);
}

TEST(FormatTest, GuardBeforeAParenthesisedConditionKeepsItsParentheses) {
  // Without them, "when primary_alive (a or b) ..." would call primary_alive, and
  // "when primary_alive -pidx > 1 suffices" would subtract.
  const std::string in =
      "partition x: when (primary_alive) (pidx > 1 or pidx < 0) and pidx != 7 suffices\n"
      "partition y: when (pidx > 1) (pidx > 1 or pidx < 0) and pidx != 7 suffices\n"
      "partition z: when (primary_alive) (-pidx > 1) suffices\n";
  const std::string want =
      "partition x:\n"
      "  when (primary_alive)\n"
      "  (pidx > 1 or pidx < 0) and pidx != 7 suffices\n"
      "\n"
      "partition y:\n"
      "  when pidx > 1\n"
      "  (pidx > 1 or pidx < 0) and pidx != 7 suffices\n"
      "\n"
      "partition z:\n"
      "  when (primary_alive)\n"
      "  (-pidx > 1) suffices\n";
  EXPECT_EQ(Fmt(in), want);
  EXPECT_EQ(Fmt(want), want);
}

TEST(FormatTest, EmptyAndCommentOnlyFiles) {
  EXPECT_EQ(Fmt(""), "");
  EXPECT_EQ(Fmt("\n\n"), "");
  EXPECT_EQ(Fmt("# only\n\n\n# comments  \n"), "# only\n\n# comments\n");
}

TEST(FormatTest, ParseErrorsAreLocatedAndNothingIsFormatted) {
  Diagnostics d;
  absl::StatusOr<std::string> out =
      FormatRuleFile("bad.rules", "partition x:\n  require a = b else ERR_UNKNOWN\n", Limits(), &d);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(std::string(out.status().message()).find("bad.rules:2:13: error: unexpected character '='"),
            std::string::npos)
      << out.status();
  EXPECT_TRUE(d.has_errors());
}

absl::StatusOr<std::string> Read(const std::string& path) { return testing::ReadTestFile(path); }

absl::StatusOr<std::string> ReadFormatted(const std::string& path) {
  absl::StatusOr<std::string> text = Read(path);
  if (!text.ok()) return text;
  return FormatRuleFile(path, *text);
}

std::vector<std::string> CommentTexts(const std::string& text) {
  Diagnostics d;
  RuleFile f = ParseRuleFile("t.rules", text, Limits(), &d);
  std::vector<std::string> out;
  for (const Comment& c : f.comments) out.push_back(c.text);
  return out;
}

TEST(FormatTest, ShippedFilesAreStableAndKeepTreesAndComments) {
  for (const char* path : kShipped) {
    absl::StatusOr<std::string> text = Read(path);
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<std::string> once = FormatRuleFile(path, *text);
    ASSERT_TRUE(once.ok()) << once.status();
    absl::StatusOr<std::string> twice = FormatRuleFile(path, *once);
    ASSERT_TRUE(twice.ok()) << twice.status();
    EXPECT_EQ(*twice, *once) << path;
    Diagnostics d1, d2;
    EXPECT_EQ(TreeDump(ParseRuleFile(path, *once, Limits(), &d1)),
              TreeDump(ParseRuleFile(path, *text, Limits(), &d2)))
        << path;
    EXPECT_EQ(CommentTexts(*once), CommentTexts(*text)) << path;
    EXPECT_FALSE(CommentTexts(*text).empty()) << path;
  }
}

// Followers of every shape the shipped rules distinguish: replica counts 1..5, dead primaries
// and secondaries, missing secondaries, wrong partition counts, failed calls, the clusters and
// apps the example scopes name.
std::vector<testing::FollowerTable> Followers() {
  std::mt19937 rng(20260);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<testing::FollowerTable> out;
  for (int i = 0; i < 600; ++i) {
    testing::FollowerTable f;
    const int n = 1 + pick(4);
    f.partition_count = pick(12) == 0 ? n + 1 : n;
    f.remote_cluster_name = pick(2) ? "backup_dr" : "target_cluster";
    f.remote_app_name = pick(2) ? "temp_copy" : "dup_test_3";
    if (pick(20) == 0) f.rpc_err = "ERR_TIMEOUT";
    if (pick(20) == 0) f.response_err = "ERR_APP_NOT_EXIST";
    for (int p = 0; p < n; ++p) {
      testing::PartitionConfig part;
      part.pidx = p;
      part.max_replica_count = 1 + pick(5);
      part.primary = testing::Address(pick(8) != 0);
      const int secondaries = pick(part.max_replica_count + 1);
      for (int s = 0; s < secondaries; ++s)
        part.secondaries.push_back(testing::Address(pick(7) != 0, "10.0.2." + std::to_string(s)));
      f.partitions.push_back(part);
    }
    out.push_back(f);
  }
  return out;
}

TEST(FormatTest, FormattedRulesGiveTheSameVerdicts) {
  const std::vector<testing::FollowerTable> followers = Followers();
  for (const char* path : kShipped) {
    auto original = RuleSet::Load(path, Read);
    auto formatted = RuleSet::Load(path, ReadFormatted);  // every file of the chain formatted
    ASSERT_TRUE(original.ok()) << original.status();
    ASSERT_TRUE(formatted.ok()) << formatted.status();
    int not_ready = 0;
    for (const testing::FollowerTable& f : followers) {
      testing::FactsHolder facts(f);
      Verdict a = (*original)->Check(facts.facts());
      Verdict b = (*formatted)->Check(facts.facts());
      ASSERT_EQ(a.ready, b.ready) << path;
      ASSERT_EQ(a.error, b.error) << path;
      ASSERT_EQ(a.rule, b.rule) << path;
      ASSERT_EQ(a.partition, b.partition) << path;
      ASSERT_EQ(a.message, b.message) << path;
      not_ready += !a.ready;
    }
    // The batch exercises both outcomes.
    EXPECT_GT(not_ready, 50) << path;
    EXPECT_LT(not_ready, static_cast<int>(followers.size()) - 20) << path;
  }
}

}  // namespace
}  // namespace dupready
