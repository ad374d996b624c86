// The readiness benchmark: the paths from a follower's reply to a verdict (reply bytes, the
// decoded struct, prebuilt data), the engine against hand-written C++, Lua 5.4 and LuaJIT on
// the same follower tables, loading, reloading and allocations.
// Run: tools/bazel run -c opt //tools/bench:readiness_bench  (README.md explains the output).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "engine/rule_set.h"
#include "meta_integration/plugin/reply_decoder.h"
#include "meta_integration/plugin/reply_facts.h"
#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/pegasus_reply_walk.h"
#include "meta_integration/wire/pegasus_wire_check.h"
#include "tools/bench/bench_data.h"
#include "tools/bench/engine_rules.h"
#include "tools/bench/floor_walk.h"
#include "tools/bench/handwritten.h"
#include "tools/bench/load_bench.h"
#include "tools/bench/lua_peer.h"
#include "tools/bench/reply_paths.h"
#include "tools/bench/report.h"

namespace dupready {
namespace bench {
namespace {

const std::vector<int> kSizes(std::begin(kTableSizes), std::end(kTableSizes));
const RuleSetKind kKinds[] = {RuleSetKind::kDefault, RuleSetKind::kStrict,
                              RuleSetKind::kOverlay200};
// The rule sets of the reply paths: those Pegasus's check over the decoded struct exists for.
const RuleSetKind kReplyKinds[] = {RuleSetKind::kDefault, RuleSetKind::kStrict};

const char* HealthName(Health h) { return h == Health::kHealthy ? "healthy" : "failing"; }

// One table in every contender's form. Built on first use and kept: the facts and the
// expected results point into `table`.
struct Dataset {
  FollowerTable table;
  FollowerFacts facts;
  std::string bytes;                          // the reply as a current server sends it
  pegasus_wire::query_cfg_response decoded;   // `bytes` decoded by the generated code
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
    if (!GeneratedDecode(d->bytes, &d->decoded)) std::abort();
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
  const int64_t before = testonly::ThreadAllocations();
  for (auto _ : state) {
    rules->Check(d.facts, &scratch, &verdict);
    benchmark::DoNotOptimize(verdict.ready);
  }
  state.counters["allocs_per_eval"] =
      static_cast<double>(testonly::ThreadAllocations() - before) /
      static_cast<double>(state.iterations());
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

// The duplication as the source knows it, for an n-partition table.
DupContextView Dup(int n) { return DupContextView{"dup_test", "target_cluster", "dup_test_3", n, 0}; }
const std::string kRpcOk = "ERR_OK";

// Pegasus's path: bytes -> generated Thrift structs (a fresh reply each time, as Pegasus
// decodes each RPC into a new object) -> the hand-written check. Counts heap allocations.
void BytesPegasus(benchmark::State& state, RuleSetKind kind, int n, Health h) {
  Dataset& d = Data(n, h);
  pegasus_wire::query_cfg_response reply;
  if (!GeneratedDecode(d.bytes, &reply) ||
      !Same(CheckDecoded(kind, n, kRpcOk, reply), d.expect[static_cast<int>(kind)])) {
    state.SkipWithError("bytes/pegasus disagrees");
    return;
  }
  const int64_t before = testonly::ThreadAllocations();
  for (auto _ : state) {
    pegasus_wire::query_cfg_response fresh;
    GeneratedDecode(d.bytes, &fresh);
    CheckResult r = CheckDecoded(kind, n, kRpcOk, fresh);
    benchmark::DoNotOptimize(r);
  }
  state.counters["allocs_per_eval"] =
      static_cast<double>(testonly::ThreadAllocations() - before) /
      static_cast<double>(state.iterations());
  PerPartition(state, n);
}

// dupready's path: bytes -> verdict through PluginChecker::Check, as dupready_check runs it
// (one scratch reused, as the plugin keeps one per thread). Counts heap allocations per check.
void BytesEngine(benchmark::State& state, PluginPath* plugin, RuleSetKind kind, int n, Health h) {
  Dataset& d = Data(n, h);
  const DupContextView dup = Dup(n);
  if (!Same(plugin->Check(dup, d.bytes), d.expect[static_cast<int>(kind)])) {
    state.SkipWithError(("bytes/engine disagrees: " + plugin->Check(dup, d.bytes).message).c_str());
    return;
  }
  const int64_t before = testonly::ThreadAllocations();
  for (auto _ : state) {
    const Verdict& v = plugin->Check(dup, d.bytes);
    benchmark::DoNotOptimize(v.ready);
  }
  state.counters["allocs_per_eval"] =
      static_cast<double>(testonly::ThreadAllocations() - before) /
      static_cast<double>(state.iterations());
  PerPartition(state, n);
}

// The floor: a bounds-checked walk that reads every byte and produces nothing (floor_walk.h).
void BytesFloor(benchmark::State& state, int n) {
  Dataset& d = Data(n, Health::kHealthy);
  const auto* bytes = reinterpret_cast<const uint8_t*>(d.bytes.data());
  uint64_t sum = 0;
  if (!FloorWalk(bytes, d.bytes.size(), &sum)) {
    state.SkipWithError("the floor walk refuses the reply");
    return;
  }
  for (auto _ : state) {
    FloorWalk(bytes, d.bytes.size(), &sum);
    benchmark::DoNotOptimize(sum);
  }
  state.counters["bytes_per_partition"] = static_cast<double>(d.bytes.size()) / n;
  PerPartition(state, n);
}

// The parts of the bytes paths, alone (default rules' table, healthy): for the breakdown.
enum class Part {
  kGeneratedDecode,  // GeneratedDecode: Pegasus's decode
  kValidate,         // ValidatePegasusWire: the bounds walk the codec runs first
  kCodecDecode,      // DecodeQueryCfgResponse: that walk, then the generated code
  kFactsFromStruct,  // ReplyFactsBuilder::Build over the decoded struct
  kReplyWalk,        // WalkQueryCfgResponse without a sink: the direct path's walk alone
  kDirectFacts,      // ReplyDecoder::Decode: the walk and the facts, the direct path's decode
};

void BytesPart(benchmark::State& state, Part part, int n) {
  Dataset& d = Data(n, Health::kHealthy);
  const auto* bytes = reinterpret_cast<const uint8_t*>(d.bytes.data());
  DecodedEnginePath facts(nullptr);
  const DupContextView dup = Dup(n);
  ReplyDecoder decoder;
  FollowerFacts direct;
  WireResponse top;
  for (auto _ : state) {
    switch (part) {
      case Part::kGeneratedDecode: {
        pegasus_wire::query_cfg_response fresh;
        benchmark::DoNotOptimize(GeneratedDecode(d.bytes, &fresh));
        break;
      }
      case Part::kValidate:
        benchmark::DoNotOptimize(ValidatePegasusWire(PegasusStruct::kQueryCfgResponse, bytes,
                                                     d.bytes.size(), PegasusWireLimits())
                                     .ok());
        break;
      case Part::kCodecDecode:
        benchmark::DoNotOptimize(DecodeQueryCfgResponse(bytes, d.bytes.size()).ok());
        break;
      case Part::kFactsFromStruct:
        benchmark::DoNotOptimize(facts.BuildFacts(dup, d.decoded));
        break;
      case Part::kReplyWalk:
        benchmark::DoNotOptimize(
            WalkQueryCfgResponse(bytes, d.bytes.size(), PegasusWireLimits(), nullptr, &top).ok());
        break;
      case Part::kDirectFacts:
        benchmark::DoNotOptimize(
            decoder.Decode(dup, kRpcOk, bytes, d.bytes.size(), &direct).ok());
        break;
    }
  }
  PerPartition(state, n);
}

// From the decoded struct: facts + the engine's check, or the hand-written check.
void DecodedEngine(benchmark::State& state, const RuleSet* rules, RuleSetKind kind, int n,
                   Health h) {
  Dataset& d = Data(n, h);
  DecodedEnginePath path(rules);
  const DupContextView dup = Dup(n);
  if (!Same(path.Check(dup, d.decoded), d.expect[static_cast<int>(kind)])) {
    state.SkipWithError("decoded/engine disagrees");
    return;
  }
  for (auto _ : state) {
    const Verdict& v = path.Check(dup, d.decoded);
    benchmark::DoNotOptimize(v.ready);
  }
  PerPartition(state, n);
}

void DecodedHandwritten(benchmark::State& state, RuleSetKind kind, int n, Health h) {
  Dataset& d = Data(n, h);
  if (!Same(CheckDecoded(kind, n, kRpcOk, d.decoded), d.expect[static_cast<int>(kind)])) {
    state.SkipWithError("decoded/handwritten disagrees");
    return;
  }
  for (auto _ : state) {
    CheckResult r = CheckDecoded(kind, n, kRpcOk, d.decoded);
    benchmark::DoNotOptimize(r);
  }
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
}

// The paths a meta server runs, from reply bytes and from the decoded struct, default and
// strict rules; the floor; the parts of the bytes paths.
void RegisterReplyBenchmarks(const std::unique_ptr<const RuleSet>* engines,
                             const std::unique_ptr<PluginPath>* plugins) {
  for (int n : kSizes) {
    benchmark::RegisterBenchmark(("floor/walk/" + std::to_string(n)).c_str(), BytesFloor, n);
    for (Health h : {Health::kHealthy, Health::kFailingMiddle}) {
      for (RuleSetKind k : kReplyKinds) {
        const int i = static_cast<int>(k);
        benchmark::RegisterBenchmark(Name("bytes", "pegasus", k, h, n).c_str(), BytesPegasus, k,
                                     n, h);
        benchmark::RegisterBenchmark(Name("bytes", "engine", k, h, n).c_str(), BytesEngine,
                                     plugins[i].get(), k, n, h);
        benchmark::RegisterBenchmark(Name("decoded", "handwritten", k, h, n).c_str(),
                                     DecodedHandwritten, k, n, h);
        benchmark::RegisterBenchmark(Name("decoded", "engine", k, h, n).c_str(), DecodedEngine,
                                     engines[i].get(), k, n, h);
      }
    }
    for (auto [part, name] : {std::pair{Part::kGeneratedDecode, "generated_decode"},
                              std::pair{Part::kValidate, "validate"},
                              std::pair{Part::kCodecDecode, "codec_decode"},
                              std::pair{Part::kFactsFromStruct, "facts_from_struct"},
                              std::pair{Part::kReplyWalk, "reply_walk"},
                              std::pair{Part::kDirectFacts, "direct_facts"}}) {
      benchmark::RegisterBenchmark(("part/" + std::string(name) + "/" + std::to_string(n)).c_str(),
                                   BytesPart, part, n);
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
  // Allocations are counted per thread only: no atomic add per allocation in the timed loops.
  dupready::testonly::StopCountingLiveBlocks();
  // Defaults (later flags on the command line win): 5 repetitions of at least 0.1 s each, run
  // in a random order across all benchmarks, so that load drifting on a shared machine falls
  // on every benchmark alike rather than on whichever ran during it; the console shows their
  // mean/median/stddev/cv; the summary uses the medians.
  std::vector<char*> args = {argv[0]};
  char reps[] = "--benchmark_repetitions=5";
  char min_time[] = "--benchmark_min_time=0.1";
  char interleave[] = "--benchmark_enable_random_interleaving=true";
  char aggregates[] = "--benchmark_display_aggregates_only=true";
  args.insert(args.end(), {reps, min_time, interleave, aggregates});
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
  std::unique_ptr<PluginPath> plugins[3];
  for (RuleSetKind k : kReplyKinds) {
    auto plugin = PluginPath::Open(k, *files);
    if (!plugin.ok()) {
      std::fprintf(stderr, "plugin %s: %s\n", RuleSetName(k), plugin.status().ToString().c_str());
      return 1;
    }
    plugins[static_cast<int>(k)] = *std::move(plugin);
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

  RegisterReplyBenchmarks(engines, plugins);
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
