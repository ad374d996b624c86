// Copyright 2026 The dupready Authors.
//
// follower.h (tests only): builds FollowerFacts from a compact description, and a slow,
// obviously-correct reimplementation of Pegasus's readiness check to compare the engine with.

#ifndef DUPREADY_ENGINE_TESTING_FOLLOWER_H_
#define DUPREADY_ENGINE_TESTING_FOLLOWER_H_

#include <deque>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/eval/facts.h"

namespace dupready {
namespace testing {

struct Replica {
  bool valid = true;
  std::string host = "10.0.0.1";
  int port = 34801;
};

struct Partition {
  int32_t max_replica_count = 3;
  Replica primary;
  std::vector<Replica> secondaries;
  std::vector<Replica> last_drops;
  int64_t ballot = 3;
  int64_t last_committed_decree = 100;
  int32_t partition_flags = 0;
};

struct Follower {
  std::string app_name = "dup_test";
  std::string remote_cluster_name = "target_cluster";
  std::string remote_app_name = "dup_test_3";
  int32_t partition_count = 4;  // the source's
  int32_t remote_replica_count = 0;
  std::string rpc_err = "ERR_OK";
  std::string response_err = "ERR_OK";
  int32_t app_id = 3;
  std::vector<Partition> partitions;

  // A healthy table of `n` partitions with `replicas` replicas each, all alive.
  static Follower Healthy(int n, int replicas);
};

// Owns the strings FollowerFacts points into.
class FactsHolder {
 public:
  explicit FactsHolder(const Follower& f);
  const FollowerFacts& facts() const { return facts_; }

 private:
  Follower follower_;
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
ReferenceVerdict PegasusCheck(const Follower& f, bool fixed, bool strict = false);

// Reads a file from disk, for tests.
absl::StatusOr<std::string> ReadTestFile(const std::string& path);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_TESTING_FOLLOWER_H_
