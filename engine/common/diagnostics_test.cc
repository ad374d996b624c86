// Tests for located-issue rendering: excerpts cut around the offset, escaping, and the bound
// on how many issues are kept.
#include "engine/common/diagnostics.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(DiagnosticsTest, RendersLineAndCaret) {
  const std::string text = "first\n\tab cd\nthird";
  Diagnostics d;
  d.Error(SourceLocation{"a.rules", 2, 5, 10}, "bad thing", text);
  d.Warning(SourceLocation{"a.rules", 3, 0, 13}, "meh", text);
  EXPECT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.ToString(),
            "a.rules:2:5: error: bad thing\n  \tab cd\n  \t   ^\n"
            "a.rules:3: warning: meh\n  third\n");
  EXPECT_EQ(d.ToStatus().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DiagnosticsTest, WithoutAnOffsetThereIsNoExcerpt) {
  Diagnostics d;
  d.Error(SourceLocation{"a.rules", 2, 1}, "somewhere", "x\ny\n");
  EXPECT_EQ(d.ToString(), "a.rules:2:1: error: somewhere\n");
}

TEST(DiagnosticsTest, LongLinesShowAWindowAroundTheColumn) {
  std::string line = std::string(300, 'a') + "X" + std::string(300, 'b');
  Diagnostics d;
  d.Error(SourceLocation{"big.json", 1, 301, 300}, "here", line);
  std::string text = d.ToString();
  std::string shown = text.substr(text.find('\n') + 1);
  shown = shown.substr(0, shown.find('\n'));
  EXPECT_EQ(shown.size(), 2u + 3 + kExcerptBytes + 3);  // indent, "...", the window, "..."
  const size_t x = shown.find('X');
  ASSERT_NE(x, std::string::npos);
  std::string caret = text.substr(text.rfind("\n", text.size() - 2) + 1);
  EXPECT_EQ(caret.find('^'), x) << text;
}

TEST(DiagnosticsTest, ExcerptsAreCutFromTheOffsetNotTheWholeLine) {
  // A 64 MiB line: the excerpt is a window of it, not a copy.
  const std::string line(64 << 20, '@');
  const Excerpt e = ExcerptAt(line, 32 << 20, 7);
  EXPECT_EQ(e.text.size(), kExcerptBytes);
  EXPECT_TRUE(e.cut_before);
  EXPECT_TRUE(e.cut_after);
  EXPECT_EQ(e.caret, static_cast<int>(kExcerptBytes / 2) + 1);
  // Near the start of a short line: the whole line, no cuts; "\r\n" ends lines too.
  const Excerpt s = ExcerptAt("ab\r\ncd", 1, 2);
  EXPECT_EQ(s.text, "ab");
  EXPECT_FALSE(s.cut_before || s.cut_after);
  EXPECT_EQ(s.caret, 2);
  // Offsets outside the text give no excerpt.
  EXPECT_TRUE(ExcerptAt("abc", 4, 1).text.empty());
  EXPECT_TRUE(ExcerptAt("abc", -1, 1).text.empty());
}

TEST(DiagnosticsTest, ExcerptsDoNotSplitCharacters) {
  std::string line;
  for (int i = 0; i < 200; ++i) line += "\xc3\xa9";  // é
  const Excerpt e = ExcerptAt(line, 201, 202);  // inside the 101st é
  ASSERT_FALSE(e.text.empty());
  EXPECT_NE(static_cast<unsigned char>(e.text[0]) & 0xC0, 0x80u);
  EXPECT_EQ(e.text.size() % 2, 0u) << e.text.size();
}

TEST(DiagnosticsTest, ControlBytesAreEscapedAndTheCaretFollows) {
  const std::string text = "a\x1b]0;owned\x07 b";
  Diagnostics d;
  d.Error(SourceLocation{"t\x1b.rules", 1, 13, 12}, "bad '\x1b' and \xff", text);
  EXPECT_EQ(d.ToString(),
            "t\\x1b.rules:1:13: error: bad '\\x1b' and \\xff\n"
            "  a\\x1b]0;owned\\x07 b\n"
            "                    ^\n");
}

TEST(DiagnosticsTest, KeepsAtMostMaxIssuesOfEachSeverity) {
  Diagnostics d;
  d.set_max_issues(3);
  for (int i = 0; i < 10; ++i) d.Error(SourceLocation{"a", 1, 1}, "e");
  for (int i = 0; i < 4; ++i) d.Warning(SourceLocation{"a", 1, 1}, "w");
  EXPECT_EQ(d.error_count(), 10);
  EXPECT_EQ(d.issues().size(), 6u);
  EXPECT_EQ(d.hidden(Severity::kError), 7);
  EXPECT_EQ(d.hidden(Severity::kWarning), 1);
  const std::string text = d.ToString();
  EXPECT_NE(text.find("7 more errors not shown\n1 more warning not shown\n"), std::string::npos)
      << text;
}

TEST(DiagnosticsTest, LongMessagesAreCut) {
  Diagnostics d;
  d.Error(SourceLocation{"a", 1, 1}, std::string(1 << 20, 'm'));
  EXPECT_LT(d.issues()[0].message.size(), 1100u);
  EXPECT_EQ(d.issues()[0].message.substr(d.issues()[0].message.size() - 3), "...");
}

TEST(DiagnosticsTest, NoErrorsIsOk) {
  Diagnostics d;
  d.Warning(SourceLocation{"a", 1, 1}, "w");
  EXPECT_TRUE(d.ToStatus().ok());
  EXPECT_FALSE(d.has_errors());
}

}  // namespace
}  // namespace dupready
