// Push-to-applied latency of rule bundles: 100 pushes, each waited for until two plugin
// instances in this process and one in another process have put it in force (from the moment
// the push starts to the moment the last instance's logger reports the bundle in force, on
// CLOCK_MONOTONIC). Prints p50/p99/max; fails if any instance misses any push.
//
//   plugin_zk_latency_test PLUGIN.so
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/bundles/testing/zk_bundle_test.h"
#include "meta_integration/plugin/testing/zk_plugin_harness.h"
#include "meta_integration/testing/hardening_test_util.h"
#include "meta_integration/zk/testing/tsan_suppressions.h"

namespace dupready {
namespace {

using testonly::MonotonicNanos;
using testonly::PeerInstance;
using testonly::PluginInstance;

std::string g_self, g_plugin;

double Ms(int64_t ns) { return static_cast<double>(ns) / 1e6; }

// The q-quantile (nearest rank) of `v`, sorted.
int64_t Quantile(std::vector<int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const size_t rank = static_cast<size_t>(q * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size(), std::max<size_t>(rank, 1)) - 1];
}

class PluginZkLatencyTest : public ZkBundleTest {};

TEST_F(PluginZkLatencyTest, HundredPushes) {
  constexpr int kPushes = 100;
  const absl::StatusOr<bundles::Bundle> legacy = BundleFromFiles("rules/legacy.rules");
  const absl::StatusOr<bundles::Bundle> fixed = BundleFromFiles("rules/default.rules");
  ASSERT_TRUE(legacy.ok() && fixed.ok());
  ASSERT_FALSE(Push(*legacy).empty());
  const std::shared_ptr<const host::Plugin> lib = testonly::LoadPluginOrDie(g_plugin);
  std::string error;
  std::unique_ptr<PluginInstance> a = PluginInstance::Open(lib, uri_ + "?id=a", &error);
  ASSERT_NE(a, nullptr) << error;
  std::unique_ptr<PluginInstance> b = PluginInstance::Open(lib, uri_ + "?id=b", &error);
  ASSERT_NE(b, nullptr) << error;
  std::unique_ptr<PeerInstance> peer =
      PeerInstance::Start(g_self, g_plugin, uri_ + "?id=c", &error);
  ASSERT_NE(peer, nullptr) << error;

  std::vector<int64_t> push_call, first, all;
  for (int i = 0; i < kPushes; ++i) {
    const int64_t t0 = MonotonicNanos();
    const std::string name = Push(i % 2 == 0 ? *fixed : *legacy);
    const int64_t pushed = MonotonicNanos();
    ASSERT_FALSE(name.empty());
    const int64_t ta = a->WaitApplied(name, absl::Seconds(60));
    const int64_t tb = b->WaitApplied(name, absl::Seconds(60));
    const int64_t tc = peer->WaitApplied(name, absl::Seconds(60));
    ASSERT_TRUE(ta >= 0 && tb >= 0 && tc >= 0) << name << " was not applied everywhere";
    push_call.push_back(pushed - t0);
    first.push_back(std::min({ta, tb, tc}) - t0);
    all.push_back(std::max({ta, tb, tc}) - t0);
  }
  // The last bundle judges, in every instance.
  EXPECT_TRUE(a->Check(testonly::FollowerReply(4, 1, 0)).ready == (kPushes % 2 == 1));
  EXPECT_EQ(peer->Check().ready, kPushes % 2 == 1);
  std::printf("push-to-applied over %d pushes, 3 instances (2 in this process, 1 in another):\n",
              kPushes);
  std::printf("  %-28s %9s %9s %9s\n", "", "p50 ms", "p99 ms", "max ms");
  for (const auto& [label, v] : {std::make_pair("push call (store + CAS)", &push_call),
                                 std::make_pair("first instance applied", &first),
                                 std::make_pair("all three applied", &all)}) {
    std::printf("  %-28s %9.2f %9.2f %9.2f\n", label, Ms(Quantile(*v, 0.5)), Ms(Quantile(*v, 0.99)),
                Ms(*std::max_element(v->begin(), v->end())));
  }
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  std::vector<std::string> args;
  const int early = dupready::testonly::StartTestMain(
      &argc, argv, 1, "plugin_zk_latency_test PLUGIN.so", &args, &dupready::g_self);
  if (early >= 0) return early;
  dupready::g_plugin = args[0];
  return RUN_ALL_TESTS();
}
