// The limits of engine/common/limits.h not pinned elsewhere, each at the limit (loads, or is
// evaluated) and one past it (a located error, or a verdict, naming the limit): regular-
// expression program size and memory of all patterns, files reached through `extend`, extend
// depth, quantifier nesting, failures listed per rule, errors reported, rendered message size,
// and the reply bounds a check is costed for. File size, all the files' size, nodes, rule
// count, expression depth and template length are pinned in parser_test.cc and
// loader_test.cc; the cost budget and the estimates in engine/cost/cost_test.cc. Last, the
// estimates are upper bounds: no rule takes more steps on a partition than estimated.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/rule_set.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Loads `text` as t.rules; the rendered diagnostics, or "" when it loaded. The cost budget is
// off unless a test asks for it: these limits are about what a file may hold.
Limits NoCostBudget() {
  Limits limits;
  limits.max_check_cost = 0;
  return limits;
}
std::string LoadText(const std::string& text, const Limits& limits = NoCostBudget()) {
  Diagnostics d;
  absl::StatusOr<std::unique_ptr<const RuleSet>> r =
      RuleSet::FromText("t.rules", text, nullptr, limits, &d);
  if (r.ok()) return "";
  return d.ToString().empty() ? std::string(r.status().message()) : d.ToString();
}

std::string RegexRule(int n) {
  return "partition x: require primary.host =~ \"" + std::string(n, 'a') +
         "\" else ERR_UNKNOWN\n";
}

// The longest literal pattern that compiles within `memory` bytes of RE2 program memory.
int LongestPattern(int64_t memory) {
  Limits limits = NoCostBudget();
  limits.max_regex_memory = memory;
  int lo = 1, hi = 1 << 20;  // lo fits, hi does not
  EXPECT_EQ(LoadText(RegexRule(lo), limits), "");
  EXPECT_NE(LoadText(RegexRule(hi), limits), "");
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (LoadText(RegexRule(mid), limits).empty() ? lo : hi) = mid;
  }
  return lo;
}

TEST(EngineLimitsTest, RegexProgramSize) {
  const int64_t memory = Limits().max_regex_memory;
  const int at = LongestPattern(memory);
  std::printf("RE2 max_mem %lld bytes: the longest literal pattern that compiles is %d bytes\n",
              static_cast<long long>(memory), at);
  Limits limits = NoCostBudget();
  EXPECT_EQ(LoadText(RegexRule(at), limits), "");
  const std::string past = LoadText(RegexRule(at + 1), limits);
  EXPECT_NE(past.find("t.rules:1:38: error: bad regular expression: pattern too large"),
            std::string::npos)
      << past;
  // The budget decides, not RE2's own default: four times the memory fits a longer pattern,
  // and the pattern one past the limit compiles there.
  EXPECT_GT(LongestPattern(4 * memory), 2 * at);
  limits.max_regex_memory = 4 * memory;
  EXPECT_EQ(LoadText(RegexRule(at + 1), limits), "");
}

// A reader over an in-memory map of files.
FileReader MapReader(const std::map<std::string, std::string>* files) {
  return [files](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files->find(path);
    if (it == files->end()) return absl::NotFoundError("no such file");
    return it->second;
  };
}

std::string Load(const std::string& root, const std::map<std::string, std::string>& files,
                 const Limits& limits = Limits()) {
  Diagnostics d;
  absl::StatusOr<std::unique_ptr<const RuleSet>> r =
      RuleSet::Load(root, MapReader(&files), limits, &d);
  return r.ok() ? "" : d.ToString();
}

TEST(EngineLimitsTest, ExtendDepth) {
  // f0 extends f1 extends ... extends fN: N nested extends.
  auto chain = [](int n) {
    std::map<std::string, std::string> files;
    for (int i = 0; i < n; ++i)
      files["f" + std::to_string(i)] = "extend \"f" + std::to_string(i + 1) + "\"\n";
    files["f" + std::to_string(n)] = "partition p: require primary_alive else ERR_UNKNOWN\n";
    return files;
  };
  const int max = Limits().max_extend_depth;
  EXPECT_EQ(Load("f0", chain(max)), "");
  const std::string past = Load("f0", chain(max + 1));
  EXPECT_NE(past.find("error: 'extend' nests more than 8 files deep"), std::string::npos) << past;
}

TEST(EngineLimitsTest, FilesReachedThroughExtend) {
  // The root extends n leaves: n + 1 files.
  auto fan = [](int n) {
    std::map<std::string, std::string> files;
    std::string root;
    for (int i = 0; i < n; ++i) {
      root += "extend \"leaf" + std::to_string(i) + "\"\n";
      files["leaf" + std::to_string(i)] =
          "partition p" + std::to_string(i) + ": require primary_alive else ERR_UNKNOWN\n";
    }
    files["root"] = root;
    return files;
  };
  const int max = Limits().max_files;
  EXPECT_EQ(Load("root", fan(max - 1)), "");
  const std::string past = Load("root", fan(max));
  EXPECT_NE(past.find("error: more than 32 rule files"), std::string::npos) << past;
}

