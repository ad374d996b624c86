// ZkClient: ZooKeeper's asynchronous C calls turned into blocking calls with deadlines, an
// event thread that delivers watch/session events and replaces expired sessions.
#include "meta_integration/zk/zk_client.h"

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "meta_integration/zk/zk_calls.h"

namespace dupready {

const char* ZkSessionStateName(ZkSessionState state) {
  switch (state) {
    case ZkSessionState::kConnecting:
      return "connecting";
    case ZkSessionState::kConnected:
      return "connected";
    case ZkSessionState::kExpired:
      return "expired";
    case ZkSessionState::kClosed:
      return "closed";
  }
  return "unknown";
}

namespace {

using zk_internal::DataDone;
using zk_internal::FromZk;
using zk_internal::Pending;
using zk_internal::PendingRef;
using zk_internal::StatDone;
using zk_internal::StringDone;
using zk_internal::StringsDone;
using zk_internal::VoidDone;

// What one zhandle_t's callbacks are given: which client, and which of its sessions.
struct HandleContext {
  ZkClient::Core* core;
  int64_t generation;
};

// The C library's logging goes nowhere: failures reach callers as statuses and events.
void DropLog(const char*) {}

absl::Status CheckPath(const std::string& path, const char* op) {
  if (path.empty() || path[0] != '/' || path.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("zookeeper ", op, ": '", path, "' is not an absolute node path"));
  }
  if (path.size() > kZkMaxPathBytes) {
    return absl::InvalidArgumentError(absl::StrCat("zookeeper ", op, ": a path of ", path.size(),
                                                   " bytes; the limit is ", kZkMaxPathBytes));
  }
  return absl::OkStatus();
}

}  // namespace

struct ZkClient::Core {
  explicit Core(Options o) : options(std::move(o)) {}

  static void Watcher(zhandle_t* zh, int type, int state, const char* path, void* ctx);
  void EventLoop();
  // Closes the current handle (if any) and opens a new session. Event thread only.
  void Renew();
  // Submits one call on the current handle under handle_mu, then waits for it.
  template <typename Submit>
  absl::Status Call(const char* op, const std::string& path, absl::Time deadline,
                    const PendingRef& p, Submit submit);

  const Options options;

  std::mutex handle_mu;  // guards handle and context; held while a call is submitted
  zhandle_t* handle = nullptr;
  std::unique_ptr<HandleContext> context;
  std::atomic<bool> closing{false};

  mutable std::mutex mu;  // guards everything below
  std::condition_variable cv;
  int64_t generation = 0;            // of the current handle
  int64_t connected_generation = 0;  // the last handle that reached kConnected
  int64_t expired_generation = 0;    // the last handle whose session expired
  ZkSessionState state = ZkSessionState::kConnecting;
  int64_t session_id = 0;
  int64_t sessions = 0;
  std::string password;
  std::deque<ZkEvent> events;
  std::thread event_thread;
};

void ZkClient::Core::Watcher(zhandle_t* zh, int type, int zstate, const char* path, void* ctx) {
  auto* hc = static_cast<HandleContext*>(ctx);
  Core* core = hc->core;
  try {
    std::lock_guard<std::mutex> lock(core->mu);
    if (core->closing.load() || hc->generation != core->generation) return;  // a stale handle
    ZkEvent e;
    if (type == ZOO_SESSION_EVENT) {
      e.kind = ZkEvent::Kind::kSession;
      if (zstate == ZOO_CONNECTED_STATE) {
        e.state = ZkSessionState::kConnected;
        e.new_session = core->connected_generation != hc->generation;
        if (e.new_session) {
          core->connected_generation = hc->generation;
          ++core->sessions;
          const clientid_t* id = zoo_client_id(zh);
          core->session_id = id->client_id;
          core->password.assign(id->passwd, sizeof(id->passwd));
        }
      } else if (zstate == ZOO_EXPIRED_SESSION_STATE || zstate == ZOO_AUTH_FAILED_STATE) {
        e.state = ZkSessionState::kExpired;
        core->expired_generation = hc->generation;
      } else {
        e.state = ZkSessionState::kConnecting;
      }
      core->state = e.state;
    } else {
      e.path = path != nullptr ? path : "";
      if (type == ZOO_CREATED_EVENT) {
        e.kind = ZkEvent::Kind::kNodeCreated;
      } else if (type == ZOO_DELETED_EVENT) {
        e.kind = ZkEvent::Kind::kNodeDeleted;
      } else if (type == ZOO_CHANGED_EVENT) {
        e.kind = ZkEvent::Kind::kNodeChanged;
      } else if (type == ZOO_CHILD_EVENT) {
        e.kind = ZkEvent::Kind::kChildrenChanged;
      } else {
        return;  // ZOO_NOTWATCHING_EVENT: watches removed on request; we remove none
      }
    }
    core->events.push_back(std::move(e));
    core->cv.notify_all();
  } catch (...) {
    // Out of memory on ZooKeeper's thread: the event is lost, the process lives on. A lost
    // session event is corrected by the next one; a lost watch event by the next reload.
  }
}

