// Copyright 2026 The dupready Authors.
//
// plugin_client.h: the meta server's side of libdupready_plugin.so. ReadinessChecker is what
// the duplication gate asks; DupreadyPlugin implements it by loading the .so with dlopen.
//
//   absl::StatusOr<std::unique_ptr<DupreadyPlugin>> plugin = DupreadyPlugin::Load(
//       "/usr/lib/pegasus/libdupready_plugin.so", "/etc/pegasus/dupready.rules", "");
//   if (!plugin.ok()) { /* log plugin.status(); the gate never advances */ }
//   ReadinessVerdict v;
//   (*plugin)->Check(dup_context, "ERR_OK", reply_bytes, &v);
//
// Thread-safety: Check, Reload, ReloadFrom and StatsJson may be called from any thread at
// once (the plugin guarantees it). SetLogger must not race with the other calls.

#ifndef DUPREADY_META_INTEGRATION_METASERVER_PLUGIN_CLIENT_H_
#define DUPREADY_META_INTEGRATION_METASERVER_PLUGIN_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "meta_integration/metaserver/duplication_status.h"

struct dupready_checker;

namespace dupready {

// A verdict as the plugin returns it (see dupready_verdict in dupready_plugin.h).
struct ReadinessVerdict {
  bool ready = false;
  int32_t partition = -1;
  std::string error;    // Pegasus error name; "ERR_OK" when ready
  std::string rule;     // the deciding rule; "" when ready
  std::string message;
};

class ReadinessChecker {
 public:
  virtual ~ReadinessChecker() = default;
  // Judges the follower from the RPC's error name and the reply's bytes (ignored unless
  // rpc_err is "ERR_OK"). Never fails: every outcome is a verdict, not ready when unsure.
  virtual void Check(const DupContext& dup, std::string_view rpc_err, std::string_view reply,
                     ReadinessVerdict* out) = 0;
};

class DupreadyPlugin : public ReadinessChecker {
 public:
  // Levels as DUPREADY_LOG_*: 0 info, 1 warning, 2 error.
  using Logger = std::function<void(int level, const std::string& msg)>;

  // dlopen(so_path), looks up every function, requires dupready_abi_version() == 1, then
  // opens the rules. FailedPrecondition for a library that cannot be loaded or has the wrong
  // ABI; the plugin's own error (located) when the rules cannot be loaded. `logger`, when
  // given, receives the plugin's messages (reloads, shadow disagreements) once it is open.
  static absl::StatusOr<std::unique_ptr<DupreadyPlugin>> Load(const std::string& so_path,
                                                              const std::string& rules_path,
                                                              const std::string& shadow_path,
                                                              Logger logger = nullptr);

  DupreadyPlugin(const DupreadyPlugin&) = delete;
  DupreadyPlugin& operator=(const DupreadyPlugin&) = delete;
  // Closes the checker, then the library.
  ~DupreadyPlugin() override;

  void Check(const DupContext& dup, std::string_view rpc_err, std::string_view reply,
             ReadinessVerdict* out) override;

  // dupready_reload / dupready_reload_from: !ok means the old rules stay; the message says why.
  absl::Status Reload();
  absl::Status ReloadFrom(const std::string& rules_path, const std::string& shadow_path);
  // The plugin's counters as JSON.
  std::string StatsJson();

 private:
  struct Api;
  DupreadyPlugin(void* lib, std::unique_ptr<Api> api, Logger logger);
  static void Trampoline(void* ctx, int level, const char* msg);

  void* lib_;
  std::unique_ptr<Api> api_;
  Logger logger_;
  dupready_checker* checker_ = nullptr;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_PLUGIN_CLIENT_H_
