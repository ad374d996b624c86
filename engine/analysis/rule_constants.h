// Copyright 2026 The dupready Authors.
//
// rule_constants.h: what the rules compare facts with, read from their syntax trees, so that
// `dupready diff` can enumerate followers right around every decision the rules make.
//
//   partition p: when replica_count > 1 require size(secondaries) >= 1 else ...
//   scope dup.remote_cluster_name =~ "^backup_" { ... }
//
// gives ints[kMaxReplicaCount] = {1}, ints[kSecondaries] = {1} and
// patterns[kDupRemoteClusterName] = {"^backup_"}. An integer constant counts for every fact
// in the same comparison (`size(secondaries) >= replica_count - 1` gives 1 to both); a list
// fact stands for its size (size(), count()).

#ifndef DUPREADY_ENGINE_ANALYSIS_RULE_CONSTANTS_H_
#define DUPREADY_ENGINE_ANALYSIS_RULE_CONSTANTS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "engine/common/types.h"
#include "engine/loader/loader.h"

namespace dupready {

struct RuleConstants {
  std::map<FactId, std::set<int64_t>> ints;          // integers compared with a fact
  std::map<FactId, std::set<std::string>> strings;   // string literals compared with a fact
  std::map<FactId, std::set<std::string>> patterns;  // regular expressions matched against it
  std::map<FactId, std::set<std::string>> errors;    // error codes compared with it
  std::set<FactId> mentioned;                        // every fact the rules or scopes read

  bool Mentions(FactId f) const { return mentioned.count(f) > 0; }
};

// Adds the constants of every rule in force and every scope of `rules` to *out (so two rule
// sets can be collected into one RuleConstants).
void CollectRuleConstants(const MergedRules& rules, RuleConstants* out);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_ANALYSIS_RULE_CONSTANTS_H_
