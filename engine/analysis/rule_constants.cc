// Collects the constants rules compare facts with, by walking checked syntax trees.
#include "engine/analysis/rule_constants.h"

#include <vector>

namespace dupready {
namespace {

// The fact a side of a comparison stands for directly: a fact name or field, or the list
// under size()/count(). kNone otherwise.
FactId DirectFact(const Expr& e) {
  if ((e.kind == ExprKind::kName || e.kind == ExprKind::kField) &&
      e.res.kind == Resolution::Kind::kFact)
    return e.res.fact;
  if (e.kind == ExprKind::kCall && (e.text == "size" || e.text == "count") && !e.args.empty())
    return DirectFact(*e.args[0]);
  return FactId::kNone;
}

// A literal integer, possibly negated.
bool IntLiteral(const Expr& e, int64_t* v) {
  if (e.kind == ExprKind::kInt) {
    *v = e.int_value;
    return true;
  }
  if (e.kind == ExprKind::kUnary && e.op == Op::kNeg && e.args[0]->kind == ExprKind::kInt &&
      e.args[0]->int_value != INT64_MIN) {
    *v = -e.args[0]->int_value;
    return true;
  }
  return false;
}

class Collector {
 public:
  explicit Collector(RuleConstants* out) : out_(out) {}

  // Trees are at most Limits::max_expr_depth high (the parser checks), so recursion is safe.
  void Walk(const Expr* e) {
    if (e == nullptr) return;
    if ((e->kind == ExprKind::kName || e->kind == ExprKind::kField) &&
        e->res.kind == Resolution::Kind::kFact)
      out_->mentioned.insert(e->res.fact);
    if (e->kind == ExprKind::kBinary) Binary(*e);
    if (e->kind == ExprKind::kCall) Call(*e);
    for (const auto& a : e->args) Walk(a.get());
  }

 private:
  void Binary(const Expr& e) {
    const Expr& l = *e.args[0];
    const Expr& r = *e.args[1];
    switch (e.op) {
      case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
        Comparison(e, l, r);
        break;
      case Op::kMatch: case Op::kNotMatch:
        if (FactId f = DirectFact(l); f != FactId::kNone && r.kind == ExprKind::kString)
          out_->patterns[f].insert(r.text);
        break;
      case Op::kIn: case Op::kNotIn:
        if (r.kind == ExprKind::kList)
          for (const auto& item : r.args) Literal(DirectFact(l), *item);
        break;
      default:
        break;
    }
  }

  void Comparison(const Expr& e, const Expr& l, const Expr& r) {
    if (l.type.kind == TypeKind::kInt) {
      // Every fact in the comparison gets every integer literal in it.
      std::vector<FactId> facts;
      std::vector<int64_t> ints;
      Gather(&e, &facts, &ints);
      for (FactId f : facts)
        for (int64_t v : ints) out_->ints[f].insert(v);
      return;
    }
    Literal(DirectFact(l), r);
    Literal(DirectFact(r), l);
  }

  // `literal` compared with fact f (string or error code).
  void Literal(FactId f, const Expr& literal) {
    if (f == FactId::kNone) return;
    int64_t v;
    if (literal.kind == ExprKind::kString) {
      out_->strings[f].insert(literal.text);
    } else if (literal.kind == ExprKind::kName &&
               literal.res.kind == Resolution::Kind::kErrorCode) {
      out_->errors[f].insert(literal.text);
    } else if (IntLiteral(literal, &v)) {
      out_->ints[f].insert(v);
    }
  }

  void Call(const Expr& e) {
    if ((e.text == "starts_with" || e.text == "ends_with" || e.text == "contains") &&
        e.args.size() == 2)
      Literal(DirectFact(*e.args[0]), *e.args[1]);
  }

  void Gather(const Expr* e, std::vector<FactId>* facts, std::vector<int64_t>* ints) {
    int64_t v;
    if (IntLiteral(*e, &v)) {
      ints->push_back(v);
      return;
    }
    if (FactId f = DirectFact(*e); f != FactId::kNone) {
      facts->push_back(f);
      if (e->kind == ExprKind::kCall) return;  // size(x) / count(x, ..): x is the fact
    }
    for (const auto& a : e->args) Gather(a.get(), facts, ints);
  }

  RuleConstants* out_;
};

}  // namespace

void CollectRuleConstants(const MergedRules& rules, RuleConstants* out) {
  Collector c(out);
  for (const MergedRule& m : rules.rules) {
    c.Walk(m.rule->guard.get());
    c.Walk(m.rule->condition.get());
    c.Walk(m.rule->error.get());
  }
  for (const MergedScope& s : rules.scopes) c.Walk(s.condition);
}

}  // namespace dupready
