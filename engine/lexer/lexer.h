// Copyright 2026 The dupready Authors.
//
// lexer.h: splits rule-file text into tokens.
//
// Comments run from '#' to the end of the line; newlines are not significant. A UTF-8 byte order
// mark at the start of a file is skipped (column 1 is the character after it). Keywords are
// returned as identifiers and recognised by the parser, so a new keyword never breaks the lexer.
// Lexical errors (a stray character, an unterminated string, an integer that does not fit in 64
// bits) are reported to Diagnostics and returned as Tok::kError, so parsing can go on. A run of
// bytes that start no token is one error, however long; so is every string or comment holding
// a control character or ill-formed UTF-8 (rule files are UTF-8 text without controls, so
// nothing a file holds can drive a terminal when a tool prints it).
//
//   Lexer lexer("default.rules", text, &diags);
//   for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next()) { ... }

#ifndef DUPREADY_ENGINE_LEXER_LEXER_H_
#define DUPREADY_ENGINE_LEXER_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostics.h"
#include "engine/lexer/token.h"

namespace dupready {

// Names (rules, facts, keywords, error codes) are at most this long; a rule's name then fits
// the plugin's verdict (dupready_plugin.h).
inline constexpr size_t kMaxNameBytes = 127;

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
  // from '#' to the end of the line, its line and column), in source order, until `sink`
  // holds `max` comments. Null stops it. The formatter uses this to keep comments; evaluation
  // never needs them.
  void set_comment_sink(std::vector<Token>* sink, size_t max = SIZE_MAX) {
    comments_ = sink;
    max_comments_ = max;
  }

  // Decodes the body of a string token (without quotes), resolving \" \\ \n \t \{ \}.
  // REQUIRES: `raw` is the text of a kString token produced by this lexer.
  static std::string Unescape(std::string_view raw);

 private:
  // Reports `message` at source_[offset], which is at line:column.
  void Error(size_t offset, int line, int column, std::string message);
  // True (and the error counted) when Diagnostics keeps no more errors: the caller need not
  // compose the message.
  bool Quiet();
  // The length of the character at `at` (1 for an ill-formed byte); *bad when it is a
  // control character (other than tab) or ill-formed UTF-8.
  int TextAt(size_t at, bool* bad) const;
  // Reports the control or ill-formed byte at `at`, inside `where` ("a string").
  void ReportBadText(size_t at, int line, int column, const char* where);
  // True when source_[at] is white space, a comment, or may start a token.
  bool StartsToken(size_t at) const;
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
  size_t max_comments_ = SIZE_MAX;
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LEXER_LEXER_H_
