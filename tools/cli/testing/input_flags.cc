// Parses words with the follower-input flags, for tests of the input readers.
#include "tools/cli/testing/input_flags.h"

#include "gtest/gtest.h"
#include "tools/cli/input.h"

namespace dupready {
namespace testing {

Flags InputFlags(const std::vector<std::string>& words) {
  Flags flags(FlagNames({kInputFlags}), {});
  const absl::Status parsed = flags.Parse(words);
  EXPECT_TRUE(parsed.ok()) << parsed << " (" << (words.empty() ? "" : words.front()) << " ...)";
  return flags;
}

}  // namespace testing
}  // namespace dupready
