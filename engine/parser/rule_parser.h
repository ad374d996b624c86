// Copyright 2026 The dupready Authors.
//
// rule_parser.h (internal to engine/parser): the recursive-descent parser behind
// ParseRuleFile. One Parser reads one file, or the expression in one message-template hole.
// parser.cc holds tokens, directives, rules and templates; expr_parser.cc the expressions.
//
//   Parser parser(file, limits, diags);
//   parser.ParseFile(&file.directives);
//   file.comments = parser.TakeComments();
//
// Parse failures unwind by returning null (or false) and setting failed_; nothing throws.
// Only the first error of a directive is reported; Recover() then skips to the next one.

#ifndef DUPREADY_ENGINE_PARSER_RULE_PARSER_H_
#define DUPREADY_ENGINE_PARSER_RULE_PARSER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/lexer/lexer.h"
#include "engine/parser/ast.h"

namespace dupready {
namespace parser_internal {

// True for the words the grammar reserves ("table", "when", "and", "true", ...).
bool IsKeyword(std::string_view word);

class Parser {
 public:
  // `nodes_before`: nodes the files parsed before this one hold (Limits::max_nodes is for all).
  Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags, int64_t nodes_before = 0);

  // Parses directives until the end of the file (or too many errors).
  void ParseFile(std::vector<Directive>* out);
  // The comments the lexer skipped, converted (call after ParseFile).
  std::vector<Comment> TakeComments();

 private:
  // The nodes made so far, shared with the parsers of template holes (Limits::max_nodes).
  struct NodeBudget {
    int64_t used = 0;
    bool exceeded = false;  // and reported
  };

  // A parser for source[begin, end), the expression of a template hole at `line`:`column`.
  Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags, size_t begin, size_t end,
         int line, int column, NodeBudget* budget);

  // --- tokens (parser.cc) -------------------------------------------------------------------
  void Advance() {
    if (has_next_) {
      tok_ = next_;
      has_next_ = false;
    } else {
      tok_ = lexer_.Next();
    }
  }
  const Token& Peek() {
    if (!has_next_) {
      next_ = lexer_.Next();
      has_next_ = true;
    }
    return next_;
  }
  Pos PosOf(const Token& t) const {
    const char* base = file_.source.data();
    const bool inside = t.text.data() >= base && t.text.data() <= base + file_.source.size();
    return Pos{t.line, t.column, inside ? static_cast<int>(t.text.data() - base) : -1};
  }

  void Error(Pos pos, std::string message);
  void Error(const Token& t, std::string message);
  // True once the file has too many errors, or too many nodes (reported then).
  bool TooManyErrors();
  // Counts one node (or comment) at `pos`; reports once when the budget is exceeded.
  void CountNodes(int64_t n, Pos pos);
  std::string Describe(const Token& t);
  bool Expect(Tok kind, const char* what);
  bool ExpectName(std::string* name, Pos* pos, const char* what);
  // Skips to the start of the next directive (or a closing brace) after an error.
  void Recover();

  // --- directives, rules, message templates (parser.cc) -------------------------------------
  void ParseDirective(std::vector<Directive>* out, bool in_scope);
  // NAME (',' NAME)*: the rules a `disable` or `unfinal` names.
  bool ParseNames(std::vector<std::pair<std::string, Pos>>* names, const char* what);
  // The (non-blank) string after `unfinal NAME, ...`.
  bool ParseReason(std::string* reason);
  std::unique_ptr<Rule> ParseRule();
  // Splits a string token into literal pieces and {expression} holes.
  bool ParseTemplate(const Token& t, Template* out);
  std::unique_ptr<Expr> ParseHole(size_t begin, size_t end, int line, int column);

  // --- expressions (expr_parser.cc) ---------------------------------------------------------
  struct DepthGuard;
  std::unique_ptr<Expr> Node(ExprKind kind, Pos pos);
  // Finishes a node with children: computes its height and enforces the depth limit.
  std::unique_ptr<Expr> Seal(std::unique_ptr<Expr> e);
  std::unique_ptr<Expr> Binary(Op op, Pos pos, std::unique_ptr<Expr> l, std::unique_ptr<Expr> r);
  std::unique_ptr<Expr> ParseExpr();
  std::unique_ptr<Expr> ParseOr();
  std::unique_ptr<Expr> ParseAnd();
  std::unique_ptr<Expr> ParseNot();
  bool CompareOp(Op* op);
  std::unique_ptr<Expr> ParseCompare();
  std::unique_ptr<Expr> ParseSum();
  std::unique_ptr<Expr> ParseProduct();
  std::unique_ptr<Expr> ParseUnary();
  std::unique_ptr<Expr> ParsePostfix();
  // Items up to `close` into `e` (a list or a call whose opening bracket was consumed).
  std::unique_ptr<Expr> ParseList(Tok close, const char* what, std::unique_ptr<Expr> e);
  std::unique_ptr<Expr> ParsePrimary();

  const RuleFile& file_;
  const Limits& limits_;
  Diagnostics* diags_;
  Lexer lexer_;
  Token tok_;
  Token next_;
  bool has_next_ = false;
  bool in_hole_ = false;  // parsing the expression of a template's {hole}
  bool failed_ = false;
  int depth_ = 0;
  std::vector<Token> comments_;  // filled by lexer_ (top-level parser only)
  NodeBudget own_budget_;
  NodeBudget* budget_ = &own_budget_;  // the top-level parser's

 public:
  int64_t nodes() const { return budget_->used + static_cast<int64_t>(comments_.size()); }
};

}  // namespace parser_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_PARSER_RULE_PARSER_H_
