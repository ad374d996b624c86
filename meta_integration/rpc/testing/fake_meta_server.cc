// A fake Pegasus meta server on loopback: accepts, reads THFT requests with bounds and
// deadlines, and answers with the behaviour it was started with.
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
    std::string body(h->body_length, '\0');  // bounded by max_request_body_bytes
    if (!RecvExact(fd, &body[0], body.size(), deadline).ok()) return;
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
    if (!SendAll(fd, reply->data(), reply->size(), absl::Now() + kRequestTimeout).ok()) return;
  }
}

absl::StatusOr<std::string> FakeMetaServer::ReplyTo(const uint8_t* body, size_t len) {
  absl::StatusOr<MetaCall> call = DecodeQueryConfigCall(body, len);
  if (!call.ok()) return call.status();
  {
    absl::MutexLock lock(&mu_);
    apps_.push_back(call->request.app_name);
  }
  if (call->name != kQueryConfigRpc)
    return EncodeQueryConfigReply("ERR_HANDLER_NOT_FOUND", call->seqid, nullptr);
  pegasus_wire::query_cfg_response response;
  switch (behavior_.kind) {
    case FakeMetaBehavior::Kind::kServe:
      if (!behavior_.app_name.empty() && call->request.app_name != behavior_.app_name) {
        response.err.set_name("ERR_OBJECT_NOT_FOUND");
      } else {
        response = behavior_.response;
      }
      break;
    case FakeMetaBehavior::Kind::kForward:
      response = ForwardReply(behavior_.leader);
      break;
    case FakeMetaBehavior::Kind::kNotActive:
      response.err.set_name("ERR_SERVICE_NOT_ACTIVE");
      break;
    case FakeMetaBehavior::Kind::kTransportError:
      return EncodeQueryConfigReply(behavior_.transport_err, call->seqid, nullptr);
    case FakeMetaBehavior::Kind::kGarbage: {
      // A well-framed length, then bytes that are not an error name.
      std::string frame = std::string(4, '\0') + "THIS IS NOT A PEGASUS REPLY";
      frame[3] = static_cast<char>(frame.size());
      return frame;
    }
    default:
      break;
  }
  return EncodeQueryConfigReply("ERR_OK", call->seqid, &response);
}

absl::StatusOr<int> ClosedLoopbackPort() {
  int port = 0;
  absl::StatusOr<UniqueFd> fd = ListenLoopback(0, &port);
  if (!fd.ok()) return fd.status();
  return port;  // the socket closes here; nothing listens on the port
}

}  // namespace dupready