TEST(EngineLimitsTest, QuantifierNesting) {
  EXPECT_EQ(LoadText("partition x: require all(secondaries, a, any(last_drops, b, a == b)) "
                     "else ERR_UNKNOWN\n"),
            "");
  const std::string past = LoadText(
      "partition x: require all(secondaries, a, any(last_drops, b, all(secondaries, c, "
      "a == c or b == c))) else ERR_UNKNOWN\n");
  EXPECT_NE(past.find("error: quantifiers nest at most 2 deep"), std::string::npos) << past;
}

TEST(EngineLimitsTest, FailuresListedPerRule) {
  auto rules = RuleSet::FromText("t.rules", "partition p: require primary_alive else ERR_UNKNOWN");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const int max = Limits().max_failures_listed;
  for (int failing : {max, max + 1}) {
    testing::FollowerTable f = testing::HealthyFollower(failing + 2, 3);
    for (int i = 0; i < failing; ++i) f.partitions[i + 1].primary = {};
    testing::FactsHolder facts(f);
    const Verdict v = (*rules)->Check(facts.facts());
    ASSERT_FALSE(v.ready);
    ASSERT_EQ(v.failures.size(), 1u);
    EXPECT_EQ(v.failures[0].count, failing);  // counted in full
    EXPECT_EQ(v.failures[0].partitions.size(), static_cast<size_t>(max));  // listed up to max
    EXPECT_EQ(v.failures[0].partitions.front(), 1);
    EXPECT_EQ(v.failures[0].partitions.back(), max);
  }
}

