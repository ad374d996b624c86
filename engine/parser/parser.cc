// A recursive-descent parser for rule files, with bounded recursion and error recovery at
// directive boundaries: tokens, directives, rules and message templates (expressions are in
// expr_parser.cc).
#include "engine/parser/parser.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"
#include "engine/parser/rule_parser.h"

namespace dupready {
namespace parser_internal {
namespace {

constexpr std::string_view kKeywords[] = {
    "table",  "partition", "when",  "require", "else", "suffices", "extend", "disable",
    "scope",  "replace",   "final", "unfinal", "before", "after",  "and",    "or",
    "not",    "in",        "true",  "false"};

// Words that start a directive: where Recover() resumes after an error.
bool StartsDirective(const Token& t) {
  return t.Is(Tok::kIdent) &&
         (t.text == "table" || t.text == "partition" || t.text == "replace" ||
          t.text == "final" || t.text == "extend" || t.text == "disable" ||
          t.text == "unfinal" || t.text == "scope");
}

}  // namespace

bool IsKeyword(std::string_view w) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), w) != std::end(kKeywords);
}

Parser::Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags,
               int64_t nodes_before)
    : file_(file), limits_(limits), diags_(diags), lexer_(file.filename, file.source, diags) {
  own_budget_.used = nodes_before;
  lexer_.set_comment_sink(&comments_, static_cast<size_t>(std::max<int64_t>(limits.max_nodes, 0)) + 1);
  tok_ = lexer_.Next();
}

Parser::Parser(const RuleFile& file, const Limits& limits, Diagnostics* diags, size_t begin,
               size_t end, int line, int column, NodeBudget* budget)
    : file_(file), limits_(limits), diags_(diags),
      lexer_(file.filename, file.source, diags, begin, end, line, column), in_hole_(true),
      budget_(budget) {
  tok_ = lexer_.Next();
}

bool Parser::TooManyErrors() {
  CountNodes(0, PosOf(tok_));
  return budget_->exceeded || diags_->error_count() >= limits_.max_errors;
}

void Parser::CountNodes(int64_t n, Pos pos) {
  budget_->used += n;
  if (budget_->exceeded || nodes() <= limits_.max_nodes) return;
  budget_->exceeded = true;
  failed_ = true;
  diags_->Error(LocationOf(file_, pos),
                absl::StrCat("the rule files hold more than ", limits_.max_nodes,
                             " expression nodes and comments; the rest is not read"),
                file_.source);
}

std::vector<Comment> Parser::TakeComments() {
  std::vector<Comment> out;
  out.reserve(comments_.size());
  for (const Token& t : comments_) out.push_back(Comment{PosOf(t), std::string(t.text)});
  comments_.clear();
  return out;
}

void Parser::ParseFile(std::vector<Directive>* out) {
  while (!TooManyErrors() && !tok_.Is(Tok::kEnd)) {
    if (tok_.Is(Tok::kRBrace)) {
      Error(tok_, "'}' without a matching 'scope ... {'");
      Advance();
      continue;
    }
    ParseDirective(out, /*in_scope=*/false);
  }
}

// --- tokens -------------------------------------------------------------------------------

void Parser::Error(Pos pos, std::string message) {
  if (failed_) return;  // one error per directive; the rest is usually noise
  failed_ = true;
  diags_->Error(LocationOf(file_, pos), std::move(message), file_.source);
}
void Parser::Error(const Token& t, std::string message) {
  if (t.Is(Tok::kError)) {  // the lexer has reported it already
    failed_ = true;
    return;
  }
  Error(PosOf(t), std::move(message));
}

std::string Parser::Describe(const Token& t) {
  if (t.Is(Tok::kEnd)) return in_hole_ ? "'}'" : "end of file";
  if (t.Is(Tok::kIdent)) return absl::StrCat("'", Av(t.text), "'");
  if (t.Is(Tok::kString) || t.Is(Tok::kInt)) return absl::StrCat(TokName(t.kind), " ", Av(t.text));
  return TokName(t.kind);
}

bool Parser::Expect(Tok kind, const char* what) {
  if (tok_.Is(kind)) {
    Advance();
    return true;
  }
  Error(tok_, absl::StrCat("expected ", what, ", found ", Describe(tok_)));
  return false;
}
bool Parser::ExpectName(std::string* name, Pos* pos, const char* what) {
  if (!tok_.Is(Tok::kIdent) || IsKeyword(tok_.text)) {
    Error(tok_, absl::StrCat("expected ", what, ", found ", Describe(tok_)));
    return false;
  }
  *name = std::string(tok_.text);
  if (pos) *pos = PosOf(tok_);
  Advance();
  return true;
}

void Parser::Recover() {
  // Once the file has too many errors, the rest is not read: skipping it would only take time.
  // (Skipping makes no nodes, so only the error count can change here.)
  while (!tok_.Is(Tok::kEnd) && !tok_.Is(Tok::kRBrace) &&
         diags_->error_count() < limits_.max_errors) {
    if (StartsDirective(tok_)) return;
    Advance();
  }
}

// --- directives ---------------------------------------------------------------------------

