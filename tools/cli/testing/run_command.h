// Copyright 2026 The dupready Authors.
//
// run_command.h: runs one `dupready` subcommand inside the test's own process, its output to
// strings, for tests of what a subcommand prints and returns.
//
//   CommandOutcome r = RunCommand(RunLint, {"rules/default.rules"});
//   EXPECT_EQ(r.code, 0) << r.err;
//   EXPECT_NE(r.out.find("0 errors"), std::string::npos) << r.out;

#ifndef DUPREADY_TOOLS_CLI_TESTING_RUN_COMMAND_H_
#define DUPREADY_TOOLS_CLI_TESTING_RUN_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {
namespace testing {

// What a subcommand returned and printed.
struct CommandOutcome {
  int code = -1;
  std::string out, err;
};

// The entry point every subcommand has (RunCheck, RunLint, ...).
using CommandMain = int (*)(const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err);

CommandOutcome RunCommand(CommandMain run, const std::vector<std::string>& args);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_TESTING_RUN_COMMAND_H_
