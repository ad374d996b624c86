// Copyright 2026 The dupready Authors.
//
// token.h: the tokens of the rule language.

#ifndef DUPREADY_ENGINE_LEXER_TOKEN_H_
#define DUPREADY_ENGINE_LEXER_TOKEN_H_

#include <cstdint>
#include <string_view>

namespace dupready {

enum class Tok : uint8_t {
  kEnd,      // end of input
  kError,    // a lexical error, already reported
  kIdent,    // names, keywords and error codes (ERR_...)
  kInt,      // decimal integer literal
  kString,   // "..." (text holds the raw token, quotes included)
  kLParen, kRParen, kLBracket, kRBracket, kLBrace, kRBrace,
  kComma, kDot, kColon, kArrow,  // , . : =>
  kEq, kNe, kLt, kLe, kGt, kGe, kMatch, kNotMatch,  // == != < <= > >= =~ !~
  kPlus, kMinus, kStar, kSlash, kPercent,
  kComment,  // '#' to the end of the line; only ever given to a comment sink, never by Next()
};

struct Token {
  Tok kind = Tok::kEnd;
  std::string_view text;  // a view into the source
  int line = 1;           // 1-based
  int column = 1;         // 1-based, in bytes
  int64_t int_value = 0;  // for kInt

  bool Is(Tok k) const { return kind == k; }
  // True for an identifier spelled exactly `word` (keywords are identifiers to the lexer).
  bool IsWord(std::string_view word) const { return kind == Tok::kIdent && text == word; }
};

// A short human name for a token kind, for messages: "'('", "identifier", "end of file".
const char* TokName(Tok kind);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LEXER_TOKEN_H_
