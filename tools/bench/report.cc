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
               "\n%s tables, eval-only (prebuilt data: the engine over FollowerFacts, each peer "
               "over its own structs or Lua tables), ns per partition\n",
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

std::string ReplyName(const char* group, const char* who, const char* rules, const char* health,
                      int n) {
  return std::string(group) + "/" + who + "/" + rules + "/" + health + "/" + std::to_string(n);
}

std::string FloorName(int n) { return "floor/walk/" + std::to_string(n); }

const char* const kReplyRuleSets[] = {"default", "strict"};

// Reply bytes -> verdict: Pegasus's path, the plugin's, the floor.
void PrintBytesTable(const MedianReporter& m, const std::vector<int>& sizes, FILE* out) {
  std::fprintf(out,
               "\nReply bytes -> verdict, ns per partition. pegasus: generated Thrift decode into "
               "structs + hand-written check; engine: PluginChecker::Check (what dupready_check "
               "runs); floor: a bounds-checked walk that reads every byte and produces nothing\n");
  std::fprintf(out,
               "| rules | health | partitions | pegasus | engine | floor | engine/pegasus | "
               "engine/floor | allocations per check, pegasus / engine |\n"
               "|---|---|---|---|---|---|---|---|---|\n");
  for (const char* rules : kReplyRuleSets) {
    for (const char* health : {"healthy", "failing"}) {
      for (int n : sizes) {
        const Median* p = m.Find(ReplyName("bytes", "pegasus", rules, health, n));
        const Median* e = m.Find(ReplyName("bytes", "engine", rules, health, n));
        const Median* f = m.Find(FloorName(n));
        if (!p || !e) continue;
        std::fprintf(out, "| %s | %s | %d | %.1f | %.1f | %.1f | %.3f | %.2f | %.0f / %.0f |\n",
                     rules, health, n, p->cpu_ns / n, e->cpu_ns / n, f ? f->cpu_ns / n : -1.0,
                     e->cpu_ns / p->cpu_ns, f ? e->cpu_ns / f->cpu_ns : -1.0,
                     Counter(p, "allocs_per_eval"), Counter(e, "allocs_per_eval"));
      }
    }
  }
}

// Decoded struct -> verdict: the hand-written check against facts + the engine's check.
void PrintDecodedTable(const MedianReporter& m, const std::vector<int>& sizes, FILE* out) {
  std::fprintf(out,
               "\nDecoded query_cfg_response -> verdict, ns per partition. handwritten: "
               "Pegasus's check over the struct; engine: ReplyFactsBuilder::Build + "
               "RuleSet::Check\n");
  std::fprintf(out, "| rules | health | partitions | handwritten | engine | engine/handwritten |\n"
                    "|---|---|---|---|---|---|\n");
  for (const char* rules : kReplyRuleSets) {
    for (const char* health : {"healthy", "failing"}) {
      for (int n : sizes) {
        const Median* h = m.Find(ReplyName("decoded", "handwritten", rules, health, n));
        const Median* e = m.Find(ReplyName("decoded", "engine", rules, health, n));
        if (!h || !e) continue;
        std::fprintf(out, "| %s | %s | %d | %.2f | %.2f | %.2f |\n", rules, health, n,
                     h->cpu_ns / n, e->cpu_ns / n, e->cpu_ns / h->cpu_ns);
      }
    }
  }
}

bool AnyPart(const MedianReporter& m, const std::vector<int>& sizes, const char* name) {
  for (int n : sizes)
    if (m.Find(std::string("part/") + name + "/" + std::to_string(n)) != nullptr) return true;
  return false;
}

