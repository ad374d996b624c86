// RuleSet: load = LoadRules + Compile; check = Evaluate.
#include "engine/rule_set.h"

#include <utility>

#include "engine/compiler/compiler.h"
#include "engine/compiler/program.h"
#include "engine/eval/evaluator.h"
#include "engine/loader/loader.h"

namespace dupready {

RuleSet::RuleSet(std::unique_ptr<Program> program, const Limits& limits)
    : program_(std::move(program)), limits_(limits) {
  rules_.reserve(program_->rules.size());
  for (const CompiledRule& r : program_->rules) rules_.push_back(RuleInfo{r.name, r.table});
}

RuleSet::~RuleSet() = default;

const std::string& RuleSet::hash() const { return program_->hash; }

absl::StatusOr<std::unique_ptr<const RuleSet>> RuleSet::Load(const std::string& path,
                                                             const FileReader& read,
                                                             const Limits& limits,
                                                             Diagnostics* diags) {
  absl::StatusOr<MergedRules> merged = LoadRules(path, read, limits, diags);
  if (!merged.ok()) return merged.status();
  absl::StatusOr<std::unique_ptr<Program>> program = Compile(*std::move(merged));
  if (!program.ok()) return program.status();
  return std::unique_ptr<const RuleSet>(new RuleSet(*std::move(program), limits));
}

absl::StatusOr<std::unique_ptr<const RuleSet>> RuleSet::FromText(const std::string& name,
                                                                 const std::string& text,
                                                                 const FileReader& read,
                                                                 const Limits& limits,
                                                                 Diagnostics* diags) {
  FileReader reader = [&](const std::string& path) -> absl::StatusOr<std::string> {
    if (path == name) return text;
    if (read) return read(path);
    return absl::NotFoundError("no file reader was given to resolve 'extend'");
  };
  return Load(name, reader, limits, diags);
}

void RuleSet::Check(const FollowerFacts& facts, EvalScratch* scratch, Verdict* out) const {
  Evaluate(*program_, facts, scratch, out, limits_.max_failures_listed);
}

Verdict RuleSet::Check(const FollowerFacts& facts) const {
  EvalScratch scratch;
  Verdict v;
  Check(facts, &scratch, &v);
  return v;
}

std::vector<RuleTrace> RuleSet::Explain(const FollowerFacts& facts, int index) const {
  return dupready::Explain(*program_, facts, index);
}

std::vector<PartitionOutcome> RuleSet::PartitionOutcomes(const FollowerFacts& facts) const {
  EvalScratch scratch;
  std::vector<PartitionOutcome> out;
  dupready::PartitionOutcomes(*program_, facts, &scratch, &out);
  return out;
}

}  // namespace dupready
