// Copyright 2026 The dupready Authors.
//
// fake_meta_server.h (tests and demos only): a Pegasus meta server that answers
// RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX on 127.0.0.1 with a fixed behaviour, so `probe` and
// the meta client can be tested end to end without Pegasus:
//
//   FakeMetaBehavior leader;                    // serves `response` for app "orders"
//   leader.app_name = "orders";
//   leader.response = ...;                      // e.g. ProtoToReply(snapshot.response())
//   auto l = FakeMetaServer::Start(leader);     // ephemeral port
//   FakeMetaBehavior follower;                  // a non-leader that names the leader
//   follower.kind = FakeMetaBehavior::Kind::kForward;
//   follower.leader = {"127.0.0.1", (*l)->port()};
//   auto f = FakeMetaServer::Start(follower);
//
// It serves one connection at a time, several requests per connection, on its own thread.
// It stops by itself: when destroyed, on Stop(), or when `lifetime` has passed, so a test
// that forgets it cannot leave a server behind. Every read it does is bounded (meta_rpc.h).

#ifndef DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_
#define DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/rpc/meta_client.h"
#include "meta_integration/rpc/socket_io.h"

namespace dupready {

struct FakeMetaBehavior {
  enum class Kind {
    kServe,           // the leader: `response` for app_name, ERR_OBJECT_NOT_FOUND for others
    kForward,         // not the leader: ERR_FORWARD_TO_OTHERS naming `leader` (if host set)
    kNotActive,       // ERR_SERVICE_NOT_ACTIVE
    kTransportError,  // a reply whose heading error is `transport_err`, without a result
    kClose,           // reads the request, then closes the connection without a word
    kSilent,          // reads the request and never replies (the client must time out)
    kGarbage,         // replies with a frame that is not a valid reply
  } kind = Kind::kServe;
  std::string app_name;  // kServe: the table it knows ("" answers for any name)
  pegasus_wire::query_cfg_response response;
  MetaAddress leader;    // kForward
  std::string transport_err = "ERR_HANDLER_NOT_FOUND";
  absl::Duration delay = absl::ZeroDuration();  // before each reply
};

class FakeMetaServer {
 public:
  // Listens on 127.0.0.1:port (0: an ephemeral port) and serves until destroyed, Stop(), or
  // `lifetime` has passed.
  static absl::StatusOr<std::unique_ptr<FakeMetaServer>> Start(
      FakeMetaBehavior behavior, int port = 0, absl::Duration lifetime = absl::Seconds(60));
  ~FakeMetaServer();
  FakeMetaServer(const FakeMetaServer&) = delete;
  FakeMetaServer& operator=(const FakeMetaServer&) = delete;

  int port() const { return port_; }
  MetaAddress address() const { return MetaAddress{"127.0.0.1", port_}; }

  // Requests received (whole, decoded or not) so far, and the app names asked for.
  int requests() const { return requests_.load(); }
  std::vector<std::string> apps_asked() const;

  // Stops serving and joins the thread. Idempotent.
  void Stop();

 private:
  FakeMetaServer(FakeMetaBehavior behavior, UniqueFd listener, int port, absl::Time end)
      : behavior_(std::move(behavior)), listener_(std::move(listener)), port_(port), end_(end) {}
  void Loop();
  void Serve(int fd);
  absl::StatusOr<std::string> ReplyTo(const uint8_t* body, size_t len);
  bool Stopping() const { return stop_.load() || absl::Now() >= end_; }

  const FakeMetaBehavior behavior_;
  UniqueFd listener_;
  const int port_;
  const absl::Time end_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  mutable absl::Mutex mu_;
  std::vector<std::string> apps_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed): connecting is refused.
absl::StatusOr<int> ClosedLoopbackPort();

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_
