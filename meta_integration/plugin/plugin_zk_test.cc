// libdupready_plugin.so on zk:// sources, against a real ZooKeeper server, through the C
// interface: two instances in this process and one in another process follow pushes;
// concurrent pushes; an outage longer than the session timeout; a session that ZooKeeper
// expires while the network is cut; a bundle written by hand that does not load (status exit 1
// naming every instance, rollback); opening while ZooKeeper is down, with and without a cache;
// reload; shadow rules from the bundle; switching sources.
//
//   plugin_zk_test PLUGIN.so DUPREADY_BINARY
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/bundles/testing/zk_bundle_test.h"
#include "meta_integration/plugin/testing/zk_plugin_harness.h"
#include "meta_integration/testing/hardening_test_util.h"
#include "meta_integration/zk/testing/tcp_proxy.h"
#include "meta_integration/zk/testing/tsan_suppressions.h"

namespace dupready {
namespace {

using testonly::CheckResult;
using testonly::FollowerReply;
using testonly::JsonField;
using testonly::PeerInstance;
using testonly::PluginInstance;

std::string g_self, g_plugin, g_dupready;
constexpr absl::Duration kWait = absl::Seconds(60);

// A bundle of shipped rule files (paths from the runfiles root).
bundles::Bundle ShippedBundle(const std::string& root, const std::string& shadow = "") {
  absl::StatusOr<bundles::Bundle> b = BundleFromFiles(root, shadow, root);
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? *b : bundles::Bundle();
}

// Runs the dupready binary; returns its exit code, its stdout in *out.
int Dupready(const std::vector<std::string>& args, std::string* out) {
  std::string cmd = g_dupready;
  for (const std::string& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  char buf[4096];
  out->clear();
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), p)) > 0;) out->append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class PluginZkTest : public ZkBundleTest {
 protected:
  std::unique_ptr<PluginInstance> Open(const std::string& query) {
    std::string error;
    std::unique_ptr<PluginInstance> p = PluginInstance::Open(lib_, uri_ + query, &error);
    EXPECT_NE(p, nullptr) << error;
    return p;
  }

  // Every report under PATH/metas names `bundle`, loaded fine; and there are `count`.
  bool AllReportsOn(const std::string& bundle, size_t count) {
    absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store_->ListMetas();
    if (!metas.ok() || metas->size() != count) return false;
    for (const auto& m : *metas) {
      if (!m.report.ok() || m.report->bundle() != bundle || !m.report->load_ok()) return false;
    }
    return true;
  }

  static std::shared_ptr<const host::Plugin> lib() {
    static const std::shared_ptr<const host::Plugin> plugin = testonly::LoadPluginOrDie(g_plugin);
    return plugin;
  }
  const std::shared_ptr<const host::Plugin> lib_ = lib();
};

const std::string& SingleReplica() {
  static const std::string reply = FollowerReply(4, 1, 0);
  return reply;
}

