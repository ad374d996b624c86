// Copyright 2026 The dupready Authors.
//
// fold.h: what can be proven about a checked expression without a follower: constant values,
// structural equality, and simple implication. The static analyses of `dupready lint` build on
// these, and claim nothing these cannot prove.
//
// Every answer is sound for the evaluator's semantics (engine/eval): left-to-right
// short-circuit `and`/`or`, and arithmetic that overflows or divides by zero makes its rule
// fail. So an expression folds to a constant only when it evaluates to that constant, without
// error, for every follower:
//
//   Fold(`1 + 2 > 2`)                    -> true
//   Fold(`size(secondaries) >= 0`)       -> true   (sizes and counts are never negative)
//   Fold(`pidx == pidx`)                 -> true   (the same fact on both sides)
//   Fold(`pidx / 0 == 1`)                -> unknown (it fails instead)
//   Fold(`replica_count > 1`, {.replica_count = 1}) -> false
//   Fold(`dup.remote_app_name =~ "^temp tables"`)   -> false (no Pegasus name has a space)
//
// REQUIRES: expressions have been checked (engine/checker): names are resolved and typed.

#ifndef DUPREADY_ENGINE_LINT_FOLD_H_
#define DUPREADY_ENGINE_LINT_FOLD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/parser/ast.h"

namespace dupready {

// The value every follower gives an expression, when folding proves there is one.
struct Constant {
  enum class Kind : uint8_t { kUnknown, kBool, kInt, kString, kError } kind = Kind::kUnknown;
  bool b = false;
  int64_t i = 0;
  std::string s;
  int error_code = -1;  // kError: index in Pegasus's table (ERR_OK is 0)

  bool known() const { return kind != Kind::kUnknown; }
  bool IsTrue() const { return kind == Kind::kBool && b; }
  bool IsFalse() const { return kind == Kind::kBool && !b; }
};

// Facts fixed to a value, to ask "what if": the partition's replica_count (max_replica_count).
struct Assumptions {
  std::optional<int64_t> replica_count;
};

// The constant `e` evaluates to for every follower (under `assume`), or kUnknown.
Constant Fold(const Expr& e, const Assumptions& assume = Assumptions());

// False when `e` provably evaluates without an arithmetic error (overflow, division by zero).
bool MayFail(const Expr& e, const Assumptions& assume = Assumptions());

// True when `a` and `b` are the same expression: same operators, literals and facts
// (`replica_count` and `max_replica_count` are one fact), variables bound at the same depth.
bool SameExpr(const Expr& a, const Expr& b);

// True when, for every follower on which `a` evaluates to true, `b` evaluates to true (without
// an error). Proven structurally: equal expressions, and/or decomposition, and comparisons of
// the same integer expression with constants (`x >= 3` implies `x > 1`).
bool Implies(const Expr& a, const Expr& b);

// The characters of a Pegasus app or cluster name: letters, digits and "_.:-" (Pegasus's
// validate_app_name allows [0-9a-zA-Z.:_]; cluster names also use '-').
bool IsNameChar(char c);

// True for dup.app_name, dup.remote_cluster_name and dup.remote_app_name: Pegasus names.
bool IsNameFact(const Expr& e);

// False when no name made of IsNameChar characters (the empty name included) can contain a
// match of `pattern`, as RE2 partial matching goes; true when it may, or when that cannot be
// told (patterns with \b or \B, or RE2 giving no range). When false and `why` is given, sets
// it to the reason, e.g. "every match starts with \"backup cl\", and ' ' is not in a name".
bool PatternCanMatchName(std::string_view pattern, std::string* why = nullptr);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LINT_FOLD_H_
