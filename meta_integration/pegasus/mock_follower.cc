// Pegasus's create_app_ok fail point, as bytes: one query_cfg_response per replica state.
#include "meta_integration/pegasus/mock_follower.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace testonly {
namespace {

constexpr uint32_t kLoopback = 0x7F000001;  // "localhost" as Pegasus's resolver returns it

// A host_port and the rpc_address Pegasus resolves it to.
struct Node {
  pegasus_wire::host_port hp;
  pegasus_wire::rpc_address addr;
};

Node Valid(uint16_t port) {
  return {pegasus_wire::host_port("localhost", port),
          pegasus_wire::rpc_address::Ipv4(kLoopback, port)};
}

}  // namespace

std::string MockFollowerReply(int32_t partition_count, int32_t remote_replica_count,
                              const MockReplicaState& state) {
  std::vector<Node> nodes;
  nodes.push_back(state.has_primary ? Valid(34801) : Node{});
  for (int i = 0; i < state.valid_secondaries; ++i)
    nodes.push_back(Valid(static_cast<uint16_t>(34802 + i)));
  for (int i = 0; i < state.invalid_secondaries; ++i) nodes.push_back(Node{});

  pegasus_wire::query_cfg_response resp;
  for (int32_t i = 0; i < partition_count; ++i) {
    pegasus_wire::partition_configuration pc;
    pc.pid = pegasus_wire::gpid(resp.app_id, i);
    pc.max_replica_count = remote_replica_count;
    pc.primary = nodes[0].addr;
    pc.__set_hp_primary(nodes[0].hp);
    for (size_t j = 1; j < nodes.size(); ++j) {
      pc.secondaries.push_back(nodes[j].addr);
      pc.hp_secondaries.push_back(nodes[j].hp);
      pc.__isset.hp_secondaries = true;
    }
    resp.partitions.push_back(std::move(pc));
  }
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(resp);
  if (!bytes.ok()) {
    std::fprintf(stderr, "MockFollowerReply: %s\n", bytes.status().ToString().c_str());
    std::abort();
  }
  return *std::move(bytes);
}

}  // namespace testonly
}  // namespace dupready
