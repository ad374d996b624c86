// Copyright 2026 The dupready Authors.
//
// pull.h: `dupready pull`, see kPullUsage (and tools/cli/README.md).

#ifndef DUPREADY_TOOLS_CLI_BUNDLE_PULL_H_
#define DUPREADY_TOOLS_CLI_BUNDLE_PULL_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `pull` with `args` (the words after "pull"); returns the exit code.
int RunPull(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kPullUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_BUNDLE_PULL_H_
