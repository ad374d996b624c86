// Copyright 2026 The dupready Authors.
//
// load_bench.h: the readiness benchmark's load and reload measurements.
//
// load/<file>: RuleSet::Load of a file served from memory (lex, parse, check, merge,
// compile), wall time of the load alone, for the shipped files, the 200-rule overlay and
// generated files of 1,000, 10,000 and 100,000 rules (overlay_gen.h).
// reload/<scenario>: 4 threads evaluate a 4096-partition table (1 partition with a
// 100,000-rule set, so that checks are many) for a second (15 with 100,000 rules) while one
// thread reloads rules in a loop and swaps them in, either with
// std::atomic_load / std::atomic_exchange of a shared_ptr or with the plugin's EpochCell
// (meta_integration/plugin/epoch_cell.h). Reports how long evaluations waited to take and drop the rules, against how
// long an evaluation takes, and whether the long waits slept (a lock) or were preempted.

#ifndef DUPREADY_TOOLS_BENCH_LOAD_BENCH_H_
#define DUPREADY_TOOLS_BENCH_LOAD_BENCH_H_

#include "tools/bench/engine_rules.h"

namespace dupready {
namespace bench {

// `files` must outlive the benchmarks' run.
void RegisterLoadBenchmarks(const RuleFiles* files);
void RegisterReloadBenchmarks(const RuleFiles* files);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_LOAD_BENCH_H_
