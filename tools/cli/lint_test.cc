// Tests for `dupready lint`: exit codes, rendering, deduplication and usage errors. The
// findings themselves are engine/lint's (tested there against testdata/lint).
#include "tools/cli/lint.h"

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using Outcome = testing::CommandOutcome;
Outcome Lint(std::vector<std::string> args) { return testing::RunCommand(RunLint, args); }

TEST(LintCliTest, ShippedRuleFilesAreClean) {
  Outcome r = Lint({"rules/default.rules", "rules/legacy.rules", "rules/strict.rules",
                    "rules/examples/backup_cluster_strict.rules",
                    "rules/examples/single_replica.rules",
                    "rules/examples/temp_tables_relaxed.rules"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.substr(r.out.size() - 22), "\nlint: 6 files, clean\n") << r.out;
  // Each file's estimates, after the findings (none here).
  EXPECT_EQ(r.out.substr(0, r.out.find("\n\ncost of rules/legacy.rules")),
            "\ncost of rules/default.rules (evaluation steps; the worst check of a "
            "65536-partition reply: 27,593,585 of a budget of 268,435,456):\n"
            "  rule                     stage        per evaluation         per check\n"
            "  remote_call_ok           table                    15               277\n"
            "  remote_answer_ok         table                    16               538\n"
            "  partition_count_matches  table                    14                28\n"
            "  primary_alive            partition                 9           589,830\n"
            "  enough_members           partition                19         1,245,196\n"
            "  secondaries_alive        partition               393        25,756,716");
}

TEST(LintCliTest, LongCostTablesListTheCostliestRules) {
  const std::string path = testing::TempPath("many.rules");
  std::string text;
  for (int i = 0; i < 150; ++i)
    text += "partition p" + std::to_string(i) + ": require pidx != " + std::to_string(i) +
            (i == 70 ? " and primary_alive" : "") + " else ERR_UNKNOWN\n";
  testing::WriteFile(path, text);
  Outcome r = Lint({path});
  // 150 rules over 150 constants: too many configurations for the floor check's bound on
  // rules x configurations, so the floor is reported unchecked (a warning) instead of taking
  // seconds.
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("warning: floor: not checked"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  p70 "), std::string::npos) << r.out;  // the costliest is listed
  EXPECT_NE(r.out.find("  (50 cheaper rules not listed: "), std::string::npos) << r.out;
  EXPECT_LT(r.out.size(), 12000u);
}

TEST(LintCliTest, WarningsOnlyExitOne) {
  Outcome r = Lint({"testdata/lint/uncovered.rules"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.out,
            "testdata/lint/uncovered.rules: warning: floor: testdata/lint/uncovered.rules makes "
            "READY a follower with a failed answer (response.err ERR_OBJECT_NOT_FOUND), a "
            "partition count that is not the source's or a dead primary (e.g. "
            "target_cluster.dup_test (source dup_test, dup.partition_count 1), rpc_err ERR_OK, "
            "response.err ERR_OK; 1 partition; pidx 0: replica_count 1, primary absent, 0 "
            "secondaries): no rule in force refuses it (the final rules of rules/default.rules "
            "do: extend it, or make such rules final)\n"
            "testdata/lint/uncovered.rules:8:3: warning: with testdata/lint/uncovered.rules, no "
            "partition requirement applies to partitions with replica_count 1 (their guards, this "
            "one first, exclude it): such partitions pass unchecked\n"
            "    when replica_count >= 2\n"
            "    ^\n"
            "\ncost of testdata/lint/uncovered.rules (evaluation steps; the worst check of a "
            "65536-partition reply: 1,770,506 of a budget of 268,435,456):\n"
            "  rule                   stage        per evaluation         per check\n"
            "  call_ok                table                    15                17\n"
            "  primary_if_replicated  partition                12           786,438\n"
            "  three_replicas         partition                15           983,051\n"
            "\nlint: 1 file, 2 warnings\n");
}

TEST(LintCliTest, ErrorsExitTwo) {
  Outcome r = Lint({"testdata/lint/load_errors.rules", "testdata/lint/uncovered.rules"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("testdata/lint/load_errors.rules:4:11: error: unknown name 'primary_alvie'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("lint: 2 files, 2 errors, 2 warnings\n"), std::string::npos) << r.out;
}

TEST(LintCliTest, AFindingReachedThroughSeveralFilesIsPrintedOnce) {
  Outcome once = Lint({"testdata/lint/shadowed.rules"});
  Outcome twice = Lint({"testdata/lint/shadowed.rules", "testdata/lint/shadowed.rules"});
  EXPECT_EQ(once.code, 1);
  EXPECT_EQ(twice.code, 1);
  EXPECT_NE(once.out.find("lint: 1 file, 4 warnings"), std::string::npos) << once.out;
  EXPECT_NE(twice.out.find("lint: 2 files, 4 warnings"), std::string::npos) << twice.out;
}

TEST(LintCliTest, FindingsAreInFileOrder) {
  Outcome r = Lint({"testdata/lint/shadowed.rules"});
  size_t a = r.out.find("shadowed.rules:7:7:"), b = r.out.find("shadowed.rules:15:11:"),
         c = r.out.find("shadowed.rules:24:11:"), d = r.out.find("shadowed.rules:39:11:");
  ASSERT_NE(d, std::string::npos) << r.out;
  EXPECT_TRUE(a < b && b < c && c < d) << r.out;
}

TEST(LintCliTest, UsageAndUnreadableFiles) {
  EXPECT_EQ(Lint({}).code, 2);
  EXPECT_EQ(Lint({"--strict", "rules/default.rules"}).code, 2);
  Outcome help = Lint({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("usage: dupready lint FILE..."), std::string::npos);
  Outcome missing = Lint({"no/such.rules"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("no/such.rules: error: cannot read rule file 'no/such.rules'"),
            std::string::npos)
      << missing.out;
}

}  // namespace
}  // namespace dupready
