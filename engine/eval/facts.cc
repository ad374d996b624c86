// Builds FollowerFacts partition by partition, deriving the counts rules read.
#include "engine/eval/facts.h"

namespace dupready {

void FollowerFacts::Clear() {
  app_name = remote_cluster_name = remote_app_name = {};
  partition_count = remote_replica_count = 0;
  rpc_err = response_err = {};
  app_id = response_partition_count = 0;
  is_stateful = false;
  partitions.clear();
  wide.clear();
  addresses.clear();
}

void AppendPartition(FollowerFacts* facts, int32_t pidx, int64_t ballot,
                     int32_t max_replica_count, const AddressFact& primary,
                     const AddressFact* secondaries, int secondary_count,
                     const AddressFact* last_drops, int last_drop_count,
                     int64_t last_committed_decree, int32_t partition_flags) {
  PartitionFact p{};
  int32_t* s = p.slot;
  s[kSlotPidx] = pidx;
  s[kSlotMaxReplicaCount] = max_replica_count;
  s[kSlotPartitionFlags] = partition_flags;
  s[kSlotPrimaryAlive] = primary.valid ? 1 : 0;
  s[kSlotSecondaryCount] = secondary_count;
  s[kSlotLastDropCount] = last_drop_count;
  s[kSlotPrimaryPort] = primary.port;
  s[kSlotPrimaryIndex] = static_cast<int32_t>(facts->addresses.size());
  facts->addresses.push_back(primary);
  s[kSlotSecondariesBegin] = static_cast<int32_t>(facts->addresses.size());
  int alive = 0;
  for (int i = 0; i < secondary_count; ++i) {
    alive += secondaries[i].valid ? 1 : 0;
    facts->addresses.push_back(secondaries[i]);
  }
  s[kSlotAliveSecondaries] = alive;
  s[kSlotAliveReplicas] = alive + s[kSlotPrimaryAlive];
  s[kSlotLastDropsBegin] = static_cast<int32_t>(facts->addresses.size());
  for (int i = 0; i < last_drop_count; ++i) facts->addresses.push_back(last_drops[i]);
  facts->partitions.push_back(p);
  facts->wide.push_back(PartitionWideFact{ballot, last_committed_decree});
}

}  // namespace dupready
