// Copyright 2026 The dupready Authors.
//
// report.h: the readiness benchmark's reporting. A console reporter that also keeps the
// median of every benchmark (over --benchmark_repetitions), and the closing summary computed
// from those medians: per-partition tables for each path, allocations, load and reload
// figures, and the closing FLOOR and RATIO lines, e.g.
//
//   FLOOR path=bytes partitions=4096 ns_per_partition=30.1
//   RATIO peer=pegasus path=bytes partitions=4096 rules=default engine_over_peer=0.123
//   RATIO peer=handwritten path=decoded partitions=4096 rules=default engine_over_peer=11.2
//   RATIO peer=handwritten path=eval-only partitions=4096 rules=default engine_over_peer=0.81
//
// Benchmark names follow "<group>/<contender>/<rules>/<health>/<partitions>" for the paths
// ("bytes/engine/default/healthy/4096", "decoded/...", "eval/..."), "floor/walk/<partitions>"
// and "part/<part>/<partitions>"; the summary looks them up by those names.

#ifndef DUPREADY_TOOLS_BENCH_REPORT_H_
#define DUPREADY_TOOLS_BENCH_REPORT_H_

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace dupready {
namespace bench {

struct Median {
  double cpu_ns = -1;   // CPU time per iteration, nanoseconds
  double real_ns = -1;  // wall time per iteration, nanoseconds
  std::map<std::string, double> counters;
};

class MedianReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override;
  // The median of the benchmark named `name`, or nullptr when it did not run.
  const Median* Find(const std::string& name) const;

 private:
  std::map<std::string, Median> medians_;
};

// Prints the summary tables and the RATIO lines to `out`. `partitions` are the sizes run.
void PrintSummary(const MedianReporter& medians, const std::vector<int>& partitions, FILE* out);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_REPORT_H_
