// Copyright 2026 The dupready Authors.
//
// tcp_proxy.cc: one poll(2) loop that accepts, forwards both directions of every connection,
// and closes them all on Cut.

#include "meta_integration/zk/testing/tcp_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

absl::Status Errno(const char* what) {
  return absl::InternalError(absl::StrCat("tcp proxy: ", what, ": ", std::strerror(errno)));
}

void CloseSocket(int fd) {
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

sockaddr_in Loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// Writes all of `data` (blocking). MSG_NOSIGNAL: a peer that went away is an error, not SIGPIPE.
bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Moves what `from` has to `to`; false when either side is done.
bool Pump(int from, int to) {
  char buf[64 * 1024];
  ssize_t n;
  do {
    n = ::recv(from, buf, sizeof(buf), 0);
  } while (n < 0 && errno == EINTR);
  return n > 0 && SendAll(to, buf, static_cast<size_t>(n));
}

struct Link {
  int client = -1, server = -1;
};

}  // namespace

absl::StatusOr<std::unique_ptr<TcpProxy>> TcpProxy::Start(int target_port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Errno("socket");
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    absl::Status s = Errno("listen");
    ::close(fd);
    return s;
  }
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    absl::Status s = Errno("pipe");
    ::close(fd);
    return s;
  }
  std::unique_ptr<TcpProxy> proxy(new TcpProxy(fd, wake[0], wake[1], target_port));
  proxy->hosts_ = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
  proxy->thread_ = std::thread([p = proxy.get()] { p->Loop(); });
  return proxy;
}

TcpProxy::TcpProxy(int listen_fd, int wake_read, int wake_write, int target_port)
    : listen_fd_(listen_fd), wake_read_(wake_read), wake_write_(wake_write),
      target_port_(target_port) {}

TcpProxy::~TcpProxy() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  const char c = 's';
  (void)!::write(wake_write_, &c, 1);
  thread_.join();
  ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

void TcpProxy::Cut() { Request(true); }
void TcpProxy::Heal() { Request(false); }

int64_t TcpProxy::forwarded() const {
  std::lock_guard<std::mutex> lock(mu_);
  return forwarded_;
}

void TcpProxy::Request(bool cut) {
  std::unique_lock<std::mutex> lock(mu_);
  cut_ = cut;
  const int64_t mine = ++requested_;
  const char c = 'r';
  (void)!::write(wake_write_, &c, 1);  // a full pipe already wakes the loop
  cv_.wait(lock, [&] { return applied_ >= mine; });
}

void TcpProxy::Loop() {
  std::vector<Link> links;
  std::vector<pollfd> fds;
  for (;;) {
    bool cut;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) break;
      cut = cut_;
      if (cut) {
        for (const Link& l : links) {
          CloseSocket(l.client);
          CloseSocket(l.server);
        }
        links.clear();
      }
      applied_ = requested_;
      cv_.notify_all();
    }
    fds.assign({{wake_read_, POLLIN, 0}, {listen_fd_, POLLIN, 0}});
    for (const Link& l : links) {
      fds.push_back({l.client, POLLIN, 0});
      fds.push_back({l.server, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;  // EINTR
    if (fds[0].revents != 0) {
      char drain[64];
      while (::read(wake_read_, drain, sizeof(drain)) > 0) {
      }
    }
    // Forward first: links[i] is fds[2 + 2i] and fds[3 + 2i] until a new link is added.
    for (size_t i = 0; i < links.size(); ++i) {
      Link& l = links[i];
      const bool up = (fds[2 + 2 * i].revents == 0 || Pump(l.client, l.server)) &&
                      (fds[3 + 2 * i].revents == 0 || Pump(l.server, l.client));
      if (!up) {
        CloseSocket(l.client);
        CloseSocket(l.server);
        l.client = l.server = -1;
      }
    }
    links.erase(std::remove_if(links.begin(), links.end(), [](const Link& l) { return l.client < 0; }),
                links.end());
    if (fds[1].revents != 0) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      if (cut) {
        CloseSocket(client);
        continue;
      }
      const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const sockaddr_in target = Loopback(target_port_);
      if (server < 0 ||
          ::connect(server, reinterpret_cast<const sockaddr*>(&target), sizeof(target)) != 0) {
        if (server >= 0) ::close(server);
        CloseSocket(client);  // the server is down: the client sees what it would see
        continue;
      }
      links.push_back({client, server});
      std::lock_guard<std::mutex> lock(mu_);
      ++forwarded_;
    }
  }
  for (const Link& l : links) {
    CloseSocket(l.client);
    CloseSocket(l.server);
  }
}

}  // namespace dupready
