// Copyright 2026 The dupready Authors.
//
// verdict_diff.h: what changes if one rule set replaces another, found by evaluating both over
// a bounded space of follower configurations (config_space.h) built from the constants of
// both, and grouping the configurations whose verdict changes into classes.
//
//   absl::StatusOr<DiffResult> d = DiffRuleFiles("rules/legacy.rules", "rules/default.rules",
//                                                 read, Limits(), DiffOptions());
//   // d->classes[0]: from "ERR_NOT_ENOUGH_MEMBER" to "ready", where {"replica_count 1",
//   //   "primary alive", "no secondaries", ...}, count, an example and both verdicts on it.
//
// Two verdicts are the same when both are ready, or both fail with the same error code at the
// same first partition; rule names and messages are not compared (a reworded message changes
// nothing in Pegasus). A class is a box: a set of values per dimension such that every
// configuration of the space inside it changes the same way (from -> to) and no other
// configuration does; a dimension whose values are all in the box is left out of `where`.
// Boxes grow greedily from the first changed configuration, so each class is exact, though
// a change may be split into more classes than strictly needed.

#ifndef DUPREADY_ENGINE_ANALYSIS_VERDICT_DIFF_H_
#define DUPREADY_ENGINE_ANALYSIS_VERDICT_DIFF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/limits.h"
#include "engine/eval/verdict.h"
#include "engine/loader/loader.h"

namespace dupready {

struct DiffOptions {
  int64_t max_configs = 1000000;  // the space's budget (ResourceExhausted beyond)
  int max_classes = 100;          // classes listed; the rest are counted
};

struct DiffClass {
  std::string from, to;            // "ready" or an error code
  int64_t count = 0;               // configurations in the class
  std::vector<std::string> where;  // conditions that describe it, e.g. "replica_count 3-5"
  std::string example;             // one configuration of the class, in words
  Verdict old_verdict, new_verdict;  // on the example
};

struct DiffResult {
  int64_t configs = 0;  // configurations evaluated
  int64_t changed = 0;  // of which the verdict changed
  std::string space;    // the dimensions and their values, one line each
  std::vector<DiffClass> classes;
  int64_t classes_omitted = 0;  // beyond DiffOptions::max_classes
  bool equivalent() const { return changed == 0; }
};

// Loads both files (through `read`), builds the space from their constants, evaluates both on
// each configuration. InvalidArgument (every issue rendered) when a file does not load;
// ResourceExhausted when the space would exceed options.max_configs.
absl::StatusOr<DiffResult> DiffRuleFiles(const std::string& old_path, const std::string& new_path,
                                         const FileReader& read, const Limits& limits,
                                         const DiffOptions& options);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_ANALYSIS_VERDICT_DIFF_H_
