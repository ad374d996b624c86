// TCP connect, send and receive on non-blocking sockets, each bounded by a deadline.
#include "meta_integration/rpc/socket_io.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

// Milliseconds until `deadline`, at least 0, at most INT_MAX.
int MillisLeft(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  const int64_t ms = absl::ToInt64Milliseconds(absl::Ceil(left, absl::Milliseconds(1)));
  return ms > INT32_MAX ? INT32_MAX : static_cast<int>(ms);
}

// Waits for `events` on fd until the deadline: OK, DeadlineExceeded or Unavailable.
absl::Status WaitFor(int fd, short events, absl::Time deadline, const char* what) {
  for (;;) {
    const int ms = MillisLeft(deadline);
    if (ms == 0) return absl::DeadlineExceededError(absl::StrCat("timed out ", what));
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, ms);
    if (r > 0) return absl::OkStatus();
    if (r == 0) return absl::DeadlineExceededError(absl::StrCat("timed out ", what));
    if (errno != EINTR) return absl::UnavailableError(absl::StrCat("poll: ", std::strerror(errno)));
  }
}

std::string ErrnoText(int e) {
  switch (e) {
    case ECONNREFUSED: return "connection refused";
    case ECONNRESET: return "connection reset";
    case EHOSTUNREACH: return "host unreachable";
    case ENETUNREACH: return "network unreachable";
    case ETIMEDOUT: return "connection timed out";
    default: return std::strerror(e);
  }
}

// Reads 1 to `len` bytes into `buf`, waiting until the deadline; `got` of `total` bytes have
// come so far (for the message when the peer closes).
absl::StatusOr<size_t> RecvSome(int fd, char* buf, size_t len, size_t got, size_t total,
                                absl::Time deadline) {
  for (;;) {
    const ssize_t n = ::recv(fd, buf, len, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0)
      return absl::UnavailableError(
          absl::StrCat("the connection closed after ", got, " of ", total, " bytes"));
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return absl::UnavailableError(absl::StrCat("recv: ", ErrnoText(errno)));
    if (absl::Status s = WaitFor(fd, POLLIN, deadline, "waiting for the reply"); !s.ok()) return s;
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    return absl::InternalError(absl::StrCat("fcntl: ", std::strerror(errno)));
  return absl::OkStatus();
}

absl::StatusOr<UniqueFd> ConnectTcp(const std::string& host, int port, absl::Time deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = absl::StrCat(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return absl::UnavailableError(absl::StrCat("cannot resolve ", host, ": ", gai_strerror(rc)));
  absl::Status last = absl::UnavailableError("no address");
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    UniqueFd fd(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd.valid()) {
      last = absl::UnavailableError(absl::StrCat("socket: ", std::strerror(errno)));
      continue;
    }
    if (absl::Status s = SetNonBlocking(fd.get()); !s.ok()) {
      last = s;
      continue;
    }
    if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    if (errno != EINPROGRESS) {
      last = absl::UnavailableError(ErrnoText(errno));
      continue;
    }
    last = WaitFor(fd.get(), POLLOUT, deadline, "connecting");
    if (!last.ok()) {
      if (absl::IsDeadlineExceeded(last)) break;
      continue;
    }
    int error = 0;
    socklen_t size = sizeof(error);
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
    if (error == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    last = absl::UnavailableError(ErrnoText(error));
  }
  ::freeaddrinfo(found);
  return last;
}

absl::Status SendAll(int fd, const void* data, size_t len, absl::Time deadline) {
  const char* p = static_cast<const char*>(data);
  while (len > 0) {
    const ssize_t n = ::send(fd, p, len, MSG_NOSIGNAL);
    if (n > 0) {
      p += n;
      len -= static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (absl::Status s = WaitFor(fd, POLLOUT, deadline, "sending"); !s.ok()) return s;
      continue;
    }
    return absl::UnavailableError(absl::StrCat("send: ", ErrnoText(errno)));
  }
  return absl::OkStatus();
}

absl::Status RecvExact(int fd, void* buf, size_t len, absl::Time deadline) {
  char* p = static_cast<char*>(buf);
  for (size_t got = 0; got < len;) {
    absl::StatusOr<size_t> n = RecvSome(fd, p + got, len - got, got, len, deadline);
    if (!n.ok()) return n.status();
    got += *n;
  }
  return absl::OkStatus();
}

absl::Status RecvAppend(int fd, std::string* out, size_t size, absl::Time deadline) {
  char chunk[64 << 10];
  while (out->size() < size) {
    absl::StatusOr<size_t> n = RecvSome(fd, chunk, std::min(sizeof(chunk), size - out->size()),
                                        out->size(), size, deadline);
    if (!n.ok()) return n.status();
    out->append(chunk, *n);
  }
  return absl::OkStatus();
}

}  // namespace dupready
