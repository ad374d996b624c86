// Tests for the partition filter: which rules it computes lane-wise, and, on thousands of random
// rule files and tables, that verdicts with the filter are exactly the kernel's alone.
#include "engine/eval/block_eval.h"

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/compiler/compiler.h"
#include "engine/eval/evaluator.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using testing::FactsHolder;
using testing::FollowerTable;
using testing::HealthyFollower;

std::unique_ptr<Program> CompileText(const std::string& text) {
  auto merged = LoadRules(
      "t.rules", [&](const std::string&) -> absl::StatusOr<std::string> { return text; }, Limits());
  if (!merged.ok()) return nullptr;
  auto prog = Compile(*std::move(merged));
  return prog.ok() ? *std::move(prog) : nullptr;
}

std::unique_ptr<Program> CompileFile(const std::string& path) {
  auto merged = LoadRules(path, testing::ReadTestFile, Limits());
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (!merged.ok()) return nullptr;
  auto prog = Compile(*std::move(merged));
  return prog.ok() ? *std::move(prog) : nullptr;
}

TEST(BlockFilterTest, ShippedRulesAreLaneWise) {
  for (const char* path :
       {"rules/default.rules", "rules/strict.rules", "rules/legacy.rules",
        "rules/examples/single_replica.rules", "rules/examples/temp_tables_relaxed.rules",
        "rules/examples/backup_cluster_strict.rules"}) {
    auto prog = CompileFile(path);
    ASSERT_TRUE(prog) << path;
    EXPECT_TRUE(prog->partition_filter.enabled) << path;
    EXPECT_EQ(prog->partition_filter.general_rules, 0) << path;
  }
}

// Which rules after a lane-wise one the filter must leave to the general path: strings and
// quantifiers over one list stay lane-wise; address values and nested quantifiers do not.
TEST(BlockFilterTest, LaneWiseAndGeneralRules) {
  const struct {
    const char* rules;  // follow "partition a: require pidx >= 0 else ERR_UNKNOWN"
    int general_rules;
  } kCases[] = {
      {"partition b: require all(secondaries, s, s.host =~ \"^10\\\\.\") else ERR_UNKNOWN\n"
       "partition c: require count(last_drops, d, d.port > 1) < 3 else ERR_UNKNOWN\n"
       "partition d: require starts_with(primary.host, dup.app_name) or rpc_err == ERR_OK\n"
       "  else ERR_UNKNOWN\n",
       0},
      {"partition b: require all(secondaries, s, s != primary) else ERR_UNKNOWN\n"
       "partition c: require all(secondaries, s, any(last_drops, d, d.port == s.port))\n"
       "  else ERR_UNKNOWN\n",
       2},
  };
  for (const auto& c : kCases) {
    auto prog =
        CompileText(std::string("partition a: require pidx >= 0 else ERR_UNKNOWN\n") + c.rules);
    ASSERT_TRUE(prog) << c.rules;
    EXPECT_TRUE(prog->partition_filter.enabled) << c.rules;
    EXPECT_EQ(prog->partition_filter.general_rules, c.general_rules) << c.rules;
  }
}

// A final requirement after a `suffices` judges the lanes it accepted (lane-wise or general);
// before any `suffices` it is an ordinary requirement.
TEST(BlockFilterTest, FinalRulesAfterSufficesJudgeAcceptedLanes) {
  auto prog = CompileText(
      "final partition a: require pidx >= 0 else ERR_UNKNOWN\n"
      "partition s: primary_alive suffices\n"
      "final partition b: require pidx < 3 else ERR_UNKNOWN\n"
      "final partition c: require all(secondaries, x, x != primary) else ERR_UNKNOWN\n"
      "partition d: require false else ERR_UNKNOWN\n");
  ASSERT_TRUE(prog);
  EXPECT_TRUE(prog->partition_filter.has_floor);
  int floors = 0;
  for (const BlockInsn& i : prog->partition_filter.code) {
    if (i.op != BlockOp::kRequire && i.op != BlockOp::kGeneral) continue;
    EXPECT_EQ(i.floor, i.rule == 2 || i.rule == 3) << i.rule;
    floors += i.floor;
  }
  EXPECT_EQ(floors, 2);
  // Partitions 0..2 have a primary (accepted, then b passes); 3 is accepted and fails b; 4 has
  // none and fails d.
  FollowerTable f = HealthyFollower(5, 3);
  f.partitions[4].primary = {};
  FactsHolder h(f);
  Verdict v;
  EvalScratch scratch;
  Evaluate(*prog, h.facts(), &scratch, &v);
  EXPECT_EQ(v.rule, "b");
  EXPECT_EQ(v.partition, 3);
  ASSERT_EQ(v.failures.size(), 2u);
  EXPECT_EQ(v.failures[1].rule, "d");
}

