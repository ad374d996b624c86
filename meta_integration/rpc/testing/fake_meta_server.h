// Copyright 2026 The dupready Authors.
//
// fake_meta_server.h (tests and demos only): a Pegasus meta server on 127.0.0.1 with a fixed
// behaviour, so `probe`, `doctor` and the meta client can be tested end to end without Pegasus.
// As a follower cluster's meta it answers RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX; as a source
// cluster's meta RPC_CM_LIST_DUPLICATION, RPC_CM_LIST_APPS and RPC_CM_QUERY_DUPLICATION from
// `tables`:
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
// As Pegasus does: a non-leader names the leader only in the query-configuration reply (the
// other replies carry ERR_FORWARD_TO_OTHERS alone); an RPC the meta has no handler for (not
// one of the four, or listed in `unknown_rpcs`) gets the transport error ERR_HANDLER_NOT_FOUND,
// the reply name RPC + "_ACK" and no result.
//
// It serves one connection at a time, several requests per connection, on its own thread.
// It stops by itself: when destroyed, on Stop(), or when `lifetime` has passed, so a test
// that forgets it cannot leave a server behind. Every read it does is bounded (meta_rpc.h).

#ifndef DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_
#define DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "meta_integration/rpc/meta_client.h"
#include "meta_integration/rpc/socket_io.h"
#include "meta_integration/wire/idl/pegasus_admin_types.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"

namespace dupready {

// A table of a source cluster: what RPC_CM_LIST_APPS says of it (name, id, partition count,
// status) and its duplications.
struct FakeTable {
  pegasus_wire::app_info info;
  std::vector<pegasus_wire::duplication_entry> duplications;
};

struct FakeMetaBehavior {
  enum class Kind {
    kServe,           // the leader: `response` for app_name (or `configs`), `tables`
    kForward,         // not the leader: ERR_FORWARD_TO_OTHERS, naming `leader` (if host set)
                      // in the query-configuration reply only
    kNotActive,       // ERR_SERVICE_NOT_ACTIVE
    kTransportError,  // a reply whose heading error is `transport_err`, without a result
    kClose,           // reads the request, then closes the connection without a word
    kSilent,          // reads the request and never replies (the client must time out)
    kGarbage,         // replies with a frame that is not a valid reply
  } kind = Kind::kServe;
  std::string app_name;  // kServe: the table it knows ("" answers for any name)
  pegasus_wire::query_cfg_response response;
  // kServe, follower side: the tables it knows, by name (when not empty, instead of
  // app_name/response); others get ERR_OBJECT_NOT_FOUND.
  std::map<std::string, pegasus_wire::query_cfg_response> configs;
  // kServe, source side: the cluster's tables, in the order RPC_CM_LIST_APPS lists them.
  std::vector<FakeTable> tables;
  // RPCs this meta has no handler for, as a release older than them.
  std::set<std::string> unknown_rpcs;
  // Results sent as they are (the bytes of any struct, even a malformed one), by RPC name, in
  // place of what kServe would answer.
  std::map<std::string, std::string> raw_results;
  MetaAddress leader;    // kForward
  std::string transport_err = "ERR_HANDLER_NOT_FOUND";
  absl::Duration delay = absl::ZeroDuration();  // before each reply
  // When not 0: each reply's length prefix claims this many bytes, only the first half of the
  // reply is sent, and the connection closes.
  uint32_t claimed_reply_bytes = 0;
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

  // Requests received (whole, decoded or not) so far, the app names asked for (by the
  // query-configuration and query-duplication RPCs), and the RPC names asked, in order.
  int requests() const { return requests_.load(); }
  std::vector<std::string> apps_asked() const;
  std::vector<std::string> rpcs_asked() const;

  // Stops serving and joins the thread. Idempotent.
  void Stop();

 private:
  FakeMetaServer(FakeMetaBehavior behavior, UniqueFd listener, int port, absl::Time end)
      : behavior_(std::move(behavior)), listener_(std::move(listener)), port_(port), end_(end) {}
  void Loop();
  void Serve(int fd);
  absl::StatusOr<std::string> ReplyTo(const uint8_t* body, size_t len);
  // The result struct of `rpc` for its args (asking about `app`); `err`, when not empty, is
  // the response's error instead of an answer.
  absl::StatusOr<std::string> Result(const std::string& rpc, const uint8_t* args, size_t args_len,
                                     const std::string& app, const std::string& err) const;
  bool Stopping() const { return stop_.load() || absl::Now() >= end_; }

  const FakeMetaBehavior behavior_;
  UniqueFd listener_;
  const int port_;
  const absl::Time end_;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  mutable absl::Mutex mu_;
  std::vector<std::string> apps_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> rpcs_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed): connecting is refused.
absl::StatusOr<int> ClosedLoopbackPort();

// An available table of a source cluster, without duplications.
FakeTable SourceTable(const std::string& name, int32_t app_id, int32_t partition_count);

// A duplication as a meta lists it. An empty remote_app leaves remote_app_name unset, and a
// negative remote_replica_count leaves that unset, as a meta before Pegasus 2.6 sends them.
pegasus_wire::duplication_entry Duplication(int32_t dupid,
                                            pegasus_wire::duplication_status::type status,
                                            const std::string& remote,
                                            const std::string& remote_app = "",
                                            int32_t remote_replica_count = -1);

// A source cluster's leader meta with four tables, listed in this order:
//   users  app 5, 4 partitions: dupid 2 DS_PAUSE to c2.users_v2, 3 replicas
//   orders app 3, 8 partitions: dupid 4 DS_LOG to c3 (follower's name and replica count unset,
//          as before Pegasus 2.6), then dupid 1 DS_APP to c2.orders_bak, 1 replica
//   empty  app 6, 16 partitions, no duplications
//   old    app 9, 2 partitions, being dropped (AS_DROPPING): dupid 7 DS_APP to c2
FakeMetaBehavior SampleSourceCluster();

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_TESTING_FAKE_META_SERVER_H_