TEST_F(PluginZkTest, APushReachesEveryInstanceInEveryProcess) {
  const std::string legacy = Push(ShippedBundle("rules/legacy.rules"));
  std::unique_ptr<PluginInstance> a = Open("?id=here-a");
  std::unique_ptr<PluginInstance> b = Open("?id=here-b");
  ASSERT_TRUE(a && b);
  std::string error;
  std::unique_ptr<PeerInstance> peer =
      PeerInstance::Start(g_self, g_plugin, uri_ + "?id=there", &error);
  ASSERT_NE(peer, nullptr) << error;
  // The seed's follower: stuck under the legacy rules, everywhere.
  for (const CheckResult& r :
       {a->Check(SingleReplica()), b->Check(SingleReplica()), peer->Check()}) {
    EXPECT_FALSE(r.ready);
    EXPECT_EQ(r.error, "ERR_NOT_ENOUGH_MEMBER");
    EXPECT_EQ(r.rule, "enough_members");
  }
  ASSERT_TRUE(Eventually([&] { return AllReportsOn(legacy, 3); }));

  const std::string fixed = Push(ShippedBundle("rules/default.rules"));
  EXPECT_GE(a->WaitApplied(fixed, kWait), 0);
  EXPECT_GE(b->WaitApplied(fixed, kWait), 0);
  EXPECT_GE(peer->WaitApplied(fixed, kWait), 0);
  for (const CheckResult& r : {a->Check(SingleReplica()), b->Check(SingleReplica()), peer->Check()})
    EXPECT_TRUE(r.ready) << r.error << " " << r.rule;
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(fixed, 3); }));
  const std::string stats = a->Stats();
  EXPECT_EQ(JsonField(stats, "kind"), "\"zookeeper\"");
  EXPECT_EQ(JsonField(stats, "bundle"), "\"" + fixed + "\"");
  EXPECT_EQ(JsonField(stats, "connected"), "true");
  EXPECT_EQ(JsonField(stats, "meta_id"), "\"here-a\"");
  EXPECT_EQ(JsonField(stats, "reloads_ok"), "1");
  EXPECT_EQ(JsonField(stats, "rules_path"), "\"" + uri_ + "?id=here-a\"");
  EXPECT_EQ(JsonField(peer->Stats(), "bundle"), "\"" + fixed + "\"");

  std::string out;
  EXPECT_EQ(Dupready({"status", uri_}, &out), 0) << out;
  EXPECT_NE(out.find("result   every meta (3) runs " + fixed), std::string::npos) << out;
}

// Two operators push at once, round after round: one wins each round, the other is told; every
// instance ends on the winner of the last round, and no bundle is missing from the history.
TEST_F(PluginZkTest, ConcurrentPushes) {
  Push(ShippedBundle("rules/legacy.rules"));
  std::unique_ptr<PluginInstance> a = Open("?id=a");
  std::unique_ptr<PluginInstance> b = Open("?id=b");
  ASSERT_TRUE(a && b);
  const bundles::Bundle fixed = ShippedBundle("rules/default.rules");
  constexpr int kRounds = 5;
  int won = 0, lost = 0;
  for (int round = 0; round < kRounds; ++round) {
    absl::StatusOr<BundleStore::Current> seen = store_->ReadCurrent();
    ASSERT_TRUE(seen.ok());
    // Both stored, both try to move `current` from the version they read, at once.
    absl::StatusOr<std::string> x = store_->Store(fixed);
    absl::StatusOr<std::string> y = store_->Store(fixed);
    ASSERT_TRUE(x.ok() && y.ok());
    std::atomic<int> go{0};
    absl::Status sx, sy;
    std::thread tx([&] {
      ++go;
      while (go < 2) {
      }
      sx = store_->MoveCurrent(*x, seen->version);
    });
    std::thread ty([&] {
      ++go;
      while (go < 2) {
      }
      sy = store_->MoveCurrent(*y, seen->version);
    });
    tx.join();
    ty.join();
    ASSERT_NE(sx.ok(), sy.ok()) << sx << " / " << sy;
    const std::string& winner = sx.ok() ? *x : *y;
    const absl::Status& loss = sx.ok() ? sy : sx;
    EXPECT_EQ(loss.code(), absl::StatusCode::kAborted);
    EXPECT_NE(loss.message().find(winner + " is in force now"), std::string::npos) << loss;
    won += 1;
    lost += 1;
    EXPECT_GE(a->WaitApplied(winner, kWait), 0);
    EXPECT_GE(b->WaitApplied(winner, kWait), 0);
  }
  EXPECT_EQ(won, kRounds);
  EXPECT_EQ(lost, kRounds);
  EXPECT_EQ(store_->ListBundles()->size(), 1u + 2 * kRounds);
  const std::string current = store_->ReadCurrent()->name;
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(current, 2); }));
  EXPECT_TRUE(a->Check(SingleReplica()).ready);
}

