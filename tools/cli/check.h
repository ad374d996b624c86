// Copyright 2026 The dupready Authors.
//
// check.h: `dupready check`, judging one follower snapshot with a rule file.
//
//   dupready check --rules rules/default.rules --input follower.json [--format text|json]
//                  [--explain [--partition N]]
//
// Exit codes: 0 ready, 1 not ready, 2 usage errors and unreadable or invalid rules or input.

#ifndef DUPREADY_TOOLS_CLI_CHECK_H_
#define DUPREADY_TOOLS_CLI_CHECK_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `check` with `args` (the words after "check"); writes results to `out` and problems
// to `err`; returns the exit code.
int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kCheckUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_CHECK_H_
