// meta_sim with its rules from ZooKeeper (--rules zk://...), against a real server: the seed
// scenario moves to DS_LOG when default.rules is pushed mid-run, without a restart; a bundle
// written by hand that does not load leaves the rules in force, and a rollback brings the last
// good one back; checks go on through an outage longer than the session timeout; a meta
// server started while ZooKeeper is down runs from its cache or not at all; two meta servers
// pushing at once end on the same bundle.
//
//   meta_sim_zk_test META_SIM PLUGIN.so
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/bundles/testing/zk_bundle_test.h"
#include "meta_integration/testing/child_process.h"

namespace dupready {
namespace {

using testonly::ChildProcess;

std::string g_sim, g_plugin;
constexpr absl::Duration kRun = absl::Seconds(120);

const char kSeedLine[] =
    "query follower app[target_cluster.dup_test_3] replica configuration completed, result: "
    "duplication_status = DS_APP, query_err = ERR_NOT_ENOUGH_MEMBER, update_err = "
    "ERR_NO_NEED_OPERATE, rule = enough_members, partition = 0, reason = partition 0 has no "
    "secondary";

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class MetaSimZkTest : public ZkBundleTest {
 protected:
  void SetUp() override {
    ZkBundleTest::SetUp();
    if (HasFatalFailure()) return;
    absl::StatusOr<bundles::Bundle> legacy = BundleFromFiles("rules/legacy.rules");
    ASSERT_TRUE(legacy.ok()) << legacy.status();
    legacy_ = Push(*legacy);
    ASSERT_EQ(legacy_, "bundle-0000000000");
  }

  std::unique_ptr<ChildProcess> Sim(const std::string& query, const std::string& scenario) {
    absl::StatusOr<std::unique_ptr<ChildProcess>> p =
        ChildProcess::Start({g_sim, "--plugin", g_plugin, "--rules", uri_ + query, "--scenario",
                             "testdata/scenarios/" + scenario});
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *std::move(p) : nullptr;
  }

  // Runs meta_sim to the end; its output.
  std::string RunSim(const std::string& query, const std::string& scenario) {
    std::unique_ptr<ChildProcess> p = Sim(query, scenario);
    if (p == nullptr) return "";
    p->CloseStdin();
    EXPECT_EQ(p->Wait(kRun), 0) << p->Output();
    return p->Output();
  }

  std::string legacy_;
};

TEST_F(MetaSimZkTest, SeedScenarioMovesToDsLogWhenTheFixIsPushed) {
  const std::string out = RunSim("?id=meta-1", "zk_seed_push.json");
  EXPECT_EQ(Count(out, kSeedLine), 3u) << out;
  const size_t pushed = out.find("pushed bundle-0000000001");
  const size_t runs = out.find("the plugin runs bundle-0000000001");
  const size_t log = out.find("status: DS_APP -> DS_LOG");
  ASSERT_NE(pushed, std::string::npos) << out;
  ASSERT_NE(runs, std::string::npos) << out;
  ASSERT_NE(log, std::string::npos) << out;
  EXPECT_LT(pushed, runs);
  EXPECT_LT(runs, log);  // DS_LOG only under the pushed bundle
  EXPECT_NE(out.find("final status: DS_LOG"), std::string::npos) << out;
}

TEST_F(MetaSimZkTest, ABundleWrittenByHandThatDoesNotLoad) {
  const std::string out = RunSim("?id=meta-1", "zk_bad_bundle.json");
  EXPECT_NE(out.find("the plugin did not take bundle-0000000001; bundle-0000000000 stays in force"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("broken.rules:8:8: error:"), std::string::npos) << out;
  EXPECT_NE(out.find("rolled back from bundle-0000000001 to bundle-0000000000"), std::string::npos);
  EXPECT_NE(out.find("the plugin runs bundle-0000000000"), std::string::npos);
  // Stuck through the broken bundle and the rollback (three checks), through only after the fix.
  EXPECT_EQ(Count(out, kSeedLine), 3u) << out;
  EXPECT_LT(out.find("rolled back"), out.find("status: DS_APP -> DS_LOG"));
  EXPECT_NE(out.find("final status: DS_LOG"), std::string::npos) << out;
}

TEST_F(MetaSimZkTest, OutageLongerThanTheSessionTimeout) {
  std::unique_ptr<ChildProcess> sim = Sim("?id=meta-1&session_timeout_ms=1000", "zk_outage.json");
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->WaitForLine("wait zk-down", kRun)) << sim->Output();
  ASSERT_TRUE(server_->Stop().ok());
  absl::SleepFor(absl::Seconds(2.5));  // the outage: longer than the 1 s session
  ASSERT_TRUE(sim->WriteLine("go"));
  ASSERT_TRUE(sim->WaitForLine("wait zk-up", kRun)) << sim->Output();
  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(sim->WriteLine("go"));
  ASSERT_EQ(sim->Wait(kRun), 0) << sim->Output();
  const std::string out = sim->Output();
  // One check before the outage, three during it: all judged by the legacy rules in force.
  EXPECT_EQ(Count(out, kSeedLine), 4u) << out;
  EXPECT_NE(
      out.find("[plugin W] ZooKeeper session connecting; checks go on with bundle-0000000000"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("the plugin runs bundle-0000000001"), std::string::npos) << out;
  EXPECT_NE(out.find("final status: DS_LOG"), std::string::npos) << out;
}

TEST_F(MetaSimZkTest, StartedWhileZooKeeperIsDown) {
  const std::string cache = "?cache=" + testing::FreshDir("meta-sim-cache") +
                            "&connect_timeout_ms=500&session_timeout_ms=3000";
  RunSim(cache, "seed_single_replica.json");  // fills the cache
  ASSERT_TRUE(server_->Stop().ok());
  const std::string cached = RunSim(cache, "seed_single_replica.json");
  EXPECT_NE(cached.find("rules from ZooKeeper: bundle-0000000000 (sha256 "), std::string::npos)
      << cached;
  EXPECT_NE(cached.find("), from the plugin's cache: ZooKeeper is not connected"),
            std::string::npos)
      << cached;
  EXPECT_EQ(Count(cached, kSeedLine), 3u) << cached;  // the cached legacy rules judge
  EXPECT_NE(cached.find("final status: DS_APP"), std::string::npos);
  const std::string closed = RunSim("?connect_timeout_ms=500", "seed_single_replica.json");
  EXPECT_NE(closed.find("plugin not available, the gate will never advance"), std::string::npos)
      << closed;
  EXPECT_NE(closed.find("no cache"), std::string::npos) << closed;
  EXPECT_NE(closed.find("final status: DS_APP"), std::string::npos) << closed;
  ASSERT_TRUE(server_->Start().ok());
}

TEST_F(MetaSimZkTest, TwoMetaServersPushAtOnce) {
  std::unique_ptr<ChildProcess> a = Sim("?id=meta-a", "zk_race.json");
  std::unique_ptr<ChildProcess> b = Sim("?id=meta-b", "zk_race.json");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(a->WaitForLine("wait race", kRun)) << a->Output();
  ASSERT_TRUE(b->WaitForLine("wait race", kRun)) << b->Output();
  ASSERT_TRUE(a->WriteLine("go") && b->WriteLine("go"));
  ASSERT_EQ(a->Wait(kRun), 0) << a->Output();
  ASSERT_EQ(b->Wait(kRun), 0) << b->Output();
  // Each ends on a pushed bundle: its own when its push won, else the winner, which the loser
  // waited for (the plugin's stats are printed at the end). When the pushes did not overlap,
  // both won, one after the other, and the first may have ended before the second push.
  const std::string current = store_->ReadCurrent()->name;
  for (const std::string& out : {a->Output(), b->Output()}) {
    EXPECT_NE(out.find("final status: DS_LOG"), std::string::npos) << out;
    ASSERT_NE(out.find("plugin stats: "), std::string::npos) << out;
    const std::string stats = out.substr(out.find("plugin stats: "));
    const size_t own = out.find("pushed bundle-");
    const std::string expected =
        own == std::string::npos ? current : out.substr(own + 7, 17);  // "bundle-NNNNNNNNNN"
    EXPECT_TRUE(stats.find("\"bundle\":\"" + expected + "\"") != std::string::npos ||
                stats.find("\"bundle\":\"" + current + "\"") != std::string::npos)
        << out;
  }
  const std::string both = a->Output() + b->Output();
  const size_t lost = Count(both, "push lost the race");
  EXPECT_EQ(Count(both, "pushed bundle-") + lost, 2u) << both;
  if (lost == 1) {
    EXPECT_NE(both.find(current + " is in force now"), std::string::npos) << both;
  }
  EXPECT_EQ(store_->ListBundles()->size(), 3u);  // the lost push's bundle stays in the history
  std::cout << "racing pushes: " << lost << " lost\n";
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 3) {
    std::fprintf(stderr, "usage: meta_sim_zk_test META_SIM PLUGIN.so\n");
    return 2;
  }
  dupready::g_sim = argv[1];
  dupready::g_plugin = argv[2];
  return RUN_ALL_TESTS();
}
