// Copyright 2026 The dupready Authors.
//
// input.h: reads a follower into a FollowerSnapshot from any of the forms operators have:
//   snapshot  the project's JSON (engine/snapshot/snapshot_json.h), context included;
//   shell     the Pegasus shell's `app NAME -d -j` JSON (context from flags);
//   thrift    a raw query_cfg_response as Pegasus marshals it (context from flags);
//   auto      decided from the content.
// Flags --app, --remote-cluster, --remote-app, --partition-count and --remote-replica-count
// set (or override) the duplication context. Without --partition-count the reply's own
// partition count is the expectation.

#ifndef DUPREADY_TOOLS_CLI_INPUT_H_
#define DUPREADY_TOOLS_CLI_INPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/snapshot/snapshot.pb.h"
#include "tools/cli/flags.h"

namespace dupready {

// Flags every command that reads a follower accepts (merge into its Flags).
extern const char* const kInputFlags[];

// Reads --input (with --input-format and the context flags). Errors are InvalidArgument with
// a located message (file:line:col for JSON, byte offset and field for Thrift).
absl::StatusOr<FollowerSnapshot> ReadFollower(const Flags& flags);

// The same from bytes already read (`name` is used in messages).
absl::StatusOr<FollowerSnapshot> ParseFollower(const std::string& bytes, const std::string& name,
                                               const std::string& format, const Flags& flags);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_INPUT_H_
