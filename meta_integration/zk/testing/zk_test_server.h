// Copyright 2026 The dupready Authors.
//
// zk_test_server.h (tests only): a real, throw-away ZooKeeper server.
//
//   absl::StatusOr<ZkTestServer*> zk = SharedZkTestServer();   // one per test binary
//   ASSERT_TRUE(zk.ok()) << zk.status();
//   std::string hosts = (*zk)->hosts();                        // "127.0.0.1:PORT"
//   ASSERT_TRUE((*zk)->Stop().ok());                           // an outage ...
//   ASSERT_TRUE((*zk)->Start().ok());                          // ... same port, same data
//
// The server is Debian's ZooKeeper 3.8 run as `java ... ZooKeeperServerMain zoo.cfg`:
// standalone, listening on 127.0.0.1 only, on a free port outside the kernel's ephemeral range
// (so no client socket can be sitting on it while the server is down), with its data directory
// under TEST_TMPDIR, the admin HTTP server off, and tickTime 500 ms, so the shortest session
// timeout it grants is 1 s and session expiry can be tested in seconds. Start returns once the
// server answers ZooKeeper's `srvr` command as serving, not merely once the port accepts.
//
// Cleanup: the server runs in its own session and process group; Stop() and the destructor
// kill the group and reap it. It also dies with the thread that started it (PR_SET_PDEATHSIG),
// so a test that crashes, or that Bazel kills at its timeout, leaves no server behind. Start it
// from a thread that lives as long as the server should (the test's main thread).
//
// Startup costs 1.5-4 s of Java on two cores: share one server per test binary and give each
// test its own ZooKeeper path.

#ifndef DUPREADY_META_INTEGRATION_ZK_TESTING_ZK_TEST_SERVER_H_
#define DUPREADY_META_INTEGRATION_ZK_TESTING_ZK_TEST_SERVER_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {

class ZkTestServer {
 public:
  struct Options {
    int tick_ms = 500;
    // How long to wait for the server to serve. Generous: Java on a loaded machine, under
    // sanitizers, can take tens of seconds.
    absl::Duration start_deadline = absl::Seconds(90);
  };

  // Creates the configuration and data directory, picks a port and starts the server. When the
  // server dies before serving (another process took the port in between), tries up to three
  // ports. The error carries the tail of the server's log.
  static absl::StatusOr<std::unique_ptr<ZkTestServer>> Create(const Options& options);
  static absl::StatusOr<std::unique_ptr<ZkTestServer>> Create() { return Create(Options()); }

  ZkTestServer(const ZkTestServer&) = delete;
  ZkTestServer& operator=(const ZkTestServer&) = delete;
  ~ZkTestServer();  // Stop()

  // "127.0.0.1:PORT", for zookeeper_init and zk:// URIs.
  const std::string& hosts() const { return hosts_; }
  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // -1 when stopped

  // Kills the server's process group (SIGKILL: an outage, not a clean shutdown) and reaps it.
  // Idempotent.
  absl::Status Stop();

  // Starts the server again on the same port with the same data (a no-op when running).
  absl::Status Start();

  // Ends the session `session_id` on the server, as its expiry would: opens a second handle on
  // the session with its password and closes it, until ZooKeeper's `dump` no longer lists the
  // session (its owner may take the session back before the close arrives). The owner sees
  // it expired when it next reaches the server.
  absl::Status ExpireSession(int64_t session_id, const std::string& password);

  // The last `bytes` of the server's output (warnings and errors), for failure messages.
  std::string LogTail(size_t bytes = 4000) const;

 private:
  ZkTestServer(Options options, std::string dir, int port);
  absl::Status Spawn();
  absl::Status WaitServing(absl::Time deadline);

  const Options options_;
  const std::string dir_;  // zoo.cfg, data/, server.log
  const int port_;
  const std::string hosts_;
  pid_t pid_ = -1;
};

// A client of `server`, connected (waits up to 60 s), or the reason it is not.
//
// Tests that restart the server should ask for a short session timeout: a client that
// reconnects while the server is still starting may be accepted and then left without an
// answer until 2/3 of its timeout has passed.
absl::StatusOr<std::unique_ptr<ZkClient>> ConnectTestClient(
    const ZkTestServer& server, std::function<void(const ZkEvent&)> on_event = nullptr,
    int session_timeout_ms = 10000);

// One server for the whole test binary, created on first use and stopped when the process
// exits. Call it first from the main thread (see PR_SET_PDEATHSIG above).
absl::StatusOr<ZkTestServer*> SharedZkTestServer();

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_ZK_TESTING_ZK_TEST_SERVER_H_
