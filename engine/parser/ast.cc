// The spellings of operators and stages, for messages and printers; trees compared as written.
#include "engine/parser/ast.h"

namespace dupready {

const char* OpSpelling(Op op) {
  switch (op) {
    case Op::kNone: return "?";
    case Op::kOr: return "or";
    case Op::kAnd: return "and";
    case Op::kNot: return "not";
    case Op::kNeg: return "-";
    case Op::kEq: return "==";
    case Op::kNe: return "!=";
    case Op::kLt: return "<";
    case Op::kLe: return "<=";
    case Op::kGt: return ">";
    case Op::kGe: return ">=";
    case Op::kMatch: return "=~";
    case Op::kNotMatch: return "!~";
    case Op::kIn: return "in";
    case Op::kNotIn: return "not in";
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kMod: return "%";
  }
  return "?";
}

const char* StageName(Stage s) { return s == Stage::kTable ? "table" : "partition"; }

bool SameTree(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.int_value != b.int_value ||
      a.bool_value != b.bool_value || a.text != b.text || a.args.size() != b.args.size())
    return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!SameTree(*a.args[i], *b.args[i])) return false;
  return true;
}

}  // namespace dupready
