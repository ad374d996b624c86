// Tests for the rule-language lexer: token kinds, positions, and located lexical errors.
#include "engine/lexer/lexer.h"

#include <vector>

#include "gtest/gtest.h"

namespace dupready {
namespace {

std::vector<Token> LexAll(std::string_view text, Diagnostics* diags) {
  Lexer lexer("t.rules", text, diags);
  std::vector<Token> out;
  for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next()) out.push_back(t);
  return out;
}

TEST(LexerTest, TokensAndPositions) {
  Diagnostics d;
  auto toks = LexAll("partition x:  # comment\n  require a.b >= 12 else ERR_X \"m {pidx}\"", &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  const Tok kinds[] = {Tok::kIdent, Tok::kIdent, Tok::kColon, Tok::kIdent, Tok::kIdent, Tok::kDot,
                       Tok::kIdent, Tok::kGe,    Tok::kInt,   Tok::kIdent, Tok::kIdent, Tok::kString};
  ASSERT_EQ(toks.size(), std::size(kinds));
  for (size_t i = 0; i < toks.size(); ++i) EXPECT_EQ(toks[i].kind, kinds[i]) << i;
  EXPECT_EQ(toks[3].line, 2);
  EXPECT_EQ(toks[3].column, 3);
  EXPECT_EQ(toks[8].int_value, 12);
  EXPECT_EQ(toks[11].text, "\"m {pidx}\"");
}

TEST(LexerTest, Operators) {
  Diagnostics d;
  auto toks = LexAll("== != < <= > >= =~ !~ + - * / % ( ) [ ] { } ,", &d);
  ASSERT_FALSE(d.has_errors());
  const Tok kinds[] = {Tok::kEq,   Tok::kNe,    Tok::kLt,     Tok::kLe,     Tok::kGt,
                       Tok::kGe,   Tok::kMatch, Tok::kNotMatch, Tok::kPlus, Tok::kMinus,
                       Tok::kStar, Tok::kSlash, Tok::kPercent, Tok::kLParen, Tok::kRParen,
                       Tok::kLBracket, Tok::kRBracket, Tok::kLBrace, Tok::kRBrace, Tok::kComma};
  ASSERT_EQ(toks.size(), std::size(kinds));
  for (size_t i = 0; i < toks.size(); ++i) EXPECT_EQ(toks[i].kind, kinds[i]) << i;
}

TEST(LexerTest, Unescape) {
  EXPECT_EQ(Lexer::Unescape("\"a\\\"b\\\\c\\nd\\{\""), "a\"b\\c\nd{");
}

struct ErrorCase {
  const char* input;
  const char* error;
};

TEST(LexerTest, LocatedErrors) {
  const ErrorCase cases[] = {
      {"a = b", "t.rules:1:3: error: unexpected character '=' (comparison is '==')\n  a = b\n    ^\n"},
      {"x && y", "t.rules:1:3: error: unexpected character '&&' (use 'and' / 'or')\n  x && y\n    ^\n"},
      {"\n  \"open", "t.rules:2:3: error: unterminated string (strings end on the line they start)\n"
                     "    \"open\n    ^\n"},
      {"99999999999999999999", "t.rules:1:1: error: integer literal does not fit in 64 bits\n"
                               "  99999999999999999999\n  ^\n"},
      {"12ab", "t.rules:1:1: error: malformed number '12ab'\n  12ab\n  ^\n"},
      {"'x'", "t.rules:1:1: error: unexpected character ''' (strings use double quotes)\n  'x'\n  ^\n"},
      {"\"a\\qb\"", "t.rules:1:3: error: unknown escape in string; use \\\" \\\\ \\n \\t \\{ or \\}\n"
                    "  \"a\\qb\"\n    ^\n"},
  };
  for (const ErrorCase& c : cases) {
    Diagnostics d;
    LexAll(c.input, &d);
    EXPECT_EQ(d.ToString(), c.error) << c.input;
  }
}

// An editor's UTF-8 byte order mark before the first token is skipped; columns count from the
// character after it, and an error on line 1 quotes the line without it.
TEST(LexerTest, ByteOrderMarkIsSkipped) {
  Diagnostics d;
  auto toks = LexAll("\xEF\xBB\xBFpartition x:\r\n\trequire y", &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  ASSERT_EQ(toks.size(), 5u);
  EXPECT_EQ(toks[0].text, "partition");
  EXPECT_EQ(toks[0].column, 1);
  EXPECT_EQ(toks[3].line, 2);
  Diagnostics bad;
  LexAll("\xEF\xBB\xBF" "a = b", &bad);
  EXPECT_EQ(bad.ToString(),
            "t.rules:1:3: error: unexpected character '=' (comparison is '==')\n  a = b\n    ^\n");
  // Only at the start of the file: elsewhere it is the stray character it looks like.
  Diagnostics later;
  LexAll("a \xEF\xBB\xBF", &later);
  EXPECT_EQ(later.error_count(), 1);
}

TEST(LexerTest, ARunOfBadBytesIsOneError) {
  Diagnostics d;
  auto toks = LexAll(std::string(100000, '@') + " x " + std::string(5000, '\0'), &d);
  EXPECT_EQ(d.error_count(), 2);
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].kind, Tok::kError);
  EXPECT_EQ(toks[0].text.size(), 100000u);
  EXPECT_EQ(toks[1].kind, Tok::kIdent);
  EXPECT_EQ(d.issues()[0].message, "unexpected characters '@@@@@@@@@@@@@@@@...' (100000 bytes)");
  EXPECT_EQ(d.issues()[1].message.substr(0, 23), "unexpected characters '");
  EXPECT_EQ(d.issues()[1].message[23], '\0');
  // A run stops at a token: "@@(" is a run and a parenthesis.
  Diagnostics e;
  auto two = LexAll("@@(", &e);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].kind, Tok::kLParen);
}

