// Tests for the CLI's escaped output: line ends kept, controls and ill-formed bytes escaped,
// characters split across writes reassembled.
#include "tools/cli/safe_output.h"

#include <ostream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

std::string Through(const std::string& text, int chunk) {
  std::ostringstream sink;
  {
    SafeTextBuf buf(sink.rdbuf());
    std::ostream out(&buf);
    for (size_t i = 0; i < text.size(); i += chunk) out << text.substr(i, chunk) << std::flush;
  }
  return sink.str();
}

TEST(SafeOutputTest, EscapesEverythingButLineEnds) {
  const std::string in = "NOT READY\n  host a\x1b]0;owned\x07 \xff\n\tcaf\xc3\xa9\n";
  const std::string want = "NOT READY\n  host a\\x1b]0;owned\\x07 \\xff\n\tcaf\xc3\xa9\n";
  for (int chunk : {1, 2, 3, 1000}) EXPECT_EQ(Through(in, chunk), want) << chunk;
}

TEST(SafeOutputTest, AnUnfinishedLineIsWrittenAtTheEnd) {
  EXPECT_EQ(Through("no newline \x1b", 4), "no newline \\x1b");
}

TEST(SafeOutputTest, LongLinesAreWrittenWithoutWaitingForTheirEnd) {
  std::ostringstream sink;
  SafeTextBuf buf(sink.rdbuf());
  std::ostream out(&buf);
  std::string line;
  for (int i = 0; i < 40000; ++i) line += "\xc3\xa9";  // 80,000 bytes, no newline
  out << line << std::flush;
  const std::string shown = sink.str();
  EXPECT_GT(shown.size(), 64u << 10);
  EXPECT_EQ(shown.size() % 2, 0u);  // no character split
  EXPECT_EQ(shown.find('\\'), std::string::npos);
}

}  // namespace
}  // namespace dupready
