// Bounded whole-file reads for rule files (open, fstat, read everything, close) and bounded
// reads of streams.
#include "meta_integration/io/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

// Closes the descriptor on every return path.
class FdCloser {
 public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;

 private:
  int fd_;
};

absl::Status ErrnoStatus(const std::string& path, int e) {
  std::string msg = absl::StrCat(path, ": ", std::strerror(e));
  switch (e) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(msg);
    default:
      return absl::UnavailableError(msg);
  }
}

}  // namespace

absl::StatusOr<std::string> ReadWholeFileBounded(const std::string& path, int64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not hang a reload; it is refused below anyway.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return ErrnoStatus(path, errno);
  FdCloser closer(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return ErrnoStatus(path, errno);
  if (!S_ISREG(st.st_mode))
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file"));
  if (st.st_size > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", st.st_size, " bytes; the limit is ", max_bytes));
  }
  std::string data;
  data.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 14];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(path, errno);
    }
    if (n == 0) break;
    if (static_cast<int64_t>(data.size()) + n > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(path, ": grew past the limit of ", max_bytes, " bytes while being read"));
    }
    data.append(buf, static_cast<size_t>(n));
  }
  // A file rewritten in place while we read it (truncated, grown, overwritten) would give a
  // text that never existed whole: compare what we read with the file before and after.
  // Writes change the size or the modification time. (Not the change time: renaming a new
  // file over this one changes it, yet what we read is the old file, whole.)
  struct stat after;
  if (::fstat(fd, &after) != 0) return ErrnoStatus(path, errno);
  if (static_cast<int64_t>(data.size()) != st.st_size || after.st_size != st.st_size ||
      after.st_mtim.tv_sec != st.st_mtim.tv_sec || after.st_mtim.tv_nsec != st.st_mtim.tv_nsec) {
    return absl::UnavailableError(absl::StrCat(
        path, ": changed while being read (", st.st_size, " bytes when opened, ", data.size(),
        " read, ", after.st_size, " now); write rule files to a temporary name and rename them "
        "into place"));
  }
  return data;
}

absl::StatusOr<std::string> ReadStreamBounded(int fd, const std::string& name, int64_t max_bytes) {
  std::string data;
  char buf[1 << 14];
  for (;;) {
    // Never ask for more than one byte past the limit.
    const int64_t room = max_bytes + 1 - static_cast<int64_t>(data.size());
    const size_t want = room < static_cast<int64_t>(sizeof(buf)) ? static_cast<size_t>(room)
                                                                 : sizeof(buf);
    ssize_t n = ::read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(absl::StrCat(name, ": ", std::strerror(errno)));
    }
    if (n == 0) return data;
    if (static_cast<int64_t>(data.size()) + n > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name, ": more than ", max_bytes, " bytes; the limit is ", max_bytes));
    }
    data.append(buf, static_cast<size_t>(n));
  }
}

FileReader DiskFileReader(int64_t max_bytes) {
  return [max_bytes](const std::string& path) { return ReadWholeFileBounded(path, max_bytes); };
}

}  // namespace dupready
