// Tests for `dupready lint`: exit codes, rendering, deduplication and usage errors. The
// findings themselves are engine/lint's (tested there against testdata/lint).
#include "tools/cli/lint.h"

#include <sstream>

#include "gtest/gtest.h"

namespace dupready {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

Outcome Lint(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = RunLint(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(LintCliTest, ShippedRuleFilesAreClean) {
  Outcome r = Lint({"rules/default.rules", "rules/legacy.rules", "rules/strict.rules",
                    "rules/examples/backup_cluster_strict.rules",
                    "rules/examples/single_replica.rules",
                    "rules/examples/temp_tables_relaxed.rules"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "lint: 6 files, clean\n");
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
            "lint: 1 file, 2 warnings\n");
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
