// Copyright 2026 The dupready Authors.
//
// parallel.h: independent calls to remote clusters, a few at a time.
//
//   std::vector<Result> results(n);
//   RunParallel(n, 4, [&](size_t i) { results[i] = Ask(i); });  // at most 4 at once
//
// Each job index runs exactly once, on one of min(parallel, n) threads started for the call
// (none when n is 0 or 1: the job then runs on the caller's thread). Jobs must not throw and
// must synchronise whatever they share beyond their own index's slot.

#ifndef DUPREADY_META_INTEGRATION_RPC_PARALLEL_H_
#define DUPREADY_META_INTEGRATION_RPC_PARALLEL_H_

#include <cstddef>
#include <functional>

namespace dupready {

inline constexpr int kMaxParallel = 64;

// Runs job(0) ... job(n - 1), at most `parallel` (clamped to [1, kMaxParallel]) at a time, and
// returns when all have returned.
void RunParallel(size_t n, int parallel, const std::function<void(size_t)>& job);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_PARALLEL_H_
