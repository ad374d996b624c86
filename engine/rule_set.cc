// RuleSet: load = LoadRules + Compile; check = Evaluate.
#include "engine/rule_set.h"

#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/compiler/compiler.h"
#include "engine/compiler/program.h"
#include "engine/cost/cost.h"
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

RuleSet::RuleSet(std::unique_ptr<Program> program, std::vector<RuleInfo> rules, int64_t cost,
                 const Limits& limits)
    : program_(std::move(program)), rules_(std::move(rules)), cost_per_check_(cost),
      limits_(limits) {}

RuleSet::~RuleSet() = default;

const std::string& RuleSet::hash() const { return program_->hash; }

absl::StatusOr<std::unique_ptr<const RuleSet>> RuleSet::Load(const std::string& path,
                                                             const FileReader& read,
                                                             const Limits& limits,
                                                             Diagnostics* diags) {
  Diagnostics local;
  Diagnostics* d = diags ? diags : &local;
  absl::StatusOr<MergedRules> merged = LoadRules(path, read, limits, d);
  if (!merged.ok()) return merged.status();
  const CostEstimate cost = EstimateCost(*merged, limits);
  if (!CheckCostBudget(*merged, cost, limits, d)) return d->ToStatus();
  // In the compiled order: table rules, then partition rules, each in merged order.
  std::vector<RuleInfo> infos;
  infos.reserve(merged->rules.size());
  for (bool table : {true, false}) {
    for (size_t i = 0; i < merged->rules.size(); ++i) {
      const MergedRule& m = merged->rules[i];
      if ((m.rule->stage == Stage::kTable) != table) continue;
      infos.push_back(RuleInfo{m.rule->name, table, LocationOf(*m.file, m.rule->pos),
                               cost.rules[i].per_evaluation, cost.rules[i].per_check});
    }
  }
  absl::StatusOr<std::unique_ptr<Program>> program = Compile(*std::move(merged));
  if (!program.ok()) return program.status();
  return std::unique_ptr<const RuleSet>(
      new RuleSet(*std::move(program), std::move(infos), cost.per_check, limits));
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

namespace {

// Why `facts` exceed the reply bounds the rules were costed for, or "" when they do not.
std::string OutOfBounds(const FollowerFacts& f, const Limits& l) {
  const auto over = [](const char* what, int64_t value, int64_t bound) {
    return absl::StrCat("the reply's ", what, " (", value, ") exceeds ", bound,
                        ", the most the rules were costed for");
  };
  if (static_cast<int64_t>(f.partitions.size()) > l.max_partitions)
    return over("partition count", static_cast<int64_t>(f.partitions.size()), l.max_partitions);
  if (f.longest_list > l.max_addresses_per_list)
    return over("longest address list", f.longest_list, l.max_addresses_per_list);
  if (f.longest_host > l.max_host_bytes)
    return over("longest host name, in bytes,", f.longest_host, l.max_host_bytes);
  for (std::string_view s : {f.app_name, f.remote_cluster_name, f.remote_app_name, f.rpc_err,
                             f.response_err}) {
    if (static_cast<int64_t>(s.size()) > l.max_string_bytes)
      return over("longest name, in bytes,", static_cast<int64_t>(s.size()), l.max_string_bytes);
  }
  return "";
}

bool WithinBounds(const FollowerFacts& f, const Limits& l) { return OutOfBounds(f, l).empty(); }

}  // namespace

void RuleSet::Check(const FollowerFacts& facts, EvalScratch* scratch, Verdict* out) const {
  if (std::string why = OutOfBounds(facts, limits_); !why.empty()) {
    out->Reset();
    out->ready = false;
    out->error = "ERR_INVALID_DATA";
    out->message = std::move(why);
    return;
  }
  Evaluate(*program_, facts, scratch, out, limits_.max_failures_listed,
           limits_.max_message_bytes);
}

Verdict RuleSet::Check(const FollowerFacts& facts) const {
  EvalScratch scratch;
  Verdict v;
  Check(facts, &scratch, &v);
  return v;
}

bool RuleSet::Ready(const FollowerFacts& facts, EvalScratch* scratch) const {
  if (!WithinBounds(facts, limits_)) return false;  // as Check: not ready
  return EvaluateReady(*program_, facts, scratch);
}

std::vector<RuleTrace> RuleSet::Explain(const FollowerFacts& facts, int index) const {
  if (!WithinBounds(facts, limits_)) return {};
  std::vector<RuleTrace> traces =
      dupready::Explain(*program_, facts, index, limits_.max_message_bytes);
  // Traces follow rules_ (partition rules left out when there is no such partition).
  size_t r = 0;
  for (RuleTrace& t : traces) {
    while (r < rules_.size() && (rules_[r].table != t.table || rules_[r].name != t.rule)) ++r;
    if (r < rules_.size()) t.estimate = rules_[r++].cost_per_evaluation;
  }
  return traces;
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
  std::vector<PartitionOutcome> out;
  if (!WithinBounds(facts, limits_)) return out;
  EvalScratch scratch;
  dupready::PartitionOutcomes(*program_, facts, &scratch, &out);
  return out;
}

}  // namespace dupready
