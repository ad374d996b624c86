// cost_bench: how long the worst check of a rule set at the cost budget takes, and how long
// the largest loadable rule sets take to load.
//
//   tools/bazel run -c opt //tools/bench:cost_bench
//
// Each family below is one kind of rule repeated N times, N the largest count whose estimate
// (engine/cost/cost.h) fits Limits::max_check_cost; the set loads with the default limits. It
// is checked against two tables as large as the estimate assumes: 65,536 partitions, each
// with 64 secondaries and 64 last drops, every host 255 bytes, names of 4,096 bytes. In the
// "passing" table every rule holds on every partition (the healthy path, where all() runs
// through every item); in the "failing" table every rule fails on every partition (the slow
// path: the first pass stops at partition 0, then every failure is collected). Printed: the
// estimate, the median CPU time of 3 checks of each table, and nanoseconds per estimated step.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "engine/rule_set.h"
#include "engine/testing/child_usage.h"
#include "engine/testing/hostile_rules.h"

namespace dupready {
namespace {

constexpr int kPartitions = 65536;
constexpr int kList = 64;
constexpr int kHostBytes = 255;
constexpr int kNameBytes = 4096;

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// One table of the largest size, passing (`failing` false) or failing every rule below. The
// strings live in the table; the facts point into them.
class MaximalTable {
 public:
  explicit MaximalTable(bool failing) {
    // Hosts of 255 bytes that make the rules below work hardest: runs of 'a', the primary's
    // differing from the others' only in its last byte.
    host_ = std::string(kHostBytes, 'a');
    primary_host_ = std::string(kHostBytes - 1, 'a') + "b";
    name_ = std::string(kNameBytes, 'a');
    err_ = failing ? "ERR_TIMEOUT" : "ERR_OK";
    facts_.app_name = name_;
    facts_.remote_cluster_name = name_;
    facts_.remote_app_name = name_;
    facts_.partition_count = kPartitions;
    facts_.rpc_err = "ERR_OK";
    facts_.response_err = err_;
    facts_.response_partition_count = kPartitions;
    const int32_t port = failing ? 60000 : 34801;
    const int32_t replicas = failing ? 100000 : 3;
    std::vector<AddressFact> list(kList, AddressFact{host_, port, true});
    const AddressFact primary{primary_host_, port, true};
    for (int p = 0; p < kPartitions; ++p) {
      AppendPartition(&facts_, p, 5, replicas, primary, list.data(), kList, list.data(), kList,
                      1000, 0);
    }
  }
  const FollowerFacts& facts() const { return facts_; }

