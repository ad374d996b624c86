// The rule-language lexer: a single forward pass over the bytes, tracking line and column.
#include "engine/lexer/lexer.h"

#include <limits>

#include "absl/strings/str_cat.h"
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

void Lexer::Error(int line, int column, std::string message) {
  diags_->Error(SourceLocation{filename_, line, column}, std::move(message), source_);
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
      while (pos_ < end_ && source_[pos_] != '\n') ++pos_;
      if (comments_ != nullptr) {
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
      Error(line, column, absl::StrCat("malformed number '", Av(source_.substr(begin, pos_ - begin)),
                                       "'"));
      return Make(Tok::kError, begin, line, column);
    }
    if (overflow) {
      Error(line, column, "integer literal does not fit in 64 bits");
      return Make(Tok::kError, begin, line, column);
    }
    Token t = Make(Tok::kInt, begin, line, column);
    t.int_value = static_cast<int64_t>(value);
    return t;
  }
  if (c == '"') {
    ++pos_;
    while (pos_ < end_ && source_[pos_] != '"' && source_[pos_] != '\n') {
      if (source_[pos_] == '\\') {
        char e = peek(1);
        if (e != '"' && e != '\\' && e != 'n' && e != 't' && e != '{' && e != '}') {
          Error(line_, column_ + static_cast<int>(pos_ - begin),
                "unknown escape in string; use \\\" \\\\ \\n \\t \\{ or \\}");
        }
        if (e != '\n' && e != '\0') ++pos_;
      }
      ++pos_;
    }
    if (pos_ >= end_ || source_[pos_] != '"') {
      Error(line, column, "unterminated string (strings end on the line they start)");
      return Make(Tok::kError, begin, line, column);
    }
    ++pos_;
    return Make(Tok::kString, begin, line, column);
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
  // One bad byte (or one whole UTF-8 sequence) becomes an error token.
  size_t len = 1;
  if ((c == '&' || c == '|') && peek(1) == c) len = 2;  // "&&" and "||" are one mistake
  if (c == '\'') {  // a single-quoted string: one mistake, not two
    size_t close = source_.find('\'', pos_ + 1);
    size_t nl = source_.find('\n', pos_ + 1);
    if (close != std::string_view::npos && close < end_ && (nl == std::string_view::npos || close < nl))
      len = close - pos_ + 1;
  }
  if (static_cast<unsigned char>(c) >= 0xC0) {
    while (pos_ + len < end_ && (static_cast<unsigned char>(source_[pos_ + len]) & 0xC0) == 0x80)
      ++len;
  }
  std::string shown(source_.substr(pos_, c == '\'' ? 1 : len));
  std::string hint;
  if (c == '=') hint = " (comparison is '==')";
  if (c == '&' || c == '|') hint = " (use 'and' / 'or')";
  if (c == '!') hint = " (negation is 'not')";
  if (c == '\'') hint = " (strings use double quotes)";
  Error(line, column, absl::StrCat("unexpected character '", shown, "'", hint));
  pos_ += len;
  return Make(Tok::kError, begin, line, column);
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
