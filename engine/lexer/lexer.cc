// The rule-language lexer: a single forward pass over the bytes, tracking line and column.
#include "engine/lexer/lexer.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "engine/common/safe_text.h"
#include "engine/common/strings.h"

namespace dupready {

const char* TokName(Tok kind) {
  switch (kind) {
    case Tok::kEnd: return "end of file";
    case Tok::kError: return "invalid token";
    case Tok::kIdent: return "name";
    case Tok::kInt: return "integer";
    case Tok::kString: return "string";
    case Tok::kLParen: return "'('";
    case Tok::kRParen: return "')'";
    case Tok::kLBracket: return "'['";
    case Tok::kRBracket: return "']'";
    case Tok::kLBrace: return "'{'";
    case Tok::kRBrace: return "'}'";
    case Tok::kComma: return "','";
    case Tok::kDot: return "'.'";
    case Tok::kColon: return "':'";
    case Tok::kArrow: return "'=>'";
    case Tok::kEq: return "'=='";
    case Tok::kNe: return "'!='";
    case Tok::kLt: return "'<'";
    case Tok::kLe: return "'<='";
    case Tok::kGt: return "'>'";
    case Tok::kGe: return "'>='";
    case Tok::kMatch: return "'=~'";
    case Tok::kNotMatch: return "'!~'";
    case Tok::kPlus: return "'+'";
    case Tok::kMinus: return "'-'";
    case Tok::kStar: return "'*'";
    case Tok::kSlash: return "'/'";
    case Tok::kPercent: return "'%'";
    case Tok::kComment: return "comment";
  }
  return "token";
}

Lexer::Lexer(std::string_view filename, std::string_view source, Diagnostics* diags)
    : Lexer(filename, source, diags, Utf8BomSize(source), source.size(), 1, 1) {}

Lexer::Lexer(std::string_view filename, std::string_view source, Diagnostics* diags,
             size_t begin, size_t end, int line, int column)
    : filename_(filename), source_(source), diags_(diags), pos_(begin),
      end_(end < source.size() ? end : source.size()), line_(line), column_(column) {}

void Lexer::Error(size_t offset, int line, int column, std::string message) {
  diags_->Error(SourceLocation{filename_, line, column, static_cast<int64_t>(offset)},
                std::move(message), source_);
}

bool Lexer::Quiet() {
  if (!diags_->full(Severity::kError)) return false;
  diags_->Error(SourceLocation{}, std::string());  // counted, not kept
  return true;
}

int Lexer::TextAt(size_t at, bool* bad) const {
  const auto c = static_cast<unsigned char>(source_[at]);
  *bad = false;
  if ((c >= 0x20 && c < 0x7F) || c == '\t') return 1;
  TextPiece::Kind kind;
  uint32_t cp;
  const int len = NextChar(source_.substr(at, end_ - at), &kind, &cp);
  *bad = kind != TextPiece::Kind::kPlain;
  return len;
}

void Lexer::ReportBadText(size_t at, int line, int column, const char* where) {
  if (Quiet()) return;
  TextPiece::Kind kind;
  uint32_t cp = 0;
  const int len = NextChar(source_.substr(at, end_ - at), &kind, &cp);
  const std::string shown = SafeText(source_.substr(at, len));
  Error(at, line, column,
        kind == TextPiece::Kind::kInvalid
            ? absl::StrCat("byte ", shown, " in ", where, " is not UTF-8 (rule files are UTF-8 text)")
            : absl::StrCat("control character ", shown, " in ", where,
                           " (rule files may not hold control characters)"));
}

void Lexer::SkipSpaceAndComments() {
  while (pos_ < end_) {
    char c = source_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
      column_ = 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
      ++column_;
    } else if (c == '#') {
      const size_t begin = pos_;
      bool reported = false;  // one error per comment
      while (pos_ < end_ && source_[pos_] != '\n') {
        bool bad;
        const int len = TextAt(pos_, &bad);
        const bool crlf = source_[pos_] == '\r' && pos_ + 1 < end_ && source_[pos_ + 1] == '\n';
        if (bad && !crlf && !reported) {
          ReportBadText(pos_, line_, column_ + static_cast<int>(pos_ - begin), "a comment");
          reported = true;
        }
        pos_ += len;
      }
      if (comments_ != nullptr && comments_->size() < max_comments_) {
        Token t;
        t.kind = Tok::kComment;
        t.text = source_.substr(begin, pos_ - begin);
        // A comment before a "\r\n" line end does not own the '\r'.
        if (!t.text.empty() && t.text.back() == '\r') t.text.remove_suffix(1);
        t.line = line_;
        t.column = column_;
        comments_->push_back(t);
      }
    } else {
      break;
    }
  }
}

