// Copyright 2026 The dupready Authors.
//
// lexer.h: splits rule-file text into tokens.
//
// Comments run from '#' to the end of the line; newlines are not significant. A UTF-8 byte order
// mark at the start of a file is skipped (column 1 is the character after it). Keywords are
// returned as identifiers and recognised by the parser, so a new keyword never breaks the lexer.
// Lexical errors (a stray character, an unterminated string, an integer that does not fit in 64
// bits) are reported to Diagnostics and returned as Tok::kError, so parsing can go on.
//
//   Lexer lexer("default.rules", text, &diags);
//   for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next()) { ... }

#ifndef DUPREADY_ENGINE_LEXER_LEXER_H_
#define DUPREADY_ENGINE_LEXER_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/lexer/token.h"

namespace dupready {

class Lexer {
 public:
  // Lexes all of `source` (after a leading byte order mark). `source` and `diags` must outlive
  // the lexer.
  Lexer(std::string_view filename, std::string_view source, Diagnostics* diags);
  // Lexes source[begin, end), which starts at `line`:`column` of the file (used for the
  // expressions inside message templates); locations and quoted lines stay the file's.
  Lexer(std::string_view filename, std::string_view source, Diagnostics* diags, size_t begin,
        size_t end, int line, int column);

  // Returns the next token; kEnd forever once the input is exhausted.
  Token Next();

  // From now on, appends every comment the lexer skips to `sink` (kind Tok::kComment, text
  // from '#' to the end of the line, its line and column), in source order. Null stops it.
  // The formatter uses this to keep comments; evaluation never needs them.
  void set_comment_sink(std::vector<Token>* sink) { comments_ = sink; }

  // Decodes the body of a string token (without quotes), resolving \" \\ \n \t \{ \}.
  // REQUIRES: `raw` is the text of a kString token produced by this lexer.
  static std::string Unescape(std::string_view raw);

 private:
  void Error(int line, int column, std::string message);
  void SkipSpaceAndComments();
  Token Make(Tok kind, size_t begin, int line, int column);

  std::string filename_;
  std::string_view source_;
  Diagnostics* diags_;
  size_t pos_ = 0;
  size_t end_;
  int line_;
  int column_;
  std::vector<Token>* comments_ = nullptr;
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LEXER_LEXER_H_
