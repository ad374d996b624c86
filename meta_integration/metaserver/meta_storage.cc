// Meta storage: in memory, one file per path (temp + fsync + rename), and fault injection.
#include "meta_integration/metaserver/meta_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {
namespace {

constexpr int64_t kMaxValueBytes = 1 << 20;  // ZooKeeper's default node limit

bool IsComponentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-' || c == '_';
}

absl::Status Errno(const std::string& what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// Writes all of `data` to `fd`.
bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

absl::Status CheckStoragePath(const std::string& path) {
  if (path.size() < 2 || path[0] != '/' || path.back() == '/')
    return absl::InvalidArgumentError(absl::StrCat("bad storage path '", path, "'"));
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    bool ok = !part.empty() && part != "." && part != "..";
    for (char c : part) ok = ok && IsComponentChar(c);
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("bad storage path '", path, "'"));
    start = end + 1;
  }
  return absl::OkStatus();
}

absl::Status InMemoryMetaStorage::Set(const std::string& path, const std::string& value) {
  if (absl::Status s = CheckStoragePath(path); !s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  values_[path] = value;
  return absl::OkStatus();
}

absl::StatusOr<std::string> InMemoryMetaStorage::Get(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = values_.find(path);
  if (it == values_.end()) return absl::NotFoundError(absl::StrCat("nothing stored at ", path));
  return it->second;
}

absl::Status FileMetaStorage::Set(const std::string& path, const std::string& value) {
  if (absl::Status s = CheckStoragePath(path); !s.ok()) return s;
  if (static_cast<int64_t>(value.size()) > kMaxValueBytes)
    return absl::InvalidArgumentError(absl::StrCat(path, ": value over ", kMaxValueBytes, " bytes"));
  std::lock_guard<std::mutex> lock(mu_);
  // Create the directories on the way (root + each component but the last).
  std::string dir = root_;
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    dir = root_ + path.substr(0, slash);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return Errno("mkdir", dir);
  }
  const std::string target = root_ + path;
  const std::string tmp = target + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("open", tmp);
  bool ok = WriteAll(fd, value) && ::fsync(fd) == 0;
  absl::Status failed = ok ? absl::OkStatus() : Errno("write", tmp);
  if (::close(fd) != 0 && failed.ok()) failed = Errno("close", tmp);
  if (failed.ok() && ::rename(tmp.c_str(), target.c_str()) != 0) failed = Errno("rename", tmp);
  if (!failed.ok()) {
    ::unlink(tmp.c_str());
    return failed;
  }
  // Make the rename itself durable.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FileMetaStorage::Get(const std::string& path) {
  if (absl::Status s = CheckStoragePath(path); !s.ok()) return s;
  return ReadWholeFileBounded(root_ + path, kMaxValueBytes);
}

void FaultInjectingMetaStorage::FailNextSets(int n) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = n;
}

int FaultInjectingMetaStorage::sets_attempted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempted_;
}

int FaultInjectingMetaStorage::sets_failed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_;
}

absl::Status FaultInjectingMetaStorage::Set(const std::string& path, const std::string& value) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++attempted_;
    if (fail_next_ > 0) {
      --fail_next_;
      ++failed_;
      return absl::UnavailableError(absl::StrCat("injected failure storing ", path));
    }
  }
  return inner_->Set(path, value);
}

}  // namespace dupready
