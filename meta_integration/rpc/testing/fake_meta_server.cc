// A fake Pegasus meta server on loopback: accepts, reads THFT requests with bounds and
// deadlines, and answers the query-configuration and duplication-listing RPCs with the
// behaviour it was started with.
#include "meta_integration/rpc/testing/fake_meta_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "meta_integration/rpc/meta_rpc.h"
#include "meta_integration/wire/pegasus_admin_codec.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace {

// How long one connection may take to send a whole request.
constexpr absl::Duration kRequestTimeout = absl::Seconds(2);
// How often the accept loop looks at the stop flag.
constexpr int kPollMs = 20;

absl::StatusOr<UniqueFd> ListenLoopback(int port, int* bound_port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0)
    return absl::UnavailableError(absl::StrCat("bind 127.0.0.1:", port, ": ", std::strerror(errno)));
  socklen_t size = sizeof(addr);
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &size) != 0)
    return absl::InternalError(absl::StrCat("getsockname: ", std::strerror(errno)));
  *bound_port = ntohs(addr.sin_port);
  return fd;
}

// A reply naming `leader` as the primary of its single partition, as a non-leader meta does.
pegasus_wire::query_cfg_response ForwardReply(const MetaAddress& leader) {
  pegasus_wire::query_cfg_response r;
  r.err.set_name("ERR_FORWARD_TO_OTHERS");
  if (leader.host.empty()) return r;
  pegasus_wire::partition_configuration pc;
  pc.__set_hp_primary(pegasus_wire::host_port(leader.host, static_cast<uint16_t>(leader.port)));
  in_addr v4{};
  if (::inet_pton(AF_INET, leader.host.c_str(), &v4) == 1)
    pc.primary = pegasus_wire::rpc_address::Ipv4(ntohl(v4.s_addr), static_cast<uint16_t>(leader.port));
  r.partitions.push_back(pc);
  return r;
}

// Pegasus's pattern_match(): every type but PMT_MATCH_REGEX, which it does not implement.
absl::StatusOr<bool> Matches(const std::string& name, const std::string& pattern,
                             pegasus_wire::pattern_match_type::type type) {
  using T = pegasus_wire::pattern_match_type;
  switch (type) {
    case T::PMT_MATCH_ALL: return true;
    case T::PMT_MATCH_EXACT: return name == pattern;
    case T::PMT_MATCH_ANYWHERE: return name.find(pattern) != std::string::npos;
    case T::PMT_MATCH_PREFIX: return name.compare(0, pattern.size(), pattern) == 0;
    case T::PMT_MATCH_POSTFIX:
      return name.size() >= pattern.size() &&
             name.compare(name.size() - pattern.size(), pattern.size(), pattern) == 0;
    default: return absl::UnimplementedError(absl::StrCat("match_type is not supported: ", type));
  }
}

// RPC_CM_LIST_DUPLICATION: every available table the pattern matches, with its duplications.
pegasus_wire::duplication_list_response ListDuplicationsOf(
    const std::vector<FakeTable>& tables, const pegasus_wire::duplication_list_request& q) {
  pegasus_wire::duplication_list_response r;
  for (const FakeTable& t : tables) {
    if (t.info.status != pegasus_wire::app_status::AS_AVAILABLE) continue;
    absl::StatusOr<bool> match = Matches(t.info.app_name, q.app_name_pattern, q.match_type);
    if (!match.ok()) {
      r = pegasus_wire::duplication_list_response();
      r.err.set_name("ERR_NOT_IMPLEMENTED");
      r.hint_message = std::string(match.status().message());
      return r;
    }
    if (!*match) continue;
    pegasus_wire::duplication_app_state state;
    state.appid = t.info.app_id;
    state.app_name = t.info.app_name;
    state.partition_count = t.info.partition_count;
    for (const pegasus_wire::duplication_entry& e : t.duplications) state.duplications[e.dupid] = e;
    r.app_states[t.info.app_name] = state;
  }
  return r;
}

}  // namespace

