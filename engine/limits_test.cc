// The limits of engine/common/limits.h not pinned elsewhere, each at the limit (loads) and one
// past it (a located error naming the limit): regular-expression program size, files reached
// through `extend`, extend depth, quantifier nesting, failures listed per rule, errors
// reported. File size, rule count, expression depth and template length are pinned in
// parser_test.cc and loader_test.cc.
#include <cstdio>
#include <map>
#include <string>

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
    testing::Follower f = testing::Follower::Healthy(failing + 2, 3);
    for (int i = 0; i < failing; ++i) f.partitions[i + 1].primary.valid = false;
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

}  // namespace
}  // namespace dupready
