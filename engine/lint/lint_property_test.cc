// Property test: lint's claims about random rule files are checked against the evaluator. A
// rule said never to decide (guard never holds, never fails, unreachable, shadowed) never is
// the deciding rule of a verdict, nor changes one when disabled; a replica count said to pass
// unchecked gives a ready verdict whatever its partitions look like.
#include <cstdio>
#include <random>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/lint/lint.h"
#include "engine/lint/rule_gen.h"
#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

struct Claims {
  std::set<std::string> never_decide;  // rules that must never be the deciding rule
  std::set<std::string> removable;     // rules whose removal must change no verdict
  std::set<int> unchecked_counts;      // replica counts whose partitions pass unchecked
};

Claims Parse(const Diagnostics& diags) {
  static const std::regex kNever(
      R"(^'(\w+)' (never decides|is never reached)|^the (guard|requirement|condition) of '(\w+)')");
  static const std::regex kAfter(R"(so '(\w+)' \(.*\), after it, is never reached|makes '(\w+)' \()");
  static const std::regex kCounts(R"(replica_count ([0-9, or]+) )");
  Claims c;
  for (const Issue& i : diags.issues()) {
    std::smatch m;
    std::string name;
    if (std::regex_search(i.message, m, kNever)) name = m[1].matched ? m[1] : m[4];
    if (std::regex_search(i.message, m, kAfter)) name = m[1].matched ? m[1] : m[2];
    if (!name.empty()) {
      c.never_decide.insert(name);
      c.removable.insert(name);
    }
    if (i.message.find("pass unchecked") != std::string::npos &&
        std::regex_search(i.message, m, kCounts)) {
      std::string ks = m[1];
      for (char ch : ks)
        if (ch >= '1' && ch <= '5') c.unchecked_counts.insert(ch - '0');
    }
  }
  return c;
}

class LintPropertyTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(LintPropertyTest, ClaimsHoldOnRandomRuleFiles) {
  testing::RuleGen gen(GetParam());
  const std::vector<testing::FollowerTable> followers = testing::RandomFollowers(3, 200, false);
  std::vector<std::unique_ptr<testing::FactsHolder>> facts;
  for (const auto& f : followers) facts.push_back(std::make_unique<testing::FactsHolder>(f));
  int claims = 0, counts = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string text = gen.File();
    auto read = [&](const std::string& path) -> absl::StatusOr<std::string> {
      if (path == "g.rules") return text;
      return absl::NotFoundError(path);
    };
    // The claims under test are the syntactic analyses' (the floor has its own test below).
    Diagnostics diags;
    absl::StatusOr<MergedRules> merged = LoadRules("g.rules", read, Limits(), &diags);
    ASSERT_TRUE(merged.ok()) << text << diags.ToString();
    AnalyzeRules(*merged, nullptr, &diags);
    ASSERT_FALSE(diags.has_errors()) << text << diags.ToString();
    const Claims c = Parse(diags);
    claims += static_cast<int>(c.never_decide.size());
    counts += static_cast<int>(c.unchecked_counts.size());
    auto rules = RuleSet::Load("g.rules", read);
    ASSERT_TRUE(rules.ok()) << rules.status();
    std::map<std::string, std::unique_ptr<const RuleSet>> without;
    for (const std::string& name : c.removable) {
      std::string overlay = "extend \"g.rules\"\ndisable " + name + "\n";
      auto r = RuleSet::FromText("o.rules", overlay, read);
      if (!r.ok()) {  // a final rule: lowered first
        overlay = "extend \"g.rules\"\nunfinal " + name + " \"removed\"\ndisable " + name + "\n";
        r = RuleSet::FromText("o.rules", overlay, read);
      }
      ASSERT_TRUE(r.ok()) << r.status();
      without[name] = std::move(*r);
    }
    for (size_t i = 0; i < facts.size(); ++i) {
      const Verdict v = (*rules)->Check(facts[i]->facts());
      ASSERT_EQ(c.never_decide.count(v.rule), 0u)
          << "lint said '" << v.rule << "' never decides, but it did:\n" << text << diags.ToString();
      for (const auto& [name, r] : without) {
        const Verdict w = r->Check(facts[i]->facts());
        ASSERT_TRUE(w.ready == v.ready && w.error == v.error && w.rule == v.rule &&
                    w.partition == v.partition)
            << "disabling '" << name << "' changed a verdict:\n" << text << diags.ToString();
      }
      const auto& parts = followers[i].partitions;
      const int k = parts.front().max_replica_count;
      bool uniform = followers[i].rpc_err == "ERR_OK";
      for (const auto& p : parts) uniform = uniform && p.max_replica_count == k;
      if (uniform && c.unchecked_counts.count(k)) {
        ASSERT_TRUE(v.ready) << "lint said replica_count " << k << " passes unchecked, but rule '"
                             << v.rule << "' failed it:\n" << text << diags.ToString();
      }
    }
  }
  EXPECT_GT(claims, 100);  // the generator does provoke the claims under test
  EXPECT_GT(counts, 20);
}

