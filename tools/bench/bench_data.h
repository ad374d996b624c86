// Copyright 2026 The dupready Authors.
//
// bench_data.h: the follower tables the readiness benchmark evaluates, in the natural form a
// hand-written C++ check reads (structs with std::string hosts, as Pegasus's host_port), and
// the conversions every other contender needs from the same table: FollowerFacts for the
// engine, Pegasus Thrift bytes for decode+evaluate. The Lua peers build their tables from
// the same struct (lua_peer.h), so every contender sees identical data.
//
//   FollowerTable t = MakeTable(4096, Health::kHealthy);
//   FollowerFacts facts;
//   BuildFacts(t, &facts);                  // engine input, built once, outside timing
//   std::string bytes = EncodeTable(t);     // what a follower's meta server would send

#ifndef DUPREADY_TOOLS_BENCH_BENCH_DATA_H_
#define DUPREADY_TOOLS_BENCH_BENCH_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/eval/facts.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"

namespace dupready {
namespace bench {

// A replica address as Pegasus's host_port holds it.
struct HostPort {
  std::string host;   // "" when invalid
  uint16_t port = 0;  // 0 when invalid
  uint8_t type = 0;   // Pegasus's host type: 0 invalid, 1 IPv4
  bool valid() const { return type != 0; }
};

struct PartitionConfig {
  int32_t pidx = 0;
  int64_t ballot = 0;
  int32_t max_replica_count = 0;
  HostPort primary;
  std::vector<HostPort> secondaries;
  std::vector<HostPort> last_drops;
  int64_t last_committed_decree = 0;
  int32_t partition_flags = 0;
};

// One readiness check's input: the duplication as the source knows it, the RPC's error, and
// the follower meta server's reply.
struct FollowerTable {
  std::string app_name = "dup_test";
  std::string remote_cluster_name = "target_cluster";
  std::string remote_app_name = "dup_test_3";
  int32_t partition_count = 0;  // the source table's
  int32_t remote_replica_count = 0;
  std::string rpc_err = "ERR_OK";
  std::string response_err = "ERR_OK";
  int32_t app_id = 3;
  bool is_stateful = true;
  std::vector<PartitionConfig> partitions;
};

// The table sizes the benchmark times (partitions); bench_smoke_test checks every one.
inline constexpr int kTableSizes[] = {16, 256, 4096, 65536};

enum class Health {
  kHealthy,        // every partition passes every rule: the worst case, all rules run
  kFailingMiddle,  // partition n/2 lists an invalid secondary (ERR_INACTIVE_STATE)
};

// A 3-replica table of `partitions` partitions. Hosts are IPv4 literals ("10.a.b.c", port
// 34801), every fourth partition has one last_drop, ballot is 3..7, partition_flags 0.
FollowerTable MakeTable(int partitions, Health health);

// Fills `facts` (cleared first; capacity kept) from `table`. The facts point into `table`.
void BuildFacts(const FollowerTable& table, FollowerFacts* facts);

// The reply as a current Pegasus server sends it: rpc_address fields and hp_* fields both
// filled. Gpids are (app_id, pidx).
pegasus_wire::query_cfg_response ToWireReply(const FollowerTable& table);

// ToWireReply encoded in Pegasus's binary Thrift dialect (pegasus_codec.h). Aborts on an
// encoding error, which only a bug in this file could cause.
std::string EncodeTable(const FollowerTable& table);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_BENCH_DATA_H_
