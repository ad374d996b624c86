// Copyright 2026 The dupready Authors.
//
// rule_gen.h (tests only): random rule files and followers for lint's property tests. Conditions
// come from a small pool, so that equal, implied and constant ones come up often; files may
// mark rules final, accept tables and partitions early, and, as overlays on
// rules/default.rules, lower, disable and replace its rules, in scopes or not.
//
//   RuleGen gen(seed);
//   std::string standalone = gen.File();
//   std::string overlay = gen.Overlay("rules/default.rules");
//   std::vector<testing::FollowerTable> followers = RandomFollowers(seed, 200, /*bad=*/true);

#ifndef DUPREADY_ENGINE_LINT_RULE_GEN_H_
#define DUPREADY_ENGINE_LINT_RULE_GEN_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/testing/follower.h"

namespace dupready {
namespace testing {

class RuleGen {
 public:
  explicit RuleGen(uint32_t seed) : rng_(seed) {}
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  // A condition over one partition.
  std::string Cond();
  // A file of its own: table rules (a call check, sometimes more), then partition rules.
  std::string File();
  // An overlay on `base` (default.rules' rules): new rules placed among its rules, early
  // `suffices`, and `unfinal`, `disable` and `replace` of its rules, some scoped to the
  // cluster "lab". It may not load (an overlay that disables a final rule it did not lower).
  std::string Overlay(const std::string& base);

 private:
  std::string PartitionRule(const std::string& name, bool allow_final);
  std::mt19937 rng_;
};

// `count` followers of 1 to 3 partitions with replica counts 1 to 5, primaries and secondaries
// valid or not. With `bad`, some also have a failed call or answer, a partition count that is
// not the source's, or the remote cluster "lab".
std::vector<FollowerTable> RandomFollowers(uint32_t seed, int count, bool bad);

// True when `f` must never be READY: a failed call or answer, a partition count that is not
// the source's, or a partition whose primary is dead.
bool MustNotBeReady(const FollowerTable& f);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_LINT_RULE_GEN_H_
