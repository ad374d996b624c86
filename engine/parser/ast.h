// Copyright 2026 The dupready Authors.
//
// ast.h: the syntax tree of a rule file, as parsed and before names are resolved.
//
// A RuleFile is a list of directives: `extend`, `disable`, `unfinal`, `scope { ... }` and
// rules. The checker
// (engine/checker) annotates Expr nodes in place with their types and resolved facts; the
// parser leaves those fields at their defaults. Every node's height is bounded by the parser
// (Limits::max_expr_depth), so recursive passes over the tree cannot overflow the stack.

#ifndef DUPREADY_ENGINE_PARSER_AST_H_
#define DUPREADY_ENGINE_PARSER_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/common/types.h"

namespace dupready {

// A position in a rule file: 1-based line and byte column, and the byte offset in the file
// (-1 when unknown), so a message can quote the line without searching the file for it.
struct Pos {
  int line = 0;
  int column = 0;
  int offset = -1;
};

enum class ExprKind : uint8_t {
  kInt,      // int_value
  kBool,     // bool_value
  kString,   // text (unescaped)
  kName,     // text: a fact, a bound variable, or an error code (ERR_...)
  kField,    // args[0] . text
  kUnary,    // op (kNot or kNeg), args[0]
  kBinary,   // args[0] op args[1]
  kCall,     // text (function name) ( args... ); quantifiers bind args[1], a kName
  kList,     // [ args... ], only as the right side of `in`
};

enum class Op : uint8_t {
  kNone,
  kOr, kAnd, kNot, kNeg,
  kEq, kNe, kLt, kLe, kGt, kGe, kMatch, kNotMatch, kIn, kNotIn,
  kAdd, kSub, kMul, kDiv, kMod,
};

// The spelling of an operator in rule files: "==", "and", "not in", ...
const char* OpSpelling(Op op);

struct Expr {
  ExprKind kind = ExprKind::kInt;
  Op op = Op::kNone;
  Pos pos;
  int height = 1;  // 1 for leaves
  int64_t int_value = 0;
  bool bool_value = false;
  std::string text;
  std::vector<std::unique_ptr<Expr>> args;

  // Filled by the checker.
  Type type;
  Resolution res;
  int regex = -1;  // kMatch / kNotMatch: index of the compiled pattern in the checker's pool
};

// True when `a` and `b` are written the same: same kinds, operators, literals and names, all
// the way down (the checker's annotations are not compared). Recursion is bounded by the
// parser's depth limit.
bool SameTree(const Expr& a, const Expr& b);

// A message template: literal text with {expression} holes.
struct Template {
  struct Piece {
    std::string literal;          // used when expr is null
    std::unique_ptr<Expr> expr;
  };
  std::vector<Piece> pieces;
  Pos pos;
  bool present = false;
};

enum class Stage : uint8_t { kTable, kPartition };
const char* StageName(Stage s);

enum class RuleKind : uint8_t { kRequire, kSuffices };

struct Rule {
  Stage stage = Stage::kPartition;
  RuleKind kind = RuleKind::kRequire;
  std::string name;
  Pos pos;            // of the name
  bool replace = false;
  // `final`: on the floor. No overlay may disable or replace it (unless an `unfinal` lowers
  // it first), and it still runs after a `suffices` accepted the partition (or table).
  bool final = false;
  // Placement of a new rule among inherited ones: `before X` / `after X`.
  enum class Place : uint8_t { kEnd, kBefore, kAfter } place = Place::kEnd;
  std::string anchor;
  Pos anchor_pos;
  std::unique_ptr<Expr> guard;      // may be null
  std::unique_ptr<Expr> condition;
  std::unique_ptr<Expr> error;      // require only: an error-typed expression
  Template message;                 // require only; may be absent

  // Where the clauses start, for tools that lay a rule out again (engine/format) or point
  // at a clause (engine/lint); {0, 0} when the clause is absent.
  Pos when_pos;   // the 'when' keyword
  Pos body_pos;   // 'require', or the first token of a sufficient condition
  Pos else_pos;   // the 'else' keyword
};

struct Directive {
  enum class Kind : uint8_t { kExtend, kDisable, kScope, kRule, kUnfinal } kind = Kind::kRule;
  Pos pos;
  std::string path;                          // kExtend
  std::vector<std::pair<std::string, Pos>> names;  // kDisable, kUnfinal
  std::string reason;                        // kUnfinal: why the floor is lowered (unescaped)
  std::unique_ptr<Expr> scope;               // kScope: the condition
  std::vector<Directive> body;               // kScope
  Pos close_pos;                             // kScope: its closing '}'
  std::unique_ptr<Rule> rule;                // kRule
};

// A comment: '#' to the end of its line, as written.
struct Comment {
  Pos pos;           // of the '#'
  std::string text;  // from '#' on, without the line end
};

struct RuleFile {
  std::string filename;
  std::string source;   // the whole text, for quoting lines in messages
  std::vector<Directive> directives;
  std::vector<Comment> comments;  // every comment, in source order (meaningless to the engine)
  int64_t nodes = 0;    // syntax-tree nodes the parser made (Limits::max_nodes)
};

// Where `pos` is in `file`, for Diagnostics.
inline SourceLocation LocationOf(const RuleFile& file, Pos pos) {
  return SourceLocation{file.filename, pos.line, pos.column, pos.offset};
}

}  // namespace dupready

#endif  // DUPREADY_ENGINE_PARSER_AST_H_
