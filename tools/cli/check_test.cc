// Tests for `dupready check`: verdicts, exit codes, output formats, and bad input.
#include "tools/cli/check.h"

#include "gtest/gtest.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using Outcome = testing::CommandOutcome;
Outcome Check(std::vector<std::string> args) { return testing::RunCommand(RunCheck, args); }

const char kSeed[] = "testdata/snapshots/seed_single_replica.json";

TEST(CheckTest, SeedFollowerUnderDefaultAndLegacy) {
  Outcome ok = Check({"--rules", "rules/default.rules", "--input", kSeed});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "READY  target_cluster.dup_test_3: 4 partitions pass rules/default.rules\n");

  Outcome bug = Check({"--rules", "rules/legacy.rules", "--input", kSeed});
  EXPECT_EQ(bug.code, 1) << bug.err;
  EXPECT_EQ(bug.out,
            "NOT READY  ERR_NOT_ENOUGH_MEMBER  target_cluster.dup_test_3\n"
            "  rule enough_members, first failing partition 0\n"
            "  partition 0 has no secondary\n"
            "\n"
            "failures by rule (4 partitions, rules/legacy.rules):\n"
            "  enough_members  ERR_NOT_ENOUGH_MEMBER  4 of 4 partitions (0, 1, 2, 3)\n"
            "      partition 0 has no secondary\n"
            "\n"
            "partition map (4 partitions, reply order, 64 per row):\n"
            "    0  NNNN\n"
            "legend:\n"
            "  N  ERR_NOT_ENOUGH_MEMBER  4 partitions     (rule enough_members)\n");
}

TEST(CheckTest, PartitionMapOnlyWhenNotReadyUnlessAsked) {
  Outcome ok = Check({"--rules", "rules/default.rules", "--input", kSeed, "--map"});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out,
            "READY  target_cluster.dup_test_3: 4 partitions pass rules/default.rules\n"
            "\n"
            "partition map (4 partitions, reply order, 64 per row):\n"
            "    0  ....\n"
            "legend:\n"
            "  .  passes  4 partitions\n");
  // A table-level failure stops before the partitions: no map.
  Outcome table = Check({"--rules", "rules/default.rules", "--input", kSeed, "--partition-count",
                         "8"});
  EXPECT_EQ(table.code, 1);
  EXPECT_EQ(table.out.find("partition map"), std::string::npos) << table.out;
  // JSON stays one object.
  Outcome json = Check({"--rules", "rules/legacy.rules", "--input", kSeed, "--format", "json"});
  EXPECT_EQ(json.out.find("partition map"), std::string::npos) << json.out;
}

TEST(CheckTest, JsonOutput) {
  Outcome r = Check({"--rules", "rules/strict.rules", "--input",
                 "testdata/snapshots/three_replicas_one_secondary.json", "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("{\"ready\":false,\"error\":\"ERR_NOT_ENOUGH_MEMBER\",\"rule\":"
                       "\"fully_replicated\",\"partition\":1,\"message\":\"partition 1 has 2 of 3 "
                       "replicas\",\"failures\":[{\"rule\":\"enough_members\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("{\"rule\":\"fully_replicated\",\"error\":\"ERR_NOT_ENOUGH_MEMBER\","
                       "\"count\":2,\"partitions\":[1,3]"),
            std::string::npos)
      << r.out;
}

TEST(CheckTest, ExplainOnePartition) {
  Outcome r = Check({"--rules", "rules/default.rules", "--input",
                 "testdata/snapshots/three_replicas_one_secondary.json", "--explain", "--partition",
                 "3"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("trace of partition 3:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("partition enough_members  guard: held  -> FAILED  (7 steps; estimate "
                       "at most 19)\n"
                       "      ERR_NOT_ENOUGH_MEMBER: partition 3 has no secondary, with 3 replicas "
                       "configured\n"),
            std::string::npos)
      << r.out;
  // The loop over the secondaries took what its one secondary cost, far below the estimate for
  // 64 of them.
  EXPECT_NE(r.out.find("partition secondaries_alive  guard: -  -> passed  (5 steps; estimate at "
                       "most 393)\n"),
            std::string::npos)
      << r.out;
}

TEST(CheckTest, ContextFlagsOverride) {
  Outcome r = Check({"--rules", "rules/default.rules", "--input", kSeed, "--partition-count", "8"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("the follower has 4 partitions, the source has 8"), std::string::npos);
}

struct BadCase {
  std::vector<std::string> args;
  const char* err;  // a substring of stderr
};

TEST(CheckTest, BadUsageAndInputExitTwo) {
  const BadCase cases[] = {
      {{"--input", kSeed}, "--rules FILE is required"},
      {{"--rules", "rules/default.rules"}, "--input FILE is required"},
      {{"--rules", "nope.rules", "--input", kSeed}, "nope.rules: error: cannot read rule file"},
      {{"--rules", "rules/default.rules", "--input", "nope.json"}, "cannot read input nope.json"},
      {{"--rules", "rules/default.rules", "--input", kSeed, "--format", "xml"},
       "--format must be text or json"},
      {{"--rules", "rules/default.rules", "--input", kSeed, "--bogus"}, "unknown flag '--bogus'"},
      {{"--rules", "rules/default.rules", "--input", kSeed, "--partition-count", "x"},
       "--partition-count must be an integer"},
      {{"--rules", "rules/default.rules", "--input", kSeed, "--input-format", "yaml"},
       "--input-format must be auto, snapshot, shell or thrift"},
      {{"--rules", "rules/default.rules", "--input", "rules/default.rules", "--input-format", "snapshot"},
       "rules/default.rules:1:1: error"},
      {{"--rules", "rules/default.rules", "--input", "testdata", "--input-format", "snapshot"},
       "not a regular file"},
  };
  for (const BadCase& c : cases) {
    Outcome r = Check(c.args);
    EXPECT_EQ(r.code, 2) << c.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << r.err;
  }
}

TEST(CheckTest, BrokenRuleFilesAndInputsAreLocated) {
  const BadCase cases[] = {
      {{"--rules", "testdata/bad_rules/garbage.rules", "--input", kSeed},
       "testdata/bad_rules/garbage.rules:2:1: error: expected a rule"},
      {{"--rules", "testdata/bad_rules/cut_mid_rule.rules", "--input", kSeed},
       "testdata/bad_rules/cut_mid_rule.rules:3:31: error: expected an expression, found end of file"},
      {{"--rules", "testdata/bad_rules/unknown_name.rules", "--input", kSeed},
       "testdata/bad_rules/unknown_name.rules:2:11: error: unknown name 'primary_alvie'; did you "
       "mean 'primary_alive'?\n    require primary_alvie\n            ^"},
      {{"--rules", "testdata/bad_rules/bad_regex.rules", "--input", kSeed},
       "testdata/bad_rules/bad_regex.rules:1:30: error: bad regular expression: missing ): ^temp_("},
      {{"--rules", "testdata/bad_rules/type_error.rules", "--input", kSeed},
       "testdata/bad_rules/type_error.rules:2:25: error: cannot compare int with string"},
      {{"--rules", "rules/default.rules", "--input", "testdata/snapshots/bad_malformed.json"},
       "testdata/snapshots/bad_malformed.json:3:"},
      {{"--rules", "rules/default.rules", "--input", "testdata/snapshots/bad_mistyped.json"},
       "testdata/snapshots/bad_mistyped.json:1:54: error:"},
  };
  for (const BadCase& c : cases) {
    Outcome r = Check(c.args);
    EXPECT_EQ(r.code, 2) << c.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace dupready
