// Constant folding, structural equality and implication over checked rule expressions.
#include "engine/lint/fold.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "re2/re2.h"

namespace dupready {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

Constant Bool(bool b) {
  Constant c;
  c.kind = Constant::Kind::kBool;
  c.b = b;
  return c;
}
Constant Int(int64_t i) {
  Constant c;
  c.kind = Constant::Kind::kInt;
  c.i = i;
  return c;
}
Constant Str(std::string s) {
  Constant c;
  c.kind = Constant::Kind::kString;
  c.s = std::move(s);
  return c;
}

bool IsArith(Op op) {
  return op == Op::kAdd || op == Op::kSub || op == Op::kMul || op == Op::kDiv || op == Op::kMod;
}
bool IsOrder(Op op) { return op >= Op::kEq && op <= Op::kGe; }

bool IsFact(const Expr& e, FactId fact) {
  return (e.kind == ExprKind::kName || e.kind == ExprKind::kField) &&
         e.res.kind == Resolution::Kind::kFact && e.res.fact == fact;
}


// Equality of two known constants of one type (the checker made both sides the same type).
bool ConstEq(const Constant& a, const Constant& b) {
  switch (a.kind) {
    case Constant::Kind::kBool: return a.b == b.b;
    case Constant::Kind::kInt: return a.i == b.i;
    case Constant::Kind::kString: return a.s == b.s;
    case Constant::Kind::kError: return a.error_code == b.error_code;
    default: return false;
  }
}

// Whether `l op r` holds for integers.
bool Compare(Op op, int64_t l, int64_t r) {
  switch (op) {
    case Op::kEq: return l == r;
    case Op::kNe: return l != r;
    case Op::kLt: return l < r;
    case Op::kLe: return l <= r;
    case Op::kGt: return l > r;
    default: return l >= r;
  }
}

struct Range {
  int64_t lo = kMin, hi = kMax;
};

// A constant (when proven) and whether evaluation may fail, computed bottom-up in one pass.
struct Folded {
  Constant c;
  bool may_fail = false;
};

Folded Eval(const Expr& e, const Assumptions& assume);

// Bounds on an integer expression that evaluates without error (`c` is its folded value).
Range RangeOf(const Expr& e, const Constant& c) {
  if (c.kind == Constant::Kind::kInt) return {c.i, c.i};
  if (e.kind == ExprKind::kCall && (e.text == "size" || e.text == "count")) return {0, kMax};
  if (IsFact(e, FactId::kAliveSecondaries) || IsFact(e, FactId::kAliveReplicas)) return {0, kMax};
  return {};
}

// `l op r` decided from ranges, when the ranges do not overlap in the way that matters.
Constant CompareRanges(Op op, Range l, Range r) {
  switch (op) {
    case Op::kLt:
      if (l.hi < r.lo) return Bool(true);
      if (l.lo >= r.hi) return Bool(false);
      break;
    case Op::kLe:
      if (l.hi <= r.lo) return Bool(true);
      if (l.lo > r.hi) return Bool(false);
      break;
    case Op::kGt: return CompareRanges(Op::kLt, r, l);
    case Op::kGe: return CompareRanges(Op::kLe, r, l);
    case Op::kEq:
    case Op::kNe:
      if (l.hi < r.lo || r.hi < l.lo) return Bool(op == Op::kNe);
      break;
    default: break;
  }
  return Constant();
}

Constant FoldArith(Op op, int64_t x, int64_t y) {
  int64_t out = 0;
  switch (op) {
    case Op::kAdd: if (__builtin_add_overflow(x, y, &out)) return Constant(); break;
    case Op::kSub: if (__builtin_sub_overflow(x, y, &out)) return Constant(); break;
    case Op::kMul: if (__builtin_mul_overflow(x, y, &out)) return Constant(); break;
    default:
      if (y == 0 || (x == kMin && y == -1)) return Constant();
      out = op == Op::kDiv ? x / y : x % y;
  }
  return Int(out);
}

// The comparison that holds exactly where `op` does not (kNone when there is none).
Op Complement(Op op) {
  switch (op) {
    case Op::kEq: return Op::kNe;
    case Op::kNe: return Op::kEq;
    case Op::kLt: return Op::kGe;
    case Op::kGe: return Op::kLt;
    case Op::kGt: return Op::kLe;
    case Op::kLe: return Op::kGt;
    case Op::kMatch: return Op::kNotMatch;
    case Op::kNotMatch: return Op::kMatch;
    case Op::kIn: return Op::kNotIn;
    case Op::kNotIn: return Op::kIn;
    default: return Op::kNone;
  }
}

// True when `b` is the negation of `a`: `not a`, or the complementary comparison of the same
// operands (`x == y` and `x != y`, `x < y` and `x >= y`, `s =~ "p"` and `s !~ "p"`, ...).
bool Negates(const Expr& a, const Expr& b) {
  auto is_not_of = [](const Expr& n, const Expr& x) {
    return n.kind == ExprKind::kUnary && n.op == Op::kNot && SameExpr(*n.args[0], x);
  };
  if (is_not_of(a, b) || is_not_of(b, a)) return true;
  return a.kind == ExprKind::kBinary && b.kind == ExprKind::kBinary && a.op != Op::kNone &&
         Complement(a.op) == b.op && SameExpr(*a.args[0], *b.args[0]) &&
         SameExpr(*a.args[1], *b.args[1]);
}

// The set of integers `x op k` accepts, as an interval, or as "all but one value".
struct IntSet {
  bool empty = false;
  bool all_but = false;  // every value except lo
  int64_t lo = kMin, hi = kMax;
};

bool CompareWithConstant(const Expr& e, const Expr** x, IntSet* set) {
  if (e.kind != ExprKind::kBinary || !IsOrder(e.op) || e.args[0]->type.kind != TypeKind::kInt)
    return false;
  Op op = e.op;
  const Expr* lhs = e.args[0].get();
  Constant k = Fold(*e.args[1]);
  if (k.kind != Constant::Kind::kInt) {  // maybe `k op x`
    k = Fold(*e.args[0]);
    if (k.kind != Constant::Kind::kInt) return false;
    lhs = e.args[1].get();
    op = op == Op::kLt ? Op::kGt : op == Op::kLe ? Op::kGe : op == Op::kGt ? Op::kLt
       : op == Op::kGe ? Op::kLe : op;
  }
  *x = lhs;
  switch (op) {
    case Op::kEq: set->lo = set->hi = k.i; break;
    case Op::kNe: set->all_but = true; set->lo = set->hi = k.i; break;
    case Op::kLt: if (k.i == kMin) set->empty = true; else set->hi = k.i - 1; break;
    case Op::kLe: set->hi = k.i; break;
    case Op::kGt: if (k.i == kMax) set->empty = true; else set->lo = k.i + 1; break;
    default: set->lo = k.i; break;
  }
  return true;
}

bool Subset(const IntSet& a, const IntSet& b) {
  if (a.empty) return true;
  if (b.empty) return false;
  if (b.all_but) return a.all_but ? a.lo == b.lo : (b.lo < a.lo || b.lo > a.hi);
  if (a.all_but) return b.lo == kMin && b.hi == kMax;
  return b.lo <= a.lo && a.hi <= b.hi;
}

// True when no integer is in both sets.
bool Disjoint(const IntSet& a, const IntSet& b) {
  if (a.empty || b.empty) return true;
  if (a.all_but || b.all_but) {
    const IntSet& but = a.all_but ? a : b;
    const IntSet& other = a.all_but ? b : a;
    return !other.all_but && other.lo == other.hi && other.lo == but.lo;
  }
  return a.hi < b.lo || b.hi < a.lo;
}

// True when every integer is in one of the sets.
bool CoverAll(const IntSet& a, const IntSet& b) {
  if (a.empty || b.empty) {
    const IntSet& other = a.empty ? b : a;
    return !other.empty && !other.all_but && other.lo == kMin && other.hi == kMax;
  }
  if (a.all_but || b.all_but) {
    const IntSet& but = a.all_but ? a : b;
    const IntSet& other = a.all_but ? b : a;
    return other.all_but ? other.lo != but.lo : (other.lo <= but.lo && but.lo <= other.hi);
  }
  const IntSet& low = a.lo <= b.lo ? a : b;
  const IntSet& high = a.lo <= b.lo ? b : a;
  return low.lo == kMin && high.hi == kMax && (low.hi == kMax || high.lo <= low.hi + 1);
}

// `l and r` / `l or r` decided by comparing one integer expression with constants on both
// sides: `x > 3 and x < 2` never holds, `x >= 1 or x < 1` always does.
Constant FoldComparisons(const Expr& e) {
  const Expr *x = nullptr, *y = nullptr;
  IntSet a, b;
  if (!CompareWithConstant(*e.args[0], &x, &a) || !CompareWithConstant(*e.args[1], &y, &b) ||
      !SameExpr(*x, *y))
    return Constant();
  if (e.op == Op::kAnd && Disjoint(a, b)) return Bool(false);
  if (e.op == Op::kOr && CoverAll(a, b)) return Bool(true);
  return Constant();
}

Constant FoldBinary(const Expr& e, const Folded& fl, const Folded& fr, const Assumptions& assume) {
  const Expr& l = *e.args[0];
  const Expr& r = *e.args[1];
  const Constant& a = fl.c;
  const Constant& b = fr.c;
  if (e.op == Op::kAnd || e.op == Op::kOr) {
    const bool decides = e.op == Op::kOr;  // the value that ends the evaluation
    if (a.kind == Constant::Kind::kBool) return a.b == decides ? Bool(decides) : b;
    // `l` is evaluated first: it must not fail for `r` alone to decide.
    if (fl.may_fail) return Constant();
    if (b.kind == Constant::Kind::kBool && b.b == decides) return Bool(decides);
    if (Negates(l, r)) return Bool(decides);  // x or not x, x and not x
    if (!fr.may_fail) return FoldComparisons(e);
    return Constant();
  }
  if (IsArith(e.op)) {
    if (a.kind == Constant::Kind::kInt && b.kind == Constant::Kind::kInt) return FoldArith(e.op, a.i, b.i);
    return Constant();
  }
  if (e.op == Op::kMatch || e.op == Op::kNotMatch) {
    const bool match = e.op == Op::kMatch;
    if (r.kind != ExprKind::kString) return Constant();
    if (a.kind == Constant::Kind::kString) {
      RE2 re(r.text, RE2::Quiet);
      if (!re.ok()) return Constant();
      return Bool(RE2::PartialMatch(a.s, re) == match);
    }
    if (IsNameFact(l) && !PatternCanMatchName(r.text)) return Bool(!match);
    return Constant();
  }
  if (e.op == Op::kIn || e.op == Op::kNotIn) {
    const bool in = e.op == Op::kIn;
    if (r.kind != ExprKind::kList || fl.may_fail) return Constant();
    bool all_known = a.known();
    for (const auto& item : r.args) {
      Folded f = Eval(*item, assume);
      if (f.may_fail) return Constant();
      if (a.known() && f.c.known() && ConstEq(a, f.c)) return Bool(in);
      if (SameExpr(l, *item)) return Bool(in);
      all_known = all_known && f.c.known();
    }
    if (all_known) return Bool(!in);
    return Constant();
  }
  if (IsOrder(e.op)) {
    if (fl.may_fail || fr.may_fail) return Constant();
    if (a.known() && b.known() && a.kind == b.kind) {
      if (a.kind == Constant::Kind::kInt) return Bool(Compare(e.op, a.i, b.i));
      if (e.op == Op::kEq) return Bool(ConstEq(a, b));
      if (e.op == Op::kNe) return Bool(!ConstEq(a, b));
    }
    if (SameExpr(l, r)) return Bool(e.op == Op::kEq || e.op == Op::kLe || e.op == Op::kGe);
    if (l.type.kind == TypeKind::kInt) return CompareRanges(e.op, RangeOf(l, a), RangeOf(r, b));
  }
  return Constant();
}

Constant FoldCall(const Expr& e, const std::vector<Folded>& args) {
  if (e.text == "size" && args.size() == 1) {
    if (args[0].c.kind == Constant::Kind::kString) return Int(static_cast<int64_t>(args[0].c.s.size()));
    return Constant();
  }
  if ((e.text == "starts_with" || e.text == "ends_with" || e.text == "contains") && args.size() == 2) {
    const Constant& a = args[0].c;
    const Constant& b = args[1].c;
    if (a.kind != Constant::Kind::kString || b.kind != Constant::Kind::kString) return Constant();
    const std::string& s = a.s;
    const std::string& t = b.s;
    if (e.text == "contains") return Bool(s.find(t) != std::string::npos);
    if (t.size() > s.size()) return Bool(false);
    return Bool(e.text == "starts_with" ? s.compare(0, t.size(), t) == 0
                                        : s.compare(s.size() - t.size(), t.size(), t) == 0);
  }
  return Constant();
}

Folded Eval(const Expr& e, const Assumptions& assume) {
  Folded out;
  std::vector<Folded> args;
  args.reserve(e.args.size());
  bool child_may_fail = false;
  // A quantifier's variable (args[1]) is a binding, not an expression to evaluate.
  for (size_t i = 0; i < e.args.size(); ++i) {
    args.push_back(Eval(*e.args[i], assume));
    child_may_fail = child_may_fail || args.back().may_fail;
  }
  switch (e.kind) {
    case ExprKind::kInt: out.c = Int(e.int_value); break;
    case ExprKind::kBool: out.c = Bool(e.bool_value); break;
    case ExprKind::kString: out.c = Str(e.text); break;
    case ExprKind::kName:
      if (e.res.kind == Resolution::Kind::kErrorCode) {
        out.c.kind = Constant::Kind::kError;
        out.c.error_code = e.res.error_code;
      } else if (IsFact(e, FactId::kMaxReplicaCount) && assume.replica_count) {
        out.c = Int(*assume.replica_count);
      }
      break;
    case ExprKind::kUnary:
      if (e.op == Op::kNot) {
        if (args[0].c.kind == Constant::Kind::kBool) out.c = Bool(!args[0].c.b);
      } else if (args[0].c.kind == Constant::Kind::kInt && args[0].c.i != kMin) {
        out.c = Int(-args[0].c.i);
      }
      break;
    case ExprKind::kBinary: out.c = FoldBinary(e, args[0], args[1], assume); break;
    case ExprKind::kCall: out.c = FoldCall(e, args); break;
    default: break;
  }
  // sum() adds: it overflows like `+` does.
  const bool arith = (e.kind == ExprKind::kBinary && IsArith(e.op)) ||
                     (e.kind == ExprKind::kUnary && e.op == Op::kNeg) ||
                     (e.kind == ExprKind::kCall && e.text == "sum");
  // A proven constant cannot fail; otherwise arithmetic may, and so may anything holding it.
  out.may_fail = !out.c.known() && (arith || child_may_fail);
  return out;
}

}  // namespace

