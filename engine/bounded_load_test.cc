// Every hostile rule set of engine/testing/hostile_rules.h is refused by RuleSet::Load within
// the time and memory bounds (each load runs in a child, measured with wait4), with few,
// short diagnostics; the largest sets that load do so within the same bounds.
#include <cstdio>
#include <string>

#include "engine/rule_set.h"
#include "engine/testing/child_usage.h"
#include "engine/testing/hostile_rules.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using testing::ChildUsage;
using testing::RuleSetFiles;
using testing::RuleSetMaker;

// Makes and loads the set in a child: exit 0 when it loaded, 1 when refused, 2 when the
// diagnostics broke their own bounds (too many issues kept, or a rendering far longer than
// they allow).
ChildUsage LoadInChild(const RuleSetMaker& maker) {
  return testing::RunInChild([&] {
    const RuleSetFiles set = maker.make();
    Diagnostics d;
    auto rules = RuleSet::Load(set.root, set.Reader(), Limits(), &d);
    if (rules.ok()) return 0;
    const Limits limits;
    if (static_cast<int>(d.issues().size()) > 2 * limits.max_errors) return 2;
    if (rules.status().message().size() > 2000u * static_cast<size_t>(limits.max_errors)) return 2;
    return 1;
  });
}

TEST(BoundedLoadTest, HostileRuleSetsAreRefusedQuicklyInLittleMemory) {
  for (const RuleSetMaker& maker : testing::HostileRuleSets()) {
    const ChildUsage u = LoadInChild(maker);
    std::printf("refused %-30s cpu %.3f s, wall %.3f s, peak RSS %ld KiB\n", maker.name.c_str(),
                u.cpu_seconds, u.wall_seconds, u.max_rss_kib);
    EXPECT_EQ(u.exit_code, 1) << maker.name;
    EXPECT_LT(u.cpu_seconds, testing::kMaxSeconds) << maker.name;
    EXPECT_LT(u.max_rss_kib, testing::kMaxRssKiB) << maker.name;
  }
}

TEST(BoundedLoadTest, TheLargestLoadableSetsLoadQuicklyInLittleMemory) {
  for (const RuleSetMaker& maker : testing::LargestLoadableRuleSets()) {
    const RuleSetFiles set = maker.make();
    Diagnostics d;
    auto rules = RuleSet::Load(set.root, set.Reader(), Limits(), &d);
    ASSERT_TRUE(rules.ok()) << set.name << "\n" << d.ToString().substr(0, 2000);
    const ChildUsage u = LoadInChild(maker);
    std::printf("loaded  %-30s cpu %.3f s, wall %.3f s, peak RSS %ld KiB, cost %lld steps\n",
                set.name.c_str(), u.cpu_seconds, u.wall_seconds, u.max_rss_kib,
                static_cast<long long>((*rules)->cost_per_check()));
    EXPECT_EQ(u.exit_code, 0) << set.name;
    EXPECT_LT(u.cpu_seconds, testing::kMaxSeconds) << set.name;
    EXPECT_LT(u.max_rss_kib, testing::kMaxRssKiB) << set.name;
  }
}

TEST(BoundedLoadTest, EachHostileSetIsRefusedForItsOwnReason) {
  // The first line of each refusal, so a set refused for a reason other than the one it was
  // made for shows up.
  const std::pair<const char*, const char*> expected[] = {
      {"at_16k_one_line", "unexpected characters '@@@@@@@@@@@@@@@@...' (16384 bytes)"},
      {"nul_8m", "unexpected characters '\\x00\\x00"},
      {"invalid_utf8_8m", "unexpected characters '\\xff\\xff"},
      {"terminal_escapes_8m", "unexpected character '\\x1b'"},
      {"bad_escapes_one_string", "unknown escape in string"},
      {"open_parens_8m", "expression is nested too deeply"},
      {"long_name_8m", "names are at most 127 bytes"},
      {"list_of_1m_items", "more than 100000 expression nodes"},
      {"comments_8m", "more than 100000 expression nodes and comments"},
      {"patterns_10000", "need more than 16777216 bytes of RE2 memory together"},
      {"patterns_31_files_of_300", "need more than 16777216 bytes of RE2 memory together"},
      {"small_patterns_16000", "need more than 16777216 bytes of RE2 memory together"},
      {"trivial_rules_172175", "more than 100000 expression nodes"},
      {"trivial_rules_10000", "the rules in force may take"},
      {"nested_regex_10", "The costliest rule is 'n0'"},
  };
  const std::vector<RuleSetMaker> makers = testing::HostileRuleSets();
  for (const auto& [name, want] : expected) {
    bool found = false;
    for (const RuleSetMaker& maker : makers) {
      if (maker.name != name) continue;
      found = true;
      const RuleSetFiles set = maker.make();
      auto rules = RuleSet::Load(set.root, set.Reader());
      ASSERT_FALSE(rules.ok()) << name;
      const std::string msg(rules.status().message());
      EXPECT_NE(msg.substr(0, msg.find('\n')).find(want), std::string::npos)
          << name << ":\n" << msg.substr(0, 600);
    }
    EXPECT_TRUE(found) << name;
  }
}

}  // namespace
}  // namespace dupready
