// ZkClient against a real ZooKeeper server (one per binary, zk_test_server.h): the calls and
// their errors, size limits on both sides, watches delivered on the event thread, an outage,
// and a session expired on purpose and replaced.
#include "meta_integration/zk/zk_client.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/zk/testing/zk_test_server.h"
#include "meta_integration/zk/testing/tcp_proxy.h"
#include "meta_integration/zk/testing/tsan_suppressions.h"

namespace dupready {
namespace {

// Generous: the machine may be loaded, and tests may run under sanitizers.
absl::Time Deadline() { return absl::Now() + absl::Seconds(30); }

// Events as the client delivered them. WaitFor looks only at events after the last one it
// matched (or after Clear), so a wait for "connected" cannot be met by a connect event from
// before the outage or expiry under test: the initial connect may be delivered late.
class EventLog {
 public:
  void Add(const ZkEvent& e) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(e);
    cv_.notify_all();
  }
  template <typename Pred>
  bool WaitFor(Pred pred, absl::Duration limit = absl::Seconds(60)) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoSeconds(limit), [&] {
      for (; next_ < events_.size(); ++next_) {
        if (pred(events_[next_])) {
          ++next_;
          return true;
        }
      }
      return false;
    });
  }
  // Forgets everything delivered so far.
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    next_ = events_.size();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ZkEvent> events_;
  size_t next_ = 0;  // the first event a WaitFor may match
};

class ZkClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<ZkTestServer*> server = SharedZkTestServer();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *server;
    ASSERT_TRUE(server_->Start().ok());  // a test before may have stopped it
    root_ = std::string("/") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  std::unique_ptr<ZkClient> Connect(EventLog* log = nullptr, int session_timeout_ms = 10000,
                                    int64_t max_node_bytes = kZkMaxNodeBytes) {
    ZkClient::Options options;
    options.hosts = server_->hosts();
    options.session_timeout_ms = session_timeout_ms;
    options.max_node_bytes = max_node_bytes;
    if (log != nullptr) options.on_event = [log](const ZkEvent& e) { log->Add(e); };
    absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
    EXPECT_TRUE(zk.ok()) << zk.status();
    if (!zk.ok()) return nullptr;
    absl::Status up = (*zk)->WaitConnected(Deadline());
    EXPECT_TRUE(up.ok()) << up;
    return *std::move(zk);
  }

  ZkTestServer* server_ = nullptr;
  std::string root_;
};

