// Copyright 2026 The dupready Authors.
//
// rule_test_input.h: the follower a rule test case judges (rule_test.proto), as a snapshot.

#ifndef DUPREADY_TOOLS_CLI_RULE_TEST_INPUT_H_
#define DUPREADY_TOOLS_CLI_RULE_TEST_INPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/snapshot/snapshot.pb.h"
#include "tools/cli/rule_test.pb.h"

namespace dupready {

// The snapshot a TestFollower describes: `partitions` healthy partitions (partition i has the
// primary 10.0.0.<1 + i % 3>:34801 and secondaries 10.0.1.<s>:34801), then the overrides.
// InvalidArgument, with a message naming the field, for counts out of range or an override
// of a partition the follower does not list.
absl::StatusOr<FollowerSnapshot> SnapshotFromSpec(const TestFollower& spec);

// The follower of `c`, from whichever input it gives; files are read relative to the
// directory of `test_path`. Errors are InvalidArgument: a case that gives no input, or a
// field that does not go with its input, or an input that does not read (its message is the
// reader's, located in the input).
absl::StatusOr<FollowerSnapshot> CaseFollower(const RuleTestCase& c, const std::string& test_path);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_RULE_TEST_INPUT_H_
