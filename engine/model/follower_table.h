// Copyright 2026 The dupready Authors.
//
// follower_table.h: a follower described plainly, in the form Pegasus's structs hold it
// (std::string hosts, host_port's port and type, vectors per list), and the one builder of
// FollowerFacts from it. Tests, the corpus generator, the fuzzers and the benchmark all describe
// followers with it; the benchmark's hand-written and Lua contenders read it directly.
//
//   model::FollowerTable t;
//   t.partition_count = 1;
//   t.partitions.push_back({/*pidx=*/0});
//   t.partitions[0].primary = model::HostPort::At("10.0.0.1", 34801);
//   FollowerFacts facts;
//   model::BuildFacts(t, &facts);  // the facts point into `t`

#ifndef DUPREADY_ENGINE_MODEL_FOLLOWER_TABLE_H_
#define DUPREADY_ENGINE_MODEL_FOLLOWER_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/eval/facts.h"

namespace dupready {
namespace model {

// A replica address as Pegasus's host_port holds it. HostPort{} is the invalid address.
struct HostPort {
  std::string host;   // "" when invalid
  uint16_t port = 0;  // 0 when invalid
  uint8_t type = 0;   // Pegasus's host type: 0 invalid, 1 IPv4 (any resolved host)
  bool valid() const { return type != 0; }

  // A valid address.
  static HostPort At(std::string host, uint16_t port) { return {std::move(host), port, 1}; }
};

// One partition_configuration of the reply. Fields default as Pegasus's do (0, empty), but for
// the replica count, which defaults to the usual 3.
struct PartitionConfig {
  int32_t pidx = 0;
  int64_t ballot = 0;
  int32_t max_replica_count = 3;
  HostPort primary;
  std::vector<HostPort> secondaries;
  std::vector<HostPort> last_drops;
  int64_t last_committed_decree = 0;
  int32_t partition_flags = 0;
};

// One readiness check's input: the duplication as the source knows it, the RPC's error, and
// the follower meta server's reply (its partition_count is partitions.size()).
struct FollowerTable {
  std::string app_name = "dup_test";
  std::string remote_cluster_name = "target_cluster";
  std::string remote_app_name = "dup_test_3";
  int32_t partition_count = 4;  // the source table's
  int32_t remote_replica_count = 0;
  std::string rpc_err = "ERR_OK";
  std::string response_err = "ERR_OK";
  int32_t app_id = 3;
  bool is_stateful = true;
  std::vector<PartitionConfig> partitions;
};

// Fills `facts` (cleared first; capacity kept) from `table`, partitions in list order with
// their own pidx. The facts point into `table`.
void BuildFacts(const FollowerTable& table, FollowerFacts* facts);

}  // namespace model
}  // namespace dupready

#endif  // DUPREADY_ENGINE_MODEL_FOLLOWER_TABLE_H_
