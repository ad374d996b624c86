// Copyright 2026 The dupready Authors.
//
// tcp_proxy.h (tests only): a TCP proxy on 127.0.0.1 that can cut its clients off from a
// server that stays up, the one outage a server restart cannot stage: ZooKeeper keeps running,
// hears nothing from the client for longer than the session timeout, and expires the session.
//
//   absl::StatusOr<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(server->port());
//   ASSERT_TRUE(proxy.ok()) << proxy.status();
//   ... a client connects to (*proxy)->hosts() ...
//   (*proxy)->Cut();    // every connection closed; new ones accepted and closed at once
//   (*proxy)->Heal();   // connections are forwarded again
//
// One thread forwards every connection with poll(2); Cut and Heal return once that thread has
// acted on them, so a test's next step sees the new state.

#ifndef DUPREADY_META_INTEGRATION_ZK_TESTING_TCP_PROXY_H_
#define DUPREADY_META_INTEGRATION_ZK_TESTING_TCP_PROXY_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace dupready {

class TcpProxy {
 public:
  // Listens on a free port of 127.0.0.1 and forwards each connection to 127.0.0.1:target_port.
  static absl::StatusOr<std::unique_ptr<TcpProxy>> Start(int target_port);

  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;
  ~TcpProxy();  // closes everything and joins the thread

  // "127.0.0.1:PORT": where clients connect.
  const std::string& hosts() const { return hosts_; }

  void Cut();
  void Heal();

  // Connections forwarded so far (not counting those refused while cut).
  int64_t forwarded() const;

 private:
  TcpProxy(int listen_fd, int wake_read, int wake_write, int target_port);
  void Loop();
  // Applies `cut` and waits for the thread to act on it.
  void Request(bool cut);

  const int listen_fd_, wake_read_, wake_write_, target_port_;
  std::string hosts_;

  mutable std::mutex mu_;  // guards the four below
  std::condition_variable cv_;
  bool cut_ = false;
  bool stop_ = false;
  int64_t requested_ = 0, applied_ = 0;  // Cut/Heal requests made and acted on
  int64_t forwarded_ = 0;

  std::thread thread_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_ZK_TESTING_TCP_PROXY_H_