void Parser::ParseDirective(std::vector<Directive>* out, bool in_scope) {
  failed_ = false;
  Directive d;
  d.pos = PosOf(tok_);
  CountNodes(1, d.pos);  // a directive is a node too, and so is each name it disables
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
    ok = ParseNames(&d.names, "the name of a rule to disable");
  } else if (tok_.IsWord("unfinal")) {
    Advance();
    d.kind = Directive::Kind::kUnfinal;
    ok = ParseNames(&d.names, "the name of a rule to take off the floor");
    if (ok) ok = ParseReason(&d.reason);
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
  } else if (tok_.IsWord("table") || tok_.IsWord("partition") || tok_.IsWord("replace") ||
             tok_.IsWord("final")) {
    d.kind = Directive::Kind::kRule;
    d.rule = ParseRule();
    ok = d.rule != nullptr;
  } else {
    std::string hint;
    if (tok_.Is(Tok::kIdent) && (tok_.text == "when" || tok_.text == "require"))
      hint = " (a rule starts with 'table NAME:' or 'partition NAME:')";
    Error(tok_, absl::StrCat("expected a rule ('table NAME:' or 'partition NAME:'), 'extend', "
                             "'disable', 'unfinal' or 'scope', found ",
                             Describe(tok_), hint));
    Advance();
  }
  if (ok && !failed_) {
    out->push_back(std::move(d));
  } else {
    Recover();
  }
}

bool Parser::ParseNames(std::vector<std::pair<std::string, Pos>>* names, const char* what) {
  do {
    std::string name;
    Pos pos;
    if (!ExpectName(&name, &pos, what)) return false;
    names->emplace_back(std::move(name), pos);
    CountNodes(1, pos);
  } while (tok_.Is(Tok::kComma) && (Advance(), true));
  return true;
}

bool Parser::ParseReason(std::string* reason) {
  if (!tok_.Is(Tok::kString)) {
    Error(tok_, absl::StrCat("expected a string saying why the floor is lowered, e.g. "
                             "\"the lab cluster runs without primaries\", found ",
                             Describe(tok_)));
    return false;
  }
  *reason = Lexer::Unescape(tok_.text);
  if (reason->find_first_not_of(" \t\n") == std::string::npos) {
    Error(tok_, "the reason for lowering the floor is empty: say why");
    return false;
  }
  Advance();
  return true;
}

std::unique_ptr<Rule> Parser::ParseRule() {
  auto rule = std::make_unique<Rule>();
  if (tok_.IsWord("final") && Peek().IsWord("replace")) {
    Error(tok_, "write 'replace final table|partition NAME:' ('replace' comes first)");
    Advance();  // recovery resumes at 'replace'
    return nullptr;
  }
  if (tok_.IsWord("replace")) {
    rule->replace = true;
    Advance();
  }
  if (tok_.IsWord("final")) {
    rule->final = true;
    Advance();
  }
  if (!tok_.IsWord("table") && !tok_.IsWord("partition")) {
    Error(tok_, absl::StrCat("expected 'table' or 'partition' after '",
                             rule->final ? "final" : "replace", "', found ", Describe(tok_)));
    return nullptr;
  }
  rule->stage = tok_.IsWord("table") ? Stage::kTable : Stage::kPartition;
  Advance();
  if (!ExpectName(&rule->name, &rule->pos, "the rule's name")) {
    if (tok_.Is(Tok::kIdent)) Advance();  // a keyword: recovery must not start a rule at it
    return nullptr;
  }
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

bool Parser::ParseTemplate(const Token& t, Template* out) {
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
      Error(Pos{t.line, t.column + 1 + static_cast<int>(i), static_cast<int>(base + i)},
            "'}' without '{' in message template (write '}}' for a literal brace)");
      return false;
    } else if (c == '{') {
      size_t close = raw.find('}', i + 1);
      Pos hole{t.line, t.column + 1 + static_cast<int>(i), static_cast<int>(base + i)};
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

std::unique_ptr<Expr> Parser::ParseHole(size_t begin, size_t end, int line, int column) {
  Parser sub(file_, limits_, diags_, begin, end, line, column, budget_);
  if (sub.tok_.Is(Tok::kEnd)) {
    Error(Pos{line, column - 1, static_cast<int>(begin) - 1}, "empty '{}' in message template");
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

}  // namespace parser_internal

RuleFile ParseRuleFile(std::string filename, std::string source, const Limits& limits,
                       Diagnostics* diags, int64_t nodes_before) {
  RuleFile file;
  file.filename = std::move(filename);
  file.source = std::move(source);
  if (static_cast<int64_t>(file.source.size()) > limits.max_file_bytes) {
    diags->Error(SourceLocation{file.filename, 0, 0},
                 absl::StrCat("rule file is ", file.source.size(), " bytes; the limit is ",
                              limits.max_file_bytes));
    return file;
  }
  parser_internal::Parser parser(file, limits, diags, nodes_before);
  parser.ParseFile(&file.directives);
  file.nodes = parser.nodes() - nodes_before;
  file.comments = parser.TakeComments();
  return file;
}

}  // namespace dupready
