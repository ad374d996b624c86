// The expression half of the rule-file parser: precedence climbing by one function per level,
// with the nesting depth bounded as the tree is built.
#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"
#include "engine/parser/rule_parser.h"

namespace dupready {
namespace parser_internal {

// Guards recursion: nested parentheses and prefix operators count as levels too.
struct Parser::DepthGuard {
  Parser* p;
  bool ok;
  explicit DepthGuard(Parser* parser)
      : p(parser), ok(++parser->depth_ <= parser->limits_.max_expr_depth) {
    if (!ok)
      p->Error(p->tok_, absl::StrCat("expression is nested too deeply (the limit is ",
                                     p->limits_.max_expr_depth, " levels)"));
  }
  ~DepthGuard() { --p->depth_; }
};

std::unique_ptr<Expr> Parser::Node(ExprKind kind, Pos pos) {
  CountNodes(1, pos);
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}
std::unique_ptr<Expr> Parser::Seal(std::unique_ptr<Expr> e) {
  int h = 0;
  for (const auto& a : e->args) h = std::max(h, a->height);
  e->height = h + 1;
  if (e->height > limits_.max_expr_depth) {
    Error(e->pos, absl::StrCat("expression is nested too deeply (the limit is ",
                               limits_.max_expr_depth, " levels)"));
    return nullptr;
  }
  return e;
}
std::unique_ptr<Expr> Parser::Binary(Op op, Pos pos, std::unique_ptr<Expr> l,
                                     std::unique_ptr<Expr> r) {
  auto e = Node(ExprKind::kBinary, pos);
  e->op = op;
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
  return Seal(std::move(e));
}

std::unique_ptr<Expr> Parser::ParseExpr() {
  DepthGuard guard(this);
  if (!guard.ok) return nullptr;
  return ParseOr();
}

std::unique_ptr<Expr> Parser::ParseOr() {
  auto left = ParseAnd();
  while (left && tok_.IsWord("or")) {
    Pos pos = PosOf(tok_);
    Advance();
    auto right = ParseAnd();
    if (!right) return nullptr;
    left = Binary(Op::kOr, pos, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<Expr> Parser::ParseAnd() {
  auto left = ParseNot();
  while (left && tok_.IsWord("and")) {
    Pos pos = PosOf(tok_);
    Advance();
    auto right = ParseNot();
    if (!right) return nullptr;
    left = Binary(Op::kAnd, pos, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<Expr> Parser::ParseNot() {
  if (tok_.IsWord("not")) {
    DepthGuard guard(this);
    if (!guard.ok) return nullptr;
    auto e = Node(ExprKind::kUnary, PosOf(tok_));
    e->op = Op::kNot;
    Advance();
    auto operand = ParseNot();
    if (!operand) return nullptr;
    e->args.push_back(std::move(operand));
    return Seal(std::move(e));
  }
  return ParseCompare();
}

bool Parser::CompareOp(Op* op) {
  switch (tok_.kind) {
    case Tok::kEq: *op = Op::kEq; return true;
    case Tok::kNe: *op = Op::kNe; return true;
    case Tok::kLt: *op = Op::kLt; return true;
    case Tok::kLe: *op = Op::kLe; return true;
    case Tok::kGt: *op = Op::kGt; return true;
    case Tok::kGe: *op = Op::kGe; return true;
    case Tok::kMatch: *op = Op::kMatch; return true;
    case Tok::kNotMatch: *op = Op::kNotMatch; return true;
    default: break;
  }
  if (tok_.IsWord("in")) {
    *op = Op::kIn;
    return true;
  }
  if (tok_.IsWord("not") && Peek().IsWord("in")) {
    *op = Op::kNotIn;
    return true;
  }
  return false;
}

std::unique_ptr<Expr> Parser::ParseCompare() {
  auto left = ParseSum();
  Op op;
  if (!left || !CompareOp(&op)) return left;
  Pos pos = PosOf(tok_);
  Advance();
  if (op == Op::kNotIn) Advance();
  auto right = ParseSum();
  if (!right) return nullptr;
  Op again;
  if (CompareOp(&again)) {
    Error(tok_, "comparisons do not chain; join them with 'and'");
    return nullptr;
  }
  return Binary(op, pos, std::move(left), std::move(right));
}

std::unique_ptr<Expr> Parser::ParseSum() {
  auto left = ParseProduct();
  while (left && (tok_.Is(Tok::kPlus) || tok_.Is(Tok::kMinus))) {
    Op op = tok_.Is(Tok::kPlus) ? Op::kAdd : Op::kSub;
    Pos pos = PosOf(tok_);
    Advance();
    auto right = ParseProduct();
    if (!right) return nullptr;
    left = Binary(op, pos, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<Expr> Parser::ParseProduct() {
  auto left = ParseUnary();
  while (left && (tok_.Is(Tok::kStar) || tok_.Is(Tok::kSlash) || tok_.Is(Tok::kPercent))) {
    Op op = tok_.Is(Tok::kStar) ? Op::kMul : tok_.Is(Tok::kSlash) ? Op::kDiv : Op::kMod;
    Pos pos = PosOf(tok_);
    Advance();
    auto right = ParseUnary();
    if (!right) return nullptr;
    left = Binary(op, pos, std::move(left), std::move(right));
  }
  return left;
}

std::unique_ptr<Expr> Parser::ParseUnary() {
  if (tok_.Is(Tok::kMinus)) {
    DepthGuard guard(this);
    if (!guard.ok) return nullptr;
    Pos pos = PosOf(tok_);
    Advance();
    // Fold "-INT" so the most negative literal is writable.
    if (tok_.Is(Tok::kInt)) {
      auto e = Node(ExprKind::kInt, pos);
      e->int_value = -tok_.int_value;
      Advance();
      return e;
    }
    auto e = Node(ExprKind::kUnary, pos);
    e->op = Op::kNeg;
    auto operand = ParseUnary();
    if (!operand) return nullptr;
    e->args.push_back(std::move(operand));
    return Seal(std::move(e));
  }
  return ParsePostfix();
}

std::unique_ptr<Expr> Parser::ParsePostfix() {
  auto e = ParsePrimary();
  while (e && tok_.Is(Tok::kDot)) {
    Advance();
    auto field = Node(ExprKind::kField, PosOf(tok_));
    if (!ExpectName(&field->text, nullptr, "a field name after '.'")) return nullptr;
    field->args.push_back(std::move(e));
    e = Seal(std::move(field));
  }
  return e;
}

std::unique_ptr<Expr> Parser::ParseList(Tok close, const char* what, std::unique_ptr<Expr> e) {
  if (!tok_.Is(close)) {
    while (true) {
      auto item = ParseExpr();
      if (!item) return nullptr;
      e->args.push_back(std::move(item));
      if (tok_.Is(Tok::kComma)) {
        Advance();
        continue;
      }
      break;
    }
  }
  if (!Expect(close, what)) return nullptr;
  return Seal(std::move(e));
}

std::unique_ptr<Expr> Parser::ParsePrimary() {
  if (budget_->exceeded) {  // stop building: the file is refused already
    failed_ = true;
    return nullptr;
  }
  const Token t = tok_;
  switch (t.kind) {
    case Tok::kInt: {
      auto e = Node(ExprKind::kInt, PosOf(t));
      e->int_value = t.int_value;
      Advance();
      return e;
    }
    case Tok::kString: {
      auto e = Node(ExprKind::kString, PosOf(t));
      e->text = Lexer::Unescape(t.text);
      Advance();
      return e;
    }
    case Tok::kLParen: {
      Advance();
      auto e = ParseExpr();
      if (!e || !Expect(Tok::kRParen, "')'")) return nullptr;
      return e;
    }
    case Tok::kLBracket: {
      Advance();
      return ParseList(Tok::kRBracket, "',' or ']'", Node(ExprKind::kList, PosOf(t)));
    }
    case Tok::kIdent: {
      if (t.text == "true" || t.text == "false") {
        auto e = Node(ExprKind::kBool, PosOf(t));
        e->bool_value = t.text == "true";
        Advance();
        return e;
      }
      if (IsKeyword(t.text)) {
        Error(t, absl::StrCat("expected an expression, found keyword '", Av(t.text), "'"));
        return nullptr;
      }
      Advance();
      // A call's '(' is on its name's line: "when g" then "(a or b) suffices" on the next
      // line is a guard and a condition, not g(a or b).
      if (tok_.Is(Tok::kLParen) && tok_.line == t.line) {
        Advance();
        auto call = Node(ExprKind::kCall, PosOf(t));
        call->text = std::string(t.text);
        return ParseList(Tok::kRParen, "',' or ')'", std::move(call));
      }
      auto e = Node(ExprKind::kName, PosOf(t));
      e->text = std::string(t.text);
      return e;
    }
    case Tok::kError:
      failed_ = true;  // the lexer reported it
      return nullptr;
    default:
      Error(t, absl::StrCat("expected an expression, found ", Describe(t)));
      return nullptr;
  }
}

}  // namespace parser_internal
}  // namespace dupready
