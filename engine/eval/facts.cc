// Builds FollowerFacts partition by partition, deriving the counts rules read.
#include "engine/eval/facts.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace dupready {

const char* DupFieldName(DupField field) {
  switch (field) {
    case DupField::kAppName: return "dup.app_name";
    case DupField::kRemoteClusterName: return "dup.remote_cluster_name";
    case DupField::kRemoteAppName: return "dup.remote_app_name";
    case DupField::kPartitionCount: return "dup.partition_count";
    case DupField::kRemoteReplicaCount: return "dup.remote_replica_count";
  }
  return "dup.?";
}

void FollowerFacts::Clear() {
  static_cast<DupContextView&>(*this) = DupContextView();
  unset_dup = 0;
  rpc_err = response_err = {};
  app_id = response_partition_count = 0;
  is_stateful = false;
  partitions.clear();
  wide.clear();
  addresses.clear();
  pidx_in_order = true;
  longest_list = 0;
  longest_host = 0;
}

void AppendPartition(FollowerFacts* facts, int32_t pidx, int64_t ballot,
                     int32_t max_replica_count, const AddressFact& primary,
                     const AddressFact* secondaries, int secondary_count,
                     const AddressFact* last_drops, int last_drop_count,
                     int64_t last_committed_decree, int32_t partition_flags) {
  if (pidx != static_cast<int64_t>(facts->partitions.size())) facts->pidx_in_order = false;
  // Written in place, field by field: a fact built on the stack and then copied is read back
  // in wider pieces than it was written, and the processor stalls on each (store forwarding).
  int32_t* s = facts->partitions.emplace_back().slot;
  facts->longest_list = std::max({facts->longest_list, secondary_count, last_drop_count});
  size_t host = primary.host.size();
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
    host = std::max(host, secondaries[i].host.size());
    facts->addresses.push_back(secondaries[i]);
  }
  s[kSlotAliveSecondaries] = alive;
  s[kSlotAliveReplicas] = alive + s[kSlotPrimaryAlive];
  s[kSlotLastDropsBegin] = static_cast<int32_t>(facts->addresses.size());
  for (int i = 0; i < last_drop_count; ++i) {
    host = std::max(host, last_drops[i].host.size());
    facts->addresses.push_back(last_drops[i]);
  }
  facts->longest_host = std::max(facts->longest_host, static_cast<int64_t>(host));
  PartitionWideFact& wide = facts->wide.emplace_back();
  wide.ballot = ballot;
  wide.last_committed_decree = last_committed_decree;
}

absl::Status CheckPartitionIndices(const FollowerFacts& facts) {
  if (facts.pidx_in_order) return absl::OkStatus();
  const size_t n = facts.partitions.size();
  std::vector<std::pair<int32_t, size_t>> seen;  // (pidx, position)
  seen.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const int32_t pidx = facts.partitions[i].slot[kSlotPidx];
    if (pidx < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "partitions[", i, "] has partition index ", pidx, "; an index is never negative"));
    }
    seen.emplace_back(pidx, i);
  }
  std::sort(seen.begin(), seen.end());
  // The first repeat in reply order: the smallest later position among equal indices.
  size_t at = n, first = n;
  for (size_t k = 1; k < seen.size(); ++k) {
    if (seen[k].first == seen[k - 1].first && seen[k].second < at) {
      at = seen[k].second;
      size_t j = k - 1;
      while (j > 0 && seen[j - 1].first == seen[k].first) --j;
      first = seen[j].second;
    }
  }
  if (at == n) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("partitions[", at, "] repeats partition index ",
                   facts.partitions[at].slot[kSlotPidx], " of partitions[", first, "]"));
}

}  // namespace dupready
