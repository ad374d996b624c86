// The bundle cache: one CachedBundle file per ZooKeeper path, replaced atomically.
#include "meta_integration/bundles/bundle_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {
namespace {

absl::Status Errno(const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

absl::Status WriteAll(int fd, const std::string& bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot write " + path);
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace

std::string BundleCachePath(const BundleSource& source) {
  if (source.cache_dir.empty()) return "";
  return absl::StrCat(source.cache_dir, "/",
                      absl::StrReplaceAll(source.path.substr(1), {{"/", "_"}}), ".bundle");
}

absl::Status WriteBundleCache(const BundleSource& source, const std::string& name,
                              const bundles::Bundle& bundle) {
  const std::string path = BundleCachePath(source);
  if (path.empty()) return absl::FailedPreconditionError("no cache directory was given");
  if (::mkdir(source.cache_dir.c_str(), 0755) != 0 && errno != EEXIST)
    return Errno("cannot create " + source.cache_dir);
  bundles::CachedBundle cached;
  cached.set_hosts(source.hosts);
  cached.set_path(source.path);
  cached.set_name(name);
  *cached.mutable_bundle() = bundle;
  const std::string bytes = cached.SerializeAsString();
  // A name of our own: two instances of one process may write the same cache at once.
  static std::atomic<int> counter{0};
  const std::string tmp = absl::StrCat(path, ".", ::getpid(), ".", counter++, ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create " + tmp);
  absl::Status s = WriteAll(fd, bytes, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Errno("cannot write " + tmp);
  if (::close(fd) != 0 && s.ok()) s = Errno("cannot write " + tmp);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) s = Errno("cannot rename " + tmp);
  if (!s.ok()) ::unlink(tmp.c_str());
  return s;
}

absl::StatusOr<CachedBundle> ReadBundleCache(const BundleSource& source, const Limits& limits) {
  const std::string path = BundleCachePath(source);
  if (path.empty()) return absl::NotFoundError("no cache directory was given");
  // A bundle fits in a ZooKeeper node; the hosts, path and name add little.
  absl::StatusOr<std::string> bytes = ReadWholeFileBounded(path, kZkMaxNodeBytes + 16384);
  if (!bytes.ok()) return bytes.status();
  bundles::CachedBundle cached;
  if (!cached.ParseFromString(*bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": its ", bytes->size(), " bytes are not a cached bundle"));
  }
  if (cached.hosts() != source.hosts || cached.path() != source.path) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": caches zk://", cached.hosts(),
                                                   cached.path(), ", not zk://", source.hosts,
                                                   source.path));
  }
  if (!IsBundleName(cached.name())) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": names no bundle"));
  }
  if (absl::Status s = ValidateBundle(cached.bundle(), limits); !s.ok())
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  return CachedBundle{cached.name(), cached.bundle()};
}

}  // namespace dupready
