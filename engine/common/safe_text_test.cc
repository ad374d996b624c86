// Tests for the one escaping rule: what stays, what is escaped, and that the result is always
// valid UTF-8 without controls.
#include "engine/common/safe_text.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

bool HasControlOrInvalid(std::string_view s) {
  bool bad = false;
  ScanText(s, [&](const TextPiece& p) {
    bad = bad || (p.kind != TextPiece::Kind::kPlain &&
                  !(p.kind == TextPiece::Kind::kControl && p.code_point == '\t'));
  });
  return bad;
}

TEST(SafeTextTest, KeepsPrintableTextAndTabs) {
  EXPECT_EQ(SafeText("plain ASCII, tab\there"), "plain ASCII, tab\there");
  EXPECT_EQ(SafeText("caf\xc3\xa9 \xe4\xb8\xad"), "caf\xc3\xa9 \xe4\xb8\xad");
}

TEST(SafeTextTest, EscapesControlsAndIllFormedBytes) {
  // The sequence that sets a terminal's title: ESC ] 0 ; ... BEL.
  EXPECT_EQ(SafeText("a\x1b]0;owned\x07"), "a\\x1b]0;owned\\x07");
  EXPECT_EQ(SafeText("line\nnext\r"), "line\\nnext\\r");
  EXPECT_EQ(SafeText(std::string("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(SafeText("\xc2\x9b" "C1"), "\\u{009b}C1");             // CSI as a C1 control
  EXPECT_EQ(SafeText("\xe2\x80\xae" "rtl"), "\\u{202e}rtl");       // a bidi override
  EXPECT_EQ(SafeText("\xff\xc3"), "\\xff\\xc3");                   // invalid, and cut short
  EXPECT_EQ(SafeText("\xed\xa0\x80"), "\\xed\\xa0\\x80");          // a surrogate
  EXPECT_EQ(SafeText("\xc0\xaf"), "\\xc0\\xaf");                   // overlong '/'
}

TEST(SafeTextTest, EveryByteStringComesOutClean) {
  // Every 1- and 2-byte string, and a few longer ones: the output has nothing to escape.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += (a < 0x80 ? 17 : 1)) {
      std::string s{static_cast<char>(a), static_cast<char>(b)};
      const std::string out = SafeText(s);
      EXPECT_FALSE(HasControlOrInvalid(out)) << a << " " << b << " -> " << out;
    }
  }
}

TEST(SafeTextTest, IntoABufferCutsBeforeWhatDoesNotFitWhole) {
  char buf[8];
  EXPECT_EQ(SafeTextInto("abc", buf, sizeof buf), 3u);
  EXPECT_STREQ(buf, "abc");
  EXPECT_EQ(SafeTextInto("abcd\x1b", buf, sizeof buf), 4u);  // "\x1b" would not fit whole
  EXPECT_STREQ(buf, "abcd");
  EXPECT_EQ(SafeTextInto("abcdef\xc3\xa9", buf, sizeof buf), 6u);  // nor would the é
  EXPECT_STREQ(buf, "abcdef");
  EXPECT_EQ(SafeTextInto("\x1b", buf, sizeof buf), 4u);
  EXPECT_STREQ(buf, "\\x1b");
  EXPECT_EQ(SafeTextInto("x", buf, 1), 0u);
  EXPECT_STREQ(buf, "");
}

TEST(SafeTextTest, CutTextStopsAtACharacterBoundary) {
  bool cut = false;
  EXPECT_EQ(CutText("abc", 5, &cut), "abc");
  EXPECT_FALSE(cut);
  EXPECT_EQ(CutText("ab\xc3\xa9", 3, &cut), "ab");
  EXPECT_TRUE(cut);
  EXPECT_EQ(CutText("abcdef", 4, &cut), "abcd");
  EXPECT_TRUE(cut);
}

}  // namespace
}  // namespace dupready
