// Compiles a merged rule set: rule metadata and value programs per rule, then one kernel per
// stage (code_gen.h) and the partition filter (block_compiler.h).
#include "engine/compiler/compiler.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "engine/compiler/block_compiler.h"
#include "engine/compiler/code_gen.h"

namespace dupready {
namespace {

std::string HashFiles(const std::vector<std::unique_ptr<RuleFile>>& files) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;
    h *= 1099511628211ull;
  };
  for (const auto& f : files) {
    mix(f->filename);
    mix(f->source);
  }
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Program>> Compile(MergedRules rules) {
  auto prog = std::make_unique<Program>();
  prog->rules.reserve(rules.rules.size());
  prog->regexes = rules.regexes.Release();
  for (const auto& f : rules.files) prog->files.push_back(f->filename);
  prog->hash = HashFiles(rules.files);
  compiler_internal::CodeGen gen(prog.get());

  // Table rules first, then partition rules, each in merged order.
  std::vector<std::pair<int, const MergedRule*>> table, partition;
  for (int pass = 0; pass < 2; ++pass) {
    for (const MergedRule& mr : rules.rules) {
      const bool is_table = mr.rule->stage == Stage::kTable;
      if (is_table != (pass == 0)) continue;
      Rule* rule = mr.rule;
      CompiledRule cr;
      cr.name = rule->name;
      cr.location = SourceLocation{mr.file->filename, rule->pos.line, rule->pos.column};
      cr.table = is_table;
      cr.suffices = rule->kind == RuleKind::kSuffices;
      cr.final = mr.final;
      cr.has_guard = rule->guard != nullptr;
      cr.scope_terms = mr.scope_terms;
      if (rule->guard) cr.guard_value = gen.Value(rule->guard.get());
      cr.condition_value = gen.Value(rule->condition.get());
      if (rule->kind == RuleKind::kRequire) {
        cr.error = gen.Value(rule->error.get());
        for (auto& piece : rule->message.pieces) {
          if (piece.expr) {
            cr.message.push_back(MessagePiece{"", static_cast<int>(cr.holes.size())});
            cr.holes.push_back(gen.Value(piece.expr.get()));
          } else {
            cr.message.push_back(MessagePiece{piece.literal, -1});
          }
        }
        if (!rule->message.present) {
          cr.message.push_back(MessagePiece{absl::StrCat("rule '", rule->name, "' failed"), -1});
        }
      }
      if (!mr.scope_terms.empty()) prog->has_scopes = true;
      const int index = static_cast<int>(prog->rules.size());
      prog->rules.push_back(std::move(cr));
      (is_table ? table : partition).emplace_back(index, &mr);
    }
  }
  prog->table_rule_count = static_cast<int>(table.size());
  prog->table_kernel = gen.Kernel(table);
  prog->partition_kernel = gen.Kernel(partition);
  prog->partition_filter = CompilePartitionFilter(partition);
  for (const MergedScope& s : rules.scopes) prog->scopes.push_back(gen.Value(s.condition));
  if (gen.overflow()) {
    return absl::ResourceExhaustedError(
        "a rule needs more registers than the evaluator has; split it into smaller rules");
  }
  return prog;
}

}  // namespace dupready
