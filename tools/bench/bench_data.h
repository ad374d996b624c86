// Copyright 2026 The dupready Authors.
//
// bench_data.h: the follower tables the readiness benchmark evaluates, in the natural form a
// hand-written C++ check reads (engine/model/follower_table.h: structs with std::string hosts,
// as Pegasus's host_port), and the conversions every other contender needs from the same
// table: FollowerFacts for the engine (model::BuildFacts), Pegasus Thrift bytes for
// decode+evaluate. The Lua peers build their tables from the same struct (lua_peer.h), so every
// contender sees identical data.
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

#include "engine/model/follower_table.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"

namespace dupready {
namespace bench {

// The follower model (engine/model/follower_table.h) is the benchmark's table: the struct the
// hand-written and Lua contenders read, and the one BuildFacts makes the engine's input from.
using model::BuildFacts;
using model::FollowerTable;
using model::HostPort;
using model::PartitionConfig;

// The table sizes the benchmark times (partitions); bench_smoke_test checks every one.
inline constexpr int kTableSizes[] = {16, 256, 4096, 65536};

enum class Health {
  kHealthy,        // every partition passes every rule: the worst case, all rules run
  kFailingMiddle,  // partition n/2 lists an invalid secondary (ERR_INACTIVE_STATE)
};

// A 3-replica table of `partitions` partitions. Hosts are IPv4 literals ("10.a.b.c", port
// 34801), every fourth partition has one last_drop, ballot is 3..7, partition_flags 0.
FollowerTable MakeTable(int partitions, Health health);

// The reply as a current Pegasus server sends it: rpc_address fields and hp_* fields both
// filled. Gpids are (app_id, pidx).
pegasus_wire::query_cfg_response ToWireReply(const FollowerTable& table);

// ToWireReply encoded in Pegasus's binary Thrift dialect (pegasus_codec.h). Aborts on an
// encoding error, which only a bug in this file could cause.
std::string EncodeTable(const FollowerTable& table);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_BENCH_DATA_H_
