// BundleStore against a real ZooKeeper server: push, history and rollback; racing pushes (one
// winner per compare-and-set, every bundle kept); the node size limit; malformed nodes; and
// the plugins' ephemeral reports.
#include "meta_integration/bundles/bundle_store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/zk/testing/zk_test_server.h"
#include "meta_integration/zk/testing/tsan_suppressions.h"

namespace dupready {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(30);

class BundleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<ZkTestServer*> server = SharedZkTestServer();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *server;
    zk_ = Connect();
    ASSERT_NE(zk_, nullptr);
    source_ = *ParseBundleUri(
        absl::StrCat("zk://", server_->hosts(), "/t/",
                     ::testing::UnitTest::GetInstance()->current_test_info()->name()));
  }

  std::unique_ptr<ZkClient> Connect() {
    absl::StatusOr<std::unique_ptr<ZkClient>> zk = ConnectTestClient(*server_);
    EXPECT_TRUE(zk.ok()) << zk.status();
    return zk.ok() ? *std::move(zk) : nullptr;
  }

  BundleStore Store(ZkClient* zk = nullptr) {
    return BundleStore(zk != nullptr ? zk : zk_.get(), source_, kTimeout, Limits());
  }

  static bundles::Bundle Bundle(const std::string& message) {
    absl::StatusOr<bundles::Bundle> b = BundleFromTexts(
        {{"rules", std::string(kRulesCallOk) + "# " + message + "\n"}}, "rules", "", message);
    EXPECT_TRUE(b.ok()) << b.status();
    return *b;
  }

  ZkTestServer* server_ = nullptr;
  std::unique_ptr<ZkClient> zk_;
  BundleSource source_;
};

