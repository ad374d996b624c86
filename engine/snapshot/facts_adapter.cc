// Builds FollowerFacts from a FollowerSnapshot without copying strings or allocating per
// partition.
#include "engine/snapshot/facts_adapter.h"

#include <cstddef>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

constexpr uint32_t kMaxPort = 65535;

AddressFact ToFact(const Address& a) {
  AddressFact f;
  f.host = a.host();
  f.port = static_cast<int32_t>(a.port());  // checked <= kMaxPort
  f.valid = !a.host().empty();
  return f;
}

absl::Status CheckList(int index, const PartitionConfig& p, const char* what,
                       const google::protobuf::RepeatedPtrField<Address>& list) {
  if (list.size() > kMaxReplicaListSize) {
    return absl::InvalidArgumentError(absl::StrCat("partition #", index, " (pidx ", p.pidx(),
                                                   ") lists ", list.size(), " ", what, "; at most ",
                                                   kMaxReplicaListSize, " are supported"));
  }
  for (const Address& a : list) {
    if (a.port() > kMaxPort) {
      return absl::InvalidArgumentError(absl::StrCat("partition #", index, " (pidx ", p.pidx(),
                                                     "): ", what, " port ", a.port(), " is above ",
                                                     kMaxPort));
    }
  }
  return absl::OkStatus();
}

// Checks the bounds BuildFacts promises and counts the addresses it will store.
absl::Status Validate(const QueryConfigResponse& response, size_t* address_count) {
  *address_count = 0;
  for (int i = 0; i < response.partitions_size(); ++i) {
    const PartitionConfig& p = response.partitions(i);
    if (p.primary().port() > kMaxPort) {
      return absl::InvalidArgumentError(absl::StrCat("partition #", i, " (pidx ", p.pidx(),
                                                     "): primary port ", p.primary().port(),
                                                     " is above ", kMaxPort));
    }
    absl::Status s = CheckList(i, p, "secondaries", p.secondaries());
    if (s.ok()) s = CheckList(i, p, "last_drops", p.last_drops());
    if (!s.ok()) return s;
    *address_count += 1 + p.secondaries_size() + p.last_drops_size();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BuildFacts(const FollowerSnapshot& snap, FollowerFacts* out) {
  out->Clear();
  const QueryConfigResponse& response = snap.response();
  size_t address_count = 0;
  absl::Status s = Validate(response, &address_count);
  if (!s.ok()) return s;

  const DuplicationContext& dup = snap.duplication();
  out->app_name = dup.app_name();
  out->remote_cluster_name = dup.remote_cluster_name();
  out->remote_app_name = dup.remote_app_name();
  out->partition_count = dup.partition_count();
  out->remote_replica_count = dup.remote_replica_count();
  out->unset_dup = UnsetDupFields(dup);
  out->rpc_err = snap.rpc_err();
  out->response_err = response.err();
  out->app_id = response.app_id();
  out->response_partition_count = response.partition_count();
  out->is_stateful = response.is_stateful();

  const size_t n = response.partitions_size();
  out->partitions.reserve(n);  // no-ops when a previous build left enough capacity
  out->wide.reserve(n);
  out->addresses.reserve(address_count);
  AddressFact secondaries[kMaxReplicaListSize];
  AddressFact last_drops[kMaxReplicaListSize];
  for (const PartitionConfig& p : response.partitions()) {
    for (int i = 0; i < p.secondaries_size(); ++i) secondaries[i] = ToFact(p.secondaries(i));
    for (int i = 0; i < p.last_drops_size(); ++i) last_drops[i] = ToFact(p.last_drops(i));
    AppendPartition(out, p.pidx(), p.ballot(), p.max_replica_count(), ToFact(p.primary()),
                    secondaries, p.secondaries_size(), last_drops, p.last_drops_size(),
                    p.last_committed_decree(), p.partition_flags());
  }
  if (s = CheckPartitionIndices(*out); !s.ok()) {
    out->Clear();
    return absl::InvalidArgumentError(absl::StrCat("response.", s.message()));
  }
  return absl::OkStatus();
}

uint8_t UnsetDupFields(const DuplicationContext& dup) {
  uint8_t unset = 0;
  if (!dup.has_app_name() || dup.app_name().empty()) unset |= DupFieldBit(DupField::kAppName);
  if (!dup.has_remote_cluster_name() || dup.remote_cluster_name().empty())
    unset |= DupFieldBit(DupField::kRemoteClusterName);
  if (!dup.has_remote_app_name() || dup.remote_app_name().empty())
    unset |= DupFieldBit(DupField::kRemoteAppName);
  if (!dup.has_partition_count()) unset |= DupFieldBit(DupField::kPartitionCount);
  if (!dup.has_remote_replica_count()) unset |= DupFieldBit(DupField::kRemoteReplicaCount);
  return unset;
}

}  // namespace dupready
