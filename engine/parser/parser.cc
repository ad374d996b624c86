// A recursive-descent parser for rule files, with bounded recursion and error recovery at
// directive boundaries.
#include "engine/parser/parser.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"
#include "engine/lexer/lexer.h"

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

namespace {

constexpr std::string_view kKeywords[] = {
    "table", "partition", "when",  "require", "else", "suffices", "extend", "disable", "scope",
    "replace", "before",  "after", "and",     "or",   "not",      "in",     "true",    "false"};

bool IsKeyword(std::string_view w) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), w) != std::end(kKeywords);
}

// Thrown nowhere: parse failures unwind by returning null and setting failed_.
class Parser {
 public:
  Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags)
      : file_(file), limits_(limits), diags_(diags), lexer_(file.filename, file.source, diags) {
    lexer_.set_comment_sink(&comments_);
    tok_ = lexer_.Next();
  }

  // The comments the lexer skipped, converted (call after ParseFile).
  std::vector<Comment> TakeComments() {
    std::vector<Comment> out;
    out.reserve(comments_.size());
    for (const Token& t : comments_) out.push_back(Comment{PosOf(t), std::string(t.text)});
    comments_.clear();
    return out;
  }

  void ParseFile(std::vector<Directive>* out) {
    while (!tok_.Is(Tok::kEnd)) {
      if (TooManyErrors()) return;
      if (tok_.Is(Tok::kRBrace)) {
        Error(tok_, "'}' without a matching 'scope ... {'");
        Advance();
        continue;
      }
      ParseDirective(out, /*in_scope=*/false);
    }
  }

 private:
  // --- tokens -------------------------------------------------------------------------------
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
  static Pos PosOf(const Token& t) { return Pos{t.line, t.column}; }

  void Error(Pos pos, std::string message) {
    if (failed_) return;  // one error per directive; the rest is usually noise
    failed_ = true;
    diags_->Error(SourceLocation{file_.filename, pos.line, pos.column}, std::move(message),
                  file_.source);
  }
  void Error(const Token& t, std::string message) {
    if (t.Is(Tok::kError)) {  // the lexer has reported it already
      failed_ = true;
      return;
    }
    Error(PosOf(t), std::move(message));
  }
  bool TooManyErrors() const { return diags_->error_count() >= limits_.max_errors; }

  std::string Describe(const Token& t) {
    if (t.Is(Tok::kEnd)) return in_hole_ ? "'}'" : "end of file";
    if (t.Is(Tok::kIdent)) return absl::StrCat("'", Av(t.text), "'");
    if (t.Is(Tok::kString) || t.Is(Tok::kInt)) return absl::StrCat(TokName(t.kind), " ", Av(t.text));
    return TokName(t.kind);
  }

  bool Expect(Tok kind, const char* what) {
    if (tok_.Is(kind)) {
      Advance();
      return true;
    }
    Error(tok_, absl::StrCat("expected ", what, ", found ", Describe(tok_)));
    return false;
  }
  bool ExpectName(std::string* name, Pos* pos, const char* what) {
    if (!tok_.Is(Tok::kIdent) || IsKeyword(tok_.text)) {
      Error(tok_, absl::StrCat("expected ", what, ", found ", Describe(tok_)));
      return false;
    }
    *name = std::string(tok_.text);
    if (pos) *pos = PosOf(tok_);
    Advance();
    return true;
  }

  // Skips to the start of the next directive (or a closing brace) after an error.
  void Recover() {
    while (!tok_.Is(Tok::kEnd) && !tok_.Is(Tok::kRBrace)) {
      if (tok_.Is(Tok::kIdent) &&
          (tok_.text == "table" || tok_.text == "partition" || tok_.text == "replace" ||
           tok_.text == "extend" || tok_.text == "disable" || tok_.text == "scope"))
        return;
      Advance();
    }
  }

  // --- directives ---------------------------------------------------------------------------
  void ParseDirective(std::vector<Directive>* out, bool in_scope) {
    failed_ = false;
    Directive d;
    d.pos = PosOf(tok_);
    bool ok = false;
    if (tok_.IsWord("extend")) {
      Advance();
      d.kind = Directive::Kind::kExtend;
      if (in_scope) {
        Error(d.pos, "'extend' must be at the top level of a file, not inside a scope");
      } else if (tok_.Is(Tok::kString)) {
        d.path = Lexer::Unescape(tok_.text);
        Advance();
        ok = true;
      } else {
        Error(tok_, absl::StrCat("expected the path of a rule file after 'extend', found ",
                                 Describe(tok_)));
      }
    } else if (tok_.IsWord("disable")) {
      Advance();
      d.kind = Directive::Kind::kDisable;
      ok = true;
      do {
        std::string name;
        Pos pos;
        if (!ExpectName(&name, &pos, "the name of a rule to disable")) {
          ok = false;
          break;
        }
        d.names.emplace_back(std::move(name), pos);
      } while (tok_.Is(Tok::kComma) && (Advance(), true));
    } else if (tok_.IsWord("scope")) {
      Advance();
      d.kind = Directive::Kind::kScope;
      d.scope = ParseExpr();
      if (d.scope && Expect(Tok::kLBrace, "'{' to open the scope's rules")) {
        while (!tok_.Is(Tok::kRBrace) && !tok_.Is(Tok::kEnd) && !TooManyErrors())
          ParseDirective(&d.body, /*in_scope=*/true);
        failed_ = false;
        if (tok_.Is(Tok::kEnd)) {
          Error(d.pos, "this scope's '{' is never closed");
        } else {
          d.close_pos = PosOf(tok_);
          Advance();
          ok = true;
        }
      }
    } else if (tok_.IsWord("table") || tok_.IsWord("partition") || tok_.IsWord("replace")) {
      d.kind = Directive::Kind::kRule;
      d.rule = ParseRule();
      ok = d.rule != nullptr;
    } else {
      std::string hint;
      if (tok_.Is(Tok::kIdent) && (tok_.text == "when" || tok_.text == "require"))
        hint = " (a rule starts with 'table NAME:' or 'partition NAME:')";
      Error(tok_, absl::StrCat("expected a rule ('table NAME:' or 'partition NAME:'), 'extend', "
                               "'disable' or 'scope', found ",
                               Describe(tok_), hint));
      Advance();
    }
    if (ok && !failed_) {
      out->push_back(std::move(d));
    } else {
      Recover();
    }
  }

  std::unique_ptr<Rule> ParseRule() {
    auto rule = std::make_unique<Rule>();
    if (tok_.IsWord("replace")) {
      rule->replace = true;
      Advance();
      if (!tok_.IsWord("table") && !tok_.IsWord("partition")) {
        Error(tok_, absl::StrCat("expected 'table' or 'partition' after 'replace', found ",
                                 Describe(tok_)));
        return nullptr;
      }
    }
    rule->stage = tok_.IsWord("table") ? Stage::kTable : Stage::kPartition;
    Advance();
    if (!ExpectName(&rule->name, &rule->pos, "the rule's name")) return nullptr;
    if (tok_.IsWord("before") || tok_.IsWord("after")) {
      rule->place = tok_.IsWord("before") ? Rule::Place::kBefore : Rule::Place::kAfter;
      Advance();
      if (!ExpectName(&rule->anchor, &rule->anchor_pos, "the name of the rule to place it by"))
        return nullptr;
    }
    if (!Expect(Tok::kColon, "':' after the rule's name")) return nullptr;
    if (tok_.IsWord("when")) {
      rule->when_pos = PosOf(tok_);
      Advance();
      rule->guard = ParseExpr();
      if (!rule->guard) return nullptr;
      if (tok_.Is(Tok::kArrow)) Advance();  // "when G => C suffices", as on the design card
    }
    rule->body_pos = PosOf(tok_);
    if (tok_.IsWord("require")) {
      rule->kind = RuleKind::kRequire;
      Advance();
      rule->condition = ParseExpr();
      if (!rule->condition) return nullptr;
      if (!tok_.IsWord("else")) {
        Error(tok_, absl::StrCat("expected 'else ERROR_CODE \"message\"' after the requirement, "
                                 "found ",
                                 Describe(tok_)));
        return nullptr;
      }
      rule->else_pos = PosOf(tok_);
      Advance();
      rule->error = ParsePostfix();
      if (!rule->error) return nullptr;
      if (tok_.Is(Tok::kString)) {
        if (!ParseTemplate(tok_, &rule->message)) return nullptr;
        Advance();
      }
      return rule;
    }
    if (tok_.IsWord("suffices") || tok_.IsWord("else")) {
      Error(tok_, absl::StrCat("expected a condition before ", Describe(tok_)));
      return nullptr;
    }
    rule->kind = RuleKind::kSuffices;
    rule->condition = ParseExpr();
    if (!rule->condition) return nullptr;
    if (!tok_.IsWord("suffices")) {
      Error(tok_, absl::StrCat("expected 'suffices' after the condition (or 'require COND else "
                               "ERROR \"message\"'), found ",
                               Describe(tok_)));
      return nullptr;
    }
    Advance();
    return rule;
  }

  // Splits a string token into literal pieces and {expression} holes.
  bool ParseTemplate(const Token& t, Template* out) {
    out->present = true;
    out->pos = PosOf(t);
    std::string_view raw = t.text.substr(1, t.text.size() - 2);
    if (static_cast<int>(raw.size()) > limits_.max_template_bytes) {
      Error(t, absl::StrCat("message template is ", raw.size(), " bytes; the limit is ",
                            limits_.max_template_bytes));
      return false;
    }
    const size_t base = static_cast<size_t>(raw.data() - file_.source.data());
    std::string literal;
    for (size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\\' && i + 1 < raw.size()) {
        char e = raw[++i];
        literal.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else if (c == '{' && i + 1 < raw.size() && raw[i + 1] == '{') {
        literal.push_back('{');
        ++i;
      } else if (c == '}' && i + 1 < raw.size() && raw[i + 1] == '}') {
        literal.push_back('}');
        ++i;
      } else if (c == '}') {
        Error(Pos{t.line, t.column + 1 + static_cast<int>(i)},
              "'}' without '{' in message template (write '}}' for a literal brace)");
        return false;
      } else if (c == '{') {
        size_t close = raw.find('}', i + 1);
        Pos hole{t.line, t.column + 1 + static_cast<int>(i)};
        if (close == std::string_view::npos) {
          Error(hole, "'{' in message template is never closed (write '{{' for a literal brace)");
          return false;
        }
        if (!literal.empty()) out->pieces.push_back({std::move(literal), nullptr});
        literal.clear();
        auto expr = ParseHole(base + i + 1, base + close, hole.line, hole.column + 1);
        if (!expr) return false;
        out->pieces.push_back({std::string(), std::move(expr)});
        i = close;
      } else {
        literal.push_back(c);
      }
    }
    if (!literal.empty()) out->pieces.push_back({std::move(literal), nullptr});
    return true;
  }

  std::unique_ptr<Expr> ParseHole(size_t begin, size_t end, int line, int column) {
    Parser sub(file_, limits_, diags_, begin, end, line, column);
    if (sub.tok_.Is(Tok::kEnd)) {
      Error(Pos{line, column - 1}, "empty '{}' in message template");
      return nullptr;
    }
    auto e = sub.ParseExpr();
    if (e && !sub.tok_.Is(Tok::kEnd)) {
      sub.Error(sub.tok_, absl::StrCat("unexpected ", sub.Describe(sub.tok_),
                                       " in template expression"));
      e = nullptr;
    }
    if (!e) failed_ = true;
    return e;
  }

  Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags, size_t begin, size_t end,
         int line, int column)
      : file_(file), limits_(limits), diags_(diags),
        lexer_(file.filename, file.source, diags, begin, end, line, column), in_hole_(true) {
    tok_ = lexer_.Next();
  }

  // --- expressions --------------------------------------------------------------------------
  std::unique_ptr<Expr> Node(ExprKind kind, Pos pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }
  // Finishes a node with children: computes its height and enforces the depth limit.
  std::unique_ptr<Expr> Seal(std::unique_ptr<Expr> e) {
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
  std::unique_ptr<Expr> Binary(Op op, Pos pos, std::unique_ptr<Expr> l, std::unique_ptr<Expr> r) {
    auto e = Node(ExprKind::kBinary, pos);
    e->op = op;
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return Seal(std::move(e));
  }

  // Guards recursion: nested parentheses and prefix operators count as levels too.
  struct DepthGuard {
    Parser* p;
    bool ok;
    explicit DepthGuard(Parser* parser) : p(parser), ok(++parser->depth_ <= parser->limits_.max_expr_depth) {
      if (!ok)
        p->Error(p->tok_, absl::StrCat("expression is nested too deeply (the limit is ",
                                       p->limits_.max_expr_depth, " levels)"));
    }
    ~DepthGuard() { --p->depth_; }
  };

  std::unique_ptr<Expr> ParseExpr() {
    DepthGuard guard(this);
    if (!guard.ok) return nullptr;
    return ParseOr();
  }

  std::unique_ptr<Expr> ParseOr() {
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

  std::unique_ptr<Expr> ParseAnd() {
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

  std::unique_ptr<Expr> ParseNot() {
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

  bool CompareOp(Op* op) {
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

  std::unique_ptr<Expr> ParseCompare() {
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

  std::unique_ptr<Expr> ParseSum() {
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

  std::unique_ptr<Expr> ParseProduct() {
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

  std::unique_ptr<Expr> ParseUnary() {
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

  std::unique_ptr<Expr> ParsePostfix() {
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

  std::unique_ptr<Expr> ParseList(ExprKind kind, Pos pos, Tok close, const char* what,
                                  std::unique_ptr<Expr> e) {
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
    (void)kind;
    (void)pos;
    return Seal(std::move(e));
  }

  std::unique_ptr<Expr> ParsePrimary() {
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
        return ParseList(ExprKind::kList, PosOf(t), Tok::kRBracket, "',' or ']'",
                         Node(ExprKind::kList, PosOf(t)));
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
          return ParseList(ExprKind::kCall, PosOf(t), Tok::kRParen, "',' or ')'",
                           std::move(call));
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
};

}  // namespace

RuleFile ParseRuleFile(std::string filename, std::string source, const Limits& limits,
                       Diagnostics* diags) {
  RuleFile file;
  file.filename = std::move(filename);
  file.source = std::move(source);
  if (static_cast<int64_t>(file.source.size()) > limits.max_file_bytes) {
    diags->Error(SourceLocation{file.filename, 0, 0},
                 absl::StrCat("rule file is ", file.source.size(), " bytes; the limit is ",
                              limits.max_file_bytes));
    return file;
  }
  Parser parser(file, limits, diags);
  parser.ParseFile(&file.directives);
  file.comments = parser.TakeComments();
  return file;
}

}  // namespace dupready
