// BundleWatcher against a real ZooKeeper server: it follows pushes, keeps its rules when a
// bundle does not load (and says so in its meta report), fails closed or starts from its cache
// when ZooKeeper is down or names nothing, survives a session expired on purpose, and reports
// in PATH/metas throughout. (An outage longer than the session timeout is plugin_zk_test's,
// through the .so.)
#include "meta_integration/bundles/bundle_watcher.h"

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/bundles/bundle_cache.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/bundles/testing/zk_bundle_test.h"
#include "meta_integration/zk/testing/tsan_suppressions.h"

namespace dupready {
namespace {

constexpr absl::Duration kWait = absl::Seconds(60);

// What `apply` received, in order.
struct Applied {
  std::mutex mu;
  std::vector<std::string> bundles;
  std::vector<bool> from_cache;
  size_t rules = 0;  // rules in force in the last one

  std::string last() {
    std::lock_guard<std::mutex> lock(mu);
    return bundles.empty() ? "" : bundles.back();
  }
  size_t count() {
    std::lock_guard<std::mutex> lock(mu);
    return bundles.size();
  }
};

class BundleWatcherTest : public ZkBundleTest {
 protected:
  std::string Push(const std::string& comment) {
    absl::StatusOr<bundles::Bundle> b = BundleFromTexts(
        {{"rules", std::string(kRulesCallOk) + "# " + comment + "\n"}}, "rules", "", comment);
    EXPECT_TRUE(b.ok()) << b.status();
    return b.ok() ? ZkBundleTest::Push(*b) : "";
  }

  absl::StatusOr<std::unique_ptr<BundleWatcher>> Watch(const std::string& query, Applied* applied) {
    BundleWatcher::Options options;
    absl::StatusOr<BundleSource> source = ParseBundleUri(uri_ + query);
    if (!source.ok()) return source.status();
    options.source = *source;
    options.apply = [applied](BundleWatcher::Applied a) {
      std::lock_guard<std::mutex> lock(applied->mu);
      applied->bundles.push_back(a.bundle);
      applied->from_cache.push_back(a.from_cache);
      applied->rules = a.rules.rules->rules().size();
      return absl::OkStatus();
    };
    return BundleWatcher::Start(std::move(options));
  }

  // The meta report of `id`, or an empty report when there is none (yet).
  bundles::MetaReport Report(const std::string& id) {
    absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store_->ListMetas();
    if (metas.ok()) {
      for (const auto& m : *metas) {
        if (m.id == id && m.report.ok()) return *m.report;
      }
    }
    return bundles::MetaReport();
  }