Token Lexer::Make(Tok kind, size_t begin, int line, int column) {
  Token t;
  t.kind = kind;
  t.text = source_.substr(begin, pos_ - begin);
  t.line = line;
  t.column = column;
  column_ += static_cast<int>(pos_ - begin);
  return t;
}

static bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Token Lexer::Next() {
  SkipSpaceAndComments();
  const size_t begin = pos_;
  const int line = line_, column = column_;
  if (pos_ >= end_) return Make(Tok::kEnd, begin, line, column);

  const char c = source_[pos_];
  auto peek = [&](size_t ahead) -> char {
    return pos_ + ahead < end_ ? source_[pos_ + ahead] : '\0';
  };
  auto single = [&](Tok kind, size_t len) {
    pos_ += len;
    return Make(kind, begin, line, column);
  };

  if (IsIdentStart(c)) {
    while (pos_ < end_ && (IsIdentStart(source_[pos_]) || IsDigit(source_[pos_])))
      ++pos_;
    if (pos_ - begin > kMaxNameBytes) {
      Error(begin, line, column, absl::StrCat("a name of ", pos_ - begin, " bytes; names are at most ",
                                              kMaxNameBytes, " bytes"));
      return Make(Tok::kError, begin, line, column);
    }
    return Make(Tok::kIdent, begin, line, column);
  }
  if (IsDigit(c)) {
    uint64_t value = 0;
    bool overflow = false;
    while (pos_ < end_ && (IsDigit(source_[pos_]) || source_[pos_] == '_')) {
      if (source_[pos_] != '_') {
        uint64_t d = static_cast<uint64_t>(source_[pos_] - '0');
        if (value > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - d) / 10)
          overflow = true;
        else
          value = value * 10 + d;
      }
      ++pos_;
    }
    if (pos_ < end_ && IsIdentStart(source_[pos_])) {
      while (pos_ < end_ && (IsIdentStart(source_[pos_]) || IsDigit(source_[pos_])))
        ++pos_;
      bool cut = false;
      const std::string_view shown = CutText(source_.substr(begin, pos_ - begin), 40, &cut);
      Error(begin, line, column,
            absl::StrCat("malformed number '", Av(shown), cut ? "..." : "", "'"));
      return Make(Tok::kError, begin, line, column);
    }
    if (overflow) {
      Error(begin, line, column, "integer literal does not fit in 64 bits");
      return Make(Tok::kError, begin, line, column);
    }
    Token t = Make(Tok::kInt, begin, line, column);
    t.int_value = static_cast<int64_t>(value);
    return t;
  }
  if (c == '"') {
    ++pos_;
    bool reported = false;  // one error per string: a long line of mistakes is one mistake
    while (pos_ < end_ && source_[pos_] != '"' && source_[pos_] != '\n') {
      const int col = column_ + static_cast<int>(pos_ - begin);
      if (source_[pos_] == '\\') {
        char e = peek(1);
        if (e != '"' && e != '\\' && e != 'n' && e != 't' && e != '{' && e != '}' && !reported) {
          Error(pos_, line_, col, "unknown escape in string; use \\\" \\\\ \\n \\t \\{ or \\}");
          reported = true;
        }
        if (e != '\n' && e != '\0') ++pos_;
        ++pos_;
        continue;
      }
      bool bad;
      const int len = TextAt(pos_, &bad);
      if (bad && !reported) {
        ReportBadText(pos_, line_, col, "a string");
        reported = true;
      }
      pos_ += len;
    }
    if (pos_ >= end_ || source_[pos_] != '"') {
      Error(begin, line, column, "unterminated string (strings end on the line they start)");
      return Make(Tok::kError, begin, line, column);
    }
    ++pos_;
    return Make(reported ? Tok::kError : Tok::kString, begin, line, column);
  }
  switch (c) {
    case '(': return single(Tok::kLParen, 1);
    case ')': return single(Tok::kRParen, 1);
    case '[': return single(Tok::kLBracket, 1);
    case ']': return single(Tok::kRBracket, 1);
    case '{': return single(Tok::kLBrace, 1);
    case '}': return single(Tok::kRBrace, 1);
    case ',': return single(Tok::kComma, 1);
    case '.': return single(Tok::kDot, 1);
    case ':': return single(Tok::kColon, 1);
    case '+': return single(Tok::kPlus, 1);
    case '-': return single(Tok::kMinus, 1);
    case '*': return single(Tok::kStar, 1);
    case '/': return single(Tok::kSlash, 1);
    case '%': return single(Tok::kPercent, 1);
    case '=':
      if (peek(1) == '=') return single(Tok::kEq, 2);
      if (peek(1) == '~') return single(Tok::kMatch, 2);
      if (peek(1) == '>') return single(Tok::kArrow, 2);
      break;
    case '!':
      if (peek(1) == '=') return single(Tok::kNe, 2);
      if (peek(1) == '~') return single(Tok::kNotMatch, 2);
      break;
    case '<': return peek(1) == '=' ? single(Tok::kLe, 2) : single(Tok::kLt, 1);
    case '>': return peek(1) == '=' ? single(Tok::kGe, 2) : single(Tok::kGt, 1);
    default: break;
  }
  // A common mistake from other languages becomes one error token with a hint.
  std::string hint;
  size_t len = 0;
  if (c == '=') hint = " (comparison is '==')";
  if (c == '!') hint = " (negation is 'not')";
  if (c == '&' || c == '|') {
    hint = " (use 'and' / 'or')";
    len = peek(1) == c ? 2 : 1;  // "&&" and "||" are one mistake
  }
  if (c == '\'') {  // a single-quoted string: one mistake, not two
    hint = " (strings use double quotes)";
    size_t close = pos_ + 1;
    while (close < end_ && source_[close] != '\'' && source_[close] != '\n') ++close;
    len = close < end_ && source_[close] == '\'' ? close - pos_ + 1 : 1;
  }
  if (!hint.empty()) {
    if (!Quiet()) Error(begin, line, column, absl::StrCat("unexpected character '", std::string(len == 2 ? 2 : 1, c),
                                            "'", hint));
    pos_ += std::max<size_t>(len, 1);
    return Make(Tok::kError, begin, line, column);
  }
  // Anything else is a run of bytes that start no token, up to the next space, comment or
  // token: one error token, however long the run (a file of NUL bytes is one mistake).
  size_t chars = 0;
  while (pos_ < end_ && !StartsToken(pos_)) {
    bool bad;
    pos_ += TextAt(pos_, &bad);
    ++chars;
  }
  if (Quiet()) return Make(Tok::kError, begin, line, column);
  const std::string_view run = source_.substr(begin, pos_ - begin);
  bool cut = false;
  const std::string_view shown = CutText(run, 16, &cut);
  Error(begin, line, column,
        chars == 1 ? absl::StrCat("unexpected character '", Av(shown), "'")
                   : absl::StrCat("unexpected characters '", Av(shown), cut ? "..." : "", "' (",
                                  run.size(), " bytes)"));
  return Make(Tok::kError, begin, line, column);
}

bool Lexer::StartsToken(size_t at) const {
  const char c = source_[at];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' || c == '"') return true;
  if (IsIdentStart(c) || IsDigit(c)) return true;
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}': case ',': case '.': case ':':
    case '+': case '-': case '*': case '/': case '%': case '<': case '>':
    case '=': case '!': case '&': case '|': case '\'':
      return true;
    default:
      return false;
  }
}

std::string Lexer::Unescape(std::string_view raw) {
  std::string out;
  if (raw.size() >= 2) raw = raw.substr(1, raw.size() - 2);
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      char e = raw[++i];
      out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
    } else {
      out.push_back(raw[i]);
    }
  }
  return out;
}

}  // namespace dupready
