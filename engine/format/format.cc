// Lays a parsed rule file out canonically (format.h), then puts each comment back beside the
// directive or clause it was written next to, and checks that the result means the same.
#include "engine/format/format.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/format/expr_printer.h"
#include "engine/format/tree_dump.h"
#include "engine/lexer/lexer.h"
#include "engine/parser/parser.h"

namespace dupready {
namespace {

bool Before(const Pos& a, const Pos& b) {
  return a.line < b.line || (a.line == b.line && a.column < b.column);
}

// One piece of output that comments attach to: a directive's first line(s), a rule's clause,
// or a scope's closing brace. Units are created in source order.
struct Unit {
  Pos start;                       // its first token in the source
  int indent = 0;                  // of the code
  int comment_indent = 0;          // of the comments above it
  bool head = false;               // starts a directive
  bool first_in_container = false; // the first directive of the file or of a scope
  bool close = false;              // a scope's '}'
  std::vector<std::string> lines;  // the code, indented
  std::vector<size_t> comments;    // attached comments, in source order
  int last_line = 0;               // the source line of its last token
};

struct CommentInfo {
  Pos pos;
  std::string text;           // trailing spaces dropped
  bool trailing = false;      // code precedes it on its line
  bool blank_before = false;  // a blank line separates it from what precedes it
};

std::string StripRight(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

class Layout {
 public:
  explicit Layout(const RuleFile& file) : file_(file) {}

  std::string Run() {
    for (size_t i = 0; i < file_.directives.size(); ++i)
      AddDirective(file_.directives[i], 0, i == 0);
    AttachComments();
    return Render();
  }

 private:
  static std::string Ind(int n) { return std::string(static_cast<size_t>(n), ' '); }

  Unit& Add(Pos start, int indent, std::vector<std::string> lines) {
    Unit u;
    u.start = start;
    u.indent = indent;
    u.comment_indent = indent;
    u.lines = std::move(lines);
    units_.push_back(std::move(u));
    return units_.back();
  }
  void AddHead(Pos start, int indent, bool first, std::vector<std::string> lines) {
    Unit& u = Add(start, indent, std::move(lines));
    u.head = true;
    u.first_in_container = first;
  }

  // True when the last token of `e` is a bare name (which a following '(' would call).
  static bool EndsInName(const Expr& e) {
    const Expr* last = &e;
    while (last->kind == ExprKind::kBinary || last->kind == ExprKind::kUnary)
      last = last->args.back().get();
    return last->kind == ExprKind::kName;
  }

  // `prefix expr suffix` at `indent`, broken before each top-level and/or when too wide.
  static std::vector<std::string> Breakable(int indent, const std::string& prefix, const Expr& e,
                                            const std::string& suffix) {
    const std::string flat = PrintExpr(e);
    if (indent + prefix.size() + flat.size() + suffix.size() <= static_cast<size_t>(kFormatWidth))
      return {Ind(indent) + prefix + flat + suffix};
    std::vector<std::string> operands = PrintChainOperands(e);
    if (operands.empty()) return {Ind(indent) + prefix + flat + suffix};
    std::vector<std::string> lines = {Ind(indent) + prefix + operands[0]};
    for (size_t i = 1; i < operands.size(); ++i)
      lines.push_back(absl::StrCat(Ind(indent + 4), OpSpelling(e.op), " ", operands[i]));
    lines.back() += suffix;
    return lines;
  }

  void AddDirective(const Directive& d, int indent, bool first) {
    switch (d.kind) {
      case Directive::Kind::kExtend:
        AddHead(d.pos, indent, first, {Ind(indent) + "extend " + QuoteString(d.path)});
        return;
      case Directive::Kind::kDisable:
      case Directive::Kind::kUnfinal: {
        const bool unfinal = d.kind == Directive::Kind::kUnfinal;
        std::string line = Ind(indent) + (unfinal ? "unfinal " : "disable ");
        for (size_t i = 0; i < d.names.size(); ++i)
          absl::StrAppend(&line, i ? ", " : "", d.names[i].first);
        if (unfinal) absl::StrAppend(&line, " ", QuoteString(d.reason));
        AddHead(d.pos, indent, first, {line});
        return;
      }
      case Directive::Kind::kScope:
        AddHead(d.pos, indent, first, Breakable(indent, "scope ", *d.scope, " {"));
        for (size_t i = 0; i < d.body.size(); ++i) AddDirective(d.body[i], indent + 2, i == 0);
        {
          Unit& close = Add(d.close_pos, indent, {Ind(indent) + "}"});
          close.comment_indent = indent + 2;  // its comments are the scope body's last lines
          close.close = true;
        }
        return;
      case Directive::Kind::kRule:
        AddRule(d, indent, first);
        return;
    }
  }

  void AddRule(const Directive& d, int indent, bool first) {
    const Rule& r = *d.rule;
    std::string head = absl::StrCat(Ind(indent), r.replace ? "replace " : "",
                                     r.final ? "final " : "", StageName(r.stage), " ", r.name);
    if (r.place != Rule::Place::kEnd)
      absl::StrAppend(&head, r.place == Rule::Place::kBefore ? " before " : " after ", r.anchor);
    head.push_back(':');
    AddHead(d.pos, indent, first, {head});
    const int in = indent + 2;
    // Newlines do not end a guard: a sufficient condition after it must not continue it.
    // `when g` then `-x > 0 suffices` would read back as g - x > 0, so such a condition is
    // parenthesised; `when g` then `(a or b) and c suffices` would call g, so such a guard
    // ending in a name is parenthesised too.
    const bool suffices = r.kind == RuleKind::kSuffices;
    const bool wrap_condition = suffices && r.guard && PrintExpr(*r.condition).front() == '-';
    const bool wrap_guard = suffices && r.guard && EndsInName(*r.guard) &&
                            (wrap_condition || PrintExpr(*r.condition).front() == '(');
    if (r.guard) {
      Add(r.when_pos, in,
          wrap_guard ? Breakable(in, "when (", *r.guard, ")") : Breakable(in, "when ", *r.guard, ""));
    }
    if (suffices) {
      Add(r.body_pos, in,
          wrap_condition ? Breakable(in, "(", *r.condition, ") suffices")
                         : Breakable(in, "", *r.condition, " suffices"));
      return;
    }
    Add(r.body_pos, in, Breakable(in, "require ", *r.condition, ""));
    std::string line = Ind(in) + "else " + PrintExpr(*r.error);
    if (!r.message.present) {
      Add(r.else_pos, in, {line});
      return;
    }
    const std::string message = PrintTemplate(r.message);
    if (line.size() + 1 + message.size() <= static_cast<size_t>(kFormatWidth)) {
      Add(r.else_pos, in, {line + " " + message});
    } else {
      Add(r.else_pos, in, {line, Ind(in + 5) + message});  // under the error, after "else "
    }
  }

  // The unit whose code holds the token at `pos`: the last one starting at or before it.
  size_t UnitAt(Pos pos) const {
    size_t lo = 0, hi = units_.size();
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      if (Before(pos, units_[mid].start)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return lo;
  }

  void AttachComments() {
    // Token positions, to tell what precedes and follows each comment.
    Diagnostics ignored;
    Lexer lexer(file_.filename, file_.source, &ignored);
    std::vector<Pos> tokens;
    for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next())
      tokens.push_back(Pos{t.line, t.column});
    for (size_t i = 0; i < units_.size(); ++i) {
      auto end = i + 1 < units_.size()
                     ? std::lower_bound(tokens.begin(), tokens.end(), units_[i + 1].start, Before)
                     : tokens.end();
      if (end != tokens.begin()) units_[i].last_line = (end - 1)->line;
    }
    int prev_comment_line = 0;
    for (const Comment& c : file_.comments) {
      CommentInfo info;
      info.pos = c.pos;
      info.text = StripRight(c.text);
      auto next = std::upper_bound(tokens.begin(), tokens.end(), c.pos, Before);
      const Pos* prev_token = next == tokens.begin() ? nullptr : &*(next - 1);
      int prev_line = std::max(prev_comment_line, prev_token ? prev_token->line : 0);
      info.blank_before = prev_line > 0 && c.pos.line - prev_line >= 2;
      info.trailing = prev_token != nullptr && prev_token->line == c.pos.line;
      prev_comment_line = c.pos.line;
      const size_t index = comments_.size();
      comments_.push_back(std::move(info));
      if (units_.empty()) {
        eof_comments_.push_back(index);
      } else if (comments_[index].trailing) {
        units_[UnitAt(*prev_token)].comments.push_back(index);
      } else if (next != tokens.end()) {
        units_[UnitAt(*next)].comments.push_back(index);
      } else {
        eof_comments_.push_back(index);
      }
    }
  }

  void Emit(const std::string& line) {
    out_ += StripRight(line);
    out_ += '\n';
    blank_ = false;
  }
  void Blank() {
    if (out_.empty() || blank_) return;
    out_ += '\n';
    blank_ = true;
  }

  std::string Render() {
    for (const Unit& u : units_) {
      // A comment written after the unit's last token stays at the end of its code; every
      // other one goes above the code, in source order.
      std::vector<size_t> above = u.comments;
      const CommentInfo* trailing = nullptr;
      if (!above.empty() && comments_[above.back()].trailing &&
          comments_[above.back()].pos.line == u.last_line) {
        trailing = &comments_[above.back()];
        above.pop_back();
      }
      const bool separate = u.head && !u.first_in_container;
      for (size_t i = 0; i < above.size(); ++i) {
        const CommentInfo& c = comments_[above[i]];
        // A directive's comment block gets the one blank line that separates directives, and
        // keeps the blank lines inside it; the comments before a '}' keep theirs; a clause's
        // comments sit right above it.
        bool blank = false;
        if (u.head) {
          blank = i == 0 ? separate : c.blank_before;
        } else if (u.close) {
          blank = c.blank_before;
        }
        if (blank) Blank();
        Emit(Ind(u.comment_indent) + c.text);
      }
      if (above.empty()) {
        if (separate) Blank();
      } else if (u.head) {
        const CommentInfo& last = comments_[above.back()];
        if (Before(last.pos, u.start) && u.start.line - last.pos.line >= 2) Blank();
      }
      for (size_t i = 0; i < u.lines.size(); ++i) {
        if (i + 1 == u.lines.size() && trailing != nullptr) {
          Emit(u.lines[i] + "  " + trailing->text);
        } else {
          Emit(u.lines[i]);
        }
      }
    }
    for (size_t i = 0; i < eof_comments_.size(); ++i) {
      const CommentInfo& c = comments_[eof_comments_[i]];
      if (c.blank_before) Blank();
      Emit(c.text);
    }
    return out_;
  }

  const RuleFile& file_;
  std::vector<Unit> units_;
  std::vector<CommentInfo> comments_;
  std::vector<size_t> eof_comments_;
  std::string out_;
  bool blank_ = false;
};

std::vector<std::string> CommentTexts(const RuleFile& file) {
  std::vector<std::string> texts;
  for (const Comment& c : file.comments) texts.push_back(StripRight(c.text));
  return texts;
}

}  // namespace

absl::StatusOr<std::string> FormatRuleFile(const std::string& filename, const std::string& source,
                                           const Limits& limits, Diagnostics* diags) {
  Diagnostics local;
  Diagnostics* d = diags ? diags : &local;
  const int before = d->error_count();
  RuleFile file = ParseRuleFile(filename, source, limits, d);
  if (d->error_count() > before) return d->ToStatus();
  std::string text = Layout(file).Run();

  // Never hand out a layout that changes meaning or loses a comment: re-parse and compare.
  Diagnostics again;
  RuleFile check = ParseRuleFile(filename, text, limits, &again);
  if (again.has_errors() || TreeDump(check) != TreeDump(file) ||
      CommentTexts(check) != CommentTexts(file)) {
    return absl::InternalError(absl::StrCat(
        filename, ": the formatter's layout would not read back the same (a bug in dupready "
                  "fmt); the file is left as it is"));
  }
  return text;
}

}  // namespace dupready
