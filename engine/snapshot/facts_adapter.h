// Copyright 2026 The dupready Authors.
//
// facts_adapter.h: turns a FollowerSnapshot into the FollowerFacts rules are evaluated over.
//
//   FollowerFacts facts;             // reuse across checks: no allocation once warmed up
//   absl::Status s = BuildFacts(snapshot, &facts);
//
// An address is valid when its host is not empty (the JSON reader maps "" to an empty host).

#ifndef DUPREADY_ENGINE_SNAPSHOT_FACTS_ADAPTER_H_
#define DUPREADY_ENGINE_SNAPSHOT_FACTS_ADAPTER_H_

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "engine/snapshot/snapshot.pb.h"

namespace dupready {

// The most secondaries, and separately the most last_drops, a partition may list.
inline constexpr int kMaxReplicaListSize = 64;

// Clears *out (keeping its vectors' capacity) and fills it from `snap`: the duplication
// context, the reply's fields and one PartitionFact per partition in reply order, with the
// derived slots computed by AppendPartition. Does not allocate when *out already has the
// capacity for `snap`.
//
// The context fields `dup` does not give (absent, or an empty name) are marked in
// out->unset_dup.
//
// Returns InvalidArgument, leaving *out cleared, when a partition lists more than
// kMaxReplicaListSize secondaries or last_drops, an address has a port above 65535, or a
// partition index is negative or repeated (CheckPartitionIndices).
//
// REQUIRES: `snap` outlives the use of *out (its string_views point into `snap`) and is not
// modified meanwhile.
absl::Status BuildFacts(const FollowerSnapshot& snap, FollowerFacts* out);

// DupFieldBit of each field of `dup` that is absent, or a name that is empty.
uint8_t UnsetDupFields(const DuplicationContext& dup);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_SNAPSHOT_FACTS_ADAPTER_H_
