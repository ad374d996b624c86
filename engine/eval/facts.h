// Copyright 2026 The dupready Authors.
//
// facts.h: the compact in-memory form that compiled rules are evaluated over.
//
// A FollowerFacts is built once per check from a snapshot (engine/snapshot/facts_adapter.h) or
// straight from a decoded reply. Every per-partition fact a rule may read is a small integer in
// a fixed slot of a 64-byte PartitionFact, so the partition loop touches one cache line per
// partition and never looks a name up. Strings are views into storage owned by the caller.

#ifndef DUPREADY_ENGINE_EVAL_FACTS_H_
#define DUPREADY_ENGINE_EVAL_FACTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace dupready {

// An address of a replica server. Invalid (absent) addresses have an empty host and port 0.
struct AddressFact {
  std::string_view host;
  int32_t port = 0;
  bool valid = false;
};

// Integer slots of a partition; bools are 0/1. Derived counts are computed by the builder.
enum PartitionSlot : int {
  kSlotPidx = 0,
  kSlotMaxReplicaCount,
  kSlotPartitionFlags,
  kSlotPrimaryAlive,        // primary is a valid address
  kSlotSecondaryCount,      // |secondaries|, valid or not
  kSlotAliveSecondaries,    // secondaries that are valid
  kSlotLastDropCount,       // |last_drops|
  kSlotAliveReplicas,       // primary_alive + alive secondaries
  kSlotPrimaryIndex,        // index of the primary in FollowerFacts::addresses
  kSlotSecondariesBegin,    // first secondary in FollowerFacts::addresses
  kSlotLastDropsBegin,      // first last_drop in FollowerFacts::addresses
  kSlotPrimaryPort,         // the primary's port (0 when invalid), so rules need not chase it
  kNumPartitionSlots,
};

struct alignas(64) PartitionFact {
  int32_t slot[16];  // indexed by PartitionSlot; the rest is zero
};
static_assert(kNumPartitionSlots <= 16, "PartitionFact holds 16 slots");
static_assert(sizeof(PartitionFact) == 64, "one cache line per partition");

// 64-bit partition facts, kept apart because rules rarely read them.
struct PartitionWideFact {
  int64_t ballot = 0;
  int64_t last_committed_decree = 0;
};

// The duplication context's values, as rules read them (dup.app_name, ...).
enum class DupField : uint8_t {
  kAppName,
  kRemoteClusterName,
  kRemoteAppName,
  kPartitionCount,
  kRemoteReplicaCount,
};
inline constexpr int kNumDupFields = 5;

// "dup.app_name", "dup.remote_cluster_name", ...: the name rules use.
const char* DupFieldName(DupField field);

// The bit of `field` in FollowerFacts::unset_dup.
constexpr uint8_t DupFieldBit(DupField field) {
  return static_cast<uint8_t>(1u << static_cast<int>(field));
}

// The duplication as the source cluster knows it (what rules read as dup.*), e.g. as the plugin
// receives it with each check; views owned by the caller.
//
//   DupContextView dup{"dup_test", "target_cluster", "dup_test_3", 8, 3};
//   StartFacts(dup, "ERR_OK", &facts);  // then the reply's facts
struct DupContextView {
  std::string_view app_name;
  std::string_view remote_cluster_name;
  std::string_view remote_app_name;
  int64_t partition_count = 0;
  int64_t remote_replica_count = 0;
};

// The facts of one check: the duplication context (the DupContextView it starts with), the
// remote call and the reply.
struct FollowerFacts : DupContextView {
  // The context values the input did not give (DupFieldBit of each). Rules read them as ""
  // or 0, as always; a message that prints one shows "<unset: dup.NAME>" instead, and the
  // tools refuse a follower whose rules decide on one (RuleSet::ContextReads).
  uint8_t unset_dup = 0;

  // The remote call and the reply.
  std::string_view rpc_err;       // Pegasus error name
  std::string_view response_err;  // Pegasus error name
  int64_t app_id = 0;
  int64_t response_partition_count = 0;
  bool is_stateful = false;

  // Partitions in reply order; `wide` runs parallel to `partitions`.
  std::vector<PartitionFact> partitions;
  std::vector<PartitionWideFact> wide;
  std::vector<AddressFact> addresses;
  // Whether every partition's pidx equals its position in the reply (kept by
  // AppendPartition), the common case that CheckPartitionIndices settles at once.
  bool pidx_in_order = true;

  // The longest address list and host AppendPartition has appended, so a check can tell in
  // O(1) whether the facts are within the bounds its rules were costed for.
  int32_t longest_list = 0;
  int64_t longest_host = 0;

  // Empties the facts but keeps the vectors' capacity, so a reused FollowerFacts does not
  // allocate for a table no larger than the last one.
  void Clear();
};

// Clears `facts` (capacity kept) and sets the duplication's facts and the RPC's error name,
// as views of `dup` and `rpc_err`.
inline void StartFacts(const DupContextView& dup, std::string_view rpc_err,
                       FollowerFacts* facts) {
  facts->Clear();
  static_cast<DupContextView&>(*facts) = dup;
  facts->rpc_err = rpc_err;
}

// Appends one partition to `facts`, computing the derived slots. `secondaries` and
// `last_drops` are copied into facts->addresses. REQUIRES: the views outlive `facts`.
void AppendPartition(FollowerFacts* facts, int32_t pidx, int64_t ballot,
                     int32_t max_replica_count, const AddressFact& primary,
                     const AddressFact* secondaries, int secondary_count,
                     const AddressFact* last_drops, int last_drop_count,
                     int64_t last_committed_decree, int32_t partition_flags);

// Partition indices are data Pegasus gives: a negative one, or one listed twice, is not a
// table rules can judge (messages, maps and explanations name partitions by it). Returns OK,
// or InvalidArgument naming the first such partition by its position, e.g.
// "partitions[3] has partition index -1; an index is never negative" or
// "partitions[5] repeats partition index 2 of partitions[1]". Every reader calls it once the
// facts are built (callers put their own name for the list in front). O(1) when the indices
// are in order; otherwise it sorts a copy of them.
absl::Status CheckPartitionIndices(const FollowerFacts& facts);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_FACTS_H_
