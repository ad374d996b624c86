// Tests for `dupready test`: the shipped rule tests pass, and fail (naming the cases and why)
// when default.rules is swapped for legacy.rules; bad test files and cases are reported with
// their positions; a failing case shows what was expected and what the rules said.
#include "tools/cli/rule_test.h"

#include <filesystem>
#include <regex>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

namespace fs = std::filesystem;

using Outcome = testing::CommandOutcome;
Outcome RunTests(std::vector<std::string> args) { return testing::RunCommand(RunRuleTests, args); }

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  testing::WriteFile(path.string(), text);
}

std::string Read(const fs::path& path) { return testing::ReadFile(path.string()); }

fs::path Dir(const std::string& name) { return testing::FreshDir(name); }

// "N passed, M failed" -> {N, M}.
std::pair<int, int> Summary(const std::string& out) {
  std::smatch m;
  static const std::regex kSummary(R"((\d+) passed, (\d+) failed\n$)");
  if (!std::regex_search(out, m, kSummary)) return {-1, -1};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

TEST(RuleTestCliTest, ShippedRuleTestsPass) {
  Outcome r = RunTests({"rules/"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  auto [passed, failed] = Summary(r.out);
  EXPECT_GE(passed, 20) << r.out;
  EXPECT_EQ(failed, 0) << r.out;
  // Every shipped rule file has tests.
  for (const char* file : {"default", "legacy", "strict", "backup_cluster_strict", "single_replica",
                           "temp_tables_relaxed"})
    EXPECT_TRUE(fs::exists(std::string("rules/tests/") + file + ".ruletest")) << file;
}

TEST(RuleTestCliTest, NoticesDefaultRulesReplacedByLegacyRules) {
  const fs::path root = Dir("swap");
  fs::copy("rules", root / "rules", fs::copy_options::recursive);
  fs::create_directories(root / "testdata");
  fs::copy("testdata/snapshots", root / "testdata" / "snapshots", fs::copy_options::recursive);
  // default.rules gets legacy.rules' body, extending the original (renamed) default rules.
  fs::rename(root / "rules" / "default.rules", root / "rules" / "default_base.rules");
  std::string legacy = Read("rules/legacy.rules");
  const std::string extend = "extend \"default.rules\"";
  ASSERT_NE(legacy.find(extend), std::string::npos);
  legacy.replace(legacy.find(extend), extend.size(), "extend \"default_base.rules\"");
  Write(root / "rules" / "default.rules", legacy);

  Outcome r = RunTests({(root / "rules").string()});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  auto [passed, failed] = Summary(r.out);
  EXPECT_GE(failed, 4) << r.out;
  EXPECT_GT(passed, 0) << r.out;
  // Which cases, and why: each with its position, what was expected and what was said.
  const std::string single =
      "default.ruletest:13:1: single-replica partitions with live primaries are ready (the fix of "
      "#2092)\n"
      "  expected: ready\n"
      "  got:      not ready, error ERR_NOT_ENOUGH_MEMBER, rule enough_members, partition 0, "
      "message \"partition 0 has no secondary\"\n";
  EXPECT_NE(r.out.find(single), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL " + (root / "rules" / "tests" / "default.ruletest").string() +
                       ":19:1: the seed's follower, from its snapshot, is ready\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(": a single-replica partition among 3-replica ones needs no secondary\n"
                       "  expected: ready\n"),
            std::string::npos)
      << r.out;
}

class BadFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = Dir("bad");
    Write(dir_ / "r.rules",
          "partition primary_alive:\n  require primary_alive\n  else ERR_INACTIVE_STATE \"p{pidx}\"\n");
  }
  Outcome Run(const std::string& name, const std::string& text) {
    Write(dir_ / name, text);
    return RunTests({(dir_ / name).string()});
  }
  fs::path dir_;
};

TEST_F(BadFilesTest, SyntaxErrorsAreLocated) {
  Outcome r = Run("syntax.ruletest",
                  "rules: \"r.rules\"\n"
                  "cases { name: \"a\" follower { partitions: \"four\" } expect { ready: true } }\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("syntax.ruletest: not a valid test file\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("syntax.ruletest:2:42: error: Expected integer, got: \"four\""), std::string::npos) << r.out;
  EXPECT_EQ(Summary(r.out), std::make_pair(0, 1));

  Outcome field = Run("field.ruletest", "rules: \"r.rules\"\ncases {\n  nmae: \"a\"\n}\n");
  EXPECT_NE(field.out.find("field.ruletest:3:7: error: Message type \"dupready.RuleTestCase\" has "
                           "no field named \"nmae\""),
            std::string::npos)
      << field.out;
}

