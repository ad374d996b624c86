// Copyright 2026 The dupready Authors.
//
// diff.h: `dupready diff OLD NEW`, what changes if NEW replaces OLD in production.
//
//   dupready diff rules/legacy.rules rules/default.rules [--format text|json]
//
// Both rule sets are evaluated over a bounded space of follower configurations built from
// the constants they compare facts with (engine/analysis/verdict_diff.h); every class of
// configurations whose verdict changes is listed: from -> to, how many, where, an example.
// Exit codes: 0 equivalent on that space, 1 different, 2 bad usage or a file that does not
// load (or a space over the budget).

#ifndef DUPREADY_TOOLS_CLI_DIFF_H_
#define DUPREADY_TOOLS_CLI_DIFF_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `diff` with `args` (the words after "diff"); returns the exit code.
int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kDiffUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_DIFF_H_