TEST(EngineLimitsTest, ErrorsReported) {
  auto bad_rules = [](int n) {
    std::string text;
    for (int i = 0; i < n; ++i)
      text += "partition p" + std::to_string(i) + ": require nosuchfact else ERR_UNKNOWN\n";
    return text;
  };
  const int max = Limits().max_errors;
  auto count_errors = [](const std::string& rendered) {
    int n = 0;
    for (size_t at = rendered.find(": error: "); at != std::string::npos;
         at = rendered.find(": error: ", at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count_errors(LoadText(bad_rules(max))), max);
  EXPECT_EQ(count_errors(LoadText(bad_rules(max + 1))), max);  // the 51st is not reported
  EXPECT_EQ(count_errors(LoadText(bad_rules(10 * max))), max);
}

TEST(EngineLimitsTest, RegexMemoryOfAllPatterns) {
  // Four small patterns take 4 x 32 KiB; a fifth one is past a budget of four.
  auto rules = [](int n) {
    std::string text;
    for (int i = 0; i < n; ++i)
      text += "scope dup.app_name =~ \"^p" + std::to_string(i) + "\" { disable r }\n";
    return "partition r: require primary_alive else ERR_UNKNOWN\n" + text;
  };
  Limits limits;
  limits.max_regex_memory_total = 4 * (32 << 10);
  EXPECT_EQ(LoadText(rules(4), limits), "");
  const std::string past = LoadText(rules(5), limits);
  EXPECT_NE(past.find("t.rules:6:23: error: the regular expressions of this rule set need more "
                      "than 131072 bytes of RE2 memory together"),
            std::string::npos)
      << past;
}

TEST(EngineLimitsTest, RenderedMessageSize) {
  auto rules = RuleSet::FromText(
      "t.rules", "partition p: require pidx > 0 else ERR_UNKNOWN \"{dup.app_name}!\"");
  ASSERT_TRUE(rules.ok()) << rules.status();
  const int max = Limits().max_message_bytes;
  for (int length : {max - 1, max}) {  // the message is the name and "!": max, then max + 1
    testing::FollowerTable f = testing::HealthyFollower(2, 3);
    f.app_name = std::string(length, 'a');
    testing::FactsHolder facts(f);
    const Verdict v = (*rules)->Check(facts.facts());
    ASSERT_FALSE(v.ready);
    EXPECT_EQ(v.message, length + 1 <= max ? f.app_name + "!" : std::string(max, 'a') + "...");
  }
}

TEST(EngineLimitsTest, ReplyBoundsTheRulesAreCostedFor) {
  Limits limits;
  limits.max_partitions = 4;
  limits.max_addresses_per_list = 3;
  limits.max_host_bytes = 10;
  limits.max_string_bytes = 14;  // "target_cluster"
  auto rules = RuleSet::FromText("t.rules", "partition p: require primary_alive else ERR_UNKNOWN",
                                 nullptr, limits);
  ASSERT_TRUE(rules.ok()) << rules.status();
  const auto judge = [&](const testing::FollowerTable& f) {
    testing::FactsHolder facts(f);
    return (*rules)->Check(facts.facts());
  };
  // At every bound: evaluated (and ready).
  testing::FollowerTable at = testing::HealthyFollower(4, 3);
  at.partitions[0].secondaries.resize(3);
  at.partitions[1].last_drops.resize(3);
  at.partitions[2].primary.host = std::string(10, 'h');
  at.app_name = std::string(14, 'a');
  EXPECT_TRUE(judge(at).ready) << judge(at).message;
  // One past each: refused, naming it.
  const std::pair<std::function<void(testing::FollowerTable*)>, std::string> past[] = {
      {[](testing::FollowerTable* f) {
         f->partitions.push_back(f->partitions[0]);
         f->partitions.back().pidx = 4;
       },
       "the reply's partition count (5) exceeds 4"},
      {[](testing::FollowerTable* f) { f->partitions[3].secondaries.resize(4); },
       "the reply's longest address list (4) exceeds 3"},
      {[](testing::FollowerTable* f) { f->partitions[3].last_drops.resize(4); },
       "the reply's longest address list (4) exceeds 3"},
      {[](testing::FollowerTable* f) {
         f->partitions[3].secondaries[0].host = std::string(11, 'h');
       },
       "the reply's longest host name, in bytes, (11) exceeds 10"},
      {[](testing::FollowerTable* f) { f->remote_cluster_name = std::string(15, 'c'); },
       "the reply's longest name, in bytes, (15) exceeds 14"},
  };
  for (const auto& [push, message] : past) {
    testing::FollowerTable f = at;
    push(&f);
    const Verdict v = judge(f);
    EXPECT_FALSE(v.ready) << message;
    EXPECT_EQ(v.error, "ERR_INVALID_DATA");
    EXPECT_EQ(v.message.rfind(message, 0), 0u) << v.message;
    testing::FactsHolder facts(f);
    EXPECT_TRUE((*rules)->Explain(facts.facts(), 0).empty());
  }
}

TEST(EngineLimitsTest, StepsNeverExceedTheEstimate) {
  // Rules of every construct, on partitions as large as the bounds allow: the steps each takes
  // (counted on the explain path) stay within its estimate, and the loops reach it.
  auto rules = RuleSet::FromText("t.rules", R"(
partition loops: require all(secondaries, s, s.valid and s.port > 0) and
  count(last_drops, d, d.host != primary.host) >= 0 else ERR_UNKNOWN
partition nested: require all(secondaries, s, any(last_drops, d, d.port == s.port)) else ERR_UNKNOWN
partition strings: require not contains(primary.host, "zzz") and starts_with(primary.host, "h")
  and ends_with(primary.host, "h") else ERR_UNKNOWN
partition pattern: require primary.host =~ "^h+$" else ERR_UNKNOWN
partition lists: require pidx not in [-1, -2, -3] and primary not in last_drops else ERR_UNKNOWN
partition names: when dup.app_name =~ "a" require dup.remote_app_name != dup.app_name
  else ERR_UNKNOWN
partition aggregates: require sum(secondaries, s, s.port) + max(last_drops, d, d.port, 0) -
  min(secondaries, s, s.port, 0) >= 0 else ERR_UNKNOWN
)", nullptr, NoCostBudget());
  ASSERT_TRUE(rules.ok()) << rules.status();
  const Limits limits;
  testing::FollowerTable f = testing::HealthyFollower(2, 3);
  f.app_name = std::string(limits.max_string_bytes, 'a');
  f.remote_app_name = std::string(limits.max_string_bytes, 'b');
  for (testing::PartitionConfig& p : f.partitions) {
    p.primary.host = std::string(limits.max_host_bytes, 'h');
    p.secondaries.assign(limits.max_addresses_per_list,
                         testing::HostPort::At(std::string(limits.max_host_bytes, 'h'), 7));
    p.last_drops.assign(limits.max_addresses_per_list,
                        testing::HostPort::At(std::string(limits.max_host_bytes, 'g'), 7));
    // Rising: each is a new max(), its longest path.
    for (size_t i = 0; i < p.last_drops.size(); ++i) p.last_drops[i].port = 7 + static_cast<int>(i);
  }
  testing::FactsHolder facts(f);
  const std::vector<RuleTrace> traces = (*rules)->Explain(facts.facts(), 1);
  ASSERT_EQ(traces.size(), 7u);
  for (const RuleTrace& t : traces) {
    std::printf("%-8s %8lld steps of an estimated %8lld\n", t.rule.c_str(),
                static_cast<long long>(t.steps), static_cast<long long>(t.estimate));
    EXPECT_GT(t.steps, 0) << t.rule;
    EXPECT_LE(t.steps, t.estimate) << t.rule;
  }
  // The loops run through every item here: within a factor of 2 of their estimate.
  EXPECT_GT(2 * traces[0].steps, traces[0].estimate);
  EXPECT_GT(2 * traces[6].steps, traces[6].estimate);
}

}  // namespace
}  // namespace dupready
