// RuleSet: load = LoadRules + Compile; check = Evaluate.
#include "engine/rule_set.h"

#include <utility>

#include "engine/compiler/compiler.h"
#include "engine/compiler/program.h"
#include "engine/eval/evaluator.h"
#include "engine/loader/loader.h"

namespace dupready {
namespace {

// The dup fields `code` loads, as DupFieldBit bits.
uint8_t DupFieldsRead(const Code& code) {
  uint8_t bits = 0;
  for (const Insn& in : code) {
    if (in.op != OpCode::kLoadCtxInt && in.op != OpCode::kLoadCtxStr) continue;
    const int field = DupFieldOf(static_cast<CtxField>(in.k));
    if (field >= 0) bits |= DupFieldBit(static_cast<DupField>(field));
  }
  return bits;
}

}  // namespace

const char* ContextUseName(ContextRead::Use use) {
  switch (use) {
    case ContextRead::Use::kScope: return "scope";
    case ContextRead::Use::kGuard: return "guard";
    case ContextRead::Use::kCondition: return "condition";
    case ContextRead::Use::kError: return "error";
    case ContextRead::Use::kMessage: return "message";
  }
  return "?";
}

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

bool RuleSet::Ready(const FollowerFacts& facts, EvalScratch* scratch) const {
  return EvaluateReady(*program_, facts, scratch);
}

std::vector<RuleTrace> RuleSet::Explain(const FollowerFacts& facts, int index) const {
  return dupready::Explain(*program_, facts, index);
}

std::vector<ContextRead> RuleSet::ContextReads() const {
  std::vector<uint8_t> scope_reads;
  for (const ValueCode& scope : program_->scopes) scope_reads.push_back(DupFieldsRead(scope.code));
  std::vector<ContextRead> out;
  for (const CompiledRule& rule : program_->rules) {
    auto add = [&](uint8_t bits, ContextRead::Use use) {
      for (int f = 0; f < kNumDupFields; ++f) {
        const DupField field = static_cast<DupField>(f);
        if (!(bits & DupFieldBit(field))) continue;
        out.push_back(ContextRead{field, use, rule.name, rule.location});
      }
    };
    uint8_t scope_bits = 0;
    for (const ScopeTerm& term : rule.scope_terms)
      for (int index : term.all) scope_bits |= scope_reads[static_cast<size_t>(index)];
    add(scope_bits, ContextRead::Use::kScope);
    if (rule.has_guard) add(DupFieldsRead(rule.guard_value.code), ContextRead::Use::kGuard);
    add(DupFieldsRead(rule.condition_value.code), ContextRead::Use::kCondition);
    add(DupFieldsRead(rule.error.code), ContextRead::Use::kError);
    uint8_t message_bits = 0;
    for (const ValueCode& hole : rule.holes) message_bits |= DupFieldsRead(hole.code);
    add(message_bits, ContextRead::Use::kMessage);
  }
  return out;
}

std::vector<PartitionOutcome> RuleSet::PartitionOutcomes(const FollowerFacts& facts) const {
  EvalScratch scratch;
  std::vector<PartitionOutcome> out;
  dupready::PartitionOutcomes(*program_, facts, &scratch, &out);
  return out;
}

}  // namespace dupready
