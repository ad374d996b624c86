// Copyright 2026 The dupready Authors.
//
// status.h: `dupready status`, see kStatusUsage (and tools/cli/README.md).

#ifndef DUPREADY_TOOLS_CLI_BUNDLE_STATUS_H_
#define DUPREADY_TOOLS_CLI_BUNDLE_STATUS_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `status` with `args` (the words after "status"); returns the exit code.
int RunStatus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kStatusUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_BUNDLE_STATUS_H_
