// Copyright 2026 The dupready Authors.
//
// schema.h: the facts rules can name, with their types and where they are available.
//
//   dup.app_name            string   the source table
//   dup.remote_cluster_name string
//   dup.remote_app_name     string
//   dup.partition_count     int      the source table's partition count
//   dup.remote_replica_count int     0 means "as the source table"
//   rpc_err                 error    the RPC's own error (ERR_OK when the call went through)
//   response.err            error    the remote meta server's answer
//   response.app_id / .partition_count int; response.is_stateful bool
//   response.partitions     list of partition (table rules only)
//   Partition facts: bare names in partition rules, or p.<name> for a partition variable:
//   pidx ballot max_replica_count replica_count last_committed_decree partition_flags (int),
//   primary (address), secondaries last_drops (list of address), primary_alive (bool),
//   alive_secondaries alive_replicas (int).  Address fields: valid (bool), host (string), port (int).

#ifndef DUPREADY_ENGINE_CHECKER_SCHEMA_H_
#define DUPREADY_ENGINE_CHECKER_SCHEMA_H_

#include <string_view>

#include "absl/types/span.h"
#include "engine/common/types.h"

namespace dupready {

// Which facts a name may reach from where it is written.
enum class FactGroup : uint8_t {
  kRoot,       // a bare name usable in every rule and scope: rpc_err, dup, response
  kDup,        // dup.<field>
  kResponse,   // response.<field>
  kPartition,  // a bare name in partition rules; p.<field> on a partition value
  kAddress,    // a.<field> on an address value
};

struct FactInfo {
  std::string_view name;
  FactGroup group;
  FactId id;
  Type type;
  std::string_view doc;  // one line, for `dupready facts` and the language reference
};

// All facts, grouped.
absl::Span<const FactInfo> AllFacts();

// The fact `name` in `group`, or null.
const FactInfo* FindFact(FactGroup group, std::string_view name);

// The group whose fields a value of `type` has (kPartition, kAddress), or false.
bool FieldGroupOf(Type type, FactGroup* group);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_CHECKER_SCHEMA_H_
