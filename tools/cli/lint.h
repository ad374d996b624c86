// Copyright 2026 The dupready Authors.
//
// lint.h: `dupready lint FILE...`, load-time errors and static analysis of rule files.
//
//   $ dupready lint rules/site.rules
//   rules/site.rules:9:19: warning: duplicate rule 'enough_members': this file already gives
//   it a body at rules/site.rules:5:19; this replace discards that body, which never applies
//     replace partition enough_members:
//                       ^
//   lint: 1 file, 1 warning
//
// Each FILE is loaded with what it extends (findings may point into those files; one finding
// reported through several FILEs is printed once). The checks are engine/lint/lint.h's.
// Exit codes: 0 clean, 1 warnings only, 2 errors (or bad usage, or an unreadable file).

#ifndef DUPREADY_TOOLS_CLI_LINT_H_
#define DUPREADY_TOOLS_CLI_LINT_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `lint` with `args` (the words after "lint"); findings and the summary go to `out`,
// usage problems to `err`; returns the exit code.
int RunLint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kLintUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_LINT_H_
