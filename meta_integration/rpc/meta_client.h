// Copyright 2026 The dupready Authors.
//
// meta_client.h: asks a Pegasus cluster's meta servers for a table's partition configuration,
// the way a Pegasus client does (pegasus-facts.md):
//
//   absl::StatusOr<std::vector<MetaAddress>> metas = ParseMetaList("10.0.0.1:34601,10.0.0.2");
//   absl::StatusOr<MetaAnswer> a = QueryPartitionConfig(*metas, "orders", MetaQueryOptions());
//   // a->reply.transport_err, a->reply.response_bytes, a->attempts
//
// The metas are asked in order. A reply with ERR_FORWARD_TO_OTHERS that names a leader is
// followed to that leader (at most max_forwards hops, never to an address already asked);
// ERR_FORWARD_TO_OTHERS without a leader, ERR_SERVICE_NOT_ACTIVE, ERR_UNDER_RECOVERY and
// transport errors move on to the next meta. The first other reply is the answer. When none
// comes, the last of those replies is the answer; when no meta replied at all, the result is
// Unavailable (or DeadlineExceeded) whose message lists each address and what happened.
//
// Sockets are non-blocking and every step (connect, send, receive) waits with poll() until a
// deadline: the whole query never takes much longer than options.timeout_ms. Each meta still
// in the list gets an equal share of the time that remains, so one silent meta cannot use up
// the time of the others. Host names are resolved with getaddrinfo(), which may block on DNS
// beyond the deadline; IP literals never do. Thread-compatible; no global state.

#ifndef DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_
#define DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_

#include <cstdint>
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
};

struct MetaAnswer {
  std::string meta;  // the address whose reply this is
  MetaReply reply;
  std::vector<MetaAttempt> attempts;  // in order, this answer's included
};

// See the top of this file. `app_name` is the table on the remote cluster.
absl::StatusOr<MetaAnswer> QueryPartitionConfig(const std::vector<MetaAddress>& metas,
                                                const std::string& app_name,
                                                const MetaQueryOptions& options);

// One exchange with one meta: connect, send `request` (a whole frame), read one reply frame,
// all before `deadline`. Unavailable (cannot connect), DeadlineExceeded, or the decoding error
// of a malformed reply.
absl::StatusOr<MetaReply> CallMeta(const MetaAddress& meta, const std::string& request,
                                   absl::Time deadline, const MetaRpcLimits& limits);

// Renders attempts as "a: outcome; b: outcome".
std::string DescribeAttempts(const std::vector<MetaAttempt>& attempts);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_META_CLIENT_H_
