// Load/compile timings of shipped and generated rule files, and reload latency under load.
#include "tools/bench/load_bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <optional>
#include <thread>
#include <vector>

#include "benchmark/benchmark.h"
#include "tools/bench/bench_data.h"
#include "meta_integration/plugin/epoch_cell.h"
#include "tools/bench/overlay_gen.h"

namespace dupready {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

// Rule files, by path, for the generated ones; the shipped ones come from RuleFiles.
std::map<std::string, std::string>& Generated() {
  static std::map<std::string, std::string> files;
  return files;
}

FileReader ReaderFor(const RuleFiles* files) {
  return [files](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = Generated().find(path);
    if (it != Generated().end()) return it->second;
    return files->reader()(path);
  };
}

// Wall time of RuleSet::Load alone (manual time): destroying the result is not counted.
void LoadFile(benchmark::State& state, const RuleFiles* files, std::string path, double bytes) {
  const FileReader read = ReaderFor(files);
  double rules = 0;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    absl::StatusOr<std::unique_ptr<const RuleSet>> loaded = RuleSet::Load(path, read, BenchLimits());
    const Clock::time_point end = Clock::now();
    if (!loaded.ok()) {
      state.SkipWithError(loaded.status().ToString().c_str());
      return;
    }
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
    rules = static_cast<double>((*loaded)->rules().size());
  }
  state.counters["rules"] = rules;
  state.counters["bytes"] = bytes;
}

enum class ReloadMode {
  kNone,    // no reloads: the baseline for the evaluations' waits
  kShared,  // std::atomic_load / std::atomic_exchange of a shared_ptr (libstdc++: a mutex
            // pool); whoever drops the last reference frees the old
  kEpoch,   // EpochCell (meta_integration/plugin/epoch_cell.h), as the plugin: no lock for
            // evaluations; the reloader frees the old rules
};

// Percentile q (0..1) of `v`, in microseconds; v holds nanoseconds. Reorders v.
double Percentile(std::vector<float>* v, double q) {
  if (v->empty()) return 0;
  size_t k = std::min(v->size() - 1, static_cast<size_t>(q * static_cast<double>(v->size())));
  std::nth_element(v->begin(), v->begin() + k, v->end());
  return (*v)[k] / 1e3;
}

// The calling thread's context switches so far: voluntary (it blocked, e.g. on a lock) and
// involuntary (the scheduler preempted it).
void ContextSwitches(long* voluntary, long* involuntary) {
  struct rusage u;
  getrusage(RUSAGE_THREAD, &u);
  *voluntary = u.ru_nvcsw;
  *involuntary = u.ru_nivcsw;
}

// One evaluation: how long it waited to take the rules and to drop them, how long the check
// took, and whether the thread blocked or was preempted meanwhile.
struct Sample {
  float wait_ns;
  float eval_ns;
  bool blocked;    // a voluntary context switch: it slept, e.g. on a lock
  bool preempted;  // an involuntary one: the scheduler ran something else (2 cores, 5 threads)
};

