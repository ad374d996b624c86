// `dupready lint`'s engine: load-time errors, then the static checks of checks.h, reported
// as located warnings.
#include "engine/lint/lint.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "engine/lint/checks.h"

namespace dupready {
namespace lint_internal {

std::string Findings::Where(const RuleFile* file, Pos pos) {
  return absl::StrCat(file->filename, ":", pos.line, ":", pos.column);
}

bool Findings::Later(const RuleFile* fa, Pos a, const RuleFile* fb, Pos b) const {
  if (fa != fb) {
    auto ra = rank_.find(fa), rb = rank_.find(fb);
    return ra != rank_.end() && rb != rank_.end() && ra->second > rb->second;
  }
  return a.line > b.line || (a.line == b.line && a.column > b.column);
}

namespace {

void Visit(const MergedRules& rules, const RuleFile* f, std::set<const RuleFile*>* seen,
           std::vector<const RuleFile*>* out) {
  if (!seen->insert(f).second) return;
  for (const Directive& d : f->directives) {
    if (d.kind != Directive::Kind::kExtend) continue;
    const std::string path = ResolveExtendPath(f->filename, d.path);
    for (const auto& g : rules.files)
      if (g->filename == path) Visit(rules, g.get(), seen, out);
  }
  out->push_back(f);
}

}  // namespace

std::vector<const RuleFile*> ApplyOrder(const MergedRules& rules) {
  std::vector<const RuleFile*> order;
  std::set<const RuleFile*> seen;
  if (!rules.files.empty()) Visit(rules, rules.files.front().get(), &seen, &order);
  return order;
}

}  // namespace lint_internal

void AnalyzeRules(const MergedRules& rules, const RuleSet* compiled, Diagnostics* diags) {
  using lint_internal::Finding;
  const std::vector<const RuleFile*> order = lint_internal::ApplyOrder(rules);
  std::map<const RuleFile*, int> rank;
  for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<int>(i);
  lint_internal::Findings findings(rank);
  lint_internal::CheckExpressions(rules, &findings);
  lint_internal::CheckOverlays(rules, order, &findings);
  lint_internal::CheckOrder(rules, &findings);
  if (compiled != nullptr) lint_internal::CheckFloor(rules, *compiled, &findings);

  std::vector<Finding> list = findings.list();
  std::stable_sort(list.begin(), list.end(), [&](const Finding& a, const Finding& b) {
    if (a.file != b.file) return rank[a.file] < rank[b.file];
    return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
  });
  for (const Finding& f : list)
    diags->Warning(LocationOf(*f.file, f.pos), f.message, f.file->source);
}

void LintRules(const std::string& path, const FileReader& read, const Limits& limits,
               Diagnostics* diags, LintCosts* costs) {
  // The rules are loaded twice (once to analyse their trees, once compiled to evaluate):
  // both loads see each file as it was first read.
  std::map<std::string, std::string> texts;
  const FileReader once = [&](const std::string& p) -> absl::StatusOr<std::string> {
    if (auto it = texts.find(p); it != texts.end()) return it->second;
    absl::StatusOr<std::string> text = read(p);
    if (text.ok()) texts.emplace(p, *text);
    return text;
  };
  const int before = diags->error_count();
  absl::StatusOr<MergedRules> merged = LoadRules(path, once, limits, diags);
  if (!merged.ok()) {
    if (diags->error_count() == before)
      diags->Error(SourceLocation{path, 0, 0}, std::string(merged.status().message()));
    return;
  }
  const CostEstimate cost = EstimateCost(*merged, limits);
  if (costs != nullptr) {
    costs->per_check = cost.per_check;
    for (bool table : {true, false}) {
      for (size_t i = 0; i < merged->rules.size(); ++i) {
        const MergedRule& m = merged->rules[i];
        if ((m.rule->stage == Stage::kTable) != table) continue;
        costs->rules.push_back(
            RuleCostLine{m.rule->name, LocationOf(*m.file, m.rule->pos), table, cost.rules[i]});
      }
    }
  }
  // A set over its budget is refused; the analyses of one that large would only take time.
  if (!CheckCostBudget(*merged, cost, limits, diags)) return;
  // Compiling can still fail on an internal bound (registers, code size): a load error too,
  // reported after the warnings.
  absl::StatusOr<std::unique_ptr<const RuleSet>> compiled = RuleSet::Load(path, once, limits);
  AnalyzeRules(*merged, compiled.ok() ? compiled->get() : nullptr, diags);
  if (!compiled.ok())
    diags->Error(SourceLocation{path, 0, 0}, std::string(compiled.status().message()));
}

}  // namespace dupready
