// Copyright 2026 The dupready Authors.
//
// rule_test.h: `dupready test [-v] PATH...`, unit tests for rule files.
//
// Each PATH is a test file, or a directory searched (recursively) for *.ruletest files. A test
// file is a RuleTestFile (tools/cli/rule_test.proto) in protobuf text format: the rule file
// under test and its cases, each a follower and the verdict expected of it. Every failing case
// is printed with what was expected and what the rules said, then a summary:
//
//   FAIL rules/tests/default.ruletest:31:1: one replica per partition, primaries alive
//     expected: ready
//     got:      not ready, error ERR_NOT_ENOUGH_MEMBER, rule enough_members, partition 0,
//               message "partition 0 has no secondary"
//   23 passed, 1 failed
//
// A test file that does not parse fails as a whole (its errors located file:line:col); rules
// that do not load fail every case of the file; a malformed case fails with why.
// Exit codes: 0 all passed, 1 some failed, 2 bad usage or no test files found.

#ifndef DUPREADY_TOOLS_CLI_RULE_TEST_H_
#define DUPREADY_TOOLS_CLI_RULE_TEST_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `test` with `args` (the words after "test"); returns the exit code.
int RunRuleTests(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kRuleTestUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_RULE_TEST_H_