INSTANTIATE_TEST_SUITE_P(Seeds, LintPropertyTest, ::testing::Range(1000u, 1003u));

// The floor: no rule file that loads makes READY a follower with a failed call, a failed
// answer, a partition count that is not the source's or a dead primary, unless lint printed a
// "floor:" warning for it. Files are overlays on default.rules (early `suffices`, new rules,
// `unfinal`, `disable`, `replace`, scoped or not) and files of their own. An overlay that
// disables or replaces a final rule it did not lower must not load.
class FloorPropertyTest : public ::testing::TestWithParam<uint32_t> {};

TEST_P(FloorPropertyTest, NothingBreaksTheFloorUnwarned) {
  testing::RuleGen gen(GetParam());
  const std::vector<testing::FollowerTable> followers =
      testing::RandomFollowers(GetParam(), 300, true);
  std::vector<std::unique_ptr<testing::FactsHolder>> facts;
  for (const auto& f : followers) facts.push_back(std::make_unique<testing::FactsHolder>(f));
  int loaded = 0, refused = 0, warned = 0, let_through = 0, held = 0;
  for (int round = 0; round < 150; ++round) {
    const bool overlay = gen.Pick(3) != 0;
    const std::string text = overlay ? gen.Overlay("rules/default.rules") : gen.File();
    auto read = [&](const std::string& path) -> absl::StatusOr<std::string> {
      if (path == "g.rules") return text;
      return testing::ReadTestFile(path);
    };
    auto rules = RuleSet::Load("g.rules", read);
    if (!rules.ok()) {
      // Only overlays fail, and only for touching the floor without lowering it.
      ASSERT_TRUE(overlay) << text << rules.status();
      ASSERT_NE(rules.status().message().find("is on the floor: rules/default.rules made it final"),
                absl::string_view::npos)
          << text << rules.status();
      ++refused;
      continue;
    }
    ++loaded;
    Diagnostics diags;
    LintRules("g.rules", read, Limits(), &diags);
    ASSERT_FALSE(diags.has_errors()) << text << diags.ToString();
    bool floor_warning = false;
    for (const Issue& i : diags.issues())
      floor_warning = floor_warning || i.message.rfind("floor: ", 0) == 0;
    warned += floor_warning;
    for (size_t i = 0; i < facts.size(); ++i) {
      if (!testing::MustNotBeReady(followers[i])) continue;
      const Verdict v = (*rules)->Check(facts[i]->facts());
      if (!v.ready) {
        ++held;
        continue;
      }
      ++let_through;
      ASSERT_TRUE(floor_warning) << "follower " << i << " is READY, but lint printed no floor "
                                 << "warning:\n" << text << diags.ToString();
    }
  }
  std::printf("%d files loaded (%d with a floor warning), %d refused; of the followers that must "
              "not be READY, %d were refused and %d let through\n",
              loaded, warned, refused, held, let_through);
  // The generator provokes every case under test.
  EXPECT_GT(loaded, 60);
  EXPECT_GT(refused, 10);
  EXPECT_GT(warned, 20);
  EXPECT_GT(let_through, 100);
  EXPECT_GT(held, 1000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FloorPropertyTest, ::testing::Range(2000u, 2002u));

}  // namespace
}  // namespace dupready
