// Copyright 2026 The dupready Authors.
//
// alloc_count.h: counts heap allocations made through operator new, per thread.
//
// Linking alloc_count.cc into an executable replaces every global operator new and delete
// (plain, array, nothrow, aligned) with malloc-based versions that bump a thread-local
// counter, so a benchmark can report allocations per evaluation:
//
//   const int64_t before = ThreadAllocations();
//   for (...) rules->Check(facts, &scratch, &verdict);
//   const double per_eval = double(ThreadAllocations() - before) / n;

#ifndef DUPREADY_TOOLS_BENCH_ALLOC_COUNT_H_
#define DUPREADY_TOOLS_BENCH_ALLOC_COUNT_H_

#include <cstdint>

namespace dupready {
namespace bench {

// Allocations made by the calling thread since it started.
int64_t ThreadAllocations();

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_ALLOC_COUNT_H_
