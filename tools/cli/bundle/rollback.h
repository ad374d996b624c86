// Copyright 2026 The dupready Authors.
//
// rollback.h: `dupready rollback`, see kRollbackUsage (and tools/cli/README.md).

#ifndef DUPREADY_TOOLS_CLI_BUNDLE_ROLLBACK_H_
#define DUPREADY_TOOLS_CLI_BUNDLE_ROLLBACK_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `rollback` with `args` (the words after "rollback"); returns the exit code.
int RunRollback(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kRollbackUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_BUNDLE_ROLLBACK_H_
