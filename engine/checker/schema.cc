// The table of facts: names, types and one-line meanings.
#include "engine/checker/schema.h"

namespace dupready {
namespace {

constexpr Type kB{TypeKind::kBool, TypeKind::kInvalid};
constexpr Type kI{TypeKind::kInt, TypeKind::kInvalid};
constexpr Type kS{TypeKind::kString, TypeKind::kInvalid};
constexpr Type kE{TypeKind::kError, TypeKind::kInvalid};
constexpr Type kA{TypeKind::kAddress, TypeKind::kInvalid};
constexpr Type kNs{TypeKind::kNamespace, TypeKind::kInvalid};
constexpr Type kAddrList{TypeKind::kList, TypeKind::kAddress};
constexpr Type kPartList{TypeKind::kList, TypeKind::kPartition};

using G = FactGroup;
using F = FactId;

const FactInfo kFacts[] = {
    {"dup", G::kRoot, F::kNone, kNs, "the duplication, as the source cluster knows it"},
    {"response", G::kRoot, F::kNone, kNs, "the remote meta server's reply"},
    {"rpc_err", G::kRoot, F::kRpcErr, kE, "the RPC's own error; ERR_OK when the call went through"},

    {"app_name", G::kDup, F::kDupAppName, kS, "the source table"},
    {"remote_cluster_name", G::kDup, F::kDupRemoteClusterName, kS, "the follower cluster"},
    {"remote_app_name", G::kDup, F::kDupRemoteAppName, kS, "the follower table"},
    {"partition_count", G::kDup, F::kDupPartitionCount, kI, "the source table's partitions"},
    {"remote_replica_count", G::kDup, F::kDupRemoteReplicaCount, kI,
     "replicas asked of the follower; 0 means as many as the source table"},

    {"err", G::kResponse, F::kResponseErr, kE, "the error the remote meta server answered"},
    {"app_id", G::kResponse, F::kResponseAppId, kI, "the follower table's id"},
    {"partition_count", G::kResponse, F::kResponsePartitionCount, kI,
     "the partition count the reply declares"},
    {"is_stateful", G::kResponse, F::kResponseIsStateful, kB, "whether the table is stateful"},
    {"partitions", G::kResponse, F::kResponsePartitions, kPartList,
     "the partitions in the reply, in order (table rules only)"},

    {"pidx", G::kPartition, F::kPidx, kI, "the partition's index"},
    {"ballot", G::kPartition, F::kBallot, kI, "the partition's ballot"},
    {"max_replica_count", G::kPartition, F::kMaxReplicaCount, kI, "replicas configured"},
    {"replica_count", G::kPartition, F::kMaxReplicaCount, kI,
     "replicas configured (same as max_replica_count)"},
    {"primary", G::kPartition, F::kPrimary, kA, "the primary replica's address"},
    {"secondaries", G::kPartition, F::kSecondaries, kAddrList, "the secondaries' addresses"},
    {"last_drops", G::kPartition, F::kLastDrops, kAddrList, "replicas dropped most recently"},
    {"last_committed_decree", G::kPartition, F::kLastCommittedDecree, kI,
     "the last committed decree"},
    {"partition_flags", G::kPartition, F::kPartitionFlags, kI, "the partition's flags"},
    {"primary_alive", G::kPartition, F::kPrimaryAlive, kB, "the primary address is valid"},
    {"alive_secondaries", G::kPartition, F::kAliveSecondaries, kI,
     "secondaries whose address is valid"},
    {"alive_replicas", G::kPartition, F::kAliveReplicas, kI,
     "primary_alive (as 0 or 1) plus alive_secondaries"},

    {"valid", G::kAddress, F::kAddressValid, kB, "the address is set"},
    {"host", G::kAddress, F::kAddressHost, kS, "the host, \"\" when invalid"},
    {"port", G::kAddress, F::kAddressPort, kI, "the port, 0 when invalid"},
};

}  // namespace

absl::Span<const FactInfo> AllFacts() { return kFacts; }

const FactInfo* FindFact(FactGroup group, std::string_view name) {
  for (const FactInfo& f : kFacts)
    if (f.group == group && f.name == name) return &f;
  return nullptr;
}

bool FieldGroupOf(Type type, FactGroup* group) {
  if (type.kind == TypeKind::kPartition) {
    *group = FactGroup::kPartition;
    return true;
  }
  if (type.kind == TypeKind::kAddress) {
    *group = FactGroup::kAddress;
    return true;
  }
  return false;
}

}  // namespace dupready
