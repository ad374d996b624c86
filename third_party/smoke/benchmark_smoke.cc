#include <string>

#include "benchmark/benchmark.h"

static void BM_StringCopy(benchmark::State& state) {
  std::string s(64, 'x');
  for (auto _ : state) {
    std::string copy(s);
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_StringCopy);