TEST_F(ZkClientTest, CreateGetSetChildrenDelete) {
  std::unique_ptr<ZkClient> zk = Connect();
  ASSERT_NE(zk, nullptr);
  EXPECT_EQ(zk->state(), ZkSessionState::kConnected);
  EXPECT_NE(zk->session_id(), 0);
  EXPECT_EQ(zk->sessions(), 1);

  ASSERT_TRUE(zk->EnsurePath(root_ + "/a/b", Deadline()).ok());
  ASSERT_TRUE(zk->EnsurePath(root_ + "/a/b", Deadline()).ok());  // again: fine
  absl::StatusOr<std::string> made =
      zk->Create(root_ + "/a/b/n", std::string("x\0y", 3), ZkCreateMode::kPersistent, Deadline());
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_EQ(*made, root_ + "/a/b/n");
  EXPECT_EQ(zk->Create(root_ + "/a/b/n", "", ZkCreateMode::kPersistent, Deadline()).status().code(),
            absl::StatusCode::kAlreadyExists);

  absl::StatusOr<ZkNode> node = zk->Get(root_ + "/a/b/n", Deadline());
  ASSERT_TRUE(node.ok()) << node.status();
  EXPECT_EQ(node->data, std::string("x\0y", 3));
  EXPECT_EQ(node->stat.version, 0);
  EXPECT_EQ(node->stat.data_length, 3);

  // Compare-and-set: the right version wins once, the stale one loses.
  absl::StatusOr<ZkStat> set = zk->Set(root_ + "/a/b/n", "two", 0, Deadline());
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->version, 1);
  absl::StatusOr<ZkStat> stale = zk->Set(root_ + "/a/b/n", "three", 0, Deadline());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_NE(stale.status().message().find(root_ + "/a/b/n"), std::string::npos);
  EXPECT_EQ(zk->Get(root_ + "/a/b/n", Deadline())->data, "two");

  // Sequential nodes: ten-digit suffixes, in order.
  absl::StatusOr<std::string> s1 =
      zk->Create(root_ + "/a/seq-", "1", ZkCreateMode::kPersistentSequential, Deadline());
  absl::StatusOr<std::string> s2 =
      zk->Create(root_ + "/a/seq-", "2", ZkCreateMode::kPersistentSequential, Deadline());
  ASSERT_TRUE(s1.ok() && s2.ok());
  EXPECT_EQ(s1->size(), (root_ + "/a/seq-").size() + 10);
  EXPECT_LT(*s1, *s2);

  absl::StatusOr<std::vector<std::string>> kids = zk->Children(root_ + "/a", Deadline());
  ASSERT_TRUE(kids.ok()) << kids.status();
  std::sort(kids->begin(), kids->end());
  ASSERT_EQ(kids->size(), 3u);
  EXPECT_EQ((*kids)[0], "b");

  EXPECT_EQ(zk->Delete(root_ + "/a", -1, Deadline()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(zk->Delete(root_ + "/a/b/n", 0, Deadline()).code(), absl::StatusCode::kAborted);
  EXPECT_TRUE(zk->Delete(root_ + "/a/b/n", 1, Deadline()).ok());
  EXPECT_EQ(zk->Get(root_ + "/a/b/n", Deadline()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(zk->Exists(root_ + "/a/b/n", Deadline()).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ZkClientTest, MalformedPathsAreRefusedBeforeAnythingIsSent) {
  std::unique_ptr<ZkClient> zk = Connect();
  ASSERT_NE(zk, nullptr);
  for (const std::string& bad :
       {std::string("relative"), std::string(""), std::string("/with\0nul", 9)}) {
    EXPECT_EQ(zk->Get(bad, Deadline()).status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(zk->Create(bad, "", ZkCreateMode::kPersistent, Deadline()).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  // The C library's own checks: a trailing slash, an empty component.
  EXPECT_EQ(zk->Get(root_ + "/", Deadline()).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(zk->Get(root_ + "//x", Deadline()).status().code(), absl::StatusCode::kInvalidArgument);

  ZkClient::Options options;
  options.hosts = "";
  EXPECT_EQ(ZkClient::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.hosts = "127.0.0.1:1/chroot";
  EXPECT_EQ(ZkClient::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ZkClientTest, SizesAreBoundedOnWriteAndOnRead) {
  std::unique_ptr<ZkClient> zk = Connect();
  ASSERT_NE(zk, nullptr);
  ASSERT_TRUE(zk->EnsurePath(root_, Deadline()).ok());

  // The largest node the client allows, at the longest path it allows: the server takes it
  // (a request over the server's jute.maxbuffer would cost the connection instead).
  const std::string largest(static_cast<size_t>(kZkMaxNodeBytes), 'x');
  const std::string long_path = root_ + "/" + std::string(kZkMaxPathBytes - root_.size() - 1, 'p');
  absl::StatusOr<std::string> longest =
      zk->Create(long_path, largest, ZkCreateMode::kPersistent, Deadline());
  ASSERT_TRUE(longest.ok()) << longest.status();
  EXPECT_EQ(zk->Create(long_path + "p", "", ZkCreateMode::kPersistent, Deadline()).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::string> big =
      zk->Create(root_ + "/largest", largest, ZkCreateMode::kPersistent, Deadline());
  ASSERT_TRUE(big.ok()) << big.status();
  EXPECT_EQ(zk->Get(root_ + "/largest", Deadline())->data.size(), largest.size());

  absl::StatusOr<std::string> over =
      zk->Create(root_ + "/over", largest + "x", ZkCreateMode::kPersistent, Deadline());
  EXPECT_EQ(over.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(over.status().message().find("1044481 bytes; the limit is 1044480"), std::string::npos)
      << over.status();

  // A reader with a smaller limit refuses the node from its stat, before fetching it.
  std::unique_ptr<ZkClient> small = Connect(nullptr, 10000, 1000);
  ASSERT_NE(small, nullptr);
  absl::StatusOr<ZkNode> refused = small->Get(root_ + "/largest", Deadline());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.status().message().find("holds 1044480 bytes; the limit is 1000"),
            std::string::npos)
      << refused.status();
}

TEST_F(ZkClientTest, WatchEventsArriveOnTheEventThreadWhichMayCallBack) {
  std::unique_ptr<ZkClient> writer = Connect();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->EnsurePath(root_ + "/node", Deadline()).ok());

  // The handler re-reads the node and sets the watch again: a blocking call from on_event.
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen;
  ZkClient* reader_ptr = nullptr;
  ZkClient::Options options;
  options.hosts = server_->hosts();
  const std::string path = root_ + "/node";
  options.on_event = [&](const ZkEvent& e) {
    if (e.kind != ZkEvent::Kind::kNodeChanged || e.path != path) return;
    absl::StatusOr<ZkNode> node = reader_ptr->Get(path, Deadline(), /*watch=*/true);
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(node.ok() ? node->data : std::string(node.status().message()));
    cv.notify_all();
  };
  absl::StatusOr<std::unique_ptr<ZkClient>> reader = ZkClient::Start(options);
  ASSERT_TRUE(reader.ok());
  reader_ptr = reader->get();
  ASSERT_TRUE((*reader)->WaitConnected(Deadline()).ok());
  ASSERT_TRUE((*reader)->Get(path, Deadline(), /*watch=*/true).ok());

  for (const char* value : {"one", "two", "three"}) {
    const size_t before = [&] {
      std::lock_guard<std::mutex> lock(mu);
      return seen.size();
    }();
    ASSERT_TRUE(writer->Set(path, value, -1, Deadline()).ok());
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return seen.size() > before; }))
        << "no change event for " << value;
    EXPECT_EQ(seen.back(), value);
  }
}

TEST_F(ZkClientTest, NothingListeningMeansUnavailableInTime) {
  ZkClient::Options options;
  options.hosts = "127.0.0.1:1";  // nothing listens on port 1
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
  ASSERT_TRUE(zk.ok());
  const absl::Time start = absl::Now();
  absl::Status up = (*zk)->WaitConnected(start + absl::Milliseconds(500));
  EXPECT_EQ(up.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(up.message().find("127.0.0.1:1"), std::string::npos) << up;
  absl::StatusOr<ZkNode> got = (*zk)->Get("/x", absl::Now() + absl::Seconds(2));
  EXPECT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsUnavailable(got.status()) || absl::IsDeadlineExceeded(got.status()))
      << got.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(20));
}

TEST_F(ZkClientTest, EphemeralNodesGoWithTheClient) {
  std::unique_ptr<ZkClient> observer = Connect();
  ASSERT_NE(observer, nullptr);
  ASSERT_TRUE(observer->EnsurePath(root_, Deadline()).ok());
  {
    std::unique_ptr<ZkClient> owner = Connect();
    ASSERT_NE(owner, nullptr);
    ASSERT_TRUE(owner->Create(root_ + "/e", "me", ZkCreateMode::kEphemeral, Deadline()).ok());
    absl::StatusOr<ZkStat> stat = observer->Exists(root_ + "/e", Deadline());
    ASSERT_TRUE(stat.ok());
    EXPECT_EQ(stat->ephemeral_owner, owner->session_id());
  }
  EXPECT_EQ(observer->Exists(root_ + "/e", Deadline()).status().code(),
            absl::StatusCode::kNotFound);
}

// The server goes away and comes back: a standalone server restores its sessions when it
// starts, so the client resumes the same session, with its ephemeral node and its watch.
TEST_F(ZkClientTest, OutageThenRestartResumesTheSession) {
  EventLog log;
  std::unique_ptr<ZkClient> zk = Connect(&log, 3000);
  ASSERT_NE(zk, nullptr);
  ASSERT_TRUE(zk->EnsurePath(root_, Deadline()).ok());
  ASSERT_TRUE(zk->Create(root_ + "/e", "", ZkCreateMode::kEphemeral, Deadline()).ok());
  ASSERT_TRUE(zk->EnsurePath(root_ + "/w", Deadline()).ok());
  ASSERT_TRUE(zk->Get(root_ + "/w", Deadline(), /*watch=*/true).ok());
  const int64_t session = zk->session_id();
  log.Clear();

  ASSERT_TRUE(server_->Stop().ok());
  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kConnecting;
  }));
  absl::StatusOr<ZkNode> down = zk->Get(root_ + "/w", absl::Now() + absl::Seconds(5));
  EXPECT_FALSE(down.ok());
  ASSERT_TRUE(server_->Start().ok()) << server_->LogTail();
  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kConnected;
  }));
  EXPECT_EQ(zk->session_id(), session);
  EXPECT_EQ(zk->sessions(), 1);
  EXPECT_TRUE(zk->Exists(root_ + "/e", Deadline()).ok());

  std::unique_ptr<ZkClient> writer = Connect(nullptr, 3000);
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Set(root_ + "/w", "after", -1, Deadline()).ok());
  const std::string w = root_ + "/w";
  EXPECT_TRUE(log.WaitFor(
      [&](const ZkEvent& e) { return e.kind == ZkEvent::Kind::kNodeChanged && e.path == w; }));
}

