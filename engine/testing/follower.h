// Copyright 2026 The dupready Authors.
//
// follower.h (tests only): followers for tests (the model of engine/model/follower_table.h)
// and their facts, and a slow, obviously-correct reimplementation of Pegasus's readiness check
// to compare the engine with.
//
//   FollowerTable f = HealthyFollower(4, 3);
//   f.partitions[2].secondaries[0] = HostPort();  // an invalid secondary
//   FactsHolder h(f);                             // h.facts() for the engine
//   ReferenceVerdict want = PegasusCheck(f, /*fixed=*/true);

#ifndef DUPREADY_ENGINE_TESTING_FOLLOWER_H_
#define DUPREADY_ENGINE_TESTING_FOLLOWER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/facts.h"
#include "engine/model/follower_table.h"

namespace dupready {
namespace testing {

using model::FollowerTable;
using model::HostPort;
using model::PartitionConfig;

// An address: valid at `host`:`port`, or the invalid HostPort() when !valid.
HostPort Address(bool valid, std::string host = "10.0.0.1", uint16_t port = 34801);

// A healthy table of `n` partitions (pidx 0..n-1, ballot 3, last_committed_decree 100) with
// `replicas` replicas each, all alive.
FollowerTable HealthyFollower(int n, int replicas);

// Owns a copy of a follower and the FollowerFacts (model::BuildFacts) that point into it.
class FactsHolder {
 public:
  explicit FactsHolder(const FollowerTable& f);
  FactsHolder(const FactsHolder&) = delete;
  FactsHolder& operator=(const FactsHolder&) = delete;
  const FollowerFacts& facts() const { return facts_; }

 private:
  FollowerTable follower_;
  FollowerFacts facts_;
};

// Pegasus's check (meta_integration/PEGASUS.md, "The follower readiness check"), written
// plainly, with its unsigned comparison of the replica count. `fixed` = false gives the check
// before the fix; `strict` additionally demands every configured replica, compared signed as
// strict.rules does.
struct ReferenceVerdict {
  std::string error;  // "ERR_OK" when ready
  int partition = -1;
};
ReferenceVerdict PegasusCheck(const FollowerTable& f, bool fixed, bool strict = false);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_TESTING_FOLLOWER_H_
