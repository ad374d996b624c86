// Property test: lint's claims about random rule files are checked against the evaluator. A
// rule said never to decide (guard never holds, never fails, unreachable, shadowed) never is
// the deciding rule of a verdict, nor changes one when disabled; a replica count said to pass
// unchecked gives a ready verdict whatever its partitions look like.
#include <random>
#include <regex>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/lint/lint.h"
#include "engine/rule_set.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Conditions from a small pool, so that equal, implied and constant ones come up often.
const char* const kAtoms[] = {
    "primary_alive",          "size(secondaries) >= 1",       "size(secondaries) >= 2",
    "replica_count > 1",      "replica_count >= 3",           "replica_count == 1",
    "all(secondaries, s, s.valid)", "alive_replicas == replica_count", "true",
    "size(secondaries) >= 0", "pidx / (replica_count - 1) >= 0", "false",
    "alive_secondaries < 0",  "replica_count < 2 or replica_count >= 2"};

class RuleGen {
 public:
  explicit RuleGen(uint32_t seed) : rng_(seed) {}
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  std::string Cond() {
    const std::string a = kAtoms[Pick(14)];
    switch (Pick(5)) {
      case 0: return "(" + a + ") and (" + kAtoms[Pick(14)] + ")";
      case 1: return "(" + a + ") or (" + kAtoms[Pick(14)] + ")";
      case 2: return "not (" + a + ")";
      default: return a;
    }
  }

  std::string File() {
    std::string text = "table call_ok:\n  require rpc_err == ERR_OK\n  else rpc_err\n";
    if (Pick(2)) text += "table count_ok:\n  require size(response.partitions) >= 1\n  else ERR_INCONSISTENT_STATE\n";
    if (Pick(4) == 0) text += "table accept:\n  " + std::string(Pick(2) ? "true" : "rpc_err == ERR_OK") + " suffices\n";
    const int n = 2 + Pick(5);
    for (int i = 0; i < n; ++i) {
      absl::StrAppend(&text, "partition p", i, ":\n");
      // Parenthesised: a guard ending in a name would call it on a condition starting with '('.
      if (Pick(2)) absl::StrAppend(&text, "  when (", Cond(), ")\n");
      if (Pick(10) < 3) {
        absl::StrAppend(&text, "  ", Cond(), " suffices\n");
      } else {
        absl::StrAppend(&text, "  require ", Cond(), "\n  else ERR_NOT_ENOUGH_MEMBER \"p", i, "\"\n");
      }
    }
    return text;
  }

 private:
  std::mt19937 rng_;
};

std::vector<testing::Follower> Followers(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<testing::Follower> out;
  for (int i = 0; i < 200; ++i) {
    testing::Follower f;
    const int n = 1 + pick(3);
    f.partition_count = n;
    if (pick(10) == 0) f.rpc_err = "ERR_TIMEOUT";
    const int uniform = pick(3) == 0 ? 1 + pick(5) : 0;  // sometimes one replica count for all
    for (int p = 0; p < n; ++p) {
      testing::Partition part;
      part.max_replica_count = uniform ? uniform : 1 + pick(5);
      part.primary.valid = pick(4) != 0;
      const int secondaries = pick(4);
      for (int s = 0; s < secondaries; ++s) part.secondaries.push_back(testing::Replica{pick(4) != 0});
      f.partitions.push_back(part);
    }
    out.push_back(f);
  }
  return out;
}

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
  RuleGen gen(GetParam());
  const std::vector<testing::Follower> followers = Followers(3);
  std::vector<std::unique_ptr<testing::FactsHolder>> facts;
  for (const auto& f : followers) facts.push_back(std::make_unique<testing::FactsHolder>(f));
  int claims = 0, counts = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string text = gen.File();
    auto read = [&](const std::string& path) -> absl::StatusOr<std::string> {
      if (path == "g.rules") return text;
      return absl::NotFoundError(path);
    };
    Diagnostics diags;
    LintRules("g.rules", read, Limits(), &diags);
    ASSERT_FALSE(diags.has_errors()) << text << diags.ToString();
    const Claims c = Parse(diags);
    claims += static_cast<int>(c.never_decide.size());
    counts += static_cast<int>(c.unchecked_counts.size());
    auto rules = RuleSet::Load("g.rules", read);
    ASSERT_TRUE(rules.ok()) << rules.status();
    std::map<std::string, std::unique_ptr<const RuleSet>> without;
    for (const std::string& name : c.removable) {
      const std::string overlay = "extend \"g.rules\"\ndisable " + name + "\n";
      auto r = RuleSet::FromText("o.rules", overlay, read);
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

}  // namespace
}  // namespace dupready