void ZkClient::Core::EventLoop() {
  std::unique_lock<std::mutex> lock(mu);
  for (;;) {
    cv.wait(lock,
            [&] { return closing.load() || !events.empty() || expired_generation == generation; });
    if (closing.load()) return;
    if (!events.empty()) {
      ZkEvent e = std::move(events.front());
      events.pop_front();
      lock.unlock();
      if (options.on_event) options.on_event(e);
      lock.lock();
      continue;
    }
    lock.unlock();
    Renew();
    lock.lock();
  }
}

void ZkClient::Core::Renew() {
  zhandle_t* old = nullptr;
  std::unique_ptr<HandleContext> old_context;
  {
    std::lock_guard<std::mutex> handle_lock(handle_mu);
    old = handle;
    handle = nullptr;
    old_context = std::move(context);
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    ++generation;  // from here on, the old handle's callbacks are ignored
    state = ZkSessionState::kConnecting;
  }
  // An expired handle is not connected: closing it is local and quick. Its pending calls
  // complete with ZCLOSING, its callbacks are over when zookeeper_close returns.
  if (old != nullptr) zookeeper_close(old);
  old_context.reset();
  for (;;) {
    int64_t gen;
    {
      std::lock_guard<std::mutex> lock(mu);
      gen = generation;
    }
    {
      std::lock_guard<std::mutex> handle_lock(handle_mu);
      if (closing.load()) return;
      auto ctx = std::make_unique<HandleContext>(HandleContext{this, gen});
      zhandle_t* zh = zookeeper_init2(options.hosts.c_str(), &Core::Watcher,
                                      options.session_timeout_ms, nullptr, ctx.get(), 0, DropLog);
      if (zh != nullptr) {
        handle = zh;
        context = std::move(ctx);
        return;
      }
    }
    // zookeeper_init2 failed (names did not resolve, out of memory): try again shortly.
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(1), [&] { return closing.load(); });
  }
}

template <typename Submit>
absl::Status ZkClient::Core::Call(const char* op, const std::string& path, absl::Time deadline,
                                  const PendingRef& p, Submit submit) {
  {
    std::lock_guard<std::mutex> handle_lock(handle_mu);
    if (handle == nullptr) {
      return absl::UnavailableError(
          absl::StrCat("zookeeper ", op, " ", path, ": no session (a new one is being made)"));
    }
    auto ref = std::make_unique<PendingRef>(p);
    int rc = submit(handle, static_cast<const void*>(ref.get()));
    if (rc == ZOK) {
      ref.release();  // the completion frees it
    } else if (rc == ZMARSHALLINGERROR) {
      // Out of memory inside the library, possibly after it registered the completion:
      // leave the reference to it rather than risk a double free.
      ref.release();
      return FromZk(rc, op, path);
    } else {
      return FromZk(rc, op, path);  // refused up front: no completion will come
    }
  }
  std::unique_lock<std::mutex> lock(p->mu);
  const bool done = p->cv.wait_until(lock, absl::ToChronoTime(deadline), [&] { return p->done; });
  if (!done) {
    return absl::DeadlineExceededError(absl::StrCat("zookeeper ", op, " ", path,
                                                    ": no answer from ", options.hosts,
                                                    " in time (it may still take effect)"));
  }
  if (p->out_of_memory) {
    return absl::ResourceExhaustedError(
        absl::StrCat("zookeeper ", op, " ", path, ": out of memory reading the answer"));
  }
  return FromZk(p->rc, op, path);
}

ZkClient::ZkClient(std::unique_ptr<Core> core) : core_(std::move(core)) {}