// --- Random rule files: the filter never changes a verdict -----------------------------------

class RuleGen {
 public:
  explicit RuleGen(uint32_t seed) : rng_(seed) {}

  std::string File() {
    std::string out;
    const int rules = Pick(1, 6);
    for (int i = 0; i < rules; ++i) {
      const bool scoped = Pick(0, 9) == 0;
      if (scoped)
        out += "scope dup.app_name == \"" + std::string(Pick(0, 1) ? "dup_test" : "x") + "\" {\n";
      // Final rules run on partitions a `suffices` accepted, in the filter as in the kernel.
      out += std::string(Pick(0, 3) == 0 ? "final " : "") + "partition r" + std::to_string(i) +
             ":\n";
      if (Pick(0, 2) == 0) out += "  when " + Bool(2) + "\n";
      if (Pick(0, 4) == 0) {
        out += "  " + Bool(3) + " suffices\n";
      } else {
        out += "  require " + Bool(3) + "\n  else ERR_INVALID_STATE \"{pidx}\"\n";
      }
      if (scoped) out += "}\n";
    }
    return out;
  }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

 private:
  std::string Const() {
    static const char* const kConsts[] = {"0",
                                          "1",
                                          "2",
                                          "3",
                                          "-1",
                                          "34801",
                                          "1000",
                                          "9223372036854775807",
                                          "(-9223372036854775807 - 1)"};
    return kConsts[Pick(0, 8)];
  }

  std::string Int(int depth) {
    static const char* const kAtoms[] = {"pidx",
                                         "ballot",
                                         "replica_count",
                                         "partition_flags",
                                         "alive_secondaries",
                                         "alive_replicas",
                                         "last_committed_decree",
                                         "size(secondaries)",
                                         "size(last_drops)",
                                         "primary.port",
                                         "dup.partition_count",
                                         "dup.remote_replica_count",
                                         "response.app_id",
                                         "response.partition_count",
                                         "count(secondaries, s, s.valid)",
                                         "count(last_drops, d, d.port > 3)",
                                         "size(primary.host)",
                                         "sum(secondaries, s, s.port)",
                                         "min(last_drops, d, d.port, 7)",
                                         "max(secondaries, s, s.port % 5 - 2, -1)"};
    if (depth <= 0 || Pick(0, 2) == 0) return Pick(0, 2) == 0 ? Const() : kAtoms[Pick(0, 19)];
    static const char* const kOps[] = {" + ", " - ", " * ", " / ", " % "};
    if (Pick(0, 5) == 0) return "-(" + Int(depth - 1) + ")";
    return "(" + Int(depth - 1) + kOps[Pick(0, 4)] + Int(depth - 1) + ")";
  }

