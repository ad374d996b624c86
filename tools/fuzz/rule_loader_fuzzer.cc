// Fuzzes the rule loader (lex, parse, check, merge, cost, compile) with arbitrary text, and
// runs whatever loads over a small follower and over one as large as the reply bounds allow,
// so random rule files are evaluated too. Asserts the bounds of rules/README.md, "Limits and
// budgets", for every input:
//   - time: loading and checking take under kMaxSeconds of CPU;
//   - memory: the most heap in use at once stays under kMaxPeakBytes (counted through the
//     sanitizer's allocation hooks when built with one; tools/fuzz.sh also sets -rss_limit_mb);
//   - the cost model is an upper bound: on the large follower no rule takes more steps on a
//     partition than its estimate;
//   - a failure never reads as success.
#include <time.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/rule_set.h"
#include "engine/testing/follower.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DUPREADY_FUZZ_COUNTS_HEAP 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define DUPREADY_FUZZ_COUNTS_HEAP 1
#endif

#ifdef DUPREADY_FUZZ_COUNTS_HEAP
#if __has_include(<sanitizer/allocator_interface.h>)
#include <sanitizer/allocator_interface.h>
#else
// GCC ships no allocator_interface.h, but its ASan runtime has these two functions.
extern "C" {
size_t __sanitizer_get_allocated_size(const volatile void* p);
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, size_t),
                                              void (*free_hook)(const volatile void*));
}
#endif
#endif

namespace {

// An input is loaded and checked in well under a second by the -O2 build whatever it holds
// (engine/bounded_load_test); the fuzzer's build, ASan and UBSan at -O1, runs the same code
// 5 to 8 times slower (the slowest inputs, a dozen patterns of 16,000 instructions to compile,
// take about 1.5 s there).
// Measured in CPU time: other processes on the machine do not count.
#ifdef DUPREADY_FUZZ_COUNTS_HEAP
constexpr double kMaxSeconds = 4.0;
#else
constexpr double kMaxSeconds = 2.0;  // the replay test's unoptimised build
#endif

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}
// Nodes (100,000 at most) and patterns (16 MiB of RE2 memory at most) of a 64 KiB file.
constexpr int64_t kMaxPeakBytes = int64_t{96} << 20;

const char kBase[] =
    "table t: require rpc_err == ERR_OK else rpc_err\n"
    "partition p: require primary_alive else ERR_INACTIVE_STATE \"{pidx}\"\n";

#ifdef DUPREADY_FUZZ_COUNTS_HEAP
std::atomic<int64_t> g_live{0}, g_peak{0};
void OnMalloc(const volatile void*, size_t size) {
  const int64_t live = g_live.fetch_add(static_cast<int64_t>(size)) + static_cast<int64_t>(size);
  int64_t peak = g_peak.load();
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
}
void OnFree(const volatile void* p) {
  g_live.fetch_sub(static_cast<int64_t>(__sanitizer_get_allocated_size(const_cast<void*>(p))));
}
#endif

// A follower as large as the bounds allow in every list and string, on two partitions: the
// model's worst case per partition.
dupready::testing::FactsHolder* Largest() {
  using dupready::testing::FollowerTable;
  using dupready::testing::HealthyFollower;
  using dupready::testing::HostPort;
  const dupready::Limits limits;
  FollowerTable f = HealthyFollower(2, 3);
  f.app_name = std::string(limits.max_string_bytes, 'a');
  f.remote_cluster_name = std::string(limits.max_string_bytes, 'b');
  f.remote_app_name = std::string(limits.max_string_bytes, 'c');
  for (auto& p : f.partitions) {
    p.primary.host = std::string(limits.max_host_bytes, 'h');
    p.secondaries.assign(limits.max_addresses_per_list,
                         HostPort::At(std::string(limits.max_host_bytes, 'h'), 34801));
    p.last_drops.assign(limits.max_addresses_per_list,
                        HostPort::At(std::string(limits.max_host_bytes, 'g'), 34802));
  }
  return new dupready::testing::FactsHolder(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  static testing::FactsHolder* small = [] {
    testing::FollowerTable f = testing::HealthyFollower(3, 3);
    f.partitions[1].secondaries[0] = {};
    f.partitions[2].primary = {};
    return new testing::FactsHolder(f);
  }();
  static testing::FactsHolder* large = Largest();
#ifdef DUPREADY_FUZZ_COUNTS_HEAP
  static const bool hooked = __sanitizer_install_malloc_and_free_hooks(OnMalloc, OnFree) != 0;
  (void)hooked;
  const int64_t base = g_live.load();
  g_peak.store(base);
#endif
  const double start = CpuSeconds();

  std::string text(reinterpret_cast<const char*>(data), size);
  FileReader read = [](const std::string& path) -> absl::StatusOr<std::string> {
    if (path == "base.rules") return std::string(kBase);
    return absl::NotFoundError("no such file");
  };
  Limits limits;
  limits.max_file_bytes = 1 << 16;
  auto rules = RuleSet::FromText("fuzz.rules", text, read, limits);
  if (rules.ok()) {
    Verdict v = (*rules)->Check(small->facts());
    if (!v.ready && v.error == "ERR_OK") __builtin_trap();  // a failure must never read as success
    (void)(*rules)->Explain(small->facts(), 1);
    (void)(*rules)->Check(large->facts());
    for (const RuleTrace& t : (*rules)->Explain(large->facts(), 0)) {
      if (t.steps > t.estimate) {
        std::fprintf(stderr, "rule %s took %lld steps, over its estimate of %lld\n",
                     t.rule.c_str(), static_cast<long long>(t.steps),
                     static_cast<long long>(t.estimate));
        __builtin_trap();
      }
    }
  }
  rules = absl::UnknownError("");  // the rules' memory counts: free them inside the measure

  const double seconds = CpuSeconds() - start;
  if (seconds > kMaxSeconds) {
    std::fprintf(stderr, "an input of %zu bytes took %.3f s\n", size, seconds);
    __builtin_trap();
  }
#ifdef DUPREADY_FUZZ_COUNTS_HEAP
  const int64_t peak = g_peak.load() - base;
  if (peak > kMaxPeakBytes) {
    std::fprintf(stderr, "an input of %zu bytes held %lld bytes of heap at once\n", size,
                 static_cast<long long>(peak));
    __builtin_trap();
  }
#endif
  return 0;
}
