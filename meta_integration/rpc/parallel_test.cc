// RunParallel: every index once, never more than `parallel` at a time, and the jobs really
// overlap when allowed to.
#include "meta_integration/rpc/parallel.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Runs n jobs of `sleep` each; returns the most that ran at once and checks each ran once.
int MostAtOnce(size_t n, int parallel, absl::Duration sleep) {
  std::vector<int> runs(n, 0);
  std::atomic<int> now{0}, most{0};
  RunParallel(n, parallel, [&](size_t i) {
    const int at_once = now.fetch_add(1) + 1;
    int seen = most.load();
    while (at_once > seen && !most.compare_exchange_weak(seen, at_once)) {
    }
    ++runs[i];  // each index has its own slot
    absl::SleepFor(sleep);
    now.fetch_sub(1);
  });
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i], 1) << "job " << i;
  return most.load();
}

TEST(ParallelTest, EachJobOnceWithinTheBound) {
  EXPECT_EQ(MostAtOnce(0, 4, absl::ZeroDuration()), 0);
  EXPECT_EQ(MostAtOnce(1, 4, absl::ZeroDuration()), 1);
  EXPECT_EQ(MostAtOnce(20, 1, absl::Milliseconds(1)), 1);
  const int most = MostAtOnce(12, 3, absl::Milliseconds(20));
  EXPECT_LE(most, 3);
  EXPECT_GE(most, 2);  // 12 jobs of 20 ms on 3 threads overlap
  EXPECT_LE(MostAtOnce(8, 1000, absl::Milliseconds(5)), 8);  // clamped, never more than n
  EXPECT_EQ(MostAtOnce(5, 0, absl::ZeroDuration()), 1);      // 0 means 1
}

TEST(ParallelTest, WallTimeFollowsTheBound) {
  // 8 jobs of 100 ms, 4 at a time: two rounds (200 ms), well under the 800 ms of one at a time;
  // the bound leaves room for a loaded machine and sanitizers.
  const absl::Time start = absl::Now();
  RunParallel(8, 4, [](size_t) { absl::SleepFor(absl::Milliseconds(100)); });
  const absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Milliseconds(200));
  EXPECT_LT(took, absl::Milliseconds(700));
}

}  // namespace
}  // namespace dupready