// Checks `instance` with the single-replica follower on a thread of its own, counting the
// checks and those not READY, until Stop.
class CheckingThread {
 public:
  explicit CheckingThread(PluginInstance* instance)
      : thread_([this, instance] {
          const std::string reply = SingleReplica();
          while (!stop_.load()) {
            if (!instance->Check(reply).ready) ++wrong_;
            ++checked_;
          }
        }) {}
  ~CheckingThread() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int64_t checked() const { return checked_.load(); }
  int64_t wrong() const { return wrong_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> checked_{0}, wrong_{0};
  std::thread thread_;
};

// ZooKeeper goes away for longer than the session timeout: checks go on with the rules in
// force, the stats say disconnected; afterwards the watch works and the reports are back.
TEST_F(PluginZkTest, OutageLongerThanTheSessionTimeout) {
  const std::string fixed = Push(ShippedBundle("rules/default.rules"));
  std::unique_ptr<PluginInstance> a = Open("?id=a&session_timeout_ms=1000");
  std::unique_ptr<PluginInstance> b = Open("?id=b&session_timeout_ms=1000");
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(Eventually([&] { return AllReportsOn(fixed, 2); }));

  CheckingThread checking(a.get());
  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(Eventually([&] { return JsonField(a->Stats(), "connected") == "false"; }));
  const int64_t before = checking.checked();
  absl::SleepFor(absl::Seconds(2.5));  // the outage itself: longer than the 1 s session
  EXPECT_GT(checking.checked(), before) << "checks stopped while ZooKeeper was down";
  EXPECT_TRUE(b->Check(SingleReplica()).ready);
  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(Eventually([&] { return JsonField(a->Stats(), "connected") == "true"; }));
  checking.Stop();
  EXPECT_EQ(checking.wrong(), 0) << "of " << checking.checked() << " checks";
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(fixed, 2); }));
  const std::string legacy = Push(ShippedBundle("rules/legacy.rules"));
  EXPECT_GE(a->WaitApplied(legacy, kWait), 0);
  EXPECT_GE(b->WaitApplied(legacy, kWait), 0);
  EXPECT_FALSE(a->Check(SingleReplica()).ready);
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(legacy, 2); }));
  std::cout << "checks during the test: " << checking.checked()
            << ", sessions of a: " << JsonField(a->Stats(), "sessions") << "\n";
}

// The network between the meta server and ZooKeeper fails for longer than the session timeout
// while ZooKeeper stays up: ZooKeeper expires the session and drops the instance's report;
// checks go on with the rules in force; once through again the plugin makes a new session,
// writes its report again and follows pushes.
TEST_F(PluginZkTest, SessionExpiredByAPartition) {
  const std::string fixed = Push(ShippedBundle("rules/default.rules"));
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(server_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  std::string uri = uri_;
  uri.replace(uri.find(server_->hosts()), server_->hosts().size(), (*proxy)->hosts());
  std::string error;
  std::unique_ptr<PluginInstance> a =
      PluginInstance::Open(lib_, uri + "?id=a&session_timeout_ms=1000", &error);
  ASSERT_NE(a, nullptr) << error;
  ASSERT_TRUE(Eventually([&] { return AllReportsOn(fixed, 1); }));
  EXPECT_EQ(JsonField(a->Stats(), "sessions"), "1");

  CheckingThread checking(a.get());
  (*proxy)->Cut();
  ASSERT_TRUE(Eventually([&] { return JsonField(a->Stats(), "connected") == "false"; }));
  ASSERT_TRUE(Eventually([&] {
    absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store_->ListMetas();
    return metas.ok() && metas->empty();
  })) << "ZooKeeper did not end the session";
  const int64_t before = checking.checked();
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_GT(checking.checked(), before) << "checks stopped while the session was gone";
  (*proxy)->Heal();
  ASSERT_TRUE(Eventually([&] {
    const std::string stats = a->Stats();
    return JsonField(stats, "sessions") == "2" && JsonField(stats, "connected") == "true";
  })) << a->Stats();
  checking.Stop();
  EXPECT_EQ(checking.wrong(), 0) << "of " << checking.checked() << " checks";
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(fixed, 1); }));
  const std::string legacy = Push(ShippedBundle("rules/legacy.rules"));
  EXPECT_GE(a->WaitApplied(legacy, kWait), 0);
  EXPECT_FALSE(a->Check(SingleReplica()).ready);
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(legacy, 1); }));
}

