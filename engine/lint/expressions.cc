// Checks on single rules and scopes, file by file: guards that never hold, requirements that
// never fail, sufficient conditions that never hold, `else ERR_OK`, patterns no name matches,
// scopes that never hold or hold nothing.
#include "absl/strings/str_cat.h"
#include "engine/lint/checks.h"
#include "engine/lint/fold.h"

namespace dupready {
namespace lint_internal {
namespace {

class ExpressionChecks {
 public:
  explicit ExpressionChecks(Findings* out) : out_(out) {}

  void File(const RuleFile& f) { Directives(f, f.directives, /*dead_scope=*/false); }

 private:
  void Directives(const RuleFile& f, const std::vector<Directive>& ds, bool dead_scope) {
    for (const Directive& d : ds) {
      if (d.kind == Directive::Kind::kScope) Scope(f, d, dead_scope);
      if (d.kind == Directive::Kind::kRule) {
        Patterns(f, *d.rule);
        if (!dead_scope) OneRule(f, *d.rule);
      }
    }
  }

  void Scope(const RuleFile& f, const Directive& d, bool dead_scope) {
    Patterns(f, *d.scope);
    bool never = false;
    if (!dead_scope && Fold(*d.scope).IsFalse()) {
      never = true;
      out_->Warn(&f, d.pos, absl::StrCat("this scope's condition is false for every duplication: "
                                         "the ", d.body.size(), " directive",
                                         d.body.size() == 1 ? " inside it never applies"
                                                            : "s inside it never apply"));
    }
    if (d.body.empty())
      out_->Warn(&f, d.pos, "empty scope: it holds no rules, replaces or disables");
    Directives(f, d.body, dead_scope || never);
  }

  void OneRule(const RuleFile& f, const Rule& r) {
    const std::string name = absl::StrCat("'", r.name, "'");
    if (r.guard && Fold(*r.guard).IsFalse()) {
      out_->Warn(&f, r.when_pos, absl::StrCat("the guard of ", name, " is false for every "
                                              "follower: the rule never applies"));
      return;
    }
    const Constant cond = Fold(*r.condition);
    // A guard that fails (overflow, division by zero) makes the rule fail: it must not.
    if (r.kind == RuleKind::kRequire && cond.IsTrue() && !(r.guard && MayFail(*r.guard)))
      out_->Warn(&f, r.body_pos, absl::StrCat("the requirement of ", name, " holds for every "
                                              "follower: the rule never fails"));
    if (r.kind == RuleKind::kSuffices && cond.IsFalse())
      out_->Warn(&f, r.body_pos, absl::StrCat("the condition of ", name, " holds for no "
                                              "follower: the rule never accepts"));
    if (r.kind == RuleKind::kRequire) {
      const Constant code = Fold(*r.error);
      if (code.kind == Constant::Kind::kError && code.error_code == 0)
        out_->Warn(&f, r.error->pos,
                   absl::StrCat(name, " fails with ERR_OK, which Pegasus reads as success; the "
                                "evaluator reports ERR_UNKNOWN instead: name the error Pegasus "
                                "should see"));
    }
  }

  void Patterns(const RuleFile& f, const Rule& r) {
    if (r.guard) Patterns(f, *r.guard);
    Patterns(f, *r.condition);
    for (const Template::Piece& p : r.message.pieces)
      if (p.expr) Patterns(f, *p.expr);
  }

  void Patterns(const RuleFile& f, const Expr& e) {
    std::string why;
    if (e.kind == ExprKind::kBinary && (e.op == Op::kMatch || e.op == Op::kNotMatch) &&
        IsNameFact(*e.args[0]) && e.args[1]->kind == ExprKind::kString &&
        !PatternCanMatchName(e.args[1]->text, &why)) {
      out_->Warn(&f, e.args[1]->pos,
                 absl::StrCat("no Pegasus name can match this pattern (", why,
                              "; names use letters, digits and _ . : -), so '",
                              OpSpelling(e.op), "' is always ", e.op == Op::kMatch ? "false" : "true"));
    }
    for (const auto& a : e.args) Patterns(f, *a);
  }

  Findings* out_;
};

}  // namespace

void CheckExpressions(const MergedRules& rules, Findings* out) {
  ExpressionChecks checks(out);
  for (const auto& f : rules.files) checks.File(*f);
}

}  // namespace lint_internal
}  // namespace dupready
