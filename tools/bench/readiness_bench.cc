// The readiness benchmark: the engine against hand-written C++, Lua 5.4 and LuaJIT on the same
// follower tables, decode+evaluate from Thrift bytes, loading, reloading and allocations.
// Run: tools/bazel run -c opt //tools/bench:readiness_bench  (README.md explains the output).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "engine/rule_set.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/plugin/reply_facts.h"
#include "tools/bench/alloc_count.h"
#include "tools/bench/bench_data.h"
#include "tools/bench/engine_rules.h"
#include "tools/bench/handwritten.h"
#include "tools/bench/load_bench.h"
#include "tools/bench/lua_peer.h"
#include "tools/bench/report.h"

namespace dupready {
namespace bench {
namespace {

const std::vector<int> kSizes = {16, 256, 4096, 65536};
const RuleSetKind kKinds[] = {RuleSetKind::kDefault, RuleSetKind::kStrict,
                              RuleSetKind::kOverlay200};

const char* HealthName(Health h) { return h == Health::kHealthy ? "healthy" : "failing"; }

// One table in every contender's form. Built on first use and kept: the facts and the
// expected results point into `table`.
struct Dataset {
  FollowerTable table;
  FollowerFacts facts;
  std::string bytes;
  CheckResult expect[3];  // hand-written results per RuleSetKind: what everyone must answer
};

Dataset& Data(int n, Health h) {
  static std::map<std::pair<int, Health>, std::unique_ptr<Dataset>> cache;
  std::unique_ptr<Dataset>& d = cache[{n, h}];
  if (!d) {
    d = std::make_unique<Dataset>();
    d->table = MakeTable(n, h);
    BuildFacts(d->table, &d->facts);
    d->bytes = EncodeTable(d->table);
    for (RuleSetKind k : kKinds) d->expect[static_cast<int>(k)] = CheckHandwritten(d->table, k);
  }
  return *d;
}

bool Same(const CheckResult& a, const CheckResult& b) {
  return std::strcmp(a.error, b.error) == 0 && a.partition == b.partition;
}

bool Same(const Verdict& v, const CheckResult& want) {
  return v.error == want.error && v.partition == want.partition;
}

// Reports time per partition (the console shows it as "per_partition=2.1ns").
void PerPartition(benchmark::State& state, int n) {
  state.counters["per_partition"] = benchmark::Counter(
      n, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// The engine's Check over prebuilt FollowerFacts, with a reused scratch and verdict (as a
// meta server would keep per thread). Includes: the table and partition kernels, and, for a
// failing table, the verdict's strings and the second pass that collects every failure.
void EvalEngine(benchmark::State& state, const RuleSet* rules, RuleSetKind kind, int n, Health h) {
  Dataset& d = Data(n, h);
  EvalScratch scratch;
  Verdict verdict;
  rules->Check(d.facts, &scratch, &verdict);
  if (!Same(verdict, d.expect[static_cast<int>(kind)])) {
    state.SkipWithError(("engine disagrees: " + verdict.error).c_str());
    return;
  }
  const int64_t before = ThreadAllocations();
  for (auto _ : state) {
    rules->Check(d.facts, &scratch, &verdict);
    benchmark::DoNotOptimize(verdict.ready);
  }
  state.counters["allocs_per_eval"] =
      static_cast<double>(ThreadAllocations() - before) / static_cast<double>(state.iterations());
  PerPartition(state, n);
}

// The hand-written check over the natural structs.
void EvalHandwritten(benchmark::State& state, RuleSetKind kind, int n, Health h) {
  Dataset& d = Data(n, h);
  for (auto _ : state) {
    CheckResult r = CheckHandwritten(d.table, kind);
    benchmark::DoNotOptimize(r);
  }
  PerPartition(state, n);
}

// A Lua check over the table already built in that Lua state: the call and the script only.
// `tables`: over the tables form even where Check uses the strings form (lua_peer.h).
void EvalLua(benchmark::State& state, LuaPeer* lua, RuleSetKind kind, int n, Health h,
             bool tables) {
  static std::map<LuaPeer*, const Dataset*> loaded;
  Dataset& d = Data(n, h);
  if (loaded[lua] != &d) {
    std::string error;
    if (!lua->SetTable(d.table, &error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    loaded[lua] = &d;
  }
  CheckResult r = tables ? lua->CheckTablesForm(kind) : lua->Check(kind);
  if (!Same(r, d.expect[static_cast<int>(kind)])) {
    state.SkipWithError((std::string(lua->name()) + " disagrees: " + r.error).c_str());
    return;
  }
  if (tables) {
    for (auto _ : state) {
      r = lua->CheckTablesForm(kind);
      benchmark::DoNotOptimize(r);
    }
  } else {
    for (auto _ : state) {
      r = lua->Check(kind);
      benchmark::DoNotOptimize(r);
    }
  }
  PerPartition(state, n);
}

const DupContextView kDup{"dup_test", "target_cluster", "dup_test_3", 0, 0};
const std::string kRpcOk = "ERR_OK";

// Decoding alone, the common part of the two decode benchmarks below.
void DecodeOnly(benchmark::State& state, int n, Health h) {
  Dataset& d = Data(n, h);
  const auto* bytes = reinterpret_cast<const uint8_t*>(d.bytes.data());
  for (auto _ : state) {
    auto reply = DecodeQueryCfgResponse(bytes, d.bytes.size());
    benchmark::DoNotOptimize(reply.ok());
  }
  PerPartition(state, n);
}

// Thrift bytes -> query_cfg_response -> Pegasus's check on the decoded struct.
void DecodeHandwritten(benchmark::State& state, int n, Health h) {
  Dataset& d = Data(n, h);
  const auto* bytes = reinterpret_cast<const uint8_t*>(d.bytes.data());
  for (auto _ : state) {
    auto reply = DecodeQueryCfgResponse(bytes, d.bytes.size());
    CheckResult r = CheckDecoded(n, kRpcOk, *reply);
    benchmark::DoNotOptimize(r);
  }
  PerPartition(state, n);
}

// Thrift bytes -> query_cfg_response -> FollowerFacts (ReplyFactsBuilder) -> Check. The
// builder, facts, scratch and verdict are reused, as the meta server plugin reuses them.
void DecodeEngine(benchmark::State& state, const RuleSet* rules, int n, Health h) {
  Dataset& d = Data(n, h);
  const auto* bytes = reinterpret_cast<const uint8_t*>(d.bytes.data());
  DupContextView dup = kDup;
  dup.partition_count = n;
  ReplyFactsBuilder builder;
  FollowerFacts facts;
  EvalScratch scratch;
  Verdict verdict;
  for (auto _ : state) {
    auto reply = DecodeQueryCfgResponse(bytes, d.bytes.size());
    absl::Status s = builder.Build(dup, kRpcOk, &*reply, &facts);
    rules->Check(facts, &scratch, &verdict);
    benchmark::DoNotOptimize(verdict.ready);
    benchmark::DoNotOptimize(s.ok());
  }
  if (!Same(verdict, d.expect[0])) state.SkipWithError("decode+engine disagrees");
  PerPartition(state, n);
}

std::string Name(const char* group, const char* who, RuleSetKind k, Health h, int n) {
  return std::string(group) + "/" + who + "/" + RuleSetName(k) + "/" + HealthName(h) + "/" +
         std::to_string(n);
}

void RegisterEvalBenchmarks(const std::unique_ptr<const RuleSet>* engines, LuaPeer* lua54,
                            LuaPeer* luajit) {
  // Grouped so that the four contenders of one comparison run back to back.
  for (int n : kSizes) {
    for (Health h : {Health::kHealthy, Health::kFailingMiddle}) {
      for (RuleSetKind k : kKinds) {
        const RuleSet* rules = engines[static_cast<int>(k)].get();
        benchmark::RegisterBenchmark(Name("eval", "engine", k, h, n).c_str(), EvalEngine, rules, k,
                                     n, h);
        benchmark::RegisterBenchmark(Name("eval", "handwritten", k, h, n).c_str(), EvalHandwritten,
                                     k, n, h);
        for (LuaPeer* lua : {lua54, luajit}) {
          if (lua == nullptr) continue;
          benchmark::RegisterBenchmark(Name("eval", lua->name(), k, h, n).c_str(), EvalLua, lua, k,
                                       n, h, false);
          if (k != RuleSetKind::kDefault) continue;
          const std::string tables = std::string(lua->name()) + "_tables";
          benchmark::RegisterBenchmark(Name("eval", tables.c_str(), k, h, n).c_str(), EvalLua, lua,
                                       k, n, h, true);
        }
      }
    }
  }
  for (int n : kSizes) {
    for (Health h : {Health::kHealthy, Health::kFailingMiddle}) {
      const RuleSetKind k = RuleSetKind::kDefault;
      benchmark::RegisterBenchmark(Name("decode", "only", k, h, n).c_str(), DecodeOnly, n, h);
      benchmark::RegisterBenchmark(Name("decode", "handwritten", k, h, n).c_str(),
                                   DecodeHandwritten, n, h);
      benchmark::RegisterBenchmark(Name("decode", "engine", k, h, n).c_str(), DecodeEngine,
                                   engines[0].get(), n, h);
    }
  }
}

std::string FirstLine(const char* path, const char* prefix) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return line;
  return "?";
}

void PrintMachine(const char* when) {
  std::printf("%s: %s; loadavg %s\n", when, FirstLine("/proc/cpuinfo", "model name").c_str(),
              FirstLine("/proc/loadavg", "").c_str());
}

}  // namespace
}  // namespace bench
}  // namespace dupready

int main(int argc, char** argv) {
  using namespace dupready::bench;  // NOLINT: a main() of one file
  // Defaults (later flags on the command line win): 5 repetitions of at least 0.1 s each, the
  // console shows their mean/median/stddev/cv; the summary uses the medians.
  std::vector<char*> args = {argv[0]};
  char reps[] = "--benchmark_repetitions=5";
  char min_time[] = "--benchmark_min_time=0.1";
  char aggregates[] = "--benchmark_display_aggregates_only=true";
  args.insert(args.end(), {reps, min_time, aggregates});
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  int args_count = static_cast<int>(args.size());
  benchmark::Initialize(&args_count, args.data());
  if (benchmark::ReportUnrecognizedArguments(args_count, args.data())) return 1;

  absl::StatusOr<RuleFiles> files = RuleFiles::Read();
  if (!files.ok()) {
    std::fprintf(stderr, "%s\n", files.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<const dupready::RuleSet> engines[3];
  for (RuleSetKind k : {RuleSetKind::kDefault, RuleSetKind::kStrict, RuleSetKind::kOverlay200}) {
    auto rules = LoadEngineRules(k, *files);
    if (!rules.ok()) {
      std::fprintf(stderr, "%s: %s\n", RuleSetName(k), rules.status().ToString().c_str());
      return 1;
    }
    engines[static_cast<int>(k)] = *std::move(rules);
  }
  std::unique_ptr<LuaPeer> lua[2];
  for (LuaFlavor f : {LuaFlavor::kLua54, LuaFlavor::kLuaJit}) {
    std::string error;
    lua[static_cast<int>(f)] = LuaPeer::Open(f, &error);
    if (lua[static_cast<int>(f)] == nullptr)
      std::printf("peer unavailable (skipped): %s\n", error.c_str());
    else
      std::printf("peer %s: %s\n", lua[static_cast<int>(f)]->name(),
                  lua[static_cast<int>(f)]->version().c_str());
  }
  PrintMachine("machine before");

  RegisterEvalBenchmarks(engines, lua[0].get(), lua[1].get());
  RegisterLoadBenchmarks(&*files);
  RegisterReloadBenchmarks(&*files);

  MedianReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  PrintMachine("machine after");
  PrintSummary(reporter, kSizes, stdout);
  benchmark::Shutdown();
  return 0;
}
