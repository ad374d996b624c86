// Tests for located-issue rendering.
#include "engine/common/diagnostics.h"

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(DiagnosticsTest, RendersLineAndCaret) {
  Diagnostics d;
  d.Error(SourceLocation{"a.rules", 2, 5}, "bad thing", "first\n\tab cd\nthird");
  d.Warning(SourceLocation{"a.rules", 3, 0}, "meh", "first\n\tab cd\nthird");
  EXPECT_EQ(d.error_count(), 1);
  EXPECT_EQ(d.ToString(),
            "a.rules:2:5: error: bad thing\n  \tab cd\n  \t   ^\n"
            "a.rules:3: warning: meh\n  third\n");
  EXPECT_EQ(d.ToStatus().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DiagnosticsTest, LongLinesShowAWindowAroundTheColumn) {
  std::string line = std::string(300, 'a') + "X" + std::string(300, 'b');
  Diagnostics d;
  d.Error(SourceLocation{"big.json", 1, 301}, "here", line);
  std::string text = d.ToString();
  std::string shown = text.substr(text.find('\n') + 1);
  shown = shown.substr(0, shown.find('\n'));
  EXPECT_EQ(shown.size(), 2u + 3 + 120 + 3);  // indent, "...", the window, "..."
  const size_t x = shown.find('X');
  ASSERT_NE(x, std::string::npos);
  std::string caret = text.substr(text.rfind("\n", text.size() - 2) + 1);
  EXPECT_EQ(caret.find('^'), x) << text;
}

TEST(DiagnosticsTest, NoErrorsIsOk) {
  Diagnostics d;
  d.Warning(SourceLocation{"a", 1, 1}, "w");
  EXPECT_TRUE(d.ToStatus().ok());
  EXPECT_FALSE(d.has_errors());
}

TEST(DiagnosticsTest, LineOf) {
  EXPECT_EQ(LineOf("a\r\nb\nc", 1), "a");
  EXPECT_EQ(LineOf("a\r\nb\nc", 3), "c");
  EXPECT_EQ(LineOf("a", 2), "");
  EXPECT_EQ(LineOf("a", 0), "");
}

}  // namespace
}  // namespace dupready
