// The completions of ZooKeeper's asynchronous calls, and its return codes as absl::Status.
#include "meta_integration/zk/zk_calls.h"

#include "absl/strings/str_cat.h"

namespace dupready {
namespace zk_internal {
namespace {

ZkStat ToStat(const Stat& s) {
  ZkStat out;
  out.czxid = s.czxid;
  out.mzxid = s.mzxid;
  out.ctime_ms = s.ctime;
  out.mtime_ms = s.mtime;
  out.version = s.version;
  out.cversion = s.cversion;
  out.ephemeral_owner = s.ephemeralOwner;
  out.data_length = s.dataLength;
  out.num_children = s.numChildren;
  return out;
}

// Runs `fill` on the call's state, marks it done and wakes the caller. Frees the completion's
// reference. Nothing may throw back into the C library: an allocation failure is recorded.
template <typename Fill>
void Complete(const void* data, int rc, Fill fill) {
  std::unique_ptr<PendingRef> ref(static_cast<PendingRef*>(const_cast<void*>(data)));
  Pending& p = **ref;
  std::lock_guard<std::mutex> lock(p.mu);
  p.rc = rc;
  if (rc == ZOK) {
    try {
      fill(p);
    } catch (...) {
      p.out_of_memory = true;
    }
  }
  p.done = true;
  p.cv.notify_all();
}

}  // namespace

void DataDone(int rc, const char* value, int len, const Stat* stat, const void* data) {
  Complete(data, rc, [&](Pending& p) {
    if (stat != nullptr) p.stat = ToStat(*stat);
    if (len < 0 || value == nullptr) len = 0;  // a node without data
    if (len > p.max_bytes) {
      p.too_big = len;
      return;
    }
    p.data.assign(value, static_cast<size_t>(len));
  });
}

void StatDone(int rc, const Stat* stat, const void* data) {
  Complete(data, rc, [&](Pending& p) {
    if (stat != nullptr) p.stat = ToStat(*stat);
  });
}

void StringsDone(int rc, const String_vector* strings, const void* data) {
  Complete(data, rc, [&](Pending& p) {
    if (strings == nullptr) return;
    if (strings->count > p.max_children) {
      p.too_big = strings->count;
      return;
    }
    p.strings.reserve(static_cast<size_t>(strings->count));
    for (int32_t i = 0; i < strings->count; ++i) p.strings.emplace_back(strings->data[i]);
  });
}

void StringDone(int rc, const char* value, const void* data) {
  Complete(data, rc, [&](Pending& p) {
    if (value != nullptr) p.data = value;
  });
}

void VoidDone(int rc, const void* data) {
  Complete(data, rc, [](Pending&) {});
}

absl::Status FromZk(int rc, const char* op, const std::string& path) {
  if (rc == ZOK) return absl::OkStatus();
  std::string msg = absl::StrCat("zookeeper ", op, " ", path, ": ", zerror(rc));
  switch (rc) {
    case ZNONODE:
      return absl::NotFoundError(msg);
    case ZNODEEXISTS:
      return absl::AlreadyExistsError(msg);
    case ZBADVERSION:
      return absl::AbortedError(absl::StrCat(msg, " (the node changed meanwhile)"));
    case ZNOTEMPTY:
    case ZNOCHILDRENFOREPHEMERALS:
      return absl::FailedPreconditionError(msg);
    case ZBADARGUMENTS:
    case ZINVALIDACL:
      return absl::InvalidArgumentError(msg);
    case ZNOAUTH:
    case ZAUTHFAILED:
      return absl::PermissionDeniedError(msg);
    case ZCLOSING:
      return absl::CancelledError(msg);
    case ZCONNECTIONLOSS:
    case ZOPERATIONTIMEOUT:
    case ZSESSIONEXPIRED:
    case ZSESSIONMOVED:
    case ZINVALIDSTATE:
    case ZTHROTTLEDOP:
      return absl::UnavailableError(msg);
    default:
      return absl::UnknownError(msg);
  }
}

}  // namespace zk_internal
}  // namespace dupready
