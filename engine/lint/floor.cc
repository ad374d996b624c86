// The floor: every `unfinal` is reported, and the rules in force are evaluated over the
// configuration space (engine/analysis/config_space.h) to find a follower with a failed call, a
// failed answer, a wrong partition count or a dead primary that they make READY.
#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/analysis/config_space.h"
#include "engine/analysis/rule_constants.h"
#include "engine/lint/checks.h"

namespace dupready {
namespace lint_internal {
namespace {

// Configurations the floor check evaluates at most (a few milliseconds for the shipped rules,
// which need about 5,000 to 20,000), and rules times configurations (about a second of lint):
// a set of many rules gets fewer configurations, and past that the floor is reported unchecked.
constexpr int64_t kMaxFloorConfigs = 200000;
constexpr int64_t kMaxFloorWork = 4000000;

// What a follower that must never be READY has wrong, in the order Pegasus checks.
enum Breach { kCall, kAnswer, kCount, kPrimary, kBreaches };

std::string Quote(const std::string& s) { return absl::StrCat("'", s, "'"); }

class FloorCheck {
 public:
  FloorCheck(const MergedRules& merged, const RuleSet& rules, Findings* out)
      : merged_(merged), rules_(rules), out_(out) {
    // RuleSet::rules() order: table rules, then partition rules, each in merged order.
    for (int pass = 0; pass < 2; ++pass)
      for (const MergedRule& r : merged_.rules)
        if ((r.rule->stage == Stage::kTable) == (pass == 0)) order_.push_back(&r);
  }

  void Run() {
    for (const MergedLowering& l : merged_.lowerings) {
      out_->Warn(l.file, l.pos,
                 absl::StrCat(Quote(l.name), " is taken off the floor here (\"", l.reason,
                              "\"): overlays may now disable or replace it, and a `suffices` "
                              "before it skips it", l.scope.empty() ? "" : ", in this scope"));
    }
    RuleConstants constants;
    CollectRuleConstants(merged_, &constants);
    const int64_t rules = std::max<int64_t>(1, static_cast<int64_t>(merged_.rules.size()));
    absl::StatusOr<ConfigSpace> space =
        ConfigSpace::Build(constants, std::min(kMaxFloorConfigs, kMaxFloorWork / rules));
    const RuleFile* root = merged_.files.front().get();
    if (!space.ok()) {
      out_->Warn(root, Pos{},
                 absl::StrCat("floor: not checked, so it is unknown whether these rules make "
                              "READY a follower with a failed call, a failed answer, a wrong "
                              "partition count or a dead primary: ",
                              space.status().message()));
      return;
    }
    // The first READY follower of each kind, with what let it through.
    std::array<bool, kBreaches> found{};
    int left = kBreaches;
    FollowerFacts facts;
    EvalScratch scratch;
    space->ForEach([&](const Config& c) {
      if (left == 0) return;
      const Breach b = Classify(*space, c);
      if (b == kBreaches || found[b]) return;
      space->BuildFacts(c, &facts);
      if (!rules_.Ready(facts, &scratch)) return;
      found[b] = true;
      --left;
      Add(b, *space, c, facts);
    });
    Report();
  }

 private:
  // Followers let through the same way are reported together, with the first as example.
  struct Through {
    const MergedRule* by = nullptr;  // the accepting `suffices`, or null
    std::vector<std::pair<Breach, std::string>> what;  // in Pegasus's order when reported
    std::string example;
  };

  static Breach Classify(const ConfigSpace& s, const Config& c) {
    if (s.value(c, Dim::kRpcErr).s != "ERR_OK") return kCall;
    if (s.value(c, Dim::kResponseErr).s != "ERR_OK") return kAnswer;
    if (s.value(c, Dim::kSourceCount).i != 0) return kCount;
    if (s.value(c, Dim::kPrimary).i == 0) return kPrimary;
    return kBreaches;
  }

  static std::string What(Breach b, const ConfigSpace& s, const Config& c) {
    switch (b) {
      case kCall: return absl::StrCat("a failed call (rpc_err ", s.value(c, Dim::kRpcErr).s, ")");
      case kAnswer:
        return absl::StrCat("a failed answer (response.err ", s.value(c, Dim::kResponseErr).s, ")");
      case kCount: return "a partition count that is not the source's";
      default: return "a dead primary";
    }
  }

  // The `suffices` that accepted the follower (for a dead primary, its subject partition).
  const MergedRule* Accepter(Breach b, const ConfigSpace& s, const Config& c,
                             const FollowerFacts& facts) const {
    const DimValue& layout = s.value(c, Dim::kLayout);
    const int subject = b == kPrimary ? static_cast<int>(layout.j >= 0 ? layout.j : 0) : -1;
    const std::vector<RuleTrace> traces = rules_.Explain(facts, subject);
    // Traces come in RuleSet::rules() order, as order_ does.
    for (size_t k = 0; k < traces.size() && k < order_.size(); ++k) {
      const RuleTrace& t = traces[k];
      if (t.outcome == RuleTrace::Outcome::kAccepted && t.table == (b != kPrimary) &&
          order_[k]->rule->name == t.rule)
        return order_[k];
    }
    return nullptr;
  }

  void Add(Breach b, const ConfigSpace& s, const Config& c, const FollowerFacts& facts) {
    const MergedRule* by = Accepter(b, s, c, facts);
    for (Through& t : through_) {
      if (t.by == by) {
        t.what.emplace_back(b, What(b, s, c));
        return;
      }
    }
    through_.push_back(Through{by, {{b, What(b, s, c)}}, s.Describe(c)});
  }

  void Report() {
    const RuleFile* root = merged_.files.front().get();
    for (Through& t : through_) {
      std::sort(t.what.begin(), t.what.end());
      std::string what = t.what.front().second;
      for (size_t i = 1; i < t.what.size(); ++i)
        absl::StrAppend(&what, i + 1 == t.what.size() ? " or " : ", ", t.what[i].second);
      const std::string head =
          absl::StrCat("floor: ", root->filename, " makes READY a follower with ", what, " (e.g. ",
                       t.example, "): ");
      if (t.by != nullptr) {
        out_->Warn(t.by->file, t.by->rule->pos,
                   absl::StrCat(head, Quote(t.by->rule->name), " accepts it before any rule "
                                "refuses it"));
      } else if (!merged_.lowerings.empty()) {
        const MergedLowering& l = merged_.lowerings.front();
        out_->Warn(l.file, l.pos,
                   absl::StrCat(head, "no rule in force refuses it, and the floor was lowered "
                                "here (", Quote(l.name), ": \"", l.reason, "\")"));
      } else {
        out_->Warn(root, Pos{},
                   absl::StrCat(head, "no rule in force refuses it (the final rules of "
                                "rules/default.rules do: extend it, or make such rules final)"));
      }
    }
  }

  const MergedRules& merged_;
  const RuleSet& rules_;
  Findings* out_;
  std::vector<const MergedRule*> order_;
  std::vector<Through> through_;
};

}  // namespace

void CheckFloor(const MergedRules& merged, const RuleSet& rules, Findings* out) {
  if (merged.files.empty() || merged.rules.empty()) return;
  FloorCheck(merged, rules, out).Run();
}

}  // namespace lint_internal
}  // namespace dupready
