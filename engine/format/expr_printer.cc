// Prints expression trees as rule-file text, parenthesising by the parser's precedence levels.
#include "engine/format/expr_printer.h"

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

// The parser's levels (parser.h): or < and < not < compare < sum < product < unary < postfix.
enum Level : int {
  kOrLevel = 1, kAndLevel, kNotLevel, kCompareLevel, kSumLevel, kProductLevel, kUnaryLevel,
  kPrimaryLevel,
};

int BinaryLevel(Op op) {
  switch (op) {
    case Op::kOr: return kOrLevel;
    case Op::kAnd: return kAndLevel;
    case Op::kAdd: case Op::kSub: return kSumLevel;
    case Op::kMul: case Op::kDiv: case Op::kMod: return kProductLevel;
    default: return kCompareLevel;  // == != < <= > >= =~ !~ in, not in
  }
}

void Print(const Expr& e, int min_level, std::string* out);

// Prints `e` where the grammar accepts only expressions binding at least `min_level`.
void PrintAt(const Expr& e, int min_level, std::string* out) {
  if (Precedence(e) < min_level) {
    out->push_back('(');
    Print(e, kOrLevel, out);
    out->push_back(')');
  } else {
    Print(e, min_level, out);
  }
}

void PrintList(const std::vector<std::unique_ptr<Expr>>& args, std::string* out) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out->append(", ");
    PrintAt(*args[i], kOrLevel, out);
  }
}

void Print(const Expr& e, int /*min_level*/, std::string* out) {
  switch (e.kind) {
    case ExprKind::kInt:
      absl::StrAppend(out, e.int_value);
      return;
    case ExprKind::kBool:
      out->append(e.bool_value ? "true" : "false");
      return;
    case ExprKind::kString:
      out->append(QuoteString(e.text));
      return;
    case ExprKind::kName:
      out->append(e.text);
      return;
    case ExprKind::kField:
      PrintAt(*e.args[0], kPrimaryLevel, out);
      absl::StrAppend(out, ".", e.text);
      return;
    case ExprKind::kUnary: {
      const Expr& operand = *e.args[0];
      if (e.op == Op::kNot) {
        out->append("not ");
        PrintAt(operand, kNotLevel, out);
        return;
      }
      out->push_back('-');
      // "-5" would read back as the literal -5, not as '-' applied to 5: keep the tree.
      if (operand.kind == ExprKind::kInt && operand.int_value >= 0) {
        absl::StrAppend(out, "(", operand.int_value, ")");
        return;
      }
      PrintAt(operand, kUnaryLevel, out);
      return;
    }
    case ExprKind::kBinary: {
      const int level = BinaryLevel(e.op);
      // Sums, products, `and` and `or` associate to the left; comparisons do not chain.
      const bool left_assoc = level != kCompareLevel;
      const int left_min = level == kCompareLevel ? kSumLevel : level;
      const int right_min = level == kCompareLevel ? kSumLevel : level + (left_assoc ? 1 : 0);
      PrintAt(*e.args[0], left_min, out);
      absl::StrAppend(out, " ", OpSpelling(e.op), " ");
      PrintAt(*e.args[1], right_min, out);
      return;
    }
    case ExprKind::kCall:
      absl::StrAppend(out, e.text, "(");
      PrintList(e.args, out);
      out->push_back(')');
      return;
    case ExprKind::kList:
      out->push_back('[');
      PrintList(e.args, out);
      out->push_back(']');
      return;
  }
}

void AppendEscaped(std::string_view text, bool template_braces, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\t': out->append("\\t"); break;
      case '{': out->append(template_braces ? "{{" : "{"); break;
      case '}': out->append(template_braces ? "}}" : "}"); break;
      default: out->push_back(c);
    }
  }
}

}  // namespace

int Precedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary: return BinaryLevel(e.op);
    case ExprKind::kUnary: return e.op == Op::kNot ? kNotLevel : kUnaryLevel;
    // A negative literal is written "-5": a unary form, not a primary one.
    case ExprKind::kInt: return e.int_value < 0 ? kUnaryLevel : kPrimaryLevel;
    default: return kPrimaryLevel;
  }
}

std::string PrintExpr(const Expr& e) {
  std::string out;
  PrintAt(e, kOrLevel, &out);
  return out;
}

std::vector<std::string> PrintChainOperands(const Expr& e) {
  if (e.kind != ExprKind::kBinary || (e.op != Op::kAnd && e.op != Op::kOr)) return {};
  const int level = BinaryLevel(e.op);
  std::vector<const Expr*> right;  // the right operands, innermost last
  const Expr* left = &e;
  while (left->kind == ExprKind::kBinary && left->op == e.op) {
    right.push_back(left->args[1].get());
    left = left->args[0].get();
  }
  std::vector<std::string> out;
  std::string s;
  PrintAt(*left, level, &s);
  out.push_back(std::move(s));
  for (size_t i = right.size(); i-- > 0;) {
    std::string r;
    PrintAt(*right[i], level + 1, &r);
    out.push_back(std::move(r));
  }
  return out;
}

std::string QuoteString(std::string_view text) {
  std::string out = "\"";
  AppendEscaped(text, /*template_braces=*/false, &out);
  out.push_back('"');
  return out;
}

std::string PrintTemplate(const Template& t) {
  std::string out = "\"";
  for (const Template::Piece& piece : t.pieces) {
    if (piece.expr) {
      absl::StrAppend(&out, "{", PrintExpr(*piece.expr), "}");
    } else {
      AppendEscaped(piece.literal, /*template_braces=*/true, &out);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace dupready
