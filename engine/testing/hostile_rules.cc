// Builds the rule sets of hostile_rules.h.
#include "engine/testing/hostile_rules.h"

#include <sys/stat.h>

#include <fstream>

namespace dupready {
namespace testing {
namespace {

constexpr size_t kFileLimit = 8 << 20;  // Limits::max_file_bytes

// `unit` repeated to fill `bytes`.
std::string Fill(const std::string& unit, size_t bytes) {
  std::string out;
  out.reserve(bytes);
  while (out.size() + unit.size() <= bytes) out += unit;
  return out;
}

RuleSetFiles One(std::string name, std::string text) {
  RuleSetFiles set;
  set.name = std::move(name);
  set.root = set.name + ".rules";
  set.files[set.root] = std::move(text);
  return set;
}

// n rules, the i-th from make(i).
template <typename F>
std::string Rules(int n, F make) {
  std::string out;
  for (int i = 0; i < n; ++i) out += make(i);
  return out;
}

std::string Base36(int i) {
  std::string out;
  do {
    out.insert(out.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[i % 36]);
    i /= 36;
  } while (i > 0);
  return out;
}

// A costly pattern: each within its own RE2 budget, about 16,000 instructions.
std::string CostlyPatternRule(int i) {
  return "partition r" + std::to_string(i) + ": require not(primary.host =~ \"[^a]{1000}[^b]{1000}" +
         std::to_string(i) + "\") else ERR_INACTIVE_STATE\n";
}

}  // namespace

FileReader RuleSetFiles::Reader() const {
  return [this](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return absl::NotFoundError("no such file");
    return it->second;
  };
}

std::string RuleSetFiles::WriteUnder(const std::string& dir) const {
  ::mkdir(dir.c_str(), 0755);
  for (const auto& [path, text] : files) {
    std::ofstream out(dir + "/" + path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  return dir + "/" + root;
}

std::vector<RuleSetMaker> HostileRuleSets() {
  std::vector<RuleSetMaker> sets;
  const auto add = [&sets](std::string name, std::function<std::string()> text) {
    sets.push_back({name, [name, text] { return One(name, text()); }});
  };
  // Runs of bad bytes: one error each, not one per byte.
  add("at_16k_one_line", [] { return std::string(16 << 10, '@'); });
  add("at_64k_one_line", [] { return std::string(64 << 10, '@'); });
  add("at_newline_128k", [] { return Fill("@\n", 128 << 10); });
  add("at_newline_8m", [] { return Fill("@\n", kFileLimit); });
  add("nul_8m", [] { return std::string(kFileLimit, '\0'); });
  add("invalid_utf8_8m", [] { return std::string(kFileLimit, '\xff'); });
  add("terminal_escapes_8m", [] { return Fill("\x1b]0;owned\x07\n", kFileLimit); });
  add("equals_8m", [] { return Fill("x = ", kFileLimit); });
  add("single_quotes_8m", [] { return std::string(kFileLimit, '\''); });
  // One token, or one construct, of the whole file.
  add("bad_escapes_one_string", [] {
    return "partition p: require dup.app_name == \"" + Fill("\\q", kFileLimit - 64) +
           "\" else ERR_UNKNOWN\n";
  });
  add("open_parens_8m", [] { return "partition p: require " + std::string(kFileLimit - 64, '('); });
  add("long_name_8m", [] {
    return "partition " + std::string(kFileLimit - 64, 'a') + ": require true else ERR_UNKNOWN\n";
  });
  add("list_of_1m_items", [] {
    return "partition p: require pidx in [" + Fill("1,", 2 << 20) + "1] else ERR_UNKNOWN\n";
  });
  add("comments_8m", [] { return Fill("#\n", kFileLimit); });
  // Many located errors.
  add("unknown_names_8m",
      [] { return Fill("partition p: require nosuchfact else ERR_UNKNOWN\n", kFileLimit); });
  add("unknown_rules_8m", [] {
    return "partition base: require true else ERR_UNKNOWN\n" +
           Fill("disable bsae_rule_with_a_long_name\n", kFileLimit - 64);
  });
  // Costly patterns: 10,000 and 50,000 in one file, 31 files of 300, 50,000 small distinct ones.
  add("patterns_10000", [] { return Rules(10000, CostlyPatternRule); });
  add("patterns_50000", [] { return Rules(50000, CostlyPatternRule); });
  sets.push_back({"patterns_31_files_of_300", [] {
                    RuleSetFiles set;
                    set.name = "patterns_31_files_of_300";
                    set.root = "f0.rules";
                    for (int f = 0; f < 31; ++f) {
                      std::string text;
                      if (f + 1 < 31) text = "extend \"f" + std::to_string(f + 1) + ".rules\"\n";
                      text += Rules(300, [f](int i) { return CostlyPatternRule(f * 300 + i); });
                      set.files["f" + std::to_string(f) + ".rules"] = std::move(text);
                    }
                    return set;
                  }});
  add("small_patterns_16000", [] {  // 96,000 nodes: the patterns' budget is reached first
    return Rules(16000, [](int i) {
      return "table t" + std::to_string(i) + ": require dup.app_name =~ \"^a" + std::to_string(i) +
             "\" else ERR_UNKNOWN\n";
    });
  });
  // Loads, but would evaluate for minutes.
  add("trivial_rules_172175", [] {
    return Rules(172175, [](int i) {
      return "partition r" + Base36(i) + ":require pidx!=" + std::to_string(i) + " else ERR_OK\n";
    });
  });
  add("trivial_rules_10000", [] {
    return Rules(10000, [](int i) {
      return "partition a" + std::to_string(i) + ":require pidx!=" + std::to_string(i) +
             " else ERR_OK\n";
    });
  });
  add("nested_regex_10", [] {
    return Rules(10, [](int i) {
      return "partition n" + std::to_string(i) +
             ": require all(secondaries, s, all(last_drops, d, not(d.host =~ \"((a|b)+c)+x" +
             std::to_string(i) + "\"))) else ERR_INACTIVE_STATE\n";
    });
  });
  return sets;
}

std::vector<RuleSetMaker> LargestLoadableRuleSets() {
  std::vector<RuleSetMaker> sets;
  const auto add = [&sets](std::string name, std::function<std::string()> text) {
    sets.push_back({name, [name, text] { return One(name, text()); }});
  };
  // Expression nodes: 7 per rule (6 and the rule itself), up to the 100,000 of the budget.
  add("nodes_at_budget", [] {
    return Rules(14285, [](int i) {
      return "table t" + std::to_string(i) +
             ": require rpc_err == ERR_OK and true else ERR_UNKNOWN\n";
    });
  });
  // Pattern memory: twelve of the costliest patterns (1.25 MiB each, compile attempts counted),
  // their rules disabled so that evaluating them costs nothing.
  add("pattern_memory_at_budget", [] {
    std::string text = Rules(12, CostlyPatternRule) + "disable ";
    for (int i = 0; i < 12; ++i) text += (i ? ", r" : "r") + std::to_string(i);
    return text + "\npartition p: require primary_alive else ERR_UNKNOWN\n";
  });
  // Evaluation cost: cheap rules (11 steps a partition each), loops over the replicas (1,035),
  // a string function on every host (2,308) and a pattern on every host.
  add("cheap_rules_at_cost_budget", [] {
    return Rules(372, [](int i) {
      return "partition a" + std::to_string(i) + ": require pidx != " + std::to_string(i) +
             " else ERR_UNKNOWN\n";
    });
  });
  add("loops_at_cost_budget", [] {
    return Rules(3, [](int i) {
      return "partition l" + std::to_string(i) + ": require all(secondaries, s, s.port != " +
             std::to_string(i) + ") and all(last_drops, d, d.port != " + std::to_string(i) +
             ") else ERR_UNKNOWN\n";
    });
  });
  add("string_functions_at_cost_budget", [] {
    return Rules(1, [](int i) {
      return "partition s" + std::to_string(i) + ": require not contains(primary.host, \"zz" +
             std::to_string(i) + "\") else ERR_UNKNOWN\n";
    });
  });
  add("host_pattern_at_cost_budget", [] {
    return "partition h: require primary.host =~ \"^h[0-9]+$\" else ERR_UNKNOWN\n";
  });
  return sets;
}

}  // namespace testing
}  // namespace dupready