// An operator writes a bundle that does not load straight into ZooKeeper: every instance keeps
// its rules and says so; `status` exits 1 naming each; `rollback` brings them back together.
TEST_F(PluginZkTest, ABundleWrittenByHandThatDoesNotLoad) {
  const std::string fixed = Push(ShippedBundle("rules/default.rules"));
  std::unique_ptr<PluginInstance> a = Open("?id=a");
  std::unique_ptr<PluginInstance> b = Open("?id=b");
  ASSERT_TRUE(a && b);
  std::string error;
  std::unique_ptr<PeerInstance> peer =
      PeerInstance::Start(g_self, g_plugin, uri_ + "?id=c", &error);
  ASSERT_NE(peer, nullptr) << error;
  ASSERT_TRUE(Eventually([&] { return AllReportsOn(fixed, 3); }));

  absl::StatusOr<std::string> bad = store_->Store(UncheckedBundle(kRulesBroken));
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(store_->MoveCurrent(*bad, store_->ReadCurrent()->version).ok());
  ASSERT_TRUE(Eventually([&] {
    absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store_->ListMetas();
    if (!metas.ok() || metas->size() != 3) return false;
    for (const auto& m : *metas) {
      if (!m.report.ok() || m.report->attempted_bundle() != *bad || m.report->load_ok() ||
          m.report->bundle() != fixed)
        return false;
    }
    return true;
  }));
  for (const CheckResult& r : {a->Check(SingleReplica()), b->Check(SingleReplica()), peer->Check()})
    EXPECT_TRUE(r.ready) << "the rules in force changed";
  const std::string stats = a->Stats();
  EXPECT_EQ(JsonField(stats, "last_reload_ok"), "false");
  EXPECT_NE(JsonField(stats, "last_reload_error").find("root.rules:3:"), std::string::npos)
      << stats;
  EXPECT_EQ(JsonField(stats, "reloads_failed"), "1");

  std::string out;
  EXPECT_EQ(Dupready({"status", uri_}, &out), 1) << out;
  EXPECT_NE(out.find("result   3 of 3 metas do not run " + *bad + ": a, b, c"), std::string::npos)
      << out;
  EXPECT_NE(out.find("last load (" + *bad + ") failed: rules: root.rules:3:"), std::string::npos)
      << out;
  EXPECT_EQ(Dupready({"rollback", uri_}, &out), 0) << out;
  EXPECT_NE(out.find("from " + *bad + " to " + fixed), std::string::npos) << out;
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(fixed, 3); }));
  EXPECT_EQ(Dupready({"status", uri_}, &out), 0) << out;
  EXPECT_EQ(JsonField(a->Stats(), "last_reload_ok"), "true");
}