  std::string CacheDir() { return testing::TempPath("cache-" + name_); }
};

TEST_F(BundleWatcherTest, FollowsEveryPushAndReports) {
  const std::string a = Push("a");
  Applied applied;
  absl::StatusOr<std::unique_ptr<BundleWatcher>> w = Watch("?id=meta-1", &applied);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(applied.last(), a);  // applied before Start returned
  EXPECT_EQ((*w)->meta_id(), "meta-1");
  ASSERT_TRUE(Eventually([&] { return Report("meta-1").bundle() == a; }));
  bundles::MetaReport r = Report("meta-1");
  EXPECT_TRUE(r.load_ok());
  EXPECT_FALSE(r.from_cache());
  EXPECT_EQ(r.content_hash(), store_->ReadBundle(a)->content_hash());
  EXPECT_EQ(r.pid(), ::getpid());

  for (const char* comment : {"b", "c", "d"}) {
    const std::string name = Push(comment);
    ASSERT_TRUE(Eventually([&] { return applied.last() == name; })) << comment;
    ASSERT_TRUE(Eventually([&] { return Report("meta-1").bundle() == name; }));
  }
  EXPECT_EQ(applied.count(), 4u);
  BundleWatcher::Stats s = (*w)->stats();
  EXPECT_TRUE(s.connected);
  EXPECT_EQ(s.loads_ok, 4);
  EXPECT_EQ(s.loads_failed, 0);
  EXPECT_EQ(s.sessions, 1);
  EXPECT_TRUE((*w)->Refresh().ok());
  EXPECT_EQ(applied.count(), 4u);  // nothing new to load

  w->reset();  // closing ends the session: the report goes
  EXPECT_TRUE(Eventually([&] { return store_->ListMetas()->empty(); }));
}

TEST_F(BundleWatcherTest, ABundleThatDoesNotLoadLeavesTheRulesInForce) {
  const std::string good = Push("good");
  Applied applied;
  absl::StatusOr<std::unique_ptr<BundleWatcher>> w = Watch("?id=m", &applied);
  ASSERT_TRUE(w.ok()) << w.status();
  // An operator bypasses push and puts a broken bundle in force.
  absl::StatusOr<std::string> bad = store_->Store(UncheckedBundle(kRulesBroken));
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(store_->MoveCurrent(*bad, store_->ReadCurrent()->version).ok());
  ASSERT_TRUE(Eventually([&] { return Report("m").attempted_bundle() == *bad; }));
  bundles::MetaReport r = Report("m");
  EXPECT_FALSE(r.load_ok());
  EXPECT_EQ(r.bundle(), good);
  EXPECT_NE(r.error().find("rules: root.rules:3:"), std::string::npos) << r.error();
  BundleWatcher::Stats s = (*w)->stats();
  EXPECT_EQ(s.bundle, good);
  EXPECT_FALSE(s.last_load_ok);
  // At least once: a session event that arrives after the move reads `current` again.
  EXPECT_GE(s.loads_failed, 1);
  EXPECT_EQ(applied.count(), 1u);
  EXPECT_FALSE((*w)->Refresh().ok());  // reload: the same failure, the same rules

  // Garbage in `current` is a failure too, reported as such.
  ASSERT_TRUE(
      zk_->Set(store_->source().current_path(), "garbage", -1, absl::Now() + absl::Seconds(30))
          .ok());
  ASSERT_TRUE(Eventually([&] { return Report("m").attempted_bundle() == "current"; }));
  EXPECT_NE(Report("m").error().find("not a bundle name"), std::string::npos);

  // Rolled back: the instance says it is fine again, without loading anything.
  ASSERT_TRUE(store_->MoveCurrent(good, -1).ok());
  ASSERT_TRUE(Eventually([&] { return Report("m").load_ok(); }));
  EXPECT_EQ(Report("m").bundle(), good);
  EXPECT_EQ(applied.count(), 1u);
}

TEST_F(BundleWatcherTest, FailsClosedWithNothingToRun) {
  Applied applied;
  // Nothing pushed, no cache.
  absl::StatusOr<std::unique_ptr<BundleWatcher>> none = Watch("", &applied);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("nothing was pushed"), std::string::npos) << none.status();
  // Only a bundle that does not load, no cache.
  ASSERT_TRUE(store_->InitLayout().ok());
  absl::StatusOr<std::string> bad = store_->Store(UncheckedBundle(kRulesBroken));
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(store_->MoveCurrent(*bad, -1).ok());
  absl::StatusOr<std::unique_ptr<BundleWatcher>> broken = Watch("", &applied);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("root.rules:3:"), std::string::npos) << broken.status();
  // ZooKeeper unreachable, no cache.
  BundleWatcher::Options options;
  options.source = *ParseBundleUri("zk://127.0.0.1:1/p?connect_timeout_ms=200");
  options.apply = [](BundleWatcher::Applied) { return absl::OkStatus(); };
  absl::StatusOr<std::unique_ptr<BundleWatcher>> down = BundleWatcher::Start(std::move(options));
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(down.status().message().find("cannot be reached"), std::string::npos);
  EXPECT_NE(down.status().message().find("no cache"), std::string::npos) << down.status();
  EXPECT_EQ(applied.count(), 0u);
}

