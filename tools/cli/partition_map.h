// Copyright 2026 The dupready Authors.
//
// partition_map.h: a picture of a follower table, one cell per partition, so that an operator
// sees at a glance which partitions block a duplication and why. 1,024 partitions take 16
// rows of 64 cells:
//
//   partition map (10 partitions, reply order, 64 per row):
//       0  ..N..I.. .N
//   legend:
//     .  passes                 7 partitions
//     N  ERR_NOT_ENOUGH_MEMBER  2 partitions     (rules enough_members, fully_replicated)
//     I  ERR_INACTIVE_STATE     1 partition      (rule secondaries_alive)
//
// A cell is '.' when the partition passes (or is accepted by a `suffices` rule), else the
// letter of the error code of the first rule it fails. Each row starts with the pidx of its
// first cell; cells are grouped by 8 to make counting easy.

#ifndef DUPREADY_TOOLS_CLI_PARTITION_MAP_H_
#define DUPREADY_TOOLS_CLI_PARTITION_MAP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/eval/verdict.h"
#include "engine/rule_set.h"

namespace dupready {

inline constexpr int kPartitionMapWidth = 64;

// Renders the map. `pidx[i]` and `outcomes[i]` describe the partition at index i in reply
// order (REQUIRES: same size); `rule_names` maps PartitionOutcome::rule to a name.
std::string RenderPartitionMap(const std::vector<int32_t>& pidx,
                               const std::vector<PartitionOutcome>& outcomes,
                               const std::vector<std::string>& rule_names,
                               int width = kPartitionMapWidth);

// The map of `facts` under `rules` (evaluates every partition once).
std::string PartitionMapText(const RuleSet& rules, const FollowerFacts& facts);

// The letter an error code gets, given the letters already taken (exposed for tests): the
// first letter of the name after "ERR_" that is free, else any free letter, else '?'.
char ErrorLetter(const std::string& error, const std::string& taken);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_PARTITION_MAP_H_