  std::string Bool(int depth) {
    static const char* const kAtoms[] = {
        "primary_alive",
        "primary.valid",
        "response.is_stateful",
        "true",
        "false",
        "all(secondaries, s, s.valid)",
        "any(secondaries, s, s.valid)",
        "all(secondaries, s, s.port > 100)",
        "any(last_drops, d, d.valid and d.port != 7)",
        "primary.host == \"10.0.0.1\"",
        "starts_with(primary.host, \"10.\")",
        "rpc_err == ERR_OK",
        "primary_alive == true",
        "all(secondaries, s, s.host =~ \"^10\\\\.0\\\\.0\\\\.[12]$\")",
        "any(secondaries, s, s.host in [\"10.0.0.1\", \"x\"])",
        "count(secondaries, s, s.port % 2 == 1) >= 1",
        "all(last_drops, d, d.port / (pidx - 1) > 0)",
        "dup.app_name != \"x\"",
        "response.err == ERR_OK",
        "not ends_with(primary.host, \".2\")",
        "any(secondaries, s, s.valid and contains(s.host, \"0.3\"))",
        "any(last_drops, d, d.port < 5)",
        "any(secondaries, s, not s.valid)",
        "count(last_drops, d, d.port == 0) == 0",
        "all(secondaries, s, s.port != 0)",
        "any(secondaries, s, s.host == \"\")"};
    static const char* const kCmps[] = {" == ", " != ", " < ", " <= ", " > ", " >= "};
    const int what = depth <= 0 ? Pick(0, 1) : Pick(0, 5);
    switch (what) {
      case 0:
        return kAtoms[Pick(0, 25)];
      case 1:
        return Int(depth) + kCmps[Pick(0, 5)] + Int(depth);
      case 2:
        return "not (" + Bool(depth - 1) + ")";
      case 3:
        return "(" + Bool(depth - 1) + " and " + Bool(depth - 1) + ")";
      case 4:
        return "(" + Bool(depth - 1) + " or " + Bool(depth - 1) + ")";
      default:
        return Int(depth - 1) + (Pick(0, 1) ? " in [" : " not in [") + Const() + ", " + Int(0) +
               ", 3]";
    }
  }

 public:
  // A rule whose arithmetic often overflows or divides by zero (with ArithFollower's tables).
  std::string ArithRule(int i) {
    static const char* const kOperands[] = {
        "ballot", "last_committed_decree", "pidx",           "0", "-1",
        "2",      "9223372036854775807",   "partition_flags"};
    static const char* const kOps[] = {" + ", " - ", " * ", " / ", " % "};
    static const char* const kCmps[] = {" == ", " != ", " < ", " <= ", " > ", " >= "};
    auto operand = [&] { return std::string(kOperands[Pick(0, 7)]); };
    std::string e = "(" + operand() + kOps[Pick(0, 4)] + operand() + ")";
    if (Pick(0, 3) == 0) e = "-" + e;
    const std::string cond = e + kCmps[Pick(0, 5)] + operand();
    const std::string name = "partition a" + std::to_string(i) + ":\n";
    switch (Pick(0, 3)) {
      case 0:
        return name + "  when " + cond + "\n  require pidx >= 0 else ERR_BUSY\n";
      case 1:
        return name + "  " + cond + " suffices\n";
      case 2:
        return name + "  require " + cond + " or pidx > 2 else ERR_BUSY\n";
      default:
        return name + "  require " + cond + " else ERR_BUSY\n";
    }
  }

 private:
  std::mt19937 rng_;
};

FollowerTable RandomFollower(RuleGen* g) {
  FollowerTable f;
  const int n = g->Pick(0, 1) ? g->Pick(1, 6) : g->Pick(60, 140);
  f.partition_count = n;
  auto replica = [&]() {
    if (g->Pick(0, 5) == 0) return testing::HostPort();
    return testing::HostPort::At("10.0.0." + std::to_string(g->Pick(1, 3)),
                        static_cast<uint16_t>(g->Pick(0, 3) ? 34801 : g->Pick(0, 9)));
  };
  for (int i = 0; i < n; ++i) {
    testing::PartitionConfig p;
    p.pidx = i;
    p.max_replica_count = g->Pick(0, 4);
    p.primary = replica();
    for (int s = g->Pick(0, 3); s > 0; --s) p.secondaries.push_back(replica());
    for (int s = g->Pick(0, 1); s > 0; --s) p.last_drops.push_back(replica());
    p.ballot = g->Pick(0, 9) == 0 ? INT64_MAX : g->Pick(0, 9);
    p.last_committed_decree = g->Pick(0, 9) == 0 ? INT64_MIN : g->Pick(0, 2000);
    p.partition_flags = g->Pick(0, 2);
    f.partitions.push_back(p);
  }
  return f;
}

