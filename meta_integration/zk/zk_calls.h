// Copyright 2026 The dupready Authors.
//
// zk_calls.h (private to zk_client): one asynchronous ZooKeeper call in flight, the C
// completions that fill it, and ZooKeeper's return codes as absl::Status.
//
//   auto p = std::make_shared<Pending>();
//   auto* ref = new PendingRef(p);           // the completion deletes it
//   zoo_aget(zh, path, 0, DataDone, ref);     // ZOK: DataDone will run, once
//   ... wait on p->cv for p->done ...
//   absl::Status s = FromZk(p->rc, "get", path);

#ifndef DUPREADY_META_INTEGRATION_ZK_ZK_CALLS_H_
#define DUPREADY_META_INTEGRATION_ZK_ZK_CALLS_H_

#include <zookeeper/zookeeper.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {
namespace zk_internal {

// One call in flight. Shared by the caller (who may stop waiting at its deadline) and the
// completion (which may come later, or with ZCLOSING when the handle is closed).
struct Pending {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int rc = ZOK;
  int64_t max_bytes = 0;
  int64_t max_children = 0;
  int64_t too_big = -1;  // the length refused, when over max_bytes / max_children
  bool out_of_memory = false;
  std::string data;  // Get's data, Create's path
  ZkStat stat;
  std::vector<std::string> strings;
};
using PendingRef = std::shared_ptr<Pending>;

// Completions: `data` is a heap PendingRef*, which each deletes. None throws.
void DataDone(int rc, const char* value, int len, const Stat* stat, const void* data);
void StatDone(int rc, const Stat* stat, const void* data);
void StringsDone(int rc, const String_vector* strings, const void* data);
void StringDone(int rc, const char* value, const void* data);
void VoidDone(int rc, const void* data);

// OK for ZOK; otherwise the canonical code (see zk_client.h) and "zookeeper OP PATH: reason".
absl::Status FromZk(int rc, const char* op, const std::string& path);

}  // namespace zk_internal
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_ZK_ZK_CALLS_H_
