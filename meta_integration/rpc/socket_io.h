// Copyright 2026 The dupready Authors.
//
// socket_io.h: TCP with deadlines, for the meta client and the fake meta server. Every call
// takes an absolute deadline and waits with poll() on a non-blocking socket, so none of them
// can block past it (except name resolution, see Connect).

#ifndef DUPREADY_META_INTEGRATION_RPC_SOCKET_IO_H_
#define DUPREADY_META_INTEGRATION_RPC_SOCKET_IO_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dupready {

// Owns a file descriptor; closes it when destroyed.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Connects to host:port (IPv4 or IPv6; a name goes through getaddrinfo(), which can block on
// DNS regardless of the deadline). The socket is left non-blocking. Unavailable with the
// reason ("connection refused", ...) or DeadlineExceeded.
absl::StatusOr<UniqueFd> ConnectTcp(const std::string& host, int port, absl::Time deadline);

// Writes all of data[0, len). Unavailable (the peer went away) or DeadlineExceeded.
absl::Status SendAll(int fd, const void* data, size_t len, absl::Time deadline);

// Reads exactly `len` bytes into `buf`. Unavailable (closed early, with how many bytes came)
// or DeadlineExceeded.
absl::Status RecvExact(int fd, void* buf, size_t len, absl::Time deadline);

// Reads until `out` holds `size` bytes, appending what arrives (at most 64 KiB at a time), so
// `out` grows with the bytes that came rather than with a size the peer claimed. Unavailable
// (closed early, with how many bytes came) or DeadlineExceeded; `out` keeps what arrived.
absl::Status RecvAppend(int fd, std::string* out, size_t size, absl::Time deadline);

// Makes `fd` non-blocking.
absl::Status SetNonBlocking(int fd);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_SOCKET_IO_H_