 private:
  std::string host_, primary_host_, name_, err_;
  FollowerFacts facts_;
};

// A family: rule i's text, or a whole file for n rules.
struct Family {
  const char* name;
  std::function<std::string(int)> rule;  // rule i (a partition or table rule, or a scope)
};

std::vector<Family> Families() {
  const auto n = [](int i) { return std::to_string(i); };
  return {
      {"cheap comparisons", [n](int i) {
         return "partition c" + n(i) + ": require replica_count < 1000 + " + n(i) +
                " else ERR_NOT_ENOUGH_MEMBER\n";
       }},
      {"loops over the replicas", [n](int i) {
         return "partition l" + n(i) + ": require all(secondaries, s, s.port < 40000 + " + n(i) +
                ") and all(last_drops, d, d.port < 40000 + " + n(i) + ") else ERR_INACTIVE_STATE\n";
       }},
      {"sums and maxima over the replicas", [n](int i) {
         return "partition a" + n(i) + ": require sum(secondaries, s, s.port) + max(last_drops, d, "
                "d.port, 0) < 3000000 + " + n(i) + " else ERR_INACTIVE_STATE\n";
       }},
      {"address in a list", [n](int i) {
         return "partition m" + n(i) + ": require primary not in secondaries and replica_count < 1000 + " +
                n(i) + " else ERR_INACTIVE_STATE\n";
       }},
      {"contains on hosts", [n](int i) {
         return "partition s" + n(i) + ": require not contains(primary.host, \"aaaaaaac" + n(i) +
                "\") and replica_count < 1000 else ERR_INACTIVE_STATE\n";
       }},
      {"pattern on hosts", [n](int i) {
         return "partition h" + n(i) + ": require not (primary.host =~ \"(a|aa)*c" + n(i) +
                "\") and replica_count < 1000 else ERR_INACTIVE_STATE\n";
       }},
      {"patterns on names, in scopes", [n](int i) {
         return "scope dup.remote_app_name !~ \"(a|aa)*c" + n(i) + "\" {\n  table t" + n(i) +
                ": require response.err == ERR_OK else response.err\n}\n";
       }},
      {"table rules over partitions", [n](int i) {
         return "table p" + n(i) + ": require all(response.partitions, p, p.replica_count < 1000 + " +
                n(i) + ") else ERR_NOT_ENOUGH_MEMBER\n";
       }},
      {"pidx in a list of 64", [n](int i) {
         std::string items;
         for (int k = 0; k < 64; ++k) items += (k ? ", " : "") + std::to_string(-1 - k - 64 * i);
         return "partition q" + n(i) + ": require pidx not in [" + items +
                "] and replica_count < 1000 else ERR_INACTIVE_STATE\n";
       }},
      {"messages of 64 hosts", [n](int i) {
         return "partition g" + n(i) + ": require replica_count < 1000 + " + n(i) +
                " else ERR_NOT_ENOUGH_MEMBER \"{secondaries} {last_drops}\"\n";
       }},
  };
}

std::string FileOf(const Family& f, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += f.rule(i);
  return text;
}

// The largest count whose set fits the default budget, and the set's estimate.
int LargestCount(const Family& f, int64_t* estimate) {
  int lo = 0, hi = 1;
  const auto fits = [&](int count) {
    auto rules = RuleSet::FromText("f.rules", FileOf(f, count));
    if (rules.ok() && count > 0) *estimate = (*rules)->cost_per_check();
    return rules.ok();
  };
  while (fits(hi) && hi < (1 << 20)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  fits(lo);
  return lo;
}

double MedianCheck(const RuleSet& rules, const FollowerFacts& facts, Verdict* v) {
  EvalScratch scratch;
  std::vector<double> times;
  for (int r = 0; r < 3; ++r) {
    const double start = CpuSeconds();
    rules.Check(facts, &scratch, v);
    times.push_back(CpuSeconds() - start);
  }
  std::sort(times.begin(), times.end());
  return times[1];
}

void CheckTimes() {
  const Limits limits;
  std::printf("\nWorst checks at the cost budget (%lld steps), 65,536 partitions x (1 + 64 + 64) "
              "addresses of 255-byte hosts, CPU time, median of 3:\n\n",
              static_cast<long long>(limits.max_check_cost));
  std::printf("| family | rules | estimate (steps) | passing table | failing table | ns/step (worst) |\n");
  std::printf("|---|---|---|---|---|---|\n");
  const MaximalTable passing(false), failing(true);
  for (const Family& f : Families()) {
    int64_t estimate = 0;
    const int count = LargestCount(f, &estimate);
    if (count == 0) {
      std::printf("| %s | 0 | (one rule is over the budget) | | | |\n", f.name);
      continue;
    }
    auto rules = RuleSet::FromText("f.rules", FileOf(f, count));
    Verdict pv, fv;
    const double p = MedianCheck(**rules, passing.facts(), &pv);
    const double q = MedianCheck(**rules, failing.facts(), &fv);
    if (!pv.ready || fv.ready) {
      std::printf("| %s | %d | the tables do not pass/fail as meant: %s / %s |\n", f.name, count,
                  pv.message.c_str(), fv.message.c_str());
      continue;
    }
    std::printf("| %s | %d | %lld | %.1f ms | %.1f ms | %.3f |\n", f.name, count,
                static_cast<long long>(estimate), p * 1e3, q * 1e3,
                std::max(p, q) * 1e9 / static_cast<double>(estimate));
  }
}

void LoadTimes() {
  std::printf("Loads of the largest loadable sets, and refusals of the hostile ones (each in a "
              "child process; CPU time, peak RSS of the child):\n\n");
  std::printf("| set | outcome | CPU | peak RSS |\n|---|---|---|---|\n");
  const auto run = [](const testing::RuleSetMaker& maker) {
    const testing::ChildUsage u = testing::RunInChild([&] {
      const testing::RuleSetFiles set = maker.make();
      return RuleSet::Load(set.root, set.Reader()).ok() ? 0 : 1;
    });
    std::printf("| %s | %s | %.0f ms | %.1f MiB |\n", maker.name.c_str(),
                u.exit_code == 0 ? "loaded" : u.exit_code == 1 ? "refused" : "CRASHED",
                u.cpu_seconds * 1e3, static_cast<double>(u.max_rss_kib) / 1024);
  };
  for (const auto& maker : testing::LargestLoadableRuleSets()) run(maker);
  for (const auto& maker : testing::HostileRuleSets()) run(maker);
}

}  // namespace
}  // namespace dupready

int main() {
  dupready::LoadTimes();  // first: the children then inherit no large tables
  dupready::CheckTimes();
  return 0;
}
