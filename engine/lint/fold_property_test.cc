// Property tests: on thousands of random expressions, every constant Fold proves and every
// implication Implies proves holds for the evaluator on random followers. Lint's claims rest
// on these two, so a counterexample here is a wrong warning there.
#include <random>

#include "absl/strings/str_cat.h"
#include "engine/lint/fold.h"
#include "engine/loader/loader.h"
#include "engine/rule_set.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

class Gen {
 public:
  explicit Gen(uint32_t seed) : rng_(seed) {}
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  std::string Int(int depth) {
    static const char* const kLeaves[] = {
        "pidx", "replica_count", "max_replica_count", "alive_replicas", "alive_secondaries",
        "size(secondaries)", "count(secondaries, s, s.valid)", "size(dup.remote_app_name)",
        "sum(secondaries, s, s.port)", "max(secondaries, s, s.port, pidx - 1)"};
    if (depth <= 0 || Pick(3) == 0) {
      if (Pick(2) == 0) return std::to_string(Pick(9) - 3);
      return kLeaves[Pick(10)];
    }
    static const char* const kOps[] = {"+", "-", "*", "/", "%"};
    if (Pick(6) == 0) return "-(" + Int(depth - 1) + ")";
    return "(" + Int(depth - 1) + " " + kOps[Pick(5)] + " " + Int(depth - 1) + ")";
  }

  std::string Name() {
    static const char* const kFacts[] = {"dup.remote_app_name", "dup.remote_cluster_name",
                                         "dup.app_name"};
    return kFacts[Pick(3)];
  }

  std::string Bool(int depth) {
    static const char* const kPatterns[] = {"^temp_", "^temp tables", "a/b", "x", "^\\\\s", "",
                                            "^[a-z]+$", "(?i)TEMP", "_d", "^backup_"};
    static const char* const kCmp[] = {"==", "!=", "<", "<=", ">", ">="};
    const int choice = depth <= 0 ? Pick(4) : Pick(11);
    switch (choice) {
      case 0: return "primary_alive";
      case 1: return Pick(2) ? "true" : "false";
      case 2: return Name() + (Pick(2) ? " =~ \"" : " !~ \"") + kPatterns[Pick(10)] + "\"";
      case 3: return Pick(2) ? "all(secondaries, s, s.valid)" : "any(secondaries, s, s.valid)";
      case 4:
      case 5: return "(" + Int(depth - 1) + " " + kCmp[Pick(6)] + " " + Int(depth - 1) + ")";
      case 6: return "not " + Bool(depth - 1);
      case 7:
      case 8: return "(" + Bool(depth - 1) + (Pick(2) ? " and " : " or ") + Bool(depth - 1) + ")";
      case 9: return "(" + Int(depth - 1) + (Pick(2) ? " in [" : " not in [") + Int(0) + ", " +
                     Int(0) + "])";
      default: return "starts_with(" + Name() + ", \"te\")";
    }
  }

 private:
  std::mt19937 rng_;
};

// One-partition followers of every shape the generator's facts distinguish.
class Followers {
 public:
  explicit Followers(uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    static const char* const kNames[] = {"temp_x", "orders", "backup_dr", "", "a.b-c:d", "te"};
    for (int i = 0; i < 60; ++i) {
      auto f = std::make_unique<FollowerFacts>();
      f->app_name = kNames[pick(6)];
      f->remote_cluster_name = kNames[pick(6)];
      f->remote_app_name = kNames[pick(6)];
      f->partition_count = 1;
      f->rpc_err = "ERR_OK";
      f->response_err = "ERR_OK";
      f->response_partition_count = 1;
      const int replicas = pick(6);
      AddressFact secondaries[4];
      const int n = pick(5);
      for (int s = 0; s < n; ++s) secondaries[s] = pick(3) ? AddressFact{"h", 1, true} : AddressFact{};
      AppendPartition(f.get(), pick(7) - 1, 1, replicas,
                      pick(4) ? AddressFact{"p", 1, true} : AddressFact{}, secondaries, n, nullptr,
                      0, 0, 0);
      facts_.push_back(std::move(f));
    }
  }
  const std::vector<std::unique_ptr<FollowerFacts>>& all() const { return facts_; }

 private:
  std::vector<std::unique_ptr<FollowerFacts>> facts_;
};