absl::StatusOr<std::unique_ptr<FakeMetaServer>> FakeMetaServer::Start(FakeMetaBehavior behavior,
                                                                      int port,
                                                                      absl::Duration lifetime) {
  int bound = 0;
  absl::StatusOr<UniqueFd> fd = ListenLoopback(port, &bound);
  if (!fd.ok()) return fd.status();
  if (::listen(fd->get(), 16) != 0)
    return absl::InternalError(absl::StrCat("listen: ", std::strerror(errno)));
  if (absl::Status s = SetNonBlocking(fd->get()); !s.ok()) return s;
  std::unique_ptr<FakeMetaServer> server(
      new FakeMetaServer(std::move(behavior), *std::move(fd), bound, absl::Now() + lifetime));
  server->thread_ = std::thread([s = server.get()] { s->Loop(); });
  return server;
}

FakeMetaServer::~FakeMetaServer() { Stop(); }

void FakeMetaServer::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> FakeMetaServer::apps_asked() const {
  absl::MutexLock lock(&mu_);
  return apps_;
}

void FakeMetaServer::Loop() {
  while (!Stopping()) {
    pollfd p{listener_.get(), POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    UniqueFd conn(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (!conn.valid()) continue;
    Serve(conn.get());
  }
  listener_ = UniqueFd();  // from now on, connecting is refused
}

// Serves requests on one connection until the peer closes it, a request is malformed or late,
// or the server stops.
void FakeMetaServer::Serve(int fd) {
  const MetaRpcLimits limits;
  while (!Stopping()) {
    // Wait for the next request in short steps, so Stop() is seen.
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, kPollMs);
    if (ready == 0) continue;
    if (ready < 0) return;
    const absl::Time deadline = absl::Now() + kRequestTimeout;
    uint8_t header[kThftHeaderBytes];
    if (!RecvExact(fd, header, sizeof(header), deadline).ok()) return;
    absl::StatusOr<ThftHeader> h = DecodeThftHeader(header, sizeof(header), limits);
    if (!h.ok()) return;  // Pegasus drops such a connection too
    std::string body;  // grows as bytes arrive, to at most max_request_body_bytes
    if (!RecvAppend(fd, &body, h->body_length, deadline).ok()) return;
    requests_.fetch_add(1);

    if (behavior_.kind == FakeMetaBehavior::Kind::kClose) return;
    if (behavior_.kind == FakeMetaBehavior::Kind::kSilent) {
      // Hold the connection without answering until the client gives up or we stop.
      while (!Stopping()) {
        pollfd q{fd, POLLIN, 0};
        if (::poll(&q, 1, kPollMs) > 0) {
          char c;
          if (::recv(fd, &c, 1, 0) <= 0) return;
        }
      }
      return;
    }
    absl::StatusOr<std::string> reply =
        ReplyTo(reinterpret_cast<const uint8_t*>(body.data()), body.size());
    if (!reply.ok()) return;
    const absl::Time wake = absl::Now() + behavior_.delay;
    while (absl::Now() < wake && !Stopping()) absl::SleepFor(absl::Milliseconds(5));
    if (const uint32_t claim = behavior_.claimed_reply_bytes; claim != 0) {
      // A frame that claims more than it holds: half of it, then the connection closes.
      for (int i = 0; i < 4; ++i) (*reply)[i] = static_cast<char>((claim >> (8 * (3 - i))) & 0xff);
      SendAll(fd, reply->data(), reply->size() / 2, absl::Now() + kRequestTimeout).IgnoreError();
      return;
    }
    if (!SendAll(fd, reply->data(), reply->size(), absl::Now() + kRequestTimeout).ok()) return;
  }
}

std::vector<std::string> FakeMetaServer::rpcs_asked() const {
  absl::MutexLock lock(&mu_);
  return rpcs_;
}

absl::StatusOr<std::string> FakeMetaServer::ReplyTo(const uint8_t* body, size_t len) {
  absl::StatusOr<RawMetaCall> call = DecodeMetaCall(body, len);
  if (!call.ok()) return call.status();
  const uint8_t* args = reinterpret_cast<const uint8_t*>(call->args.data());
  const size_t args_len = call->args.size();
  std::string app;  // the table asked for, if the RPC names one
  if (call->name == kQueryConfigRpc) {
    absl::StatusOr<pegasus_wire::query_cfg_request> r = DecodeQueryCfgRequest(args, args_len);
    if (!r.ok()) return r.status();
    app = r->app_name;
  } else if (call->name == kQueryDuplicationRpc) {
    absl::StatusOr<pegasus_wire::duplication_query_request> r =
        DecodeDuplicationQueryRequest(args, args_len);
    if (!r.ok()) return r.status();
    app = r->app_name;
  }
  {
    absl::MutexLock lock(&mu_);
    rpcs_.push_back(call->name);
    if (call->name == kQueryConfigRpc || call->name == kQueryDuplicationRpc) apps_.push_back(app);
  }
  const bool admin = call->name == kListDuplicationRpc || call->name == kListAppsRpc ||
                     call->name == kQueryDuplicationRpc;
  if ((!admin && call->name != kQueryConfigRpc) || behavior_.unknown_rpcs.count(call->name))
    return EncodeMetaReply("ERR_HANDLER_NOT_FOUND", call->name, call->seqid, nullptr);

  std::string err;  // the response's error, when the behaviour decides it
  switch (behavior_.kind) {
    case FakeMetaBehavior::Kind::kServe:
      break;
    case FakeMetaBehavior::Kind::kForward:
      if (!admin) {
        absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(ForwardReply(behavior_.leader));
        if (!bytes.ok()) return bytes.status();
        return EncodeMetaReply("ERR_OK", call->name, call->seqid, &*bytes);
      }
      err = "ERR_FORWARD_TO_OTHERS";
      break;
    case FakeMetaBehavior::Kind::kNotActive:
      err = "ERR_SERVICE_NOT_ACTIVE";
      break;
    case FakeMetaBehavior::Kind::kTransportError:
      return EncodeMetaReply(behavior_.transport_err, call->name, call->seqid, nullptr);
    case FakeMetaBehavior::Kind::kGarbage: {
      // A well-framed length, then bytes that are not an error name.
      std::string frame = std::string(4, '\0') + "THIS IS NOT A PEGASUS REPLY";
      frame[3] = static_cast<char>(frame.size());
      return frame;
    }
    default:
      return absl::InternalError("no reply for this behaviour");
  }
  if (auto raw = behavior_.raw_results.find(call->name); raw != behavior_.raw_results.end())
    return EncodeMetaReply("ERR_OK", call->name, call->seqid, &raw->second);
  absl::StatusOr<std::string> result = Result(call->name, args, args_len, app, err);
  if (!result.ok()) return result.status();
  return EncodeMetaReply("ERR_OK", call->name, call->seqid, &*result);
}

absl::StatusOr<std::string> FakeMetaServer::Result(const std::string& rpc, const uint8_t* args,
                                                   size_t args_len, const std::string& app,
                                                   const std::string& err) const {
  if (rpc == kQueryConfigRpc) {
    pegasus_wire::query_cfg_response r;
    if (!err.empty()) {
      r.err.set_name(err);
    } else if (!behavior_.configs.empty()) {
      auto it = behavior_.configs.find(app);
      if (it != behavior_.configs.end()) {
        r = it->second;
      } else {
        r.err.set_name("ERR_OBJECT_NOT_FOUND");
      }
    } else if (!behavior_.app_name.empty() && app != behavior_.app_name) {
      r.err.set_name("ERR_OBJECT_NOT_FOUND");
    } else {
      r = behavior_.response;
    }
    return EncodeQueryCfgResponse(r);
  }
  if (rpc == kListDuplicationRpc) {
    absl::StatusOr<pegasus_wire::duplication_list_request> q =
        DecodeDuplicationListRequest(args, args_len);
    if (!q.ok()) return q.status();
    pegasus_wire::duplication_list_response r;
    if (!err.empty()) {
      r.err.set_name(err);
    } else {
      r = ListDuplicationsOf(behavior_.tables, *q);
    }
    return EncodeDuplicationListResponse(r);
  }
  if (rpc == kListAppsRpc) {
    absl::StatusOr<pegasus_wire::configuration_list_apps_request> q =
        DecodeListAppsRequest(args, args_len);
    if (!q.ok()) return q.status();
    pegasus_wire::configuration_list_apps_response r;
    if (!err.empty()) {
      r.err.set_name(err);
    } else {
      for (const FakeTable& t : behavior_.tables)
        if (q->status == pegasus_wire::app_status::AS_INVALID || q->status == t.info.status)
          r.infos.push_back(t.info);
    }
    return EncodeListAppsResponse(r);
  }
  pegasus_wire::duplication_query_response r;  // kQueryDuplicationRpc
  r.err.set_name(err.empty() ? "ERR_APP_NOT_EXIST" : err);
  for (const FakeTable& t : behavior_.tables) {
    if (!err.empty() || t.info.app_name != app ||
        t.info.status != pegasus_wire::app_status::AS_AVAILABLE)
      continue;
    r.err.set_name("ERR_OK");
    r.appid = t.info.app_id;
    r.entry_list = t.duplications;
  }
  return EncodeDuplicationQueryResponse(r);
}

absl::StatusOr<int> ClosedLoopbackPort() {
  int port = 0;
  absl::StatusOr<UniqueFd> fd = ListenLoopback(0, &port);
  if (!fd.ok()) return fd.status();
  return port;  // the socket closes here; nothing listens on the port
}

FakeTable SourceTable(const std::string& name, int32_t app_id, int32_t partition_count) {
  FakeTable t;
  t.info.__set_status(pegasus_wire::app_status::AS_AVAILABLE);
  t.info.__set_app_type("pegasus");
  t.info.__set_app_name(name);
  t.info.__set_app_id(app_id);
  t.info.__set_partition_count(partition_count);
  t.info.__set_is_stateful(true);
  t.info.__set_max_replica_count(3);
  t.info.__set_init_partition_count(partition_count);
  return t;
}

pegasus_wire::duplication_entry Duplication(int32_t dupid,
                                            pegasus_wire::duplication_status::type status,
                                            const std::string& remote,
                                            const std::string& remote_app,
                                            int32_t remote_replica_count) {
  pegasus_wire::duplication_entry e;
  e.__set_dupid(dupid);
  e.__set_status(status);
  e.__set_remote(remote);
  e.__set_create_ts(1700000000000 + dupid);
  e.__set_fail_mode(pegasus_wire::duplication_fail_mode::FAIL_SLOW);
  if (!remote_app.empty()) e.__set_remote_app_name(remote_app);
  if (remote_replica_count >= 0) e.__set_remote_replica_count(remote_replica_count);
  return e;
}

FakeMetaBehavior SampleSourceCluster() {
  using Status = pegasus_wire::duplication_status;
  FakeMetaBehavior b;
  FakeTable users = SourceTable("users", 5, 4);
  users.duplications = {Duplication(2, Status::DS_PAUSE, "c2", "users_v2", 3)};
  FakeTable orders = SourceTable("orders", 3, 8);
  orders.duplications = {Duplication(4, Status::DS_LOG, "c3"),
                         Duplication(1, Status::DS_APP, "c2", "orders_bak", 1)};
  FakeTable dropping = SourceTable("old", 9, 2);
  dropping.info.__set_status(pegasus_wire::app_status::AS_DROPPING);
  dropping.duplications = {Duplication(7, Status::DS_APP, "c2")};
  b.tables = {users, orders, SourceTable("empty", 6, 16), dropping};
  return b;
}

}  // namespace dupready
