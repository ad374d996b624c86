// Copyright 2026 The dupready Authors.
//
// checker.h: resolves names and checks types in parsed rules, before anything is evaluated.
//
// The checker annotates each Expr with its Type and Resolution, compiles every regular
// expression into a RegexPool (a bad pattern, or one past the set's RE2 memory budget, is
// reported at its position), and reports unknown names
// with a "did you mean" suggestion. After it, an expression can only fail at run time on
// integer overflow or division by zero, which evaluation turns into a failed rule.

#ifndef DUPREADY_ENGINE_CHECKER_CHECKER_H_
#define DUPREADY_ENGINE_CHECKER_CHECKER_H_

#include <memory>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/checker/regex_pool.h"
#include "engine/parser/ast.h"

namespace dupready {

// Where an expression is written; this decides which facts it may name.
enum class ExprContext : uint8_t {
  kScope,      // a scope condition: only dup.* facts (decided once per duplication)
  kTable,      // a table rule: dup.*, rpc_err, response.*
  kPartition,  // a partition rule: the above plus the partition's own facts
};

// Checks one rule in place. Returns true when it has no errors (they go to `diags`).
bool CheckRule(const RuleFile& file, Rule* rule, const Limits& limits, RegexPool* regexes,
               Diagnostics* diags);

// Checks a scope condition in place (a bool over dup.* facts).
bool CheckScope(const RuleFile& file, Expr* condition, const Limits& limits, RegexPool* regexes,
                Diagnostics* diags);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_CHECKER_CHECKER_H_
