// Checks over the rules in force, in evaluation order: rules no partition (or table) reaches,
// rules an earlier one shadows, and replica counts no partition requirement applies to.
#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/lint/checks.h"
#include "engine/lint/fold.h"

namespace dupready {
namespace lint_internal {
namespace {

// How many earlier rules of its stage a rule is compared with for shadowing.
constexpr size_t kShadowWindow = 256;
constexpr int kMaxReplicaCount = 5;

bool SameTerm(const ScopeTerm& a, const ScopeTerm& b) { return a.negate == b.negate && a.all == b.all; }

// True when `q` applies to every duplication `r` applies to: each of q's scope terms is r's.
bool ScopeWithin(const MergedRule& q, const MergedRule& r) {
  for (const ScopeTerm& t : q.scope_terms) {
    bool found = false;
    for (const ScopeTerm& u : r.scope_terms) found = found || SameTerm(t, u);
    if (!found) return false;
  }
  return true;
}

// True when `r` applies to no duplication: a positive scope term of `r` has a condition that
// never holds, or a negative term excludes every duplication a positive one includes (a body
// lowered from the floor in a scope, then disabled there).
bool NeverInScope(const MergedRule& r, const MergedRules& rules) {
  for (const ScopeTerm& t : r.scope_terms) {
    if (t.negate) continue;
    for (int s : t.all)
      if (Fold(*rules.scopes[static_cast<size_t>(s)].condition).IsFalse()) return true;
    for (const ScopeTerm& n : r.scope_terms) {
      if (!n.negate) continue;
      bool within = true;
      for (int s : n.all) within = within && std::find(t.all.begin(), t.all.end(), s) != t.all.end();
      if (within) return true;
    }
  }
  return false;
}

// A final requirement: it runs even where a `suffices` before it accepted.
bool IsFloor(const MergedRule& r) { return r.final && r.rule->kind == RuleKind::kRequire; }

// A `suffices` that accepts everything it is evaluated on.
bool AlwaysAccepts(const Rule& q, const Assumptions& assume = Assumptions()) {
  return q.kind == RuleKind::kSuffices && (!q.guard || Fold(*q.guard, assume).IsTrue()) &&
         Fold(*q.condition, assume).IsTrue();
}

// A rule the expression checks already report as never deciding by itself.
bool DecidesNothing(const Rule& r) {
  if (r.guard && Fold(*r.guard).IsFalse()) return true;
  const Constant c = Fold(*r.condition);
  if (r.kind == RuleKind::kSuffices) return c.IsFalse();
  return c.IsTrue() && !(r.guard && MayFail(*r.guard));  // a failing guard fails the rule
}

// Wherever `r`'s guard lets it be evaluated, `q`'s guard lets `q` be evaluated (or fail).
bool GuardWithin(const Rule& q, const Rule& r) {
  return !q.guard || (r.guard && Implies(*r.guard, *q.guard));
}

// `r` can only fail where the earlier `q` has already failed.
bool RequireShadowed(const Rule& q, const Rule& r) {
  if (q.kind != RuleKind::kRequire || r.kind != RuleKind::kRequire) return false;
  // A guard that fails makes its rule fail: r's may only do so where q's does too.
  if (r.guard && MayFail(*r.guard) && !(q.guard && SameExpr(*q.guard, *r.guard))) return false;
  return GuardWithin(q, r) && Implies(*q.condition, *r.condition);
}

// `r` can only hold where the earlier `q` has already accepted.
bool SufficesShadowed(const Rule& q, const Rule& r) {
  return q.kind == RuleKind::kSuffices && r.kind == RuleKind::kSuffices && GuardWithin(q, r) &&
         Implies(*r.condition, *q.condition);
}

class OrderChecks {
 public:
  OrderChecks(const MergedRules& rules, Findings* out) : rules_(rules), out_(out) {}

  void Run() {
    for (Stage stage : {Stage::kTable, Stage::kPartition}) {
      std::vector<const MergedRule*> list;
      for (const MergedRule& r : rules_.rules)
        if (r.rule->stage == stage) list.push_back(&r);
      CheckStage(list, stage == Stage::kTable ? "the table" : "every partition");
      if (stage == Stage::kPartition) ReplicaCounts(list);
    }
  }

 private:
  std::string Where(const MergedRule& r) const { return Findings::Where(r.file, r.rule->pos); }
  bool Later(const MergedRule& a, const MergedRule& b) const {
    return out_->Later(a.file, a.rule->pos, b.file, b.rule->pos);
  }
  std::string Name(const MergedRule& r) const { return absl::StrCat("'", r.rule->name, "'"); }

