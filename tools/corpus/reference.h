// Copyright 2026 The dupready Authors.
//
// reference.h: the verdict every shipped rule file should give, computed by plain C++ written
// from the rule files' documented meaning and Pegasus's own check (meta_integration/PEGASUS.md,
// "The follower readiness check"), never by the engine. The
// corpus's expected verdicts come from here, so the replay test compares two independent
// implementations. For default, legacy and strict the generator also checks this code against
// engine/testing/follower.h's PegasusCheck (a third implementation) and refuses to write a
// corpus on which they disagree.

#ifndef DUPREADY_TOOLS_CORPUS_REFERENCE_H_
#define DUPREADY_TOOLS_CORPUS_REFERENCE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/corpus/corpus_model.h"

namespace dupready {
namespace corpus {

// The shipped rule files the corpus covers, by their path from the workspace root.
// AllRuleFiles() lists them; a new rule file needs a reference here before it can ship
// (the replay test fails when rules/ holds a file this list lacks).
enum class RuleFile {
  kDefault,               // rules/default.rules
  kLegacy,                // rules/legacy.rules
  kStrict,                // rules/strict.rules
  kBackupClusterStrict,   // rules/examples/backup_cluster_strict.rules
  kSingleReplica,         // rules/examples/single_replica.rules
  kTempTablesRelaxed,     // rules/examples/temp_tables_relaxed.rules
};

struct RuleFileInfo {
  RuleFile file;
  const char* path;
};
const std::vector<RuleFileInfo>& AllRuleFiles();

struct ExpectedVerdict {
  bool ready = true;
  std::string error = "ERR_OK";
  int partition = -1;  // pidx of the deciding partition; -1 when ready or for a table rule
  std::string rule;    // the deciding rule; empty when ready

  bool operator==(const ExpectedVerdict& o) const {
    return ready == o.ready && error == o.error && partition == o.partition && rule == o.rule;
  }
};

// What `file` concludes about `c`.
ExpectedVerdict Reference(const CaseModel& c, RuleFile file);

// Cross-checks Reference() with PegasusCheck for default, legacy and strict over `c`.
absl::Status CrossCheckWithPegasusCheck(const CaseModel& c);

}  // namespace corpus
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CORPUS_REFERENCE_H_
