// Tests for `dupready diff`: exit codes, the report of the seed's fix, JSON, bad usage.
#include "tools/cli/diff.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using Outcome = testing::CommandOutcome;
Outcome Diff(std::vector<std::string> args) { return testing::RunCommand(RunDiff, args); }

TEST(DiffCliTest, LegacyToDefaultShowsTheSeedsFixAndNothingElse) {
  Outcome r = Diff({"rules/legacy.rules", "rules/default.rules"});
  EXPECT_EQ(r.code, 1) << r.err;
  const std::string head =
      "diff rules/legacy.rules -> rules/default.rules: 6 configurations change verdict (of "
      "5040), in 1 class\n"
      "\n"
      "ERR_NOT_ENOUGH_MEMBER -> ready: 6 configurations\n"
      "  - 6 configurations where replica_count in 0-1; primary alive; no secondaries; rpc_err = "
      "ERR_OK; response.err = ERR_OK; dup.partition_count = size(response.partitions)\n";
  EXPECT_EQ(r.out.substr(0, head.size()), head) << r.out;
  EXPECT_NE(r.out.find("      old: ERR_NOT_ENOUGH_MEMBER (rule enough_members, partition 0): "
                       "partition 0 has no secondary\n      new: ready\n"),
            std::string::npos)
      << r.out;
  // No other change is listed.
  EXPECT_EQ(r.out.find(" -> ", head.size()), std::string::npos) << r.out;
}

TEST(DiffCliTest, DefaultToStrictListsPartiallyReplicatedCases) {
  Outcome r = Diff({"rules/default.rules", "rules/strict.rules"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("ready -> ERR_NOT_ENOUGH_MEMBER: 18 configurations in 3 classes\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ERR_INACTIVE_STATE -> ERR_NOT_ENOUGH_MEMBER: 30 configurations"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("new: ERR_NOT_ENOUGH_MEMBER (rule fully_replicated, partition 0): "
                       "partition 0 has 2 of 3 replicas"),
            std::string::npos)
      << r.out;
}

TEST(DiffCliTest, AFileAgainstItselfIsEquivalent) {
  Outcome r = Diff({"rules/strict.rules", "rules/strict.rules"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(absl::StartsWith(
      r.out, "diff rules/strict.rules -> rules/strict.rules: equivalent on 5040 configurations\n"))
      << r.out;
}

TEST(DiffCliTest, Json) {
  Outcome r = Diff({"rules/legacy.rules", "rules/default.rules", "--format", "json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(absl::StartsWith(
      r.out, "{\"old\":\"rules/legacy.rules\",\"new\":\"rules/default.rules\","
             "\"equivalent\":false,\"configurations\":5040,\"changed\":6,\"classes\":"
             "[{\"from\":\"ERR_NOT_ENOUGH_MEMBER\",\"to\":\"ready\",\"count\":6,"))
      << r.out;
}

TEST(DiffCliTest, BadUsageAndFilesExitTwo) {
  struct Case {
    std::vector<std::string> args;
    const char* err;
  } cases[] = {
      {{"rules/default.rules"}, "expected two rule files"},
      {{"rules/default.rules", "nope.rules"}, "nope.rules: error: cannot read rule file"},
      {{"rules/default.rules", "rules/default.rules", "--format", "xml"}, "--format must be"},
      {{"rules/default.rules", "rules/default.rules", "--max-classes", "0"}, "--max-classes"},
  };
  for (const Case& c : cases) {
    Outcome r = Diff(c.args);
    EXPECT_EQ(r.code, 2) << c.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace dupready
