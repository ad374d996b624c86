// Copyright 2026 The dupready Authors.
//
// expr_printer.h: prints expressions, strings and message templates back as rule-file text.
//
// The output parses back to the same tree: parentheses are written exactly where the
// grammar's precedence needs them (so `(a or b) and c` keeps them and `a and (b)` loses them),
// strings are escaped, and templates double their literal braces:
//
//   PrintExpr(<tree of "-(x + 1) * 2 >= size(secondaries)">) == "-(x + 1) * 2 >= size(secondaries)"
//   QuoteString("a\"b") == "\"a\\\"b\""
//   PrintTemplate(<"{pidx} has {{no}} secondary">) == "\"{pidx} has {{no}} secondary\""
//
// Used by the formatter (engine/format/format.h) and by tools that quote rules in messages.

#ifndef DUPREADY_ENGINE_FORMAT_EXPR_PRINTER_H_
#define DUPREADY_ENGINE_FORMAT_EXPR_PRINTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/parser/ast.h"

namespace dupready {

// `e` on one line, operators spaced, with the fewest parentheses that keep its tree.
std::string PrintExpr(const Expr& e);

// `text` as a string literal: quoted, with \" \\ \n \t escaped.
std::string QuoteString(std::string_view text);

// A message template as a string literal: literal text escaped (and '{' '}' doubled),
// holes as {expression}.
std::string PrintTemplate(const Template& t);

// For an `and` / `or` expression, the operands along its left-associated chain of that
// operator, each printed as within PrintExpr(e), so that PrintExpr(e) is the operands joined
// by " and " (or " or "). Empty for any other expression. The formatter breaks long
// conditions there, one operand per line.
std::vector<std::string> PrintChainOperands(const Expr& e);

// How tightly an expression's top operator binds, from 1 (`or`) to 8 (names, literals,
// calls, fields); the formatter breaks long lines at the loosest operators.
int Precedence(const Expr& e);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_FORMAT_EXPR_PRINTER_H_
