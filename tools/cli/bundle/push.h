// Copyright 2026 The dupready Authors.
//
// push.h: `dupready push`, see kPushUsage (and tools/cli/README.md).

#ifndef DUPREADY_TOOLS_CLI_BUNDLE_PUSH_H_
#define DUPREADY_TOOLS_CLI_BUNDLE_PUSH_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `push` with `args` (the words after "push"); returns the exit code.
int RunPush(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kPushUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_BUNDLE_PUSH_H_
