// The partition map: one cell per partition, a letter per error code, and a legend.
#include "tools/cli/partition_map.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dupready {
namespace {

// One error code on the map: its letter, how many partitions, and which rules gave it.
struct LegendEntry {
  std::string error;
  char letter = '?';
  int64_t count = 0;
  std::vector<std::string> rules;  // in order of first appearance
};

std::string PadRight(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string Partitions(int64_t n) { return absl::StrCat(n, n == 1 ? " partition" : " partitions"); }

}  // namespace

char ErrorLetter(const std::string& error, const std::string& taken) {
  auto free = [&](char c) { return c != '.' && taken.find(c) == std::string::npos; };
  const std::string name = error.rfind("ERR_", 0) == 0 ? error.substr(4) : error;
  for (char c : name) {
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u >= 'A' && u <= 'Z' && free(u)) return u;
  }
  for (char c = 'A'; c <= 'Z'; ++c)
    if (free(c)) return c;
  for (char c = 'a'; c <= 'z'; ++c)
    if (free(c)) return c;
  return '?';
}

std::string RenderPartitionMap(const std::vector<int32_t>& pidx,
                               const std::vector<PartitionOutcome>& outcomes,
                               const std::vector<std::string>& rule_names, int width) {
  const size_t n = std::min(pidx.size(), outcomes.size());
  if (width < 8) width = 8;

  // Letters in order of first appearance, so the first failing partition's code comes first.
  std::vector<LegendEntry> legend;
  std::map<std::string, size_t> by_error;
  std::string taken;
  std::string cells(n, '.');
  int64_t passed = 0;
  for (size_t i = 0; i < n; ++i) {
    const PartitionOutcome& o = outcomes[i];
    if (o.rule < 0) {
      ++passed;
      continue;
    }
    auto [it, fresh] = by_error.emplace(o.error, legend.size());
    if (fresh) {
      LegendEntry e;
      e.error = o.error;
      e.letter = ErrorLetter(o.error, taken);
      if (e.letter != '?') taken.push_back(e.letter);
      legend.push_back(e);
    }
    LegendEntry& e = legend[it->second];
    ++e.count;
    const std::string rule = o.rule < static_cast<int>(rule_names.size())
                                 ? rule_names[o.rule]
                                 : absl::StrCat("rule #", o.rule);
    if (std::find(e.rules.begin(), e.rules.end(), rule) == e.rules.end()) e.rules.push_back(rule);
    cells[i] = e.letter;
  }

  std::string out = absl::StrCat("partition map (", Partitions(static_cast<int64_t>(n)),
                                 ", reply order, ", width, " per row):\n");
  int32_t max_pidx = 0;
  for (size_t i = 0; i < n; ++i) max_pidx = std::max(max_pidx, pidx[i]);
  const size_t label = std::max<size_t>(5, absl::StrCat(max_pidx).size());
  for (size_t row = 0; row < n; row += width) {
    std::string line = absl::StrCat(pidx[row]);
    line = std::string(label - std::min(label, line.size()), ' ') + line + "  ";
    for (size_t i = row; i < n && i < row + width; ++i) {
      if (i > row && (i - row) % 8 == 0) line.push_back(' ');
      line.push_back(cells[i]);
    }
    absl::StrAppend(&out, line, "\n");
  }

  size_t name_width = 6;  // "passes"
  for (const LegendEntry& e : legend) name_width = std::max(name_width, e.error.size());
  absl::StrAppend(&out, "legend:\n");
  if (passed > 0)
    absl::StrAppend(&out, "  .  ", PadRight("passes", name_width), "  ", Partitions(passed), "\n");
  for (const LegendEntry& e : legend) {
    absl::StrAppend(&out, "  ", std::string(1, e.letter), "  ", PadRight(e.error, name_width),
                    "  ", PadRight(Partitions(e.count), 15), "  (",
                    e.rules.size() == 1 ? "rule " : "rules ", absl::StrJoin(e.rules, ", "), ")\n");
  }
  return out;
}

std::string PartitionMapText(const RuleSet& rules, const FollowerFacts& facts) {
  std::vector<int32_t> pidx;
  pidx.reserve(facts.partitions.size());
  for (const PartitionFact& p : facts.partitions) pidx.push_back(p.slot[kSlotPidx]);
  std::vector<std::string> names;
  names.reserve(rules.rules().size());
  for (const RuleInfo& r : rules.rules()) names.push_back(r.name);
  return RenderPartitionMap(pidx, rules.PartitionOutcomes(facts), names);
}

}  // namespace dupready