void Reload(benchmark::State& state, const RuleFiles* files, std::string path, ReloadMode mode,
            int seconds, int partitions) {
  constexpr int kEvaluators = 4;
  constexpr size_t kMaxSamples = 1 << 20;
  const FollowerTable table = MakeTable(partitions, Health::kHealthy);
  FollowerFacts facts;
  BuildFacts(table, &facts);
  const FileReader read = ReaderFor(files);
  for (auto _ : state) {
    auto initial = RuleSet::Load(RuleFiles::PathOf(RuleSetKind::kDefault), read, BenchLimits());
    if (!initial.ok()) {
      state.SkipWithError(initial.status().ToString().c_str());
      return;
    }
    std::shared_ptr<const RuleSet> current(*std::move(initial));
    auto epoch_holder = std::make_unique<EpochCell<const RuleSet>>(  // heap: 64-byte aligned
        RuleSet::Load(RuleFiles::PathOf(RuleSetKind::kDefault), read, BenchLimits()).value());
    EpochCell<const RuleSet>& epoch = *epoch_holder;
    std::atomic<bool> stop{false};
    std::atomic<int64_t> reloads{0};
    std::vector<std::vector<Sample>> samples(kEvaluators);
    std::vector<std::thread> threads;
    for (int i = 0; i < kEvaluators; ++i) {
      samples[i].reserve(kMaxSamples);
      threads.emplace_back([&, i] {
        EvalScratch scratch;
        Verdict verdict;
        long vol0, invol0, vol1, invol1;
        while (!stop.load(std::memory_order_relaxed) && samples[i].size() < kMaxSamples) {
          ContextSwitches(&vol0, &invol0);
          Clock::time_point t0, t1, t2, t3;
          if (mode == ReloadMode::kEpoch) {
            t0 = Clock::now();
            auto rules = std::make_optional<EpochCell<const RuleSet>::Reader>(epoch);
            t1 = Clock::now();
            (*rules)->Check(facts, &scratch, &verdict);
            t2 = Clock::now();
            rules.reset();
            t3 = Clock::now();
          } else {
            t0 = Clock::now();
            std::shared_ptr<const RuleSet> rules = std::atomic_load(&current);
            t1 = Clock::now();
            rules->Check(facts, &scratch, &verdict);
            t2 = Clock::now();
            rules.reset();  // frees rules a reload swapped out meanwhile, if the last user
            t3 = Clock::now();
          }
          ContextSwitches(&vol1, &invol1);
          samples[i].push_back(
              Sample{std::chrono::duration<float, std::nano>((t1 - t0) + (t3 - t2)).count(),
                     std::chrono::duration<float, std::nano>(t2 - t1).count(), vol1 != vol0,
                     invol1 != invol0});
        }
      });
    }
    if (mode != ReloadMode::kNone) {
      threads.emplace_back([&] {
        while (!stop.load(std::memory_order_relaxed)) {
          auto loaded = RuleSet::Load(path, read, BenchLimits());
          if (!loaded.ok()) return;
          if (mode == ReloadMode::kEpoch) {
            epoch.Publish(*std::move(loaded));
          } else {
            std::shared_ptr<const RuleSet> fresh(*std::move(loaded));
            std::atomic_exchange(&current, std::move(fresh));
          }
          reloads.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (std::thread& t : threads) t.join();

    std::vector<float> waits, evals, quiet_waits;
    for (const std::vector<Sample>& thread : samples) {
      for (const Sample& x : thread) {
        waits.push_back(x.wait_ns);
        evals.push_back(x.eval_ns);
        if (!x.blocked && !x.preempted) quiet_waits.push_back(x.wait_ns);
      }
    }
    const double eval_p50 = Percentile(&evals, 0.5);
    double long_waits = 0, long_blocked = 0, long_preempted = 0;
    for (const std::vector<Sample>& thread : samples) {
      for (const Sample& x : thread) {
        if (x.wait_ns / 1e3 <= eval_p50) continue;
        ++long_waits;
        long_blocked += x.blocked;
        long_preempted += x.preempted && !x.blocked;
      }
    }
    state.counters["evals"] = static_cast<double>(evals.size());
    state.counters["reloads"] = static_cast<double>(reloads.load());
    state.counters["eval_p50_us"] = eval_p50;
    state.counters["wait_p999_us"] = Percentile(&waits, 0.999);
    state.counters["wait_max_us"] = Percentile(&waits, 1.0);
    // Waits longer than a median evaluation, and of those how many slept (blocked) or were
    // preempted; the longest wait of an evaluation that neither slept nor was preempted.
    state.counters["long_waits"] = long_waits;
    state.counters["long_blocked"] = long_blocked;
    state.counters["long_preempted"] = long_preempted;
    state.counters["quiet_wait_max_us"] = Percentile(&quiet_waits, 1.0);
  }
}

}  // namespace

void RegisterLoadBenchmarks(const RuleFiles* files) {
  // A file's bytes, with those of the files it extends.
  const auto bytes = [files](const std::string& path) {
    const double own = static_cast<double>(files->text(path).size());
    const bool extends = path != RuleFiles::PathOf(RuleSetKind::kDefault);
    return own + (extends ? static_cast<double>(files->text("rules/default.rules").size()) : 0);
  };
  std::vector<std::string> paths(std::begin(kShippedFiles), std::end(kShippedFiles));
  paths.push_back(RuleFiles::PathOf(RuleSetKind::kOverlay200));
  for (const std::string& path : paths) {
    // "rules/examples/x.rules" -> "load/examples/x"
    const std::string name = "load/" + path.substr(6, path.size() - 6 - 6);
    benchmark::RegisterBenchmark(name.c_str(), LoadFile, files, path, bytes(path))
        ->UseManualTime();
  }
  for (int n : {1000, 10000, 100000}) {
    const std::string path = "generated/" + std::to_string(n) + ".rules";
    Generated()[path] = LargeRuleFile(n);
    auto* b =
        benchmark::RegisterBenchmark(("load/generated/" + std::to_string(n)).c_str(), LoadFile,
                                     files, path, static_cast<double>(Generated()[path].size()));
    b->UseManualTime()->Unit(benchmark::kMillisecond);
    if (n == 100000) b->Iterations(1)->Repetitions(3);
  }
}

void RegisterReloadBenchmarks(const RuleFiles* files) {
  const std::string default_path = RuleFiles::PathOf(RuleSetKind::kDefault);
  const std::string big_path = "generated/10000.rules";
  if (Generated().count(big_path) == 0) Generated()[big_path] = LargeRuleFile(10000);
  const std::string huge_path = "generated/100000.rules";
  if (Generated().count(huge_path) == 0) Generated()[huge_path] = LargeRuleFile(100000);
  struct Scenario {
    const char* name;
    std::string path;
    ReloadMode mode;
    int seconds = 1;  // a 100,000-rule set takes about a second to load: time for several
    int partitions = 4096;  // 1 with 100,000 rules, so that checks are many
  };
  for (const Scenario& s :
       {Scenario{"reload/none", default_path, ReloadMode::kNone},
        Scenario{"reload/default", default_path, ReloadMode::kShared},
        Scenario{"reload/default_epoch", default_path, ReloadMode::kEpoch},
        Scenario{"reload/generated10000", big_path, ReloadMode::kShared},
        Scenario{"reload/generated10000_epoch", big_path, ReloadMode::kEpoch},
        Scenario{"reload/none_15s_1partition", default_path, ReloadMode::kNone, 15, 1},
        Scenario{"reload/generated100000", huge_path, ReloadMode::kShared, 15, 1},
        Scenario{"reload/generated100000_epoch", huge_path, ReloadMode::kEpoch, 15, 1}}) {
    benchmark::RegisterBenchmark(s.name, Reload, files, s.path, s.mode, s.seconds, s.partitions)
        ->Iterations(1)
        ->Repetitions(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace bench
}  // namespace dupready
