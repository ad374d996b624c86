// Copyright 2026 The dupready Authors.
//
// meta_client.h: asks a Pegasus cluster's meta servers, the way Pegasus's own clients do: any
// RPC (AskMetas), and a table's partition configuration (QueryPartitionConfig, what `probe`
// asks a follower cluster). Who answers and how: meta_integration/PEGASUS.md, "RPC framing".
//
//   absl::StatusOr<std::vector<MetaAddress>> metas = ParseMetaList("10.0.0.1:34601,10.0.0.2");
//   absl::StatusOr<MetaAnswer> a = QueryPartitionConfig(*metas, "orders", MetaQueryOptions());
//   // a->reply.transport_err, a->reply.response_bytes, a->attempts
//
// The metas are asked in order. Only the leader serves; a meta that is not the leader answers
// ERR_FORWARD_TO_OTHERS, and names the leader only in the query-configuration RPC's reply
// (partitions[0].primary). Such a named leader is followed (at most max_forwards hops in all,
// never to an address already asked); for the other RPCs the client can ask the same meta for
// the leader with the query-configuration RPC and follow that (MetaRpcSpec). A forward without
// a leader, ERR_SERVICE_NOT_ACTIVE, ERR_UNDER_RECOVERY and transport errors move on to the next
// meta. The first other reply is the answer. When none comes, the last of those replies is the
// answer; when no meta replied at all, the result is Unavailable (or DeadlineExceeded) whose
// message lists each address and what happened.
//
// Sockets are non-blocking and every step (connect, send, receive) waits with poll() until a
// deadline: the whole question never takes much longer than options.timeout_ms. Each meta still
// in the list gets an equal share of the time that remains, so one silent meta cannot use up
// the time of the others. A reply is read as its bytes arrive, never into a buffer of the size
// it claims. Host names are resolved with getaddrinfo(), which may block on DNS beyond the
// deadline; IP literals never do. Thread-compatible; no global state but a seqid counter.

#ifndef DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_
#define DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "meta_integration/rpc/meta_rpc.h"

namespace dupready {

struct MetaAddress {
  std::string host;
  int port = kDefaultMetaPort;
  std::string ToString() const;  // "host:port" ("[v6]:port" for IPv6 literals)
};

// "host:port,host:port,..." (a missing port is 34601; "[::1]:34601" for IPv6). InvalidArgument
// for an empty list, an empty host, a bad port, or more than 64 addresses.
absl::StatusOr<std::vector<MetaAddress>> ParseMetaList(std::string_view list);

struct MetaQueryOptions {
  int64_t timeout_ms = 10000;  // the whole query, forwards included
  int max_forwards = 3;        // ERR_FORWARD_TO_OTHERS hops followed, in all
  MetaRpcLimits limits;
};

// One meta asked, and what came of it, e.g. {"127.0.0.1:34601", "connection refused"}.
struct MetaAttempt {
  std::string meta;
  std::string outcome;
  std::string transport_err;  // the reply's transport error; "" when no reply came
};

// One RPC for AskMetas.
struct MetaRpcSpec {
  std::string rpc;   // e.g. kListDuplicationRpc
  std::string args;  // the encoded request struct
  // Reads the result of a reply that went through (ERR_OK with a result): sets *err to the
  // response's error name and, when the response names the leader, *leader and *has_leader.
  // An error makes the reply count as malformed. It is called for each such reply in turn;
  // when the answer carries a result, that result is the last one `read` accepted, so `read`
  // may keep what it decoded instead of the answer being decoded twice.
  std::function<absl::Status(const RawMetaReply& reply, std::string* err, MetaAddress* leader,
                             bool* has_leader)>
      read;
  // For RPCs whose reply cannot name the leader: on ERR_FORWARD_TO_OTHERS, ask that meta
  // RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX (for table "") and follow the leader it names.
  bool find_leader_by_query_config = false;
};

struct RawMetaAnswer {
  std::string meta;  // the address whose reply this is, as text
  MetaAddress address;
  RawMetaReply reply;
  std::string err;   // the response's error name; "" when the reply has no result
  std::vector<MetaAttempt> attempts;  // in order, this answer's included
};

// Asks `metas` for `spec` as described at the top of this file.
absl::StatusOr<RawMetaAnswer> AskMetas(const std::vector<MetaAddress>& metas,
                                       const MetaRpcSpec& spec, const MetaQueryOptions& options);

struct MetaAnswer {
  std::string meta;  // the address whose reply this is
  MetaReply reply;
  std::vector<MetaAttempt> attempts;  // in order, this answer's included
};

// See the top of this file. `app_name` is the table on the remote cluster.
absl::StatusOr<MetaAnswer> QueryPartitionConfig(const std::vector<MetaAddress>& metas,
                                                const std::string& app_name,
                                                const MetaQueryOptions& options);

// One exchange with one meta: connect, send `request` (a whole frame calling `rpc`), read one
// reply frame, all before `deadline`. Unavailable (cannot connect), DeadlineExceeded, or the
// decoding error of a malformed reply.
absl::StatusOr<RawMetaReply> CallMeta(const MetaAddress& meta, std::string_view rpc,
                                      const std::string& request, absl::Time deadline,
                                      const MetaRpcLimits& limits);

// Renders attempts as "a: outcome; b: outcome".
std::string DescribeAttempts(const std::vector<MetaAttempt>& attempts);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_