absl::StatusOr<std::unique_ptr<ZkClient>> ZkClient::Start(Options options) {
  if (options.hosts.empty() || options.hosts.find('\0') != std::string::npos ||
      options.hosts.find('/') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("zookeeper: '", options.hosts, "' is not a host:port[,host:port...] list"));
  }
  if (options.session_timeout_ms < 100 || options.session_timeout_ms > 600000 ||
      options.max_node_bytes < 1 || options.max_node_bytes > (int64_t{64} << 20) ||
      options.max_children < 1 || options.max_children > (int64_t{1} << 24)) {
    return absl::InvalidArgumentError(
        "zookeeper: session timeout (100..600000 ms), node size or children limit out of range");
  }
  static std::once_flag quiet;
  std::call_once(quiet, [] { zoo_set_debug_level(static_cast<ZooLogLevel>(0)); });

  auto core = std::make_unique<Core>(std::move(options));
  Core* c = core.get();
  {
    std::lock_guard<std::mutex> lock(c->mu);
    c->generation = 1;
  }
  auto ctx = std::make_unique<HandleContext>(HandleContext{c, 1});
  zhandle_t* zh = zookeeper_init2(c->options.hosts.c_str(), &Core::Watcher,
                                  c->options.session_timeout_ms, nullptr, ctx.get(), 0, DropLog);
  if (zh == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("zookeeper: cannot use '", c->options.hosts, "': ", std::strerror(errno)));
  }
  {
    std::lock_guard<std::mutex> handle_lock(c->handle_mu);
    c->handle = zh;
    c->context = std::move(ctx);
  }
  c->event_thread = std::thread([c] { c->EventLoop(); });
  return std::unique_ptr<ZkClient>(new ZkClient(std::move(core)));
}

ZkClient::~ZkClient() { Close(); }

void ZkClient::Close() {
  Core* c = core_.get();
  {
    std::lock_guard<std::mutex> lock(c->mu);
    c->closing.store(true);
    c->state = ZkSessionState::kClosed;
    c->cv.notify_all();
  }
  zhandle_t* zh;
  std::unique_ptr<HandleContext> ctx;
  {
    std::lock_guard<std::mutex> handle_lock(c->handle_mu);
    zh = c->handle;
    c->handle = nullptr;
    ctx = std::move(c->context);
  }
  // Ends the session (ephemeral nodes go now), completes pending calls with ZCLOSING (so an
  // on_event blocked in a call returns) and joins ZooKeeper's threads.
  if (zh != nullptr) zookeeper_close(zh);
  if (c->event_thread.joinable()) c->event_thread.join();
}

absl::Status ZkClient::WaitConnected(absl::Time deadline) {
  std::unique_lock<std::mutex> lock(core_->mu);
  core_->cv.wait_until(lock, absl::ToChronoTime(deadline),
                       [&] { return core_->state == ZkSessionState::kConnected; });
  if (core_->state == ZkSessionState::kConnected) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("ZooKeeper at ", core_->options.hosts,
                                             " cannot be reached (session ",
                                             ZkSessionStateName(core_->state), ")"));
}

ZkSessionState ZkClient::state() const {
  std::lock_guard<std::mutex> lock(core_->mu);
  return core_->state;
}

int64_t ZkClient::session_id() const {
  std::lock_guard<std::mutex> lock(core_->mu);
  return core_->session_id;
}

int64_t ZkClient::sessions() const {
  std::lock_guard<std::mutex> lock(core_->mu);
  return core_->sessions;
}

const std::string& ZkClient::hosts() const { return core_->options.hosts; }

ZkClient::Credentials ZkClient::credentials() const {
  std::lock_guard<std::mutex> lock(core_->mu);
  return Credentials{core_->session_id, core_->password};
}

absl::StatusOr<ZkStat> ZkClient::Exists(const std::string& path, absl::Time deadline, bool watch) {
  if (absl::Status s = CheckPath(path, "exists"); !s.ok()) return s;
  auto p = std::make_shared<Pending>();
  absl::Status s = core_->Call("exists", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_aexists(zh, path.c_str(), watch ? 1 : 0, StatDone, d);
  });
  if (!s.ok()) return s;
  return p->stat;
}

absl::StatusOr<ZkNode> ZkClient::Get(const std::string& path, absl::Time deadline, bool watch) {
  // The size first, so a node over the limit is never fetched.
  absl::StatusOr<ZkStat> stat = Exists(path, deadline);
  if (!stat.ok()) return stat.status();
  const int64_t limit = core_->options.max_node_bytes;
  auto too_big = [&](int64_t n) {
    return absl::ResourceExhaustedError(absl::StrCat("zookeeper get ", path, ": the node holds ", n,
                                                     " bytes; the limit is ", limit));
  };
  if (stat->data_length > limit) return too_big(stat->data_length);
  auto p = std::make_shared<Pending>();
  p->max_bytes = limit;
  absl::Status s = core_->Call("get", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_aget(zh, path.c_str(), watch ? 1 : 0, DataDone, d);
  });
  if (!s.ok()) return s;
  if (p->too_big >= 0) return too_big(p->too_big);
  return ZkNode{std::move(p->data), p->stat};
}