// A meta server restarted while ZooKeeper is down starts from its cache, and says so; without
// a cache it fails closed.
TEST_F(PluginZkTest, OpenedWhileZooKeeperIsDown) {
  const std::string cache = testing::FreshDir("plugin-cache");
  const std::string with_cache =
      "?cache=" + cache + "&connect_timeout_ms=500&session_timeout_ms=3000";
  const std::string legacy = Push(ShippedBundle("rules/legacy.rules"));
  { ASSERT_NE(Open(with_cache), nullptr); }  // fills the cache

  ASSERT_TRUE(server_->Stop().ok());
  std::string error;
  std::unique_ptr<PluginInstance> none =
      PluginInstance::Open(lib_, uri_ + "?connect_timeout_ms=500", &error);
  EXPECT_EQ(none, nullptr);
  EXPECT_NE(error.find("cannot be reached"), std::string::npos) << error;
  EXPECT_NE(error.find("no cache"), std::string::npos) << error;

  std::unique_ptr<PluginInstance> cached = Open(with_cache + "&id=cached");
  ASSERT_NE(cached, nullptr);
  std::string stats = cached->Stats();
  EXPECT_EQ(JsonField(stats, "from_cache"), "true");
  EXPECT_EQ(JsonField(stats, "connected"), "false");
  EXPECT_EQ(JsonField(stats, "bundle"), "\"" + legacy + "\"");
  EXPECT_EQ(cached->Check(SingleReplica()).rule, "enough_members");  // the cached rules judge
  EXPECT_FALSE(cached->checker().Reload(&error));  // ZooKeeper is still down: reload says so
  EXPECT_NE(error.find("reload failed; the rules in force stay"), std::string::npos) << error;

  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(Eventually([&] { return JsonField(cached->Stats(), "from_cache") == "false"; }));
  EXPECT_TRUE(Eventually([&] { return AllReportsOn(legacy, 1); }));
  const std::string fixed = Push(ShippedBundle("rules/default.rules"));
  EXPECT_GE(cached->WaitApplied(fixed, kWait), 0);
  EXPECT_TRUE(cached->Check(SingleReplica()).ready);
}

TEST_F(PluginZkTest, ReloadShadowRulesAndSwitchingSources) {
  // The bundle carries its shadow rules; a shadow path beside a zk:// URI is refused.
  const std::string both = Push(ShippedBundle("rules/legacy.rules", "rules/default.rules"));
  std::unique_ptr<host::Checker> refused;
  std::string error;
  EXPECT_FALSE(host::Checker::Open(lib_, uri_, "rules/default.rules", &refused, &error));
  EXPECT_NE(error.find("brings its own shadow rules"), std::string::npos) << error;
  std::unique_ptr<PluginInstance> a = Open("?id=a");
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->Check(SingleReplica()).ready);
  const std::string stats = a->Stats();
  EXPECT_EQ(JsonField(stats, "shadow_rules_path"), "\"" + both + "/default.rules\"");
  EXPECT_EQ(JsonField(stats, "shadow_disagreements"), "1");
  EXPECT_TRUE(a->checker().Reload(&error)) << error;  // re-reads current: the same bundle

  // zk:// -> files -> zk://, through dupready_reload_from.
  ASSERT_TRUE(a->checker().ReloadFrom("rules/default.rules", "", &error)) << error;
  EXPECT_EQ(JsonField(a->Stats(), "kind"), "\"files\"");
  EXPECT_TRUE(a->Check(SingleReplica()).ready);
  const std::string later = Push(ShippedBundle("rules/legacy.rules"));
  absl::SleepFor(absl::Milliseconds(200));  // a stopped source must not come back
  EXPECT_TRUE(a->Check(SingleReplica()).ready);
  ASSERT_TRUE(a->checker().ReloadFrom(uri_ + "?id=a2", "", &error)) << error;
  EXPECT_EQ(JsonField(a->Stats(), "bundle"), "\"" + later + "\"");
  EXPECT_FALSE(a->Check(SingleReplica()).ready);
  // A source that cannot start leaves the one in force.
  EXPECT_FALSE(a->checker().ReloadFrom("zk://127.0.0.1:1/x?connect_timeout_ms=200", "", &error));
  EXPECT_NE(error.find("reload failed; the rules in force stay"), std::string::npos) << error;
  EXPECT_EQ(JsonField(a->Stats(), "bundle"), "\"" + later + "\"");
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  std::vector<std::string> args;
  const int early = dupready::testonly::StartTestMain(
      &argc, argv, 2, "plugin_zk_test PLUGIN.so DUPREADY_BINARY", &args, &dupready::g_self);
  if (early >= 0) return early;
  dupready::g_plugin = args[0];
  dupready::g_dupready = args[1];
  return RUN_ALL_TESTS();
}