TEST(LexerTest, ControlsAndBadUtf8InStringsAndCommentsAreOneErrorEach) {
  const ErrorCase cases[] = {
      {"\"a\x1b]0;x\x07" "b\"",
       "t.rules:1:3: error: control character \\x1b in a string (rule files may not hold control "
       "characters)\n  \"a\\x1b]0;x\\x07b\"\n    ^\n"},
      {"# caf\xc3 \xff\n", "t.rules:1:6: error: byte \\xc3 in a comment is not UTF-8 (rule files "
                            "are UTF-8 text)\n  # caf\\xc3 \\xff\n       ^\n"},
      {"\"\xe2\x80\xae\"",
       "t.rules:1:2: error: control character \\u{202e} in a string (rule files may not hold "
       "control characters)\n  \"\\u{202e}\"\n   ^\n"},
  };
  for (const ErrorCase& c : cases) {
    Diagnostics d;
    LexAll(c.input, &d);
    EXPECT_EQ(d.ToString(), c.error) << c.input;
  }
  // Well-formed UTF-8 and tabs are fine, as are "\r\n" line ends.
  Diagnostics ok;
  LexAll("\"caf\xc3\xa9\t\" # \xe4\xb8\xad\r\n", &ok);
  EXPECT_FALSE(ok.has_errors()) << ok.ToString();
}

TEST(LexerTest, NamesAreAtMost127Bytes) {
  Diagnostics ok;
  auto toks = LexAll(std::string(kMaxNameBytes, 'a'), &ok);
  EXPECT_FALSE(ok.has_errors());
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(toks[0].kind, Tok::kIdent);
  Diagnostics d;
  toks = LexAll(std::string(kMaxNameBytes + 1, 'a'), &d);
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(toks[0].kind, Tok::kError);
  EXPECT_EQ(d.issues()[0].message, "a name of 128 bytes; names are at most 127 bytes");
}

TEST(LexerTest, NonAsciiIsOneError) {
  Diagnostics d;
  auto toks = LexAll("a \xc3\xa9 b", &d);
  EXPECT_EQ(d.error_count(), 1);
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[1].kind, Tok::kError);
}

TEST(LexerTest, CommentSinkGetsEveryCommentInOrder) {
  Diagnostics d;
  const std::string text = "# head\r\npartition x:  # after \"code\"\n  # own line\nrequire a";
  Lexer lexer("t.rules", text, &d);
  std::vector<Token> comments;
  lexer.set_comment_sink(&comments);
  int tokens = 0;
  for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next()) ++tokens;
  EXPECT_EQ(tokens, 5);
  ASSERT_EQ(comments.size(), 3u);
  EXPECT_EQ(comments[0].text, "# head");  // without the '\r'
  EXPECT_EQ(comments[0].line, 1);
  EXPECT_EQ(comments[1].text, "# after \"code\"");
  EXPECT_EQ(comments[1].line, 2);
  EXPECT_EQ(comments[1].column, 15);
  EXPECT_EQ(comments[2].text, "# own line");
  EXPECT_EQ(comments[2].column, 3);
  EXPECT_EQ(comments[2].kind, Tok::kComment);
}

}  // namespace
}  // namespace dupready