  void CheckStage(const std::vector<const MergedRule*>& list, const char* what) {
    std::vector<const MergedRule*> accepting;
    for (size_t i = 0; i < list.size(); ++i) {
      const MergedRule& r = *list[i];
      if (DecidesNothing(*r.rule) || NeverInScope(r, rules_)) continue;
      const MergedRule* by = nullptr;
      for (const MergedRule* q : accepting)
        if (ScopeWithin(*q, r)) by = by ? by : q;
      // A final requirement still runs after a `suffices` accepted.
      if (by != nullptr && !IsFloor(r)) {
        Unreachable(*by, r, what);
        continue;
      }
      if (AlwaysAccepts(*r.rule) && !NeverInScope(r, rules_) && accepting.size() < 16)
        accepting.push_back(&r);
      for (size_t j = i > kShadowWindow ? i - kShadowWindow : 0; j < i; ++j) {
        const MergedRule& q = *list[j];
        if (!ScopeWithin(q, r)) continue;
        // Where a `suffices` accepted, a final `r` runs and a `q` that is not final does not.
        if (RequireShadowed(*q.rule, *r.rule) && (q.final || !r.final)) {
          Shadowed(q, r, "fails", "has already failed");
          break;
        }
        if (SufficesShadowed(*q.rule, *r.rule)) {
          Shadowed(q, r, "would accept", "has already accepted");
          break;
        }
      }
    }
  }

  // Reported where the reader can act: at whichever of the two was applied later.
  void Unreachable(const MergedRule& q, const MergedRule& r, const char* what) {
    if (Later(q, r)) {
      out_->Warn(q.file, q.rule->pos,
                 absl::StrCat(Name(q), " accepts ", what, " it applies to, so ", Name(r), " (",
                              Where(r), "), after it, is never reached"));
    } else {
      out_->Warn(r.file, r.rule->pos,
                 absl::StrCat(Name(r), " is never reached: ", Name(q), " (", Where(q),
                              ") accepts ", what, " it applies to before it"));
    }
  }

  void Shadowed(const MergedRule& q, const MergedRule& r, const char* verb, const char* done) {
    if (Later(q, r)) {
      out_->Warn(q.file, q.rule->pos,
                 absl::StrCat(Name(q), " makes ", Name(r), " (", Where(r), ") redundant: "
                              "wherever ", Name(r), " ", verb, ", ", Name(q), " ", done,
                              " (its scope and guard are no narrower, its condition no weaker)"));
    } else {
      out_->Warn(r.file, r.rule->pos,
                 absl::StrCat(Name(r), " never decides: wherever it ", verb, ", ", Name(q), " (",
                              Where(q), ") ", done, " (its scope and guard are no narrower, "
                              "its condition no weaker)"));
    }
  }

  // For each replica count, whether some partition requirement applies (lint.h).
  void ReplicaCounts(const std::vector<const MergedRule*>& list) {
    if (std::none_of(list.begin(), list.end(), [](const MergedRule* r) {
          return r->rule->kind == RuleKind::kRequire;
        }))
      return;
    struct Place {
      const RuleFile* file;
      Pos pos;
      std::string rule;
      bool accepted;
      bool operator<(const Place& o) const {
        return std::tie(file, pos.line, pos.column) < std::tie(o.file, o.pos.line, o.pos.column);
      }
    };
    std::map<Place, std::vector<int>> uncovered;
    for (int k = 1; k <= kMaxReplicaCount; ++k) {
      Assumptions assume;
      assume.replica_count = k;
      const MergedRule* excluded = nullptr;
      const MergedRule* accepted = nullptr;
      bool covered = false;
      for (const MergedRule* r : list) {
        if (r->rule->kind == RuleKind::kSuffices) {
          if (!accepted && r->scope_terms.empty() && AlwaysAccepts(*r->rule, assume)) accepted = r;
          continue;
        }
        if (accepted && !r->final) continue;  // only final requirements run after acceptance
        if (NeverInScope(*r, rules_)) continue;
        if (r->rule->guard && Fold(*r->rule->guard, assume).IsFalse()) {
          excluded = excluded ? excluded : r;
          continue;
        }
        covered = true;
        break;
      }
      if (covered) continue;
      const MergedRule* at = accepted ? accepted : excluded;
      if (at == nullptr) continue;  // every requirement is out of scope: reported there
      Place place{at->file, accepted ? at->rule->body_pos : at->rule->when_pos, at->rule->name,
                  accepted != nullptr};
      uncovered[place].push_back(k);
    }
    for (const auto& [place, counts] : uncovered) {
      std::vector<std::string> shown;
      for (int k : counts) shown.push_back(std::to_string(k));
      std::string ks = shown.size() == 1
                           ? shown[0]
                           : absl::StrCat(absl::StrJoin(shown.begin(), shown.end() - 1, ", "),
                                          " or ", shown.back());
      const std::string root = rules_.files.front()->filename;
      out_->Warn(place.file, place.pos,
                 place.accepted
                     ? absl::StrCat("with ", root, ", '", place.rule, "' accepts every partition "
                                    "with replica_count ", ks, " before any requirement applies: "
                                    "such partitions pass unchecked")
                     : absl::StrCat("with ", root, ", no partition requirement applies to "
                                    "partitions with replica_count ", ks, " (their guards, "
                                    "this one first, exclude it): such partitions pass "
                                    "unchecked"));
    }
  }

  const MergedRules& rules_;
  Findings* out_;
};

}  // namespace

void CheckOrder(const MergedRules& rules, Findings* out) { OrderChecks(rules, out).Run(); }

}  // namespace lint_internal
}  // namespace dupready