absl::StatusOr<std::vector<std::string>> ZkClient::Children(const std::string& path,
                                                            absl::Time deadline, bool watch) {
  if (absl::Status s = CheckPath(path, "children"); !s.ok()) return s;
  auto p = std::make_shared<Pending>();
  p->max_children = core_->options.max_children;
  absl::Status s = core_->Call("children", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_aget_children(zh, path.c_str(), watch ? 1 : 0, StringsDone, d);
  });
  if (!s.ok()) return s;
  if (p->too_big >= 0) {
    return absl::ResourceExhaustedError(absl::StrCat("zookeeper children ", path, ": ", p->too_big,
                                                     " children; the limit is ",
                                                     core_->options.max_children));
  }
  return std::move(p->strings);
}

namespace {

absl::Status CheckData(const std::string& data, int64_t limit, const char* op,
                       const std::string& path) {
  if (static_cast<int64_t>(data.size()) > limit) {
    return absl::ResourceExhaustedError(absl::StrCat("zookeeper ", op, " ", path, ": ", data.size(),
                                                     " bytes; the limit is ", limit));
  }
  return absl::OkStatus();
}

int ModeFlags(ZkCreateMode mode) {
  switch (mode) {
    case ZkCreateMode::kPersistent:
      return ZOO_PERSISTENT;
    case ZkCreateMode::kEphemeral:
      return ZOO_EPHEMERAL;
    case ZkCreateMode::kPersistentSequential:
      return ZOO_PERSISTENT_SEQUENTIAL;
    case ZkCreateMode::kEphemeralSequential:
      return ZOO_EPHEMERAL_SEQUENTIAL;
  }
  return ZOO_PERSISTENT;
}

}  // namespace

absl::StatusOr<std::string> ZkClient::Create(const std::string& path, const std::string& data,
                                             ZkCreateMode mode, absl::Time deadline) {
  if (absl::Status s = CheckPath(path, "create"); !s.ok()) return s;
  if (absl::Status s = CheckData(data, core_->options.max_node_bytes, "create", path); !s.ok())
    return s;
  auto p = std::make_shared<Pending>();
  absl::Status s = core_->Call("create", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_acreate(zh, path.c_str(), data.data(), static_cast<int>(data.size()),
                       &ZOO_OPEN_ACL_UNSAFE, ModeFlags(mode), StringDone, d);
  });
  if (!s.ok()) return s;
  return std::move(p->data);
}

absl::StatusOr<ZkStat> ZkClient::Set(const std::string& path, const std::string& data,
                                     int32_t version, absl::Time deadline) {
  if (absl::Status s = CheckPath(path, "set"); !s.ok()) return s;
  if (absl::Status s = CheckData(data, core_->options.max_node_bytes, "set", path); !s.ok())
    return s;
  auto p = std::make_shared<Pending>();
  absl::Status s = core_->Call("set", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_aset(zh, path.c_str(), data.data(), static_cast<int>(data.size()), version, StatDone,
                    d);
  });
  if (!s.ok()) return s;
  return p->stat;
}

absl::Status ZkClient::Delete(const std::string& path, int32_t version, absl::Time deadline) {
  if (absl::Status s = CheckPath(path, "delete"); !s.ok()) return s;
  auto p = std::make_shared<Pending>();
  return core_->Call("delete", path, deadline, p, [&](zhandle_t* zh, const void* d) {
    return zoo_adelete(zh, path.c_str(), version, VoidDone, d);
  });
}

absl::Status ZkClient::EnsurePath(const std::string& path, absl::Time deadline) {
  if (absl::Status s = CheckPath(path, "create"); !s.ok()) return s;
  std::string prefix;
  for (absl::string_view part : absl::StrSplit(path, '/', absl::SkipEmpty())) {
    absl::StrAppend(&prefix, "/", part);
    absl::StatusOr<std::string> created = Create(prefix, "", ZkCreateMode::kPersistent, deadline);
    if (!created.ok() && !absl::IsAlreadyExists(created.status())) return created.status();
  }
  return absl::OkStatus();
}

}  // namespace dupready
