// Copyright 2026 The dupready Authors.
//
// config_space.h: a bounded space of follower configurations for comparing rule sets.
//
// A configuration picks one value in each dimension (Dim): the duplication's names, the call's
// and the reply's errors, the table's layout, and the shape of one "subject" partition:
// replica count, primary alive or not, how many secondaries and how many of them invalid, and
// the rarely used facts (ballot, last_drops, ...). Every dimension has a default value
// (index 0) and, when the rules compare the fact with constants, values right around each
// constant (c-1, c, c+1); names come from the scopes' strings and patterns, plus one name that
// matches none of them. Secondaries differ only in how many are invalid, not in which: no rule
// can tell an order (quantifiers and counts only).
//
// Layouts: one partition; four partitions all like the subject; four partitions where only
// the subject (at pidx 2) varies and the others are healthy (3 replicas, all alive); and,
// around the constants the rules compare partition counts and pidx with, tables of that size.
//
// Dimensions are crossed, except that when the whole product would exceed the budget the
// "extra" dimensions (those only some rules read, e.g. ballot) vary one at a time.

#ifndef DUPREADY_ENGINE_ANALYSIS_CONFIG_SPACE_H_
#define DUPREADY_ENGINE_ANALYSIS_CONFIG_SPACE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/analysis/rule_constants.h"
#include "engine/eval/facts.h"

namespace dupready {

enum class Dim : uint8_t {
  kRemoteCluster, kRemoteApp, kSourceApp, kRemoteReplicaCount,
  kRpcErr, kResponseErr, kSourceCount, kDeclaredCount, kAppId, kStateful,
  kLayout, kLastDrops, kBallot, kDecree, kFlags, kHost, kPort,
  kPrimary, kReplicaCount, kSecondaries, kInvalidSecondaries,
};
inline constexpr int kNumDims = 21;

// A configuration: the index of its value in each dimension.
using Config = std::array<uint8_t, kNumDims>;

struct DimValue {
  std::string label;  // as printed in class descriptions, e.g. "1", "\"backup_1\"", "alive"
  int64_t i = 0;      // numeric dimensions; kLayout: the partition count
  int64_t j = -1;     // kLayout: the subject's index (-1: every partition is the subject)
  std::string s;      // string dimensions
};

class ConfigSpace {
 public:
  // The space for rules with these constants. ResourceExhausted when even the dimensions that
  // are always crossed exceed `max_configs`.
  static absl::StatusOr<ConfigSpace> Build(const RuleConstants& constants, int64_t max_configs);

  static const char* DimName(Dim d);
  const std::vector<DimValue>& values(Dim d) const { return dims_[static_cast<int>(d)]; }
  const DimValue& value(const Config& c, Dim d) const {
    return dims_[static_cast<int>(d)][c[static_cast<int>(d)]];
  }

  // Number of configurations, and whether the extra dimensions are crossed.
  int64_t size() const { return size_; }
  bool extras_crossed() const { return cross_extras_; }

  // Whether `c` is one of the configurations (indices in range, no more invalid secondaries
  // than secondaries, at most one extra dimension off its default unless crossed).
  bool Contains(const Config& c) const;

  // Calls fn for every configuration, each once, in a fixed order.
  void ForEach(const std::function<void(const Config&)>& fn) const;

  // Fills *facts for `c`. The facts' strings point into this space: it must outlive them.
  void BuildFacts(const Config& c, FollowerFacts* facts) const;

  // One configuration in words, for examples.
  std::string Describe(const Config& c) const;
  // The dimensions and their values, one line each.
  std::string Summary() const;

 private:
  ConfigSpace() = default;
  int64_t CountCore() const;
  void Odometer(Config c, const std::vector<int>& dims,
                const std::function<void(const Config&)>& fn) const;

  std::array<std::vector<DimValue>, kNumDims> dims_;
  bool cross_extras_ = true;
  int64_t size_ = 0;
};

// True for the dimensions that vary one at a time when the space is over budget.
bool IsExtraDim(Dim d);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_ANALYSIS_CONFIG_SPACE_H_
