// Copyright 2026 The dupready Authors.
//
// zk_client.h: a small RAII client over ZooKeeper's C API (the multi-threaded libzookeeper_mt):
// one session at a time, blocking calls with deadlines, watch and session events delivered in
// order to one callback, and a new session made by itself when the old one expires.
//
//   ZkClient::Options options;
//   options.hosts = "10.0.0.1:2181,10.0.0.2:2181";
//   options.on_event = [](const ZkEvent& e) { ... };  // the client's own thread
//   absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
//   if (absl::Status s = (*zk)->WaitConnected(absl::Now() + absl::Seconds(5)); !s.ok()) ...
//   absl::StatusOr<ZkNode> node = (*zk)->Get("/a/b", absl::Now() + absl::Seconds(5),
//                                            /*watch=*/true);
//   absl::StatusOr<ZkStat> set = (*zk)->Set("/a/b", "new", node->stat.version, deadline);
//   // set.status().code() == kAborted: someone else changed /a/b first
//
// Errors: NotFound (no node), AlreadyExists, Aborted (the version did not match: a lost
// compare-and-set), FailedPrecondition (node not empty, children of an ephemeral), Unavailable
// (no connection, session expired, connection lost: the call may or may not have happened),
// DeadlineExceeded (no answer in time: the same uncertainty), ResourceExhausted (data over
// max_node_bytes, or more children than max_children), InvalidArgument (a malformed path),
// Cancelled (the client is closing). Each message names the operation and the path.
//
// Sizes: every write is refused above max_node_bytes before it is sent; Get reads the node's
// size from its stat first and refuses a node over the limit before fetching it, and checks
// the fetched length again before copying it. (The C library itself buffers each response at
// the length the server announces; a ZooKeeper server caps node data at its jute.maxbuffer.)
//
// Threads: every method may be called from any thread, including from on_event. on_event runs
// on the client's event thread, one event at a time, never on one of ZooKeeper's own threads,
// so it may make blocking calls; it must not destroy the client.
//
// Sessions: a session that expires (the server has dropped its ephemeral nodes and watches) is
// replaced by a new one, and the first kConnected of every session carries new_session = true:
// that is the moment to recreate ephemeral nodes and set watches again. Within one session,
// the C library restores watches across reconnections itself.

#ifndef DUPREADY_META_INTEGRATION_ZK_ZK_CLIENT_H_
#define DUPREADY_META_INTEGRATION_ZK_ZK_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dupready {

// The most data a node may hold. A ZooKeeper server drops the connection of a client whose
// request is larger than its jute.maxbuffer (by default 0xfffff bytes, header and path
// included); 4 KiB of that are left for the header and the path (kZkMaxPathBytes).
inline constexpr int64_t kZkMaxNodeBytes = 0xfffff + 1 - 4096;
inline constexpr size_t kZkMaxPathBytes = 2048;

// A node's metadata (ZooKeeper's Stat; times in ms since the epoch).
struct ZkStat {
  int64_t czxid = 0;
  int64_t mzxid = 0;
  int64_t ctime_ms = 0;
  int64_t mtime_ms = 0;
  int32_t version = 0;          // of the data: the compare-and-set token
  int32_t cversion = 0;         // of the children
  int64_t ephemeral_owner = 0;  // the owning session's id; 0 for a persistent node
  int32_t data_length = 0;
  int32_t num_children = 0;
};

struct ZkNode {
  std::string data;
  ZkStat stat;
};

enum class ZkCreateMode { kPersistent, kEphemeral, kPersistentSequential, kEphemeralSequential };

enum class ZkSessionState {
  kConnecting,  // no connection yet, or lost: the C library keeps trying every host
  kConnected,
  kExpired,  // the server dropped the session; a new one is being made
  kClosed,   // the client is being destroyed
};

const char* ZkSessionStateName(ZkSessionState state);

struct ZkEvent {
  enum class Kind {
    kSession,          // `state` changed
    kNodeCreated,      // `path` was created (an Exists watch)
    kNodeDeleted,      // `path` was deleted
    kNodeChanged,      // `path`'s data changed
    kChildrenChanged,  // `path`'s children changed
  };
  Kind kind = Kind::kSession;
  std::string path;                                    // node events
  ZkSessionState state = ZkSessionState::kConnecting;  // kSession
  bool new_session = false;  // kSession, kConnected: the first connection of a session
};

class ZkClient {
 public:
  struct Options {
    std::string hosts;  // "host:port[,host:port...]"
    // Asked of the server, which grants a value between 2 and 20 of its ticks.
    int session_timeout_ms = 10000;
    int64_t max_node_bytes = kZkMaxNodeBytes;
    int64_t max_children = 100000;
    std::function<void(const ZkEvent&)> on_event;  // may be empty
  };

  // Creates the handle; the connection is made in the background (see WaitConnected).
  // InvalidArgument for an empty host list or bad options; Unavailable when the C library
  // refuses the host list (e.g. a name that does not resolve).
  static absl::StatusOr<std::unique_ptr<ZkClient>> Start(Options options);

  ZkClient(const ZkClient&) = delete;
  ZkClient& operator=(const ZkClient&) = delete;
  // Close().
  ~ZkClient();

  // Closes the session (its ephemeral nodes go at once), completes pending calls with
  // Cancelled, and stops the event thread: no on_event runs after it returns. Later calls
  // fail with Unavailable. Idempotent. REQUIRES: not called from on_event.
  void Close();

  // Waits until connected, or returns Unavailable naming the hosts at `deadline`.
  absl::Status WaitConnected(absl::Time deadline);
  ZkSessionState state() const;
  // The current session's id (0 before the first connection).
  int64_t session_id() const;
  // Sessions established so far: 1 after the first connection, +1 after each expiry.
  int64_t sessions() const;
  const std::string& hosts() const;

  absl::StatusOr<ZkNode> Get(const std::string& path, absl::Time deadline, bool watch = false);
  // NotFound when absent; with `watch`, a watch is set either way (created/changed/deleted).
  absl::StatusOr<ZkStat> Exists(const std::string& path, absl::Time deadline, bool watch = false);
  // The children's names (not paths), in the server's order.
  absl::StatusOr<std::vector<std::string>> Children(const std::string& path, absl::Time deadline,
                                                    bool watch = false);
  // Returns the path created: for sequential modes, with the sequence number appended.
  absl::StatusOr<std::string> Create(const std::string& path, const std::string& data,
                                     ZkCreateMode mode, absl::Time deadline);
  // `version` -1 sets unconditionally; otherwise Aborted unless the node is at `version`.
  absl::StatusOr<ZkStat> Set(const std::string& path, const std::string& data, int32_t version,
                             absl::Time deadline);
  absl::Status Delete(const std::string& path, int32_t version, absl::Time deadline);
  // Creates `path` and any missing ancestor as empty persistent nodes; existing ones are fine.
  absl::Status EnsurePath(const std::string& path, absl::Time deadline);

  // The session's id and password: for tests that expire a session on purpose by opening a
  // second handle on it and closing that. Empty password before the first connection.
  struct Credentials {
    int64_t session_id = 0;
    std::string password;
  };
  Credentials credentials() const;

  struct Core;  // what ZooKeeper's callbacks reach (public so the .cc's helpers may name it)

 private:
  explicit ZkClient(std::unique_ptr<Core> core);
  std::unique_ptr<Core> core_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_ZK_ZK_CLIENT_H_