// The parts of the paths above, each alone (healthy table of the default rules).
void PrintPartsTable(const MedianReporter& m, const std::vector<int>& sizes, FILE* out) {
  static const std::pair<const char*, const char*> kParts[] = {
      {"generated_decode", "generated decode"},
      {"validate", "ValidatePegasusWire"},
      {"codec_decode", "DecodeQueryCfgResponse"},
      {"facts_from_struct", "facts from the struct"},
      {"reply_walk", "WalkQueryCfgResponse"},
      {"direct_facts", "ReplyDecoder::Decode"},
  };
  std::fprintf(out, "\nParts of those paths, each alone, healthy table, ns per partition\n");
  std::string header = "| partitions |", rule = "|---|";
  for (const auto& [name, label] : kParts) {
    if (!AnyPart(m, sizes, name)) continue;
    header += std::string(" ") + label + " |";
    rule += "---|";
  }
  std::fprintf(out, "%s floor |\n%s---|\n", header.c_str(), rule.c_str());
  for (int n : sizes) {
    std::string row = "| " + std::to_string(n) + " |";
    for (const auto& [name, label] : kParts) {
      if (!AnyPart(m, sizes, name)) continue;
      const Median* r = m.Find(std::string("part/") + name + "/" + std::to_string(n));
      char cell[32];
      std::snprintf(cell, sizeof(cell), " %.1f |", r ? r->cpu_ns / n : -1.0);
      row += cell;
    }
    const Median* f = m.Find(FloorName(n));
    std::fprintf(out, "%s %.1f |\n", row.c_str(), f ? f->cpu_ns / n : -1.0);
  }
}

void PrintRatio(const char* peer, const char* path, int n, const char* rules, double ratio,
                FILE* out) {
  std::fprintf(out,
               ratio >= 0.995 ? "RATIO peer=%s path=%s partitions=%d rules=%s engine_over_peer=%.2f\n"
                              : "RATIO peer=%s path=%s partitions=%d rules=%s engine_over_peer=%.3f\n",
               peer, path, n, rules, ratio);
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
  PrintBytesTable(m, sizes, out);
  PrintDecodedTable(m, sizes, out);
  PrintPartsTable(m, sizes, out);
  PrintPerPartitionTable(m, sizes, "healthy", out);
  PrintPerPartitionTable(m, sizes, "failing", out);

  std::fprintf(out,
               "\nHeap allocations per engine evaluation, eval-only (Check with a reused "
               "scratch)\n");
  std::fprintf(out, "| rules | health | partitions | allocations |\n|---|---|---|---|\n");
  for (const char* rules : kRuleSets)
    for (const char* health : {"healthy", "failing"})
      for (int n : sizes)
        if (const Median* r = m.Find(EvalName("engine", rules, health, n)))
          std::fprintf(out, "| %s | %s | %d | %.1f |\n", rules, health, n,
                       Counter(r, "allocs_per_eval"));

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

  // The closing lines: the paths a meta server runs first, then the eval-only comparisons.
  std::fprintf(out, "\n");
  for (int n : sizes)
    if (const Median* f = m.Find(FloorName(n)))
      std::fprintf(out, "FLOOR path=bytes partitions=%d ns_per_partition=%.1f\n", n, f->cpu_ns / n);
  for (const char* rules : kReplyRuleSets) {
    for (int n : sizes) {
      const Median* e = m.Find(ReplyName("bytes", "engine", rules, "healthy", n));
      const Median* p = m.Find(ReplyName("bytes", "pegasus", rules, "healthy", n));
      if (e && p) PrintRatio("pegasus", "bytes", n, rules, e->cpu_ns / p->cpu_ns, out);
    }
  }
  for (const char* rules : kReplyRuleSets) {
    for (int n : sizes) {
      const Median* e = m.Find(ReplyName("decoded", "engine", rules, "healthy", n));
      const Median* h = m.Find(ReplyName("decoded", "handwritten", rules, "healthy", n));
      if (e && h) PrintRatio("handwritten", "decoded", n, rules, e->cpu_ns / h->cpu_ns, out);
    }
  }
  for (const char* peer : kPeers) {
    for (int n : sizes) {
      for (const char* rules : kRuleSets) {
        const Median* e = m.Find(EvalName("engine", rules, "healthy", n));
        const Median* p = m.Find(EvalName(peer, rules, "healthy", n));
        if (e && p) PrintRatio(peer, "eval-only", n, rules, e->cpu_ns / p->cpu_ns, out);
      }
    }
  }
}

}  // namespace bench
}  // namespace dupready
