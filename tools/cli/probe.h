// Copyright 2026 The dupready Authors.
//
// probe.h: `dupready probe`, asking a live follower cluster's meta servers for the follower
// table and judging the reply exactly as `check` judges a saved one; and the asking itself,
// which `doctor` shares.
//
//   dupready probe --meta 10.0.0.1:34601,10.0.0.2:34601 --app orders --rules default.rules
//                  [--partition-count N] [--timeout-ms N] [--format text|json]
//                  [--remote-cluster NAME] [--source-app NAME] [--remote-replica-count N]
//                  [--explain [--partition N]] [--map] [--save-reply FILE]
//
// The RPC and the choice of meta are meta_integration/rpc/meta_client.h's. The verdict is printed
// by the same code as `check` (tools/cli/check.h), from the reply's bytes as `check
// --input-format thrift` would read them; a failed call becomes the verdict's rpc_err.
// Which metas were asked, and what each said, goes to stderr.
//
// Exit codes: 0 ready, 1 not ready, 2 bad usage or rules, or no meta server answered (the
// message lists each address tried and why) within --timeout-ms.

#ifndef DUPREADY_TOOLS_CLI_PROBE_H_
#define DUPREADY_TOOLS_CLI_PROBE_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/snapshot/snapshot.pb.h"
#include "meta_integration/rpc/meta_client.h"

namespace dupready {

// Runs `probe` with `args` (the words after "probe"); returns the exit code.
int RunProbe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kProbeUsage[];

// What probe asks a follower cluster, and the duplication's context it judges the answer in
// (what --meta, --app, --source-app, --remote-cluster, --partition-count and
// --remote-replica-count say). `doctor` asks through the same two functions.
struct FollowerQuery {
  std::vector<MetaAddress> metas;     // the follower cluster's
  std::string remote_app;             // the follower table
  std::string source_app;             // the source table; "" leaves it unset
  std::string remote_cluster;         // "" leaves it unset
  int64_t partition_count = -1;       // the source table's; -1 leaves it unset
  int64_t remote_replica_count = -1;  // -1 leaves it unset
};

// Asks q.metas for q.remote_app (meta_client.h's QueryPartitionConfig). Unavailable or
// DeadlineExceeded when no meta answered, naming each address and why.
absl::StatusOr<MetaAnswer> AskFollower(const FollowerQuery& q, const MetaQueryOptions& options);

// The snapshot `check --input-format thrift` would read from the answer's reply, with q's
// context. A failed call has no response: an empty one stands in, and rpc_err carries the
// transport error.
absl::StatusOr<FollowerSnapshot> FollowerSnapshotOf(const MetaAnswer& answer,
                                                    const FollowerQuery& q);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_PROBE_H_