TEST_F(BadFilesTest, RulesThatDoNotLoadFailEveryCase) {
  Outcome r = Run("norules.ruletest",
                  "rules: \"missing.rules\"\n"
                  "cases { name: \"a\" follower {} expect { ready: true } }\n"
                  "cases { name: \"b\" follower {} expect { ready: true } }\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("did not load, so its 2 cases fail:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot read rule file"), std::string::npos) << r.out;
  EXPECT_EQ(Summary(r.out), std::make_pair(0, 2));
}

TEST_F(BadFilesTest, MalformedCasesFailWithWhy) {
  Outcome r = Run("cases.ruletest",
                  "rules: \"r.rules\"\n"
                  "cases { follower {} expect { ready: true } }\n"
                  "cases { name: \"twice\" follower {} expect { ready: true } }\n"
                  "cases { name: \"twice\" follower {} expect { ready: true } }\n"
                  "cases { name: \"no expect\" follower {} }\n"
                  "cases { name: \"empty expect\" follower {} expect {} }\n"
                  "cases { name: \"both\" follower {} expect { ready: true rule: \"x\" } }\n"
                  "cases { name: \"no input\" expect { ready: true } }\n"
                  "cases { name: \"pidx\" follower { partition { pidx: 9 } } expect { ready: true } }\n"
                  "cases { name: \"context\" follower {} context { app: \"a\" } expect { ready: true } }\n"
                  "cases { name: \"file\" input: \"nothing.json\" expect { ready: true } }\n"
                  "cases { name: \"json\" snapshot_json: \"{\" expect { ready: true } }\n");
  EXPECT_EQ(r.code, 1);
  const char* const whys[] = {
      ":2:1: (unnamed case)\n  bad case: every case needs a 'name'",
      ":4:1: twice\n  bad case: another case has this name, at ",
      ":5:1: no expect\n  bad case: the case has no 'expect'",
      ":6:1: empty expect\n  bad case: 'expect' is empty",
      ":7:1: both\n  bad case: 'expect' asks for a ready verdict and for a failure at once",
      ":8:1: no input\n  bad case: the case gives no follower",
      ":9:1: pidx\n  bad case: follower.partition { pidx: 9 }: the follower lists partitions 0 to 3",
      ":10:1: context\n  bad case: 'context' goes with 'input' or 'snapshot_json'",
      ":11:1: file\n  bad case: cannot read input ",
      ":12:1: json\n  bad case: snapshot_json:1:2: error:",
  };
  for (const char* why : whys) EXPECT_NE(r.out.find(why), std::string::npos) << why << "\n" << r.out;
  EXPECT_EQ(Summary(r.out), std::make_pair(1, 10));  // the first "twice" passes
}

TEST_F(BadFilesTest, FailingCaseShowsExpectedAndGot) {
  Outcome r = Run("fail.ruletest",
                  "rules: \"r.rules\"\n"
                  "cases {\n"
                  "  name: \"dead primary\"\n"
                  "  follower { partition { pidx: 1 primary_alive: false } }\n"
                  "  expect { error: \"ERR_NOT_ENOUGH_MEMBER\" partition: 1 message: \"p1\" }\n"
                  "}\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "FAIL " + (dir_ / "fail.ruletest").string() + ":2:1: dead primary\n" +
                       "  expected: error ERR_NOT_ENOUGH_MEMBER, partition 1, message containing "
                       "\"p1\"\n"
                       "  got:      not ready, error ERR_INACTIVE_STATE, rule primary_alive, "
                       "partition 1, message \"p1\"\n"
                       "0 passed, 1 failed\n");
}

TEST_F(BadFilesTest, CasesWhoseRulesDecideOnContextTheyLackAreBad) {
  Write(dir_ / "count.rules",
        "table count:\n  require size(response.partitions) == dup.partition_count\n"
        "  else ERR_INCONSISTENT_STATE \"{dup.partition_count}\"\n");
  Outcome r = Run("context.ruletest",
                  "rules: \"count.rules\"\n"
                  "cases { name: \"no count\" snapshot_json: '{\"duplication\": {}, \"rpc_err\": "
                  "\"ERR_OK\", \"response\": {\"err\": \"ERR_OK\"}}' expect { ready: true } }\n"
                  "cases { name: \"count\" snapshot_json: '{\"duplication\": {}, \"rpc_err\": "
                  "\"ERR_OK\", \"response\": {\"err\": \"ERR_OK\"}}' context { partition_count: 2 } "
                  "expect { error: \"ERR_INCONSISTENT_STATE\" message: \"2\" } }\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find(":2:1: no count\n  bad case: the rules decide on duplication values the "
                       "input does not give"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("dup.partition_count: give context { partition_count: N }; read by\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("count.rules:1:7: the condition of rule count"), std::string::npos)
      << r.out;
  EXPECT_EQ(Summary(r.out), std::make_pair(1, 1));
}

// --against-parent: a test file passes when one of its cases fails under the rules its rule
// file extends, and fails, naming both files, when every case passes there too.
TEST(RuleTestCliTest, AgainstParentNeedsACaseThatDependsOnTheFile) {
  const fs::path dir = Dir("parent");
  Write(dir / "base.rules",
        "partition primary_alive:\n  require primary_alive\n  else ERR_INACTIVE_STATE\n");
  Write(dir / "overlay.rules",
        "extend \"base.rules\"\n"
        "partition enough:\n  require size(secondaries) >= 1\n  else ERR_NOT_ENOUGH_MEMBER\n");
  const std::string healthy = "cases { name: \"healthy\" follower {} expect { ready: true } }\n";
  const std::string alone =
      "cases { name: \"alone\" follower { partition { pidx: 1 secondaries: 0 } } "
      "expect { rule: \"enough\" partition: 1 } }\n";
  Write(dir / "weak.ruletest", "rules: \"overlay.rules\"\n" + healthy);
  Write(dir / "strong.ruletest", "rules: \"overlay.rules\"\n" + healthy + alone);
  Write(dir / "base.ruletest",
        "rules: \"base.rules\"\n" + healthy +
            "cases { name: \"dead\" follower { partition { pidx: 0 primary_alive: false } } "
            "expect { ready: false } }\n");

  Outcome r = RunTests({"--against-parent", dir.string()});
  EXPECT_EQ(r.code, 1) << r.out;
  const std::string base = (dir / "base.rules").string();
  EXPECT_NE(r.out.find("ok   " + (dir / "base.ruletest").string() +
                       ": 1 of 2 cases fail under no rules (every follower ready)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ok   " + (dir / "strong.ruletest").string() + ": 1 of 2 cases fail under " +
                       base + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("FAIL " + (dir / "weak.ruletest").string() +
                       ": all 1 cases give the expected verdict under " + base +
                       " too: none depends on " + (dir / "overlay.rules").string() +
                       "'s own rules\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Summary(r.out), std::make_pair(2, 1));
  // Without the flag all three pass: the difference is only what the cases depend on.
  EXPECT_EQ(RunTests({dir.string()}).code, 0);
}

TEST(RuleTestCliTest, VerboseListsPassingCases) {
  Outcome r = RunTests({"-v", "rules/tests/legacy.ruletest"});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ok   rules/tests/legacy.ruletest:6:1: the bug: single-replica partitions "
                       "are never ready\n"),
            std::string::npos)
      << r.out;
}

// Test files, and the rule files they name, saved with a UTF-8 byte order mark work as
// without one; an error on line 1 is located as if it were not there.
TEST(RuleTestCliTest, ByteOrderMarksAreSkipped) {
  const fs::path dir = Dir("bom");
  Write(dir / "r.rules",
        "\xEF\xBB\xBFpartition p:\r\n  require primary_alive\r\n  else ERR_INACTIVE_STATE\r\n");
  Write(dir / "r.ruletest",
        "\xEF\xBB\xBFrules: \"r.rules\"\r\ncases {\r\n\tname: \"dead primary\"\r\n"
        "\tfollower { partition { pidx: 1 primary_alive: false } }\r\n"
        "\texpect { error: \"ERR_INACTIVE_STATE\" partition: 1 }\r\n}\r\n");
  Outcome r = RunTests({(dir / "r.ruletest").string()});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(Summary(r.out), std::make_pair(1, 0)) << r.out;
  Write(dir / "bad.ruletest", "\xEF\xBB\xBFrulez: \"r.rules\"\n");
  Outcome bad = RunTests({(dir / "bad.ruletest").string()});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.out.find("bad.ruletest:1:6: error: Message type \"dupready.RuleTestFile\" has no "
                         "field named \"rulez\".\n  rulez: \"r.rules\"\n       ^\n"),
            std::string::npos)
      << bad.out;
}

TEST(RuleTestCliTest, Usage) {
  EXPECT_EQ(RunTests({}).code, 2);
  EXPECT_EQ(RunTests({"--bogus", "rules/"}).code, 2);
  EXPECT_EQ(RunTests({"no/such/dir"}).code, 2);
  Outcome empty = RunTests({Dir("empty").string()});
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.err.find("no *.ruletest files under"), std::string::npos) << empty.err;
}

}  // namespace
}  // namespace dupready
