// The C boundary of libdupready_plugin.so: argument checks, one Status -> (code, err) adapter,
// and a catch-all around every entry point so no exception ever leaves the library.
#define DUPREADY_PLUGIN_BUILD 1
#include "meta_integration/plugin/dupready_plugin.h"

#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "engine/common/safe_text.h"
#include "meta_integration/plugin/plugin_checker.h"

struct dupready_checker {
  std::unique_ptr<dupready::PluginChecker> impl;
};

namespace {

using dupready::CheckScratch;
using dupready::PluginChecker;

// Copies `s`, escaped (engine/common/safe_text.h: control characters and bytes that are not
// UTF-8 become \xNN and the like), into buf[0, cap) NUL-terminated, cutting at a character
// boundary: what crosses the C interface is UTF-8 without control characters.
// Allocates nothing, so that reporting a failure to allocate cannot fail itself.
void CopyOut(std::string_view s, char* buf, size_t cap) { dupready::SafeTextInto(s, buf, cap); }

std::string_view Sv(absl::string_view s) { return std::string_view(s.data(), s.size()); }

// The one adapter: 0 for OK, else the canonical code (never 0) with the message in err.
int ToReturnCode(const absl::Status& status, char* err, size_t err_cap) {
  if (status.ok()) {
    CopyOut("", err, err_cap);
    return 0;
  }
  CopyOut(Sv(status.message()), err, err_cap);
  return static_cast<int>(status.code());
}

absl::Status Misuse(const char* what) { return absl::InvalidArgumentError(what); }

// Made when the library loads, so that reporting a failure to allocate needs no allocation:
// copying a Status only bumps a reference count. An object, not a leaked pointer: dlclose
// destroys it (a pointer would be a leak once the library is unloaded).
const absl::Status& OutOfMemory() {
  static const absl::Status status = absl::ResourceExhaustedError("dupready: out of memory");
  return status;
}
[[maybe_unused]] const absl::Status& g_out_of_memory_ready = OutOfMemory();

// Runs `body`, turning any exception into a status: ResourceExhausted for std::bad_alloc,
// Internal otherwise. Building the message may itself fail when memory is short: then the
// preallocated out-of-memory status is returned, so nothing ever escapes.
template <typename F>
absl::Status Guarded(F&& body) {
  try {
    try {
      return body();
    } catch (const std::bad_alloc&) {
      return OutOfMemory();
    } catch (const std::exception& e) {
      return absl::InternalError(std::string("dupready: internal error: ") + e.what());
    } catch (...) {
      return absl::InternalError("dupready: internal error (unknown exception)");
    }
  } catch (...) {
    return OutOfMemory();
  }
}

std::string_view OrEmpty(const char* s) { return s == nullptr ? std::string_view() : s; }

void FillVerdict(const dupready::Verdict& v, dupready_verdict* out) {
  out->ready = v.ready ? 1 : 0;
  out->partition = v.ready ? -1 : v.partition;
  CopyOut(v.error, out->error, sizeof(out->error));
  CopyOut(v.ready ? std::string_view() : std::string_view(v.rule), out->rule, sizeof(out->rule));
  CopyOut(v.ready ? std::string_view() : std::string_view(v.message), out->message,
          sizeof(out->message));
}

void FillNotReady(const char* error, std::string_view message, dupready_verdict* out) {
  out->ready = 0;
  out->partition = -1;
  CopyOut(error, out->error, sizeof(out->error));
  CopyOut("", out->rule, sizeof(out->rule));
  CopyOut(message, out->message, sizeof(out->message));
}

// Per-thread working memory. `busy` covers re-entry (a logger that checks from inside a
// check): the nested call then uses a scratch of its own.
struct ThreadSlot {
  CheckScratch scratch;
  bool busy = false;
};
thread_local ThreadSlot tls_slot;

class SlotLease {
 public:
  SlotLease() {
    if (!tls_slot.busy) {
      tls_slot.busy = true;
      scratch_ = &tls_slot.scratch;
    } else {
      own_ = std::make_unique<CheckScratch>();
      scratch_ = own_.get();
    }
  }
  ~SlotLease() {
    if (own_ == nullptr) tls_slot.busy = false;
  }
  SlotLease(const SlotLease&) = delete;
  SlotLease& operator=(const SlotLease&) = delete;
  CheckScratch* scratch() { return scratch_; }

 private:
  CheckScratch* scratch_ = nullptr;
  std::unique_ptr<CheckScratch> own_;
};

}  // namespace