bool IsNameFact(const Expr& e) {
  return IsFact(e, FactId::kDupAppName) || IsFact(e, FactId::kDupRemoteClusterName) ||
         IsFact(e, FactId::kDupRemoteAppName);
}

Constant Fold(const Expr& e, const Assumptions& assume) { return Eval(e, assume).c; }

bool MayFail(const Expr& e, const Assumptions& assume) { return Eval(e, assume).may_fail; }

bool SameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.args.size() != b.args.size()) return false;
  switch (a.kind) {
    case ExprKind::kInt: return a.int_value == b.int_value;
    case ExprKind::kBool: return a.bool_value == b.bool_value;
    case ExprKind::kString: return a.text == b.text;
    case ExprKind::kName:
      if (a.res.kind != b.res.kind) return false;
      switch (a.res.kind) {
        case Resolution::Kind::kFact: return a.res.fact == b.res.fact;
        case Resolution::Kind::kVariable: return a.res.variable == b.res.variable;
        case Resolution::Kind::kErrorCode: return a.res.error_code == b.res.error_code;
        default: return a.text == b.text;
      }
    case ExprKind::kField:
      if (a.res.kind == Resolution::Kind::kFact && b.res.kind == Resolution::Kind::kFact) {
        if (a.res.fact != b.res.fact) return false;
      } else if (a.text != b.text) {
        return false;
      }
      break;
    case ExprKind::kCall:
      if (a.text != b.text) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  return true;
}

