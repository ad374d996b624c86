// Copyright 2026 The dupready Authors.
//
// child_usage.h: runs a piece of a test in a forked child and reports what it cost: wall and
// CPU time and peak RSS, for tests that bound them (a load must be refused in under a second
// and 200 MiB whatever the file).
//
//   ChildUsage u = RunInChild([&] { return RuleSet::Load(path, read).ok() ? 0 : 1; });
//   EXPECT_EQ(u.exit_code, 1);
//   EXPECT_LT(u.cpu_seconds, 1.0);
//   EXPECT_LT(u.max_rss_kib, 200 << 10);
//
// The peak RSS includes the pages the child shares with the test at the fork (the test's own
// footprint, a few MiB), so it is an upper bound.

#ifndef DUPREADY_ENGINE_TESTING_CHILD_USAGE_H_
#define DUPREADY_ENGINE_TESTING_CHILD_USAGE_H_

#include <functional>

namespace dupready {
namespace testing {

struct ChildUsage {
  int exit_code = -1;  // fn's result; -1 when the child was killed or crashed
  bool timed_out = false;
  double wall_seconds = 0;
  double cpu_seconds = 0;  // user + system
  long max_rss_kib = 0;
};

// Runs fn() in a forked child, whose exit code is fn's result (0..255); kills it after
// `timeout_seconds`.
ChildUsage RunInChild(const std::function<int()>& fn, double timeout_seconds = 20);

// The bounds no input may break (a meta server's memory and time), loosened under
// sanitizers (their runtimes reserve shadow memory and slow everything down).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr double kMaxSeconds = 20.0;
inline constexpr long kMaxRssKiB = 4L << 20;
#else
inline constexpr double kMaxSeconds = 1.0;
inline constexpr long kMaxRssKiB = 200L << 10;  // 200 MiB
#endif

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_TESTING_CHILD_USAGE_H_
