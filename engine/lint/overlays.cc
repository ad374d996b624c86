// Replays the loader's merge (extend, replace, disable, scopes) keeping, for every body of a
// rule, the scope terms that decide where it applies and the directive that added each. From
// that: bodies a file gives and then discards itself, and scoped overlays that change nothing.
#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/lint/checks.h"
#include "engine/lint/fold.h"

namespace dupready {
namespace lint_internal {
namespace {

using Chain = std::vector<const Expr*>;  // enclosing scope conditions, outermost first

// "Every scope in `chain` holds" (or, negated, "not all of them hold").
struct Term {
  Chain chain;
  bool negate = false;
  const RuleFile* by_file = nullptr;  // the directive that added it
  Pos by_pos;
};

// One body of a rule in force, as the loader keeps them (MergedRule).
struct Variant {
  const Rule* rule = nullptr;
  const RuleFile* file = nullptr;
  std::vector<Term> terms;
  size_t defined = 0;  // leading terms from where the rule was defined
};

// True when all of `inner`'s conditions hold wherever all of `outer`'s do: each of them is
// one of `outer`'s (structurally).
bool Covers(const Chain& inner, const Chain& outer) {
  for (const Expr* e : inner) {
    bool found = false;
    for (const Expr* o : outer) found = found || SameExpr(*e, *o);
    if (!found) return false;
  }
  return true;
}

// The negative term that switches `v` off wherever `chain` holds, or null.
const Term* OffWithin(const Variant& v, const Chain& chain) {
  for (const Term& t : v.terms)
    if (t.negate && Covers(t.chain, chain)) return &t;
  return nullptr;
}

// The negative term that switches `v` off wherever it is in scope at all, or null.
const Term* Dead(const Variant& v) {
  for (const Term& p : v.terms) {
    if (p.negate) continue;
    if (const Term* n = OffWithin(v, p.chain)) return n;
  }
  // Defined without a scope: dead only if switched off everywhere (a negated empty chain).
  return OffWithin(v, Chain());
}

class Replay {
 public:
  explicit Replay(Findings* out) : out_(out) {}

  void File(const RuleFile* f) {
    Chain chain;
    Walk(f, f->directives, &chain);
  }

 private:
  std::string Where(const Variant& v) const {
    return Findings::Where(v.file, v.rule->pos);
  }

  void Walk(const RuleFile* f, const std::vector<Directive>& ds, Chain* chain) {
    for (const Directive& d : ds) {
      switch (d.kind) {
        case Directive::Kind::kExtend:
        case Directive::Kind::kUnfinal:  // changes no body's scope (the floor is floor.cc's)
          break;
        case Directive::Kind::kScope:
          chain->push_back(d.scope.get());
          Walk(f, d.body, chain);
          chain->pop_back();
          break;
        case Directive::Kind::kDisable:
          for (const auto& [name, pos] : d.names) Disable(f, name, pos, *chain);
          break;
        case Directive::Kind::kRule:
          if (d.rule->replace) {
            Replace(f, *d.rule, *chain);
          } else {
            Define(f, *d.rule, *chain);
          }
          break;
      }
    }
  }

  void Define(const RuleFile* f, const Rule& rule, const Chain& chain) {
    Variant v{&rule, f, {}, 0};
    if (!chain.empty()) v.terms.push_back(Term{chain, false, f, rule.pos});
    v.defined = v.terms.size();
    std::vector<Variant>& variants = live_[rule.name];
    // It loaded: a scoped definition of a name in force is one more body, for this scope.
    if (!chain.empty() && !variants.empty()) {
      variants.push_back(v);
    } else {
      variants = {v};
    }
  }

  // An unscoped replace or disable drops every body; one this file gave is then wasted.
  void DropAll(const RuleFile* f, const std::string& name, Pos pos, bool replace) {
    for (const Variant& v : live_[name]) {
      if (v.file != f || Dead(v)) continue;
      out_->Warn(f, pos,
                 replace ? absl::StrCat("duplicate rule '", name, "': this file already gives it "
                                        "a body at ", Where(v), "; this replace discards that "
                                        "body, which never applies")
                         : absl::StrCat("'", name, "' is given a body in this file at ", Where(v),
                                        " and disabled here, so that body never applies"));
      return;
    }
  }