// Tiny tables whose 64-bit facts sit at the edges, for ArithRule.
FollowerTable ArithFollower(RuleGen* g) {
  FollowerTable f = HealthyFollower(g->Pick(1, 3), 3);
  const int64_t kEdges[] = {0, 1, -1, 2, INT64_MAX, INT64_MIN, INT64_MIN + 1};
  for (testing::PartitionConfig& p : f.partitions) {
    p.ballot = kEdges[g->Pick(0, 6)];
    p.last_committed_decree = kEdges[g->Pick(0, 6)];
    p.partition_flags = g->Pick(-1, 1);
  }
  return f;
}

std::string Describe(const Verdict& v) {
  std::string out = (v.ready ? "ready " : "not ready ") + v.error + " " + v.rule + "@" +
                    std::to_string(v.partition) + " '" + v.message + "' checked " +
                    std::to_string(v.partitions_checked);
  for (const RuleFailures& f : v.failures) {
    out +=
        " | " + f.rule + " " + f.error + " x" + std::to_string(f.count) + " '" + f.message + "' [";
    for (int32_t p : f.partitions) out += std::to_string(p) + ",";
    out += "]";
  }
  return out;
}

// What a run of ExpectKernelsVerdicts saw.
struct Tally {
  int compared = 0, ready = 0, not_ready = 0, lane_wise = 0;
};

// Evaluates `with` (filter as compiled) and a copy with the filter off on `tables` followers
// made by `follower`; false, with a test failure naming `text`, when a verdict differs.
bool ExpectKernelsVerdicts(const std::string& text, std::unique_ptr<Program> with,
                           int tables, const std::function<FollowerTable()>& follower,
                           Tally* tally) {
  std::unique_ptr<Program> without = CompileText(text);
  EXPECT_TRUE(without) << text;
  if (!without) return false;
  without->partition_filter.enabled = false;
  tally->lane_wise += with->partition_filter.enabled;
  EvalScratch scratch_with, scratch_without;
  for (int t = 0; t < tables; ++t) {
    FactsHolder h(follower());
    Verdict a, b;
    Evaluate(*with, h.facts(), &scratch_with, &a);
    Evaluate(*without, h.facts(), &scratch_without, &b);
    EXPECT_EQ(Describe(a), Describe(b)) << text;
    if (Describe(a) != Describe(b)) return false;
    ++tally->compared;
    tally->ready += a.ready;
    tally->not_ready += !a.ready;
  }
  return true;
}

TEST(BlockFilterTest, RandomRulesGiveTheKernelsVerdicts) {
  RuleGen gen(20261125);
  Tally tally;
  int rejected = 0;
  for (int file = 0; file < 1500; ++file) {
    const std::string text = gen.File();
    std::unique_ptr<Program> with = CompileText(text);
    if (!with) {  // constants the checker folds may overflow ("9223372036854775807 + 1")
      ++rejected;
      continue;
    }
    ASSERT_TRUE(ExpectKernelsVerdicts(text, std::move(with), 6,
                                      [&] { return RandomFollower(&gen); }, &tally));
  }
  EXPECT_LT(rejected, 150);  // the generator writes valid rules
  EXPECT_GT(tally.compared, 5000);
  EXPECT_GT(tally.ready, 500);      // the filter's "passes" path is exercised
  EXPECT_GT(tally.lane_wise, 500);  // and most files have lane-wise rules
}

TEST(BlockFilterTest, ArithmeticErrorsGiveTheKernelsVerdicts) {
  RuleGen gen(7);
  Tally tally;
  for (int file = 0; file < 3000; ++file) {
    std::string text;
    for (int i = gen.Pick(1, 3); i > 0; --i) text += gen.ArithRule(i);
    std::unique_ptr<Program> with = CompileText(text);
    ASSERT_TRUE(with) << text;
    ASSERT_TRUE(ExpectKernelsVerdicts(text, std::move(with), 4,
                                      [&] { return ArithFollower(&gen); }, &tally));
  }
  EXPECT_GT(tally.ready, 1000);
  EXPECT_GT(tally.not_ready, 1000);
}

}  // namespace
}  // namespace dupready
