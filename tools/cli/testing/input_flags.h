// Copyright 2026 The dupready Authors.
//
// input_flags.h (tests only): the follower-input flags of `check` and `probe` (kInputFlags)
// parsed from words, for tests that call the input readers directly.
//
//   ParseFollower(text, "a.json", "shell", InputFlags({"--remote-app", "dst"}));

#ifndef DUPREADY_TOOLS_CLI_TESTING_INPUT_FLAGS_H_
#define DUPREADY_TOOLS_CLI_TESTING_INPUT_FLAGS_H_

#include <string>
#include <vector>

#include "tools/cli/flags.h"

namespace dupready {
namespace testing {

// `words` parsed with every flag of kInputFlags taking a value; a test failure naming the
// first word when they do not parse.
Flags InputFlags(const std::vector<std::string>& words);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_TESTING_INPUT_FLAGS_H_