TEST_F(BundleStoreTest, PushHistoryAndRollback) {
  BundleStore store = Store();
  EXPECT_EQ(store.ReadCurrent().status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<BundleStore::PushResult> a = store.Push(Bundle("a"));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(IsBundleName(a->name)) << a->name;
  EXPECT_EQ(a->previous, "");
  absl::StatusOr<BundleStore::PushResult> b = store.Push(Bundle("b"));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->previous, a->name);
  EXPECT_EQ(store.ReadCurrent()->name, b->name);

  absl::StatusOr<bundles::Bundle> read = store.ReadBundle(b->name);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->message(), "b");
  EXPECT_EQ(read->previous(), a->name);
  EXPECT_EQ(read->content_hash(), Bundle("b").content_hash());
  EXPECT_EQ(*store.ListBundles(), (std::vector<std::string>{a->name, b->name}));

  absl::StatusOr<BundleStore::RollbackResult> back = store.Rollback("");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->from, b->name);
  EXPECT_EQ(back->to, a->name);
  EXPECT_EQ(store.ReadCurrent()->name, a->name);
  // a was the first: no previous, nothing older.
  EXPECT_EQ(store.Rollback("").status().code(), absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<BundleStore::RollbackResult> forward = store.Rollback(b->name);
  ASSERT_TRUE(forward.ok()) << forward.status();
  EXPECT_EQ(store.ReadCurrent()->name, b->name);
  EXPECT_EQ(store.Rollback(b->name).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store.Rollback("bundle-9999999999").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.Rollback("../x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.ListBundles()->size(), 2u);  // rollbacks add nothing
}

// Both operators read `current` at the same version: exactly one compare-and-set succeeds,
// the other is told which bundle won; both bundles stay in the history.
TEST_F(BundleStoreTest, RacingMovesOneWinsTheOtherIsTold) {
  BundleStore store = Store();
  ASSERT_TRUE(store.Push(Bundle("base")).ok());
  absl::StatusOr<BundleStore::Current> seen = store.ReadCurrent();
  ASSERT_TRUE(seen.ok());
  absl::StatusOr<std::string> first = store.Store(Bundle("first"));
  absl::StatusOr<std::string> second = store.Store(Bundle("second"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(store.MoveCurrent(*first, seen->version).ok());
  absl::Status lost = store.MoveCurrent(*second, seen->version);
  EXPECT_EQ(lost.code(), absl::StatusCode::kAborted);
  EXPECT_NE(lost.message().find(*first + " is in force now"), std::string::npos) << lost;
  EXPECT_NE(lost.message().find(*second + " was not put in force"), std::string::npos) << lost;
  EXPECT_EQ(store.ReadCurrent()->name, *first);
  EXPECT_EQ(store.ListBundles()->size(), 3u);
}

// Pushes from two clients at once, many rounds: every push either moved `current` or was told
// it lost; following `previous` from `current` visits exactly the winners (no success was
// overwritten), and every bundle, won or lost, is in the history.
TEST_F(BundleStoreTest, ConcurrentPushesLoseNothing) {
  ASSERT_TRUE(Store().InitLayout().ok());
  constexpr int kRounds = 15;
  std::mutex mu;
  std::set<std::string> won, lost;
  std::atomic<int> errors{0};
  // Both pushers start each round together, so their pushes overlap as often as possible.
  std::condition_variable round_cv;
  int arrived = 0;
  auto start_round = [&] {
    std::unique_lock<std::mutex> lock(mu);
    ++arrived;
    const int round = (arrived + 1) / 2;
    round_cv.notify_all();
    round_cv.wait_for(lock, std::chrono::seconds(30), [&] { return arrived >= 2 * round; });
  };
  auto pusher = [&](int who) {
    std::unique_ptr<ZkClient> zk = Connect();
    if (zk == nullptr) {
      ++errors;
      return;
    }
    BundleStore store = Store(zk.get());
    for (int i = 0; i < kRounds; ++i) {
      start_round();
      absl::StatusOr<BundleStore::PushResult> r =
          store.Push(Bundle(absl::StrCat("pusher ", who, " round ", i)));
      std::lock_guard<std::mutex> lock(mu);
      if (r.ok()) {
        won.insert(r->name);
      } else if (absl::IsAborted(r.status())) {
        // "... bundle-X is in force now ..., so bundle-Y was not put in force (...)"
        const std::string msg(r.status().message());
        const size_t at = msg.find("so bundle-");
        if (at == std::string::npos || msg.find(" is in force now") == std::string::npos) {
          ++errors;
        } else {
          lost.insert(msg.substr(at + 3, 17));
        }
      } else {
        ++errors;
      }
    }
  };
  std::thread a(pusher, 1), b(pusher, 2);
  a.join();
  b.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(won.size() + lost.size(), 2u * kRounds);
  BundleStore store = Store();
  absl::StatusOr<std::vector<std::string>> history = store.ListBundles();
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 2u * kRounds);
  for (const std::string& name : *history)
    EXPECT_TRUE(won.count(name) + lost.count(name) == 1) << name;
  // The chain of `previous` from `current` is exactly the winners.
  std::set<std::string> chain;
  std::string at = store.ReadCurrent()->name;
  while (!at.empty()) {
    EXPECT_TRUE(won.count(at)) << at << " is in the chain but was not a winner";
    chain.insert(at);
    absl::StatusOr<bundles::Bundle> bundle = store.ReadBundle(at);
    ASSERT_TRUE(bundle.ok()) << bundle.status();
    at = bundle->previous();
  }
  EXPECT_EQ(chain, won);
  std::cout << "concurrent pushes: " << won.size() << " won, " << lost.size() << " lost\n";
}

TEST_F(BundleStoreTest, BundleOverTheNodeLimitIsRefusedWithItsSize) {
  // 1.1 MB of comments: a legal rule file (under 8 MiB), too big for one ZooKeeper node.
  std::string big = kRulesCallOk;
  while (big.size() < 1100000) big += "# " + std::string(97, 'c') + "\n";
  absl::StatusOr<bundles::Bundle> bundle = BundleFromTexts({{"rules", big}}, "rules");
  ASSERT_TRUE(bundle.ok()) << bundle.status();
  BundleStore store = Store();
  absl::StatusOr<BundleStore::PushResult> r = store.Push(*bundle);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  const std::string size = std::to_string(EncodeBundle(*bundle).size());
  EXPECT_NE(r.status().message().find("the bundle is " + size + " bytes encoded"),
            std::string::npos)
      << r.status();
  EXPECT_NE(r.status().message().find("at most 1044480"), std::string::npos) << r.status();
  EXPECT_TRUE(store.ListBundles()->empty());
  EXPECT_EQ(store.ReadCurrent()->name, "");
}

TEST_F(BundleStoreTest, MalformedNodesAreNamedErrors) {
  BundleStore store = Store();
  ASSERT_TRUE(store.InitLayout().ok());
  const absl::Time deadline = absl::Now() + kTimeout;
  // `current` holding something else.
  ASSERT_TRUE(zk_->Set(source_.current_path(), "rm -rf /", -1, deadline).ok());
  absl::StatusOr<BundleStore::Current> cur = store.ReadCurrent();
  EXPECT_EQ(cur.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(cur.status().message().find("not a bundle name"), std::string::npos) << cur.status();
  EXPECT_EQ(store.Push(Bundle("x")).status().code(), absl::StatusCode::kInvalidArgument);

  // A bundle node that is no bundle, and one that does not match its hash.
  ASSERT_TRUE(zk_->Set(source_.current_path(), "", -1, deadline).ok());
  absl::StatusOr<std::string> junk = zk_->Create(source_.bundles_path() + "/bundle-", "\x0a\xff",
                                                 ZkCreateMode::kPersistentSequential, deadline);
  ASSERT_TRUE(junk.ok());
  const std::string junk_name = junk->substr(source_.bundles_path().size() + 1);
  absl::StatusOr<bundles::Bundle> read = store.ReadBundle(junk_name);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(read.status().message().find(*junk + ": not a valid bundle"), std::string::npos)
      << read.status();
  bundles::Bundle tampered = Bundle("t");
  tampered.mutable_files(0)->set_content(std::string(kRulesCallOk) + "# changed\n");
  absl::StatusOr<std::string> t = store.Store(tampered);
  ASSERT_TRUE(t.ok());
  EXPECT_NE(store.ReadBundle(*t).status().message().find("content hash does not match"),
            std::string::npos);
  // Other children of PATH/bundles are not bundles.
  ASSERT_TRUE(
      zk_->Create(source_.bundles_path() + "/README", "", ZkCreateMode::kPersistent, deadline)
          .ok());
  EXPECT_EQ(store.ListBundles()->size(), 2u);

  // A meta report that does not parse, and one under another node's name.
  ASSERT_TRUE(zk_->Create(source_.metas_path() + "/junk", "\xff\xff\xff", ZkCreateMode::kEphemeral,
                          deadline)
                  .ok());
  bundles::MetaReport other;
  other.set_id("someone-else");
  ASSERT_TRUE(zk_->Create(source_.metas_path() + "/liar", other.SerializeAsString(),
                          ZkCreateMode::kEphemeral, deadline)
                  .ok());
  absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store.ListMetas();
  ASSERT_TRUE(metas.ok());
  ASSERT_EQ(metas->size(), 2u);
  EXPECT_EQ((*metas)[0].id, "junk");
  EXPECT_NE((*metas)[0].report.status().message().find("not a meta report"), std::string::npos);
  EXPECT_NE((*metas)[1].report.status().message().find("names another id"), std::string::npos);
}

TEST_F(BundleStoreTest, RollbackRefusesWhatDoesNotLoadAndSkipsItWhenUnnamed) {
  BundleStore store = Store();
  absl::StatusOr<BundleStore::PushResult> good = store.Push(Bundle("good"));
  ASSERT_TRUE(good.ok());
  // An operator writes a bundle that does not load, bypassing push, and puts it in force.
  absl::StatusOr<std::string> bad = store.Store(UncheckedBundle(kRulesBroken));
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE(store.MoveCurrent(*bad, store.ReadCurrent()->version).ok());

  absl::StatusOr<BundleStore::RollbackResult> refused = store.Rollback(*bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  // No recorded previous: the newest older bundle that loads.
  absl::StatusOr<BundleStore::RollbackResult> back = store.Rollback("");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->to, good->name);
  absl::StatusOr<BundleStore::RollbackResult> again = store.Rollback(*bad);
  EXPECT_NE(again.status().message().find("does not load"), std::string::npos) << again.status();
  EXPECT_EQ(store.ReadCurrent()->name, good->name);
}

TEST_F(BundleStoreTest, MetaReportsAreEphemeralAndTakenOverById) {
  BundleStore store = Store();
  bundles::MetaReport report;
  report.set_id("meta-1");
  report.set_bundle("bundle-0000000001");
  report.set_load_ok(true);
  {
    std::unique_ptr<ZkClient> old_session = Connect();
    ASSERT_NE(old_session, nullptr);
    ASSERT_TRUE(Store(old_session.get()).WriteMetaReport(report).ok());
    // The same id from a new session (a restarted meta) replaces it at once.
    report.set_bundle("bundle-0000000002");
    ASSERT_TRUE(store.WriteMetaReport(report).ok());
    absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store.ListMetas();
    ASSERT_TRUE(metas.ok());
    ASSERT_EQ(metas->size(), 1u);
    EXPECT_EQ((*metas)[0].session, zk_->session_id());
    EXPECT_EQ((*metas)[0].report->bundle(), "bundle-0000000002");
  }
  report.set_load_ok(false);
  report.set_error("rules: x:1:1: error");
  ASSERT_TRUE(store.WriteMetaReport(report).ok());  // an update in place
  EXPECT_FALSE((*store.ListMetas())[0].report->load_ok());
  zk_.reset();  // the session ends: the report goes
  std::unique_ptr<ZkClient> observer = Connect();
  EXPECT_TRUE(Store(observer.get()).ListMetas()->empty());
}

}  // namespace
}  // namespace dupready
