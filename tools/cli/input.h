// Copyright 2026 The dupready Authors.
//
// input.h: reads a follower into a FollowerSnapshot from any of the forms operators have:
//   snapshot  the project's JSON (engine/snapshot/snapshot_json.h), context included;
//   shell     the Pegasus shell's `app NAME -d -j` JSON (context from flags);
//   thrift    a raw query_cfg_response as Pegasus marshals it (context from flags);
//   auto      decided from the content.
// Flags --app, --remote-cluster, --remote-app, --partition-count and --remote-replica-count
// set (or override) the duplication context. A value neither the input nor a flag gives stays
// unset (check.h refuses rules that decide on one): the reply's own partition count is never
// taken for the source's, and the source table's name is never guessed from the follower's.
// The other way round, the remote app defaults to --app, as in Pegasus. The shell's output
// names the follower table, so it gives the remote app (a --remote-app that differs is an
// error). `--input -` reads standard input (not a terminal), bounded like a file.

#ifndef DUPREADY_TOOLS_CLI_INPUT_H_
#define DUPREADY_TOOLS_CLI_INPUT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/snapshot/snapshot.pb.h"
#include "tools/cli/flags.h"

namespace dupready {

// Flags every command that reads a follower accepts (merge into its Flags).
extern const char* const kInputFlags[];

// Reads --input (with --input-format and the context flags); "-" is standard input, named
// "<stdin>" in messages. Errors are InvalidArgument with a located message (file:line:col for
// JSON, byte offset and field for Thrift). `notes`, when given, receives what the verdict
// should say about the input itself (kShellLostAddresses).
absl::StatusOr<FollowerSnapshot> ReadFollower(const Flags& flags,
                                              std::vector<std::string>* notes = nullptr);

// The name ReadFollower gives the input in messages: the path, or "<stdin>" for "-".
std::string InputName(const Flags& flags);

// The same from bytes already read (`name` is used in messages).
absl::StatusOr<FollowerSnapshot> ParseFollower(const std::string& bytes, const std::string& name,
                                               const std::string& format, const Flags& flags,
                                               std::vector<std::string>* notes = nullptr);

// The note for shell output in which no partition shows a replica: what an old server's table
// looks like there.
extern const char kShellLostAddresses[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_INPUT_H_
