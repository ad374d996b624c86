// Copyright 2026 The dupready Authors.
//
// meta_storage.h: where a meta server keeps duplications (ZooKeeper in Pegasus), behind an
// interface so the status machine can be driven against memory, a directory, or a storage
// that fails on purpose.
//
//   InMemoryMetaStorage memory;
//   FaultInjectingMetaStorage storage(&memory);
//   storage.FailNextSets(1);                       // the next Set fails, nothing is stored
//   absl::Status s = storage.Set("/duplication/dup_test/1", json);   // Unavailable
//
// Paths are "/"-separated, absolute, with components of [A-Za-z0-9._-] other than "." and
// "..". All implementations here are thread-safe.

#ifndef DUPREADY_META_INTEGRATION_METASERVER_META_STORAGE_H_
#define DUPREADY_META_INTEGRATION_METASERVER_META_STORAGE_H_

#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dupready {

class MetaStorage {
 public:
  virtual ~MetaStorage() = default;
  // Stores `value` at `path`, replacing what was there. When it returns OK the value is
  // durable; otherwise the old value (or none) is still what Get returns.
  virtual absl::Status Set(const std::string& path, const std::string& value) = 0;
  // NotFound when nothing is stored at `path`.
  virtual absl::StatusOr<std::string> Get(const std::string& path) = 0;
};

// InvalidArgument unless `path` has the shape described above.
absl::Status CheckStoragePath(const std::string& path);

class InMemoryMetaStorage : public MetaStorage {
 public:
  absl::Status Set(const std::string& path, const std::string& value) override;
  absl::StatusOr<std::string> Get(const std::string& path) override;

 private:
  std::mutex mu_;
  std::map<std::string, std::string> values_;  // guarded by mu_
};

// One file per path under `root` (an existing directory). A Set writes a temporary file
// beside the target, fsyncs it, renames it over the target and fsyncs the directory, so a
// crash leaves either the old value or the new one, never a torn file.
class FileMetaStorage : public MetaStorage {
 public:
  explicit FileMetaStorage(std::string root) : root_(std::move(root)) {}
  absl::Status Set(const std::string& path, const std::string& value) override;
  absl::StatusOr<std::string> Get(const std::string& path) override;

 private:
  const std::string root_;
  std::mutex mu_;  // one writer at a time: temporary names do not collide
};

// Wraps another storage and makes chosen Sets fail (Unavailable, storing nothing), for tests
// and simulations. Does not own `inner`.
class FaultInjectingMetaStorage : public MetaStorage {
 public:
  explicit FaultInjectingMetaStorage(MetaStorage* inner) : inner_(inner) {}
  // The next `n` calls to Set fail.
  void FailNextSets(int n);
  int sets_attempted() const;
  int sets_failed() const;

  absl::Status Set(const std::string& path, const std::string& value) override;
  absl::StatusOr<std::string> Get(const std::string& path) override { return inner_->Get(path); }

 private:
  MetaStorage* const inner_;
  mutable std::mutex mu_;
  int fail_next_ = 0;  // guarded by mu_
  int attempted_ = 0;  // guarded by mu_
  int failed_ = 0;     // guarded by mu_
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_META_STORAGE_H_