// The session is killed on the server (a second handle on the same session, closed): the
// client reports kExpired, makes a new session, and says so with new_session.
TEST_F(ZkClientTest, ExpiredSessionIsReplaced) {
  EventLog log;
  std::unique_ptr<ZkClient> zk = Connect(&log, 4000);
  ASSERT_NE(zk, nullptr);
  ASSERT_TRUE(zk->EnsurePath(root_, Deadline()).ok());
  ASSERT_TRUE(zk->Create(root_ + "/e", "", ZkCreateMode::kEphemeral, Deadline()).ok());
  const ZkClient::Credentials creds = zk->credentials();
  ASSERT_EQ(creds.password.size(), 16u);
  log.Clear();

  ASSERT_TRUE(server_->ExpireSession(creds.session_id, creds.password).ok());

  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kExpired;
  }));
  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kConnected &&
           e.new_session;
  }));
  EXPECT_EQ(zk->sessions(), 2);
  EXPECT_NE(zk->session_id(), creds.session_id);
  EXPECT_EQ(zk->Exists(root_ + "/e", Deadline()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(zk->Create(root_ + "/e", "", ZkCreateMode::kEphemeral, Deadline()).ok());
}

// The server stays up but hears nothing from the client for longer than the session timeout
// (a network partition): the server expires the session, and when the client gets through
// again it is told so, makes a new session and its ephemeral node is gone.
TEST_F(ZkClientTest, PartitionLongerThanTheSessionTimeoutExpiresTheSession) {
  absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(server_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  EventLog log;
  ZkClient::Options options;
  options.hosts = (*proxy)->hosts();
  options.session_timeout_ms = 1000;
  options.on_event = [&log](const ZkEvent& e) { log.Add(e); };
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
  ASSERT_TRUE(zk.ok()) << zk.status();
  std::unique_ptr<ZkClient> watcher = Connect();
  ASSERT_NE(watcher, nullptr);
  ASSERT_TRUE((*zk)->EnsurePath(root_, Deadline()).ok());
  ASSERT_TRUE((*zk)->Create(root_ + "/e", "", ZkCreateMode::kEphemeral, Deadline()).ok());
  const int64_t session = (*zk)->session_id();
  log.Clear();

  (*proxy)->Cut();
  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kConnecting;
  }));
  // The server ends the session on its own: its ephemeral node goes, seen by another client.
  const absl::Time end = absl::Now() + absl::Seconds(60);
  while (watcher->Exists(root_ + "/e", Deadline()).ok() && absl::Now() < end) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(watcher->Exists(root_ + "/e", Deadline()).status().code(),
            absl::StatusCode::kNotFound);
  (*proxy)->Heal();

  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kExpired;
  }));
  ASSERT_TRUE(log.WaitFor([](const ZkEvent& e) {
    return e.kind == ZkEvent::Kind::kSession && e.state == ZkSessionState::kConnected &&
           e.new_session;
  }));
  EXPECT_EQ((*zk)->sessions(), 2);
  EXPECT_NE((*zk)->session_id(), session);
  EXPECT_TRUE((*zk)->Create(root_ + "/e", "", ZkCreateMode::kEphemeral, Deadline()).ok());
  EXPECT_GE((*proxy)->forwarded(), 2);
}

}  // namespace
}  // namespace dupready