// The cache: written on each load; read when ZooKeeper is down at start; left as soon as
// ZooKeeper confirms the bundle. Without it, a start while ZooKeeper is down fails closed.
TEST_F(BundleWatcherTest, StartsFromItsCacheWhileZooKeeperIsDown) {
  const std::string query =
      "?cache=" + CacheDir() + "&connect_timeout_ms=300&session_timeout_ms=3000";
  const std::string a = Push("a");
  {
    Applied applied;
    absl::StatusOr<std::unique_ptr<BundleWatcher>> w = Watch(query, &applied);
    ASSERT_TRUE(w.ok()) << w.status();
  }
  absl::StatusOr<CachedBundle> cached = ReadBundleCache(*ParseBundleUri(uri_ + query), Limits());
  ASSERT_TRUE(cached.ok()) << cached.status();
  EXPECT_EQ(cached->name, a);

  ASSERT_TRUE(server_->Stop().ok());
  Applied applied;
  absl::StatusOr<std::unique_ptr<BundleWatcher>> w = Watch(query + "&id=cached", &applied);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(applied.last(), a);
  EXPECT_TRUE(applied.from_cache.back());
  BundleWatcher::Stats s = (*w)->stats();
  EXPECT_TRUE(s.from_cache);
  EXPECT_FALSE(s.connected);
  EXPECT_EQ(s.bundle, a);
  EXPECT_FALSE((*w)->Refresh().ok());  // ZooKeeper is still down: reload says so
  absl::StatusOr<std::unique_ptr<BundleWatcher>> no_cache =
      Watch("?connect_timeout_ms=300", &applied);
  EXPECT_EQ(no_cache.status().code(), absl::StatusCode::kUnavailable) << no_cache.status();

  // A damaged cache is refused with the reason: fail closed.
  const std::string other = query + "&id=other";
  testing::WriteFile(BundleCachePath(*ParseBundleUri(uri_ + query)), "junk");
  absl::StatusOr<std::unique_ptr<BundleWatcher>> damaged = Watch(other, &applied);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().message().find("not a cached bundle"), std::string::npos)
      << damaged.status();

  ASSERT_TRUE(server_->Start().ok());
  ASSERT_TRUE(Eventually([&] { return !(*w)->stats().from_cache; }));
  ASSERT_TRUE(Eventually([&] { return Report("cached").bundle() == a; }));
  EXPECT_FALSE(Report("cached").from_cache());
  const std::string b = Push("b");
  EXPECT_TRUE(Eventually([&] { return applied.last() == b; }));
  // The new bundle replaces the damaged cache (written just after it goes into force).
  EXPECT_TRUE(Eventually([&] {
    absl::StatusOr<CachedBundle> again = ReadBundleCache(*ParseBundleUri(uri_ + query), Limits());
    return again.ok() && again->name == b;
  }));
}

// The session is ended on the server: a new one is made, the report and the watch come back.
TEST_F(BundleWatcherTest, ExpiredSessionRestoresReportAndWatch) {
  Push("a");
  Applied applied;
  absl::StatusOr<std::unique_ptr<BundleWatcher>> w =
      Watch("?id=exp&session_timeout_ms=4000", &applied);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE(Eventually([&] { return Report("exp").load_ok(); }));
  const ZkClient::Credentials creds = (*w)->credentials_for_testing();
  ASSERT_TRUE(server_->ExpireSession(creds.session_id, creds.password).ok());
  ASSERT_TRUE(Eventually([&] { return (*w)->stats().sessions == 2; }));
  ASSERT_TRUE(Eventually([&] {
    absl::StatusOr<ZkStat> st =
        zk_->Exists(store_->source().metas_path() + "/exp", absl::Now() + absl::Seconds(5));
    return st.ok() && st->ephemeral_owner != creds.session_id;
  }));
  const std::string b = Push("b");
  EXPECT_TRUE(Eventually([&] { return applied.last() == b; }));
  EXPECT_TRUE(Eventually([&] { return Report("exp").bundle() == b; }));
}

}  // namespace
}  // namespace dupready