  // Adds "not chain" to every body; reports when that changes nothing, or when it switches
  // off, everywhere, a body this same file gave.
  void SwitchOff(const RuleFile* f, const std::string& name, Pos pos, const Chain& chain,
                 bool replace) {
    std::vector<Variant>& variants = live_[name];
    const Term* already = nullptr;
    bool all_off = true;
    for (const Variant& v : variants) {
      const Term* t = Dead(v) ? Dead(v) : OffWithin(v, chain);
      if (t == nullptr) all_off = false;
      if (already == nullptr) already = t;
    }
    if (all_off && already != nullptr) {
      out_->Warn(f, pos,
                 replace ? absl::StrCat("nothing to replace in this scope: every body of '", name,
                                        "' is already replaced or disabled here (at ",
                                        Findings::Where(already->by_file, already->by_pos),
                                        "); this body is simply added")
                         : absl::StrCat("this disable has no effect: '", name, "' is already "
                                        "disabled or replaced in this scope (at ",
                                        Findings::Where(already->by_file, already->by_pos), ")"));
    }
    bool reported = all_off;
    for (Variant& v : variants) {
      const bool was_dead = Dead(v) != nullptr;
      v.terms.push_back(Term{chain, true, f, pos});
      if (!reported && !was_dead && v.file == f && Dead(v) != nullptr) {
        reported = true;
        out_->Warn(f, pos,
                   replace ? absl::StrCat("duplicate rule '", name, "': this file already gives "
                                          "it a body in this scope at ", Where(v), "; this "
                                          "replace overrides it there, so that body never applies")
                           : absl::StrCat("'", name, "' is given a body in this scope at ",
                                          Where(v), " and disabled here, so that body never "
                                          "applies"));
      }
    }
  }

  void Replace(const RuleFile* f, const Rule& rule, const Chain& chain) {
    std::vector<Variant>& variants = live_[rule.name];
    if (variants.empty()) return;  // the loader reported it
    // As the loader does: one new body for each scope the rule was defined in.
    std::vector<Variant> bodies;
    for (const Variant& old : variants) {
      Variant v{&rule, f, {}, old.defined};
      v.terms.assign(old.terms.begin(), old.terms.begin() + static_cast<long>(old.defined));
      const bool seen = std::any_of(bodies.begin(), bodies.end(), [&](const Variant& b) {
        return b.terms.size() == v.terms.size() &&
               std::equal(b.terms.begin(), b.terms.end(), v.terms.begin(),
                          [](const Term& x, const Term& y) { return x.chain == y.chain; });
      });
      if (seen) continue;
      if (!chain.empty() && v.defined > 0 && !Covers(v.terms.front().chain, chain))
        NarrowerThanItsScope(f, rule, old);
      bodies.push_back(std::move(v));
    }
    if (chain.empty()) {
      DropAll(f, rule.name, rule.pos, /*replace=*/true);
      live_[rule.name] = std::move(bodies);
      return;
    }
    SwitchOff(f, rule.name, rule.pos, chain, /*replace=*/true);
    for (Variant& v : bodies) {
      v.terms.push_back(Term{chain, false, f, rule.pos});
      live_[rule.name].push_back(std::move(v));
    }
  }

  // A scoped replace of a rule defined in a scope this one does not lie within: the new body
  // only runs where both hold, and in the rest of this scope the rule does not run at all.
  void NarrowerThanItsScope(const RuleFile* f, const Rule& rule, const Variant& defined) {
    out_->Warn(f, rule.pos,
               absl::StrCat("'", rule.name, "' runs only where the scope it was defined in "
                            "holds (", Findings::Where(defined.terms.front().by_file,
                                                       defined.terms.front().by_pos),
                            "): this replace gives it a new body "
                            "only where that scope and this one both hold, and in the rest of "
                            "this scope '", rule.name, "' does not run (to give it a body "
                            "there, define it in this scope, without 'replace')"));
  }

  void Disable(const RuleFile* f, const std::string& name, Pos pos, const Chain& chain) {
    if (live_[name].empty()) return;  // the loader reported it
    if (chain.empty()) {
      DropAll(f, name, pos, /*replace=*/false);
      live_.erase(name);
      return;
    }
    SwitchOff(f, name, pos, chain, /*replace=*/false);
  }

  Findings* out_;
  std::map<std::string, std::vector<Variant>> live_;
};

}  // namespace

void CheckOverlays(const MergedRules& /*rules*/, const std::vector<const RuleFile*>& order,
                   Findings* out) {
  Replay replay(out);
  for (const RuleFile* f : order) replay.File(f);
}

}  // namespace lint_internal
}  // namespace dupready
