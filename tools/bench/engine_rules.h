// Copyright 2026 The dupready Authors.
//
// engine_rules.h: the rule files the benchmark loads, read from disk once and then served
// from memory, so that load timings measure the engine and not the disk.
//
//   absl::StatusOr<RuleFiles> files = RuleFiles::Read();   // rules/*.rules
//   auto rules = LoadEngineRules(RuleSetKind::kOverlay200, *files);

#ifndef DUPREADY_TOOLS_BENCH_ENGINE_RULES_H_
#define DUPREADY_TOOLS_BENCH_ENGINE_RULES_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/loader/file_reader.h"
#include "engine/rule_set.h"
#include "tools/bench/handwritten.h"

namespace dupready {
namespace bench {

// Every rule file shipped in rules/, by path.
inline constexpr const char* kShippedFiles[] = {
    "rules/default.rules",
    "rules/strict.rules",
    "rules/legacy.rules",
    "rules/examples/single_replica.rules",
    "rules/examples/temp_tables_relaxed.rules",
    "rules/examples/backup_cluster_strict.rules",
};

class RuleFiles {
 public:
  // Reads kShippedFiles, looked up in the current directory (the runfiles tree under
  // `bazel run` and `bazel test`), else under $BUILD_WORKSPACE_DIRECTORY; adds the generated
  // rules/overlay200.rules.
  static absl::StatusOr<RuleFiles> Read();

  // The path of each rule set's root file: "rules/default.rules", ...
  static std::string PathOf(RuleSetKind kind);

  const std::string& text(const std::string& path) const { return files_.at(path); }
  // Serves the files above from memory; NotFound for any other path.
  FileReader reader() const;

 private:
  std::map<std::string, std::string> files_;
};

// The limits the benchmark loads its rule sets with: the defaults, but with the cost budget
// off and room for the generated files of up to 100,000 rules. The defaults refuse those files
// (more rules and expression nodes than a rule set may hold), and overlay200 too: its loops
// over the secondaries cost more than the budget against the largest reply (64 secondaries to
// a partition), although the benchmark's tables list 2 each. Timings of those sets measure the
// engine on sets a meta server would not accept.
Limits BenchLimits();

// Loads a rule set with BenchLimits().
absl::StatusOr<std::unique_ptr<const RuleSet>> LoadEngineRules(RuleSetKind kind,
                                                               const RuleFiles& files);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_ENGINE_RULES_H_
