// The worst-case cost model: one walk over each checked expression, with every list, string
// and loop at the bound the limits give it.
#include "engine/cost/cost.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

int64_t Add(int64_t a, int64_t b) { return std::min(a + b, kCostInfinity); }
int64_t Mul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kCostInfinity / b ? kCostInfinity : std::min(a * b, kCostInfinity);
}
int64_t Bytes(int64_t n) { return StringSteps(n); }

// The cost of computing a value, and how long it can be: bytes for a string or an error
// name, items for a list.
struct Bound {
  int64_t cost = 0;
  int64_t len = 0;
};

// The longest text an error code's name can have (they are Pegasus's names, ERR_...).
constexpr int64_t kErrorNameBytes = 64;
// The longest text an integer or a bool prints as.
constexpr int64_t kNumberBytes = 20;

class Estimator {
 public:
  Estimator(const Limits& limits, const RegexPool& regexes) : limits_(limits), regexes_(regexes) {}

  Bound Of(const Expr* e) {
    switch (e->kind) {
      case ExprKind::kInt:
      case ExprKind::kBool: return {1, kNumberBytes};
      case ExprKind::kString: return {1, static_cast<int64_t>(e->text.size())};
      case ExprKind::kName:
        if (e->res.kind == Resolution::Kind::kFact) return {1, FactLength(e->res.fact)};
        if (e->res.kind == Resolution::Kind::kErrorCode) return {1, kErrorNameBytes};
        return {1, 0};
      case ExprKind::kField: {
        const Bound base = Of(e->args[0].get());
        return {Add(base.cost, 1), FactLength(e->res.fact)};
      }
      case ExprKind::kUnary: return {Add(Of(e->args[0].get()).cost, 1), kNumberBytes};
      case ExprKind::kBinary: return Binary(e);
      case ExprKind::kCall: return Call(e);
      case ExprKind::kList: {  // only under 'in', which costs it
        Bound b{1, static_cast<int64_t>(e->args.size())};
        for (const auto& item : e->args) b.cost = Add(b.cost, Of(item.get()).cost);
        return b;
      }
    }
    return {1, 0};
  }

  // Rendering `e` into a message: computing it and printing it.
  int64_t Printed(const Expr* e) {
    const Bound b = Of(e);
    int64_t bytes = kNumberBytes;
    switch (e->type.kind) {
      case TypeKind::kString:
      case TypeKind::kError: bytes = b.len; break;
      case TypeKind::kAddress: bytes = limits_.max_host_bytes + 10; break;
      case TypeKind::kList:
        bytes = e->type.elem == TypeKind::kAddress
                    ? Mul(b.len, limits_.max_host_bytes + 10)
                    : kNumberBytes;
        break;
      default: break;
    }
    return Add(b.cost, Bytes(bytes));
  }

 private:
  int64_t FactLength(FactId f) const {
    switch (f) {
      case FactId::kDupAppName:
      case FactId::kDupRemoteClusterName:
      case FactId::kDupRemoteAppName:
      case FactId::kRpcErr:
      case FactId::kResponseErr: return limits_.max_string_bytes;
      case FactId::kAddressHost: return limits_.max_host_bytes;
      case FactId::kSecondaries:
      case FactId::kLastDrops: return limits_.max_addresses_per_list;
      case FactId::kResponsePartitions: return limits_.max_partitions;
      default: return kNumberBytes;
    }
  }

  // Comparing two values of the type of `e` whose lengths are `a` and `b`.
  int64_t Compare(const Type& t, int64_t a, int64_t b) const {
    if (t.kind == TypeKind::kString || t.kind == TypeKind::kError)
      return 1 + Bytes(std::min(a, b));
    if (t.kind == TypeKind::kAddress) return 3 + Bytes(limits_.max_host_bytes);
    return 1;
  }

  int64_t Match(int64_t text, int regex) const {
    const int64_t program =
        regex >= 0 && static_cast<size_t>(regex) < regexes_.size()
            ? regexes_[regex].ProgramSize()
            : limits_.max_regex_memory;  // unknown: as large as a pattern can be
    return Add(kMatchSetupSteps,
               Mul(Mul(std::max<int64_t>(text, 1), program), kMatchStepsPerByteInstruction));
  }

  Bound Binary(const Expr* e) {
    const Expr* l = e->args[0].get();
    const Expr* r = e->args[1].get();
    const Bound lb = Of(l);
    if ((e->op == Op::kIn || e->op == Op::kNotIn) && r->kind == ExprKind::kList) {
      int64_t cost = Add(lb.cost, 1);
      for (const auto& item : r->args) {
        const Bound ib = Of(item.get());
        cost = Add(cost, Add(ib.cost, Compare(l->type, lb.len, ib.len)));
      }
      return {cost, kNumberBytes};
    }
    const Bound rb = Of(r);
    const int64_t operands = Add(lb.cost, rb.cost);
    const int64_t both = Add(operands, 1);
    switch (e->op) {
      case Op::kEq:
      case Op::kNe: return {Add(operands, Compare(l->type, lb.len, rb.len)), kNumberBytes};
      case Op::kMatch:
      case Op::kNotMatch: return {Add(Add(lb.cost, 1), Match(lb.len, e->regex)), kNumberBytes};
      case Op::kIn:
      case Op::kNotIn:  // x in a list value: a loop comparing each item
        return {Add(both, Mul(rb.len, Compare(l->type, lb.len, lb.len) + kLoopStepSteps)),
                kNumberBytes};
      default: return {both, kNumberBytes};
    }
  }

