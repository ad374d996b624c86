// Copyright 2026 The dupready Authors.
//
// run_binary.h: runs the real `dupready` binary from a test, its output to files, and reports
// what the run cost: exit code, wall and CPU time, peak RSS.
//
//   Outcome r = RunBinary({"check", "--rules", path, "--input", input});
//   EXPECT_EQ(r.code, 2);
//   EXPECT_LT(r.cpu_seconds, kMaxSeconds);
//   EXPECT_LT(r.max_rss_kib, kMaxRssKiB);
//
// The binary must be a data dependency of the test (//tools:dupready, at tools/dupready).

#ifndef DUPREADY_TOOLS_CLI_TESTING_RUN_BINARY_H_
#define DUPREADY_TOOLS_CLI_TESTING_RUN_BINARY_H_

#include <string>
#include <vector>

#include "engine/testing/child_usage.h"

namespace dupready {
namespace testing {

struct Outcome {
  int code = -1;  // exit code; -1 if killed
  double seconds = 0;      // wall time
  // CPU time (user + system) of the binary and what it ran: what its work costs, whatever
  // else the machine runs; 1e9 when it was killed after 10 s.
  double cpu_seconds = 0;
  long max_rss_kib = 0;
  std::string out, err;
};

// Runs `binary` with `args`, its stdout and stderr to files; kills it after 10 s (a hang then
// fails the time bound instead of the whole test run). The peak RSS comes from /usr/bin/time
// when installed (the binary's own), else from wait4 (which also counts the pages of the
// forked copy of the test, so is only an upper bound).
Outcome RunBinary(const std::vector<std::string>& args,
                  const std::string& binary = "tools/dupready");

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_TESTING_RUN_BINARY_H_
