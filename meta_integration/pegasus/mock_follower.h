// Copyright 2026 The dupready Authors.
//
// mock_follower.h (tests only): the follower replies Pegasus's own unit tests feed to
// meta_duplication_service::check_follower_app_if_create_completed (its `create_app_ok` fail
// point, src/meta/duplication/meta_duplication_service.cpp), rebuilt byte for byte from what
// that fail point does, so our tests can replay Pegasus's cases through the plugin.
//
//   // Pegasus's "void(true,1,0)" with 3 replicas configured, for a 4-partition duplication:
//   std::string bytes = MockFollowerReply(4, 3, {true, 1, 0});
//
// Partition i: pid (app_id, i), ballot 0, max_replica_count = the duplication's
// remote_replica_count; primary "localhost:34801" (or invalid), then the valid secondaries
// "localhost:34802", "localhost:34803", ..., then the invalid ones. Every address is written as
// Pegasus's SET/ADD_IP_AND_HOST_PORT_BY_DNS macros do: the rpc_address (127.0.0.1, or 0 for
// an invalid host_port) and the host_port; hp_secondaries is set only when there is at least
// one secondary. The response's err is ERR_OK, app_id and partition_count 0 (the fail point
// leaves them at their defaults). The fail point as patched in patches/ gives each partition
// its own index, as a real follower does: dupready refuses repeated indices as invalid data;
// Pegasus's built-in check never reads them.

#ifndef DUPREADY_META_INTEGRATION_PEGASUS_MOCK_FOLLOWER_H_
#define DUPREADY_META_INTEGRATION_PEGASUS_MOCK_FOLLOWER_H_

#include <cstdint>
#include <string>

namespace dupready {
namespace testonly {

// The fail point's argument "<has_primary>,<valid_secondaries>,<invalid_secondaries>".
struct MockReplicaState {
  bool has_primary = true;
  int valid_secondaries = 0;
  int invalid_secondaries = 0;
};

// The encoded query_cfg_response, or aborts the test binary if it cannot be encoded.
std::string MockFollowerReply(int32_t partition_count, int32_t remote_replica_count,
                              const MockReplicaState& state);

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PEGASUS_MOCK_FOLLOWER_H_