extern "C" {

uint32_t dupready_abi_version(void) { return DUPREADY_ABI_VERSION; }

dupready_checker* dupready_open(const char* rules_path, const char* shadow_rules_path, char* err,
                                size_t err_cap) {
  dupready_checker* result = nullptr;
  absl::Status status = Guarded([&]() -> absl::Status {
    if (rules_path == nullptr) return Misuse("dupready_open: rules_path is NULL");
    absl::StatusOr<std::unique_ptr<PluginChecker>> impl =
        PluginChecker::Open(rules_path, std::string(OrEmpty(shadow_rules_path)));
    if (!impl.ok()) return impl.status();
    auto checker = std::make_unique<dupready_checker>();
    checker->impl = *std::move(impl);
    result = checker.release();
    return absl::OkStatus();
  });
  ToReturnCode(status, err, err_cap);
  return result;
}

int dupready_reload(dupready_checker* c, char* err, size_t err_cap) {
  return ToReturnCode(Guarded([&]() -> absl::Status {
                        if (c == nullptr) return Misuse("dupready_reload: checker is NULL");
                        return c->impl->Reload();
                      }),
                      err, err_cap);
}

int dupready_reload_from(dupready_checker* c, const char* rules_path,
                         const char* shadow_rules_path, char* err, size_t err_cap) {
  return ToReturnCode(Guarded([&]() -> absl::Status {
                        if (c == nullptr) return Misuse("dupready_reload_from: checker is NULL");
                        if (rules_path == nullptr)
                          return Misuse("dupready_reload_from: rules_path is NULL");
                        return c->impl->ReloadFrom(rules_path,
                                                   std::string(OrEmpty(shadow_rules_path)));
                      }),
                      err, err_cap);
}

int dupready_check(dupready_checker* c, const dupready_dup_context* dup, const char* rpc_err,
                   const uint8_t* reply, size_t reply_len, dupready_verdict* out) {
  if (out == nullptr) return static_cast<int>(absl::StatusCode::kInvalidArgument);
  const char* misuse = nullptr;
  if (c == nullptr) misuse = "dupready_check: checker is NULL";
  else if (dup == nullptr) misuse = "dupready_check: dup context is NULL";
  else if (reply == nullptr && reply_len > 0) misuse = "dupready_check: reply is NULL but reply_len > 0";
  if (misuse != nullptr) {
    FillNotReady("ERR_INVALID_PARAMETERS", misuse, out);
    return static_cast<int>(absl::StatusCode::kInvalidArgument);
  }
  absl::Status status = Guarded([&]() -> absl::Status {
    dupready::DupContextView view;
    view.app_name = OrEmpty(dup->app_name);
    view.remote_cluster_name = OrEmpty(dup->remote_cluster_name);
    view.remote_app_name = OrEmpty(dup->remote_app_name);
    view.partition_count = dup->partition_count;
    view.remote_replica_count = dup->remote_replica_count;
    std::string_view err_name = rpc_err == nullptr ? std::string_view("ERR_OK") : rpc_err;
    SlotLease lease;
    // Out of memory, Check throws and leaves the thread's scratch empty, fit for the next.
    c->impl->Check(view, err_name, reply, reply_len, lease.scratch());
    FillVerdict(lease.scratch()->verdict(), out);
    return absl::OkStatus();
  });
  if (!status.ok()) {
    // Never a ready verdict on an internal failure (e.g. out of memory): the check stays a
    // verdict, not ready, so the duplication does not advance.
    FillNotReady("ERR_UNKNOWN", Sv(status.message()), out);
  }
  return 0;
}

void dupready_close(dupready_checker* c) {
  try {
    delete c;
  } catch (...) {
    // Destructors do not throw; nothing may escape anyway.
  }
}

void dupready_set_logger(dupready_checker* c, dupready_log_fn fn, void* ctx) {
  if (c == nullptr) return;
  try {
    c->impl->SetLogger(fn, ctx);
  } catch (...) {
  }
}

int64_t dupready_stats_json(dupready_checker* c, char* buf, size_t cap) {
  if (c == nullptr || (buf == nullptr && cap > 0)) return -1;
  try {
    std::string json = c->impl->StatsJson();
    if (cap > 0) CopyOut(json.size() < cap ? std::string_view(json) : std::string_view(), buf, cap);
    return static_cast<int64_t>(json.size());
  } catch (...) {
    if (cap > 0) buf[0] = '\0';
    return -1;
  }
}

}  // extern "C"
