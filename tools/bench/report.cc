// Keeps the median of every benchmark as it is reported, and prints the closing summary.
#include "tools/bench/report.h"

namespace dupready {
namespace bench {
namespace {

const char* const kRuleSets[] = {"default", "strict", "overlay200"};
const char* const kPeers[] = {"handwritten", "lua54", "luajit"};
const char* const kContenders[] = {"engine", "handwritten",  "lua54",
                                   "luajit", "lua54_tables", "luajit_tables"};

std::string EvalName(const char* who, const char* rules, const char* health, int n) {
  return std::string("eval/") + who + "/" + rules + "/" + health + "/" + std::to_string(n);
}

// One row per (rules, contender): nanoseconds per partition at each size.
void PrintPerPartitionTable(const MedianReporter& m, const std::vector<int>& sizes,
                            const char* health, FILE* out) {
  std::fprintf(out,
               "\n%s tables, evaluation only, ns per partition (median CPU time / partitions)\n",
               health);
  std::fprintf(out, "| rules | contender |");
  for (int n : sizes) std::fprintf(out, " %d |", n);
  std::fprintf(out, "\n|---|---|");
  for (size_t i = 0; i < sizes.size(); ++i) std::fprintf(out, "---|");
  std::fprintf(out, "\n");
  for (const char* rules : kRuleSets) {
    for (const char* who : kContenders) {
      bool any = false;
      std::string row = std::string("| ") + rules + " | " + who + " |";
      for (int n : sizes) {
        const Median* r = m.Find(EvalName(who, rules, health, n));
        char cell[32];
        std::snprintf(cell, sizeof(cell), r ? " %.2f |" : " - |", r ? r->cpu_ns / n : 0.0);
        row += cell;
        any = any || r != nullptr;
      }
      if (any) std::fprintf(out, "%s\n", row.c_str());
    }
  }
}

double Counter(const Median* r, const char* name) {
  if (r == nullptr) return -1;
  auto it = r->counters.find(name);
  return it == r->counters.end() ? -1 : it->second;
}

}  // namespace

void MedianReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    if (run.error_occurred) continue;
    const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
    const bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
    if (!median && !single) continue;
    const double to_ns = 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
    // Keyed by the registered name alone: explicit Iterations()/Repetitions() would add
    // "/iterations:1/repeats:3" to run_name.str().
    std::string key = run.run_name.function_name;
    if (!run.run_name.args.empty()) key += "/" + run.run_name.args;
    Median& m = medians_[key];
    m.cpu_ns = run.GetAdjustedCPUTime() * to_ns;
    m.real_ns = run.GetAdjustedRealTime() * to_ns;
    for (const auto& [name, counter] : run.counters) m.counters[name] = counter.value;
  }
  ConsoleReporter::ReportRuns(runs);
}

const Median* MedianReporter::Find(const std::string& name) const {
  auto it = medians_.find(name);
  return it == medians_.end() ? nullptr : &it->second;
}

void PrintSummary(const MedianReporter& m, const std::vector<int>& sizes, FILE* out) {
  std::fprintf(out, "\n==== Summary (medians of this run) ====\n");
  PrintPerPartitionTable(m, sizes, "healthy", out);
  PrintPerPartitionTable(m, sizes, "failing", out);

  std::fprintf(out, "\nHeap allocations per engine evaluation (Check with a reused scratch)\n");
  std::fprintf(out, "| rules | health | partitions | allocations |\n|---|---|---|---|\n");
  for (const char* rules : kRuleSets)
    for (const char* health : {"healthy", "failing"})
      for (int n : sizes)
        if (const Median* r = m.Find(EvalName("engine", rules, health, n)))
          std::fprintf(out, "| %s | %s | %d | %.1f |\n", rules, health, n,
                       Counter(r, "allocs_per_eval"));

  std::fprintf(out,
               "\nDecode + evaluate from Pegasus Thrift bytes, default rules, ns per partition\n");
  std::fprintf(out, "| partitions | decode only | decode+handwritten | decode+engine | ratio |\n");
  std::fprintf(out, "|---|---|---|---|---|\n");
  for (const char* health : {"healthy", "failing"}) {
    for (int n : sizes) {
      const std::string tail = std::string("/default/") + health + "/" + std::to_string(n);
      const Median* d = m.Find("decode/only" + tail);
      const Median* h = m.Find("decode/handwritten" + tail);
      const Median* e = m.Find("decode/engine" + tail);
      if (!h || !e) continue;
      std::fprintf(out, "| %d %s | %.1f | %.1f | %.1f | %.3f |\n", n, health,
                   d ? d->cpu_ns / n : -1.0, h->cpu_ns / n, e->cpu_ns / n, e->cpu_ns / h->cpu_ns);
    }
  }

  std::fprintf(out, "\nLoad (read from memory, lex, parse, check, merge, compile)\n");
  std::fprintf(out, "| file | rules | bytes | median | per rule |\n|---|---|---|---|---|\n");
  for (const char* name :
       {"load/default", "load/strict", "load/legacy", "load/examples/single_replica",
        "load/examples/temp_tables_relaxed", "load/examples/backup_cluster_strict",
        "load/overlay200", "load/generated/1000", "load/generated/10000", "load/generated/100000"}) {
    if (const Median* r = m.Find(name)) {
      const double rules = Counter(r, "rules");
      std::fprintf(out, "| %s | %.0f | %.0f | %.1f us | %.2f us |\n", name, rules,
                   Counter(r, "bytes"), r->real_ns / 1e3, r->real_ns / 1e3 / rules);
    }
  }

  std::fprintf(out,
               "\nReload while 4 threads evaluate (4096 partitions, default rules); a wait is "
               "taking plus dropping the rules\n");
  std::fprintf(
      out,
      "| scenario | evals | reloads | eval p50 | wait p99.9 | wait max | waits > eval p50 "
      "(slept / preempted) | max wait, not preempted |\n|---|---|---|---|---|---|---|---|\n");
  for (const char* name : {"reload/none", "reload/default", "reload/default_epoch",
                           "reload/generated10000", "reload/generated10000_epoch"}) {
    if (const Median* r = m.Find(name)) {
      std::fprintf(
          out,
          "| %s | %.0f | %.0f | %.1f us | %.2f us | %.0f us | %.0f (%.0f / %.0f) | %.1f us |\n",
          name, Counter(r, "evals"), Counter(r, "reloads"), Counter(r, "eval_p50_us"),
          Counter(r, "wait_p999_us"), Counter(r, "wait_max_us"), Counter(r, "long_waits"),
          Counter(r, "long_blocked"), Counter(r, "long_preempted"),
          Counter(r, "quiet_wait_max_us"));
    }
  }

  std::fprintf(out, "\n");
  for (const char* peer : kPeers) {
    for (int n : sizes) {
      for (const char* rules : kRuleSets) {
        const Median* e = m.Find(EvalName("engine", rules, "healthy", n));
        const Median* p = m.Find(EvalName(peer, rules, "healthy", n));
        if (!e || !p) continue;
        const double ratio = e->cpu_ns / p->cpu_ns;
        std::fprintf(out,
                     ratio >= 0.995
                         ? "RATIO peer=%s partitions=%d rules=%s engine_over_peer=%.2f\n"
                         : "RATIO peer=%s partitions=%d rules=%s engine_over_peer=%.3f\n",
                     peer, n, rules, ratio);
      }
    }
  }
}

}  // namespace bench
}  // namespace dupready
