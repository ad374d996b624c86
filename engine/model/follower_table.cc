// FollowerFacts from the plain follower model.
#include "engine/model/follower_table.h"

namespace dupready {
namespace model {
namespace {

AddressFact ToFact(const HostPort& h) {
  return h.valid() ? AddressFact{h.host, h.port, true} : AddressFact{};
}

}  // namespace

void BuildFacts(const FollowerTable& table, FollowerFacts* facts) {
  const DupContextView dup{table.app_name, table.remote_cluster_name, table.remote_app_name,
                           table.partition_count, table.remote_replica_count};
  StartFacts(dup, table.rpc_err, facts);
  facts->response_err = table.response_err;
  facts->app_id = table.app_id;
  facts->response_partition_count = static_cast<int64_t>(table.partitions.size());
  facts->is_stateful = table.is_stateful;
  std::vector<AddressFact> secondaries, drops;
  for (const PartitionConfig& p : table.partitions) {
    secondaries.clear();
    drops.clear();
    for (const HostPort& h : p.secondaries) secondaries.push_back(ToFact(h));
    for (const HostPort& h : p.last_drops) drops.push_back(ToFact(h));
    AppendPartition(facts, p.pidx, p.ballot, p.max_replica_count, ToFact(p.primary),
                    secondaries.data(), static_cast<int>(secondaries.size()), drops.data(),
                    static_cast<int>(drops.size()), p.last_committed_decree, p.partition_flags);
  }
}

}  // namespace model
}  // namespace dupready