namespace {

// Nodes in `e`, counting no further than `cap`.
size_t CountNodes(const Expr& e, size_t cap) {
  size_t n = 1;
  for (const auto& arg : e.args) {
    if (n >= cap) break;
    n += CountNodes(*arg, cap - n);
  }
  return n;
}

bool ImpliesImpl(const Expr& a, const Expr& b);

}  // namespace

bool Implies(const Expr& a, const Expr& b) {
  // The decomposition below looks at pairs of subexpressions: bound its work. Rules are small;
  // a huge condition is only compared whole.
  constexpr size_t kMaxNodes = 64;
  if (CountNodes(a, kMaxNodes) >= kMaxNodes || CountNodes(b, kMaxNodes) >= kMaxNodes)
    return SameExpr(a, b);
  return ImpliesImpl(a, b);
}

namespace {

bool ImpliesImpl(const Expr& a, const Expr& b) {
  if (SameExpr(a, b)) return true;
  if (Fold(b).IsTrue() || Fold(a).IsFalse()) return true;
  if (b.kind == ExprKind::kBinary && b.op == Op::kAnd)
    return ImpliesImpl(a, *b.args[0]) && ImpliesImpl(a, *b.args[1]);
  if (b.kind == ExprKind::kBinary && b.op == Op::kOr &&
      (ImpliesImpl(a, *b.args[0]) || (ImpliesImpl(a, *b.args[1]) && !MayFail(*b.args[0]))))
    return true;
  if (a.kind == ExprKind::kBinary && a.op == Op::kAnd)
    return ImpliesImpl(*a.args[0], b) || ImpliesImpl(*a.args[1], b);
  if (a.kind == ExprKind::kBinary && a.op == Op::kOr)
    return ImpliesImpl(*a.args[0], b) && ImpliesImpl(*a.args[1], b);
  const Expr *x = nullptr, *y = nullptr;
  IntSet sa, sb;
  if (CompareWithConstant(a, &x, &sa) && CompareWithConstant(b, &y, &sb) && SameExpr(*x, *y))
    return Subset(sa, sb);
  return false;
}

}  // namespace
}  // namespace dupready