  Bound Call(const Expr* e) {
    const std::string& f = e->text;
    if (f == "all" || f == "any" || f == "count") {
      const Bound list = Of(e->args[0].get());
      const Bound body = Of(e->args[2].get());
      return {Add(list.cost, Mul(list.len, Add(body.cost, kLoopStepSteps))), kNumberBytes};
    }
    if (f == "sum" || f == "min" || f == "max") {  // a loop; min's and max's IF_EMPTY once
      const Bound list = Of(e->args[0].get());
      const Bound body = Of(e->args[2].get());
      const int64_t per_item = f == "sum" ? kLoopStepSteps : kLoopStepSteps + kKeepStepSteps;
      int64_t cost = Add(Add(list.cost, kAggregateSteps), Mul(list.len, Add(body.cost, per_item)));
      if (e->args.size() == 4) cost = Add(cost, Of(e->args[3].get()).cost);
      return {cost, kNumberBytes};
    }
    int64_t cost = 1;
    std::vector<Bound> args;
    for (const auto& a : e->args) {
      args.push_back(Of(a.get()));
      cost = Add(cost, args.back().cost);
    }
    if (args.size() == 2 && (f == "starts_with" || f == "ends_with"))
      return {Add(cost, Bytes(std::min(args[0].len, args[1].len))), kNumberBytes};
    if (args.size() == 2 && f == "contains")
      return {Add(cost, Mul(args[0].len, kContainsStepsPerByte + Bytes(args[1].len))),
              kNumberBytes};
    return {cost, kNumberBytes};  // size()
  }

  const Limits& limits_;
  const RegexPool& regexes_;
};

}  // namespace

CostEstimate EstimateCost(const MergedRules& rules, const Limits& limits) {
  Estimator est(limits, rules.regexes);
  CostEstimate out;
  out.rules.reserve(rules.rules.size());
  out.per_check = kCheckOverheadSteps;
  for (const MergedScope& s : rules.scopes)
    out.scopes = Add(out.scopes, est.Of(s.condition).cost);
  out.per_check = Add(out.per_check, out.scopes);
  for (size_t i = 0; i < rules.rules.size(); ++i) {
    const Rule& r = *rules.rules[i].rule;
    RuleCost c;
    c.per_evaluation = kRuleOverheadSteps;
    if (r.guard) c.per_evaluation = Add(c.per_evaluation, est.Of(r.guard.get()).cost);
    c.per_evaluation = Add(c.per_evaluation, est.Of(r.condition.get()).cost);
    if (r.error) c.message = est.Of(r.error.get()).cost;
    for (const Template::Piece& piece : r.message.pieces) {
      c.message = Add(c.message, piece.expr ? est.Printed(piece.expr.get())
                                            : Bytes(static_cast<int64_t>(piece.literal.size())));
    }
    const int64_t evaluations = r.stage == Stage::kTable ? 1 : limits.max_partitions;
    c.per_check = Add(Mul(c.per_evaluation, evaluations), c.message);
    out.per_check = Add(out.per_check, c.per_check);
    if (out.costliest < 0 || c.per_check > out.rules[out.costliest].per_check)
      out.costliest = static_cast<int>(i);
    out.rules.push_back(c);
  }
  return out;
}

bool CheckCostBudget(const MergedRules& rules, const CostEstimate& cost, const Limits& limits,
                     Diagnostics* diags) {
  if (limits.max_check_cost <= 0 || cost.per_check <= limits.max_check_cost) return true;
  std::string what = absl::StrCat(
      "the rules in force may take ", FormatSteps(cost.per_check), " steps to check a reply of ",
      limits.max_partitions, " partitions; the budget is ", FormatSteps(limits.max_check_cost));
  if (cost.costliest < 0) {
    diags->Error(SourceLocation{rules.files.empty() ? "" : rules.files[0]->filename, 0, 0},
                 absl::StrCat(what, " (scope conditions: ", FormatSteps(cost.scopes), ")"));
    return false;
  }
  const MergedRule& m = rules.rules[cost.costliest];
  const RuleCost& c = cost.rules[cost.costliest];
  const bool table = m.rule->stage == Stage::kTable;
  absl::StrAppend(&what, ". The costliest rule is '", m.rule->name, "': ",
                  FormatSteps(c.per_evaluation), table ? " steps per check" : " per partition",
                  table ? "" : absl::StrCat(", ", FormatSteps(c.per_check), " per check"),
                  " (see `dupready lint` for every rule's estimate)");
  diags->Error(LocationOf(*m.file, m.rule->pos), std::move(what), m.file->source);
  return false;
}

std::string FormatSteps(int64_t steps) {
  if (steps >= kCostInfinity) return "more than 10^18";
  std::string digits = absl::StrCat(steps);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace dupready
