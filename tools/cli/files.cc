// Bounded whole-file reads with errors that name the file and the reason.
#include "tools/cli/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace dupready {

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, int64_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    std::string why = std::strerror(e);
    if (e == ENOENT) return absl::NotFoundError(absl::StrCat(path, ": ", why));
    if (e == EACCES) return absl::PermissionDeniedError(absl::StrCat(path, ": ", why));
    return absl::UnavailableError(absl::StrCat(path, ": ", why));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a directory, not a file"));
  }
  if (S_ISREG(st.st_mode) && st.st_size > max_bytes) {
    ::close(fd);
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", st.st_size, " bytes; the limit is ", max_bytes));
  }
  std::string data;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      return absl::UnavailableError(absl::StrCat(path, ": ", why));
    }
    if (n == 0) break;
    if (static_cast<int64_t>(data.size()) + n > max_bytes) {
      ::close(fd);
      return absl::ResourceExhaustedError(
          absl::StrCat(path, ": more than ", max_bytes, " bytes; the limit is ", max_bytes));
    }
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

FileReader DiskFileReader(int64_t max_bytes) {
  return [max_bytes](const std::string& path) { return ReadWholeFile(path, max_bytes); };
}

}  // namespace dupready