std::unique_ptr<const RuleSet> Compile(const std::string& condition) {
  Limits limits;
  limits.max_check_cost = 0;  // random conditions may be costly; here only their values count
  auto rules = RuleSet::FromText("p.rules", "partition r: require " + condition + " else ERR_UNKNOWN",
                                 nullptr, limits);
  EXPECT_TRUE(rules.ok()) << condition << "\n" << rules.status();
  return rules.ok() ? std::move(*rules) : nullptr;
}

// The checked tree of `condition` (kept alive by `holder`).
const Expr* Checked(const std::string& condition, MergedRules* holder) {
  auto read = [&](const std::string&) -> absl::StatusOr<std::string> {
    return "partition r: require " + condition + " else ERR_UNKNOWN";
  };
  absl::StatusOr<MergedRules> merged = LoadRules("p.rules", read, Limits());
  if (!merged.ok()) return nullptr;
  *holder = *std::move(merged);
  return holder->rules.at(0).rule->condition.get();
}

// True when `condition` evaluates to true without error on `facts` (the rule passes).
bool Holds(const RuleSet& rules, const FollowerFacts& facts) { return rules.Check(facts).ready; }

TEST(FoldPropertyTest, FoldedConstantsHoldOnEveryFollower) {
  Gen gen(7);
  Followers followers(11);
  int proven = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string cond = gen.Bool(3);
    MergedRules holder;
    const Expr* e = Checked(cond, &holder);
    ASSERT_NE(e, nullptr) << cond;
    for (int k = 0; k <= 5; ++k) {
      Assumptions assume;
      if (k > 0) assume.replica_count = k;
      const Constant c = Fold(*e, assume);
      const bool may_fail = MayFail(*e, assume);
      if (!c.known() && may_fail) continue;
      auto yes = Compile(cond);
      auto no = Compile("not (" + cond + ")");
      ASSERT_TRUE(yes && no);
      proven += c.known();
      for (const auto& f : followers.all()) {
        if (k > 0 && f->partitions[0].slot[kSlotMaxReplicaCount] != k) continue;
        const bool holds = Holds(*yes, *f), fails = Holds(*no, *f);
        if (c.IsTrue()) {
          ASSERT_TRUE(holds) << cond << " folded to true (replica_count " << k << ")";
        }
        if (c.IsFalse()) {
          ASSERT_TRUE(fails) << cond << " folded to false (replica_count " << k << ")";
        }
        if (!may_fail) {  // it evaluates to true or to false, never to an error
          ASSERT_TRUE(holds || fails) << cond << " said not to fail";
        }
      }
    }
  }
  EXPECT_GT(proven, 300);  // the generator does reach the folder's proofs
}

TEST(FoldPropertyTest, ImplicationsHoldOnEveryFollower) {
  Gen gen(23);
  Followers followers(5);
  int proven = 0;
  for (int i = 0; i < 4000; ++i) {
    // Related pairs are likelier to imply each other: share a conjunct or a comparison.
    const std::string x = gen.Bool(2);
    std::string a = x, b = x;
    switch (gen.Pick(4)) {
      case 0: a = "(" + x + " and " + gen.Bool(1) + ")"; break;
      case 1: b = "(" + x + " or " + gen.Bool(1) + ")"; break;
      case 2: {
        const std::string v = gen.Int(1);
        static const char* const kCmp[] = {"==", "!=", "<", "<=", ">", ">="};
        a = "(" + v + " " + kCmp[gen.Pick(6)] + " " + std::to_string(gen.Pick(7) - 3) + ")";
        b = "(" + v + " " + kCmp[gen.Pick(6)] + " " + std::to_string(gen.Pick(7) - 3) + ")";
        break;
      }
      default: b = gen.Bool(2); break;
    }
    MergedRules ha, hb;
    const Expr* ea = Checked(a, &ha);
    const Expr* eb = Checked(b, &hb);
    ASSERT_TRUE(ea && eb) << a << " / " << b;
    if (!Implies(*ea, *eb)) continue;
    ++proven;
    auto ra = Compile(a);
    auto rb = Compile(b);
    ASSERT_TRUE(ra && rb);
    for (const auto& f : followers.all()) {
      if (Holds(*ra, *f)) {
        ASSERT_TRUE(Holds(*rb, *f)) << a << " was said to imply " << b;
      }
    }
  }
  EXPECT_GT(proven, 200);
}

}  // namespace
}  // namespace dupready
