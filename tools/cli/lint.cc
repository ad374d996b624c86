// `dupready lint`: lint each rule file, print every distinct finding in file order, summarise.
#include "tools/cli/lint.h"

#include <algorithm>
#include <set>
#include <vector>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"
#include "engine/cost/cost.h"
#include "engine/lint/lint.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kLintUsage[] =
    "usage: dupready lint FILE...\n"
    "Reports every load-time error of each rule file (and of the files it extends), then\n"
    "warnings for what loads but cannot be meant: duplicate rule bodies, rules that never\n"
    "apply, never fail or are never reached, rules shadowed by an earlier one, scopes and\n"
    "overlays that match or change nothing, patterns no Pegasus name matches, `else ERR_OK`,\n"
    "and replica counts (1 to 5) no partition requirement applies to.\n"
    "Then lists each rule's estimated worst-case cost in evaluation steps: per evaluation (on\n"
    "one partition, for a partition rule) and per check of the largest reply, against the\n"
    "budget a rule set must fit (rules/README.md, \"Budgets\").\n"
    "Exit codes: 0 clean, 1 warnings only, 2 errors.\n";

namespace {

std::string Plural(size_t n, const char* word) {
  return absl::StrCat(n, " ", word, n == 1 ? "" : "s");
}

// A file's table lists at most this many rules (the costliest, in rule order), so that the
// output stays short whatever the file.
constexpr size_t kMaxCostLines = 100;

// One table per file: each rule in force with its estimates (the costliest kMaxCostLines when
// there are more), after the set's total.
std::string CostTable(const std::string& path, const LintCosts& costs, const Limits& limits) {
  std::vector<size_t> shown(costs.rules.size());
  for (size_t i = 0; i < shown.size(); ++i) shown[i] = i;
  if (shown.size() > kMaxCostLines) {
    std::stable_sort(shown.begin(), shown.end(), [&](size_t a, size_t b) {
      return costs.rules[a].cost.per_check > costs.rules[b].cost.per_check;
    });
    shown.resize(kMaxCostLines);
    std::sort(shown.begin(), shown.end());
  }
  size_t name_width = 4;
  for (size_t i : shown) name_width = std::max(name_width, costs.rules[i].rule.size());
  const auto row = [&](std::string_view name, std::string_view stage, std::string_view each,
                       std::string_view check) {
    return absl::StrCat("  ", Av(name), std::string(name_width - name.size() + 2, ' '), Av(stage),
                        std::string(11 - stage.size(), ' '),
                        std::string(each.size() < 16 ? 16 - each.size() : 0, ' '), Av(each),
                        std::string(check.size() < 18 ? 18 - check.size() : 0, ' '), Av(check),
                        "\n");
  };
  std::string out = absl::StrCat(
      "cost of ", path, " (evaluation steps; the worst check of a ", limits.max_partitions,
      "-partition reply: ", FormatSteps(costs.per_check), " of a budget of ",
      FormatSteps(limits.max_check_cost), "):\n");
  out += row("rule", "stage", "per evaluation", "per check");
  int64_t rest = 0;
  for (const RuleCostLine& r : costs.rules) rest += r.cost.per_check;
  for (size_t i : shown) {
    const RuleCostLine& r = costs.rules[i];
    out += row(r.rule, r.table ? "table" : "partition", FormatSteps(r.cost.per_evaluation),
               FormatSteps(r.cost.per_check));
    rest -= r.cost.per_check;
  }
  if (shown.size() < costs.rules.size()) {
    absl::StrAppend(&out, "  (", costs.rules.size() - shown.size(),
                    " cheaper rules not listed: ", FormatSteps(rest), " steps per check together)\n");
  }
  return out;
}

}  // namespace

int RunLint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = PathsCommand("lint", kLintUsage, {}, {}, "no rule files given");
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::vector<std::string>& files = flags.positional();

  Limits limits;
  const FileReader read = DiskFileReader(limits.max_file_bytes);
  std::vector<Issue> issues;
  std::set<std::tuple<std::string, int, int, int, std::string>> seen;
  std::string cost_tables;
  int hidden_errors = 0, hidden_warnings = 0;
  for (const std::string& path : files) {
    Diagnostics diags;
    LintCosts costs;
    LintRules(path, read, limits, &diags, &costs);
    for (const Issue& i : diags.issues()) {
      auto key = std::make_tuple(i.location.file, i.location.line, i.location.column,
                                 static_cast<int>(i.severity), i.message);
      if (seen.insert(key).second) issues.push_back(i);
    }
    hidden_errors += diags.hidden(Severity::kError);
    hidden_warnings += diags.hidden(Severity::kWarning);
    if (!costs.rules.empty()) cost_tables += "\n" + CostTable(path, costs, limits);
  }
  std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
  size_t errors = hidden_errors, warnings = hidden_warnings;
  for (const Issue& i : issues) {
    out << FormatIssue(i);
    errors += i.severity == Severity::kError;
    warnings += i.severity == Severity::kWarning;
  }
  if (hidden_errors > 0) out << Plural(hidden_errors, "more error") << " not shown\n";
  if (hidden_warnings > 0) out << Plural(hidden_warnings, "more warning") << " not shown\n";
  out << cost_tables;
  if (!cost_tables.empty()) out << "\n";
  out << "lint: " << Plural(files.size(), "file") << ", ";
  if (errors + warnings == 0) {
    out << "clean\n";
  } else {
    if (errors) out << Plural(errors, "error") << (warnings ? ", " : "");
    if (warnings) out << Plural(warnings, "warning");
    out << "\n";
  }
  return errors ? 2 : warnings ? 1 : 0;
}

}  // namespace dupready
