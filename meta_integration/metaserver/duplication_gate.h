// Copyright 2026 The dupready Authors.
//
// duplication_gate.h: the DS_APP -> DS_LOG step of a duplication, as Pegasus's meta server
// takes it in check_follower_app_if_create_completed, with the readiness check delegated to
// dupready (a ReadinessChecker: PluginReadiness, the plugin through dupready_host.h, as a meta
// server runs it, or a scripted one in tests).
//
//   PluginReadiness readiness(checker.get());  // a host::Checker opened by the host
//   DuplicationGate gate(&readiness, "", &storage, GateOptions{/*stable=*/3}, logger);
//   // each time the follower's meta server answers RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX:
//   GateOutcome o = gate.OnFollowerReply(&dup, rpc_err, reply_bytes);
//
// For a duplication in DS_APP, one call: asks the checker; when not ready, logs (error) the
// line Pegasus logs, plus the deciding rule, partition and reason:
//
//   query follower app[target_cluster.dup_test_3] replica configuration completed, result:
//   duplication_status = DS_APP, query_err = ERR_NOT_ENOUGH_MEMBER, update_err =
//   ERR_NO_NEED_OPERATE, rule = enough_members, partition = 0, reason = partition 0 has no
//   secondary                                                          (one line in the log)
//
// When ready for `required_stable_checks` consecutive checks (Prometheus's `for:`; any
// not-ready verdict restarts the count), it alters the status to DS_LOG, stores it, and only
// then lets it take effect; if storing fails the status stays DS_APP and the next ready check
// tries again. Without a checker (plugin missing or not loadable) it never advances and says
// why on every call. The stability count lives here, not in the rule language: rules cannot
// read it.
//
// Thread-safety: calls for different duplications may run concurrently; calls for one
// duplication must be serialized by the caller, as Pegasus does under its lock.

#ifndef DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_GATE_H_
#define DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_GATE_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "meta_integration/host/dupready_host.h"
#include "meta_integration/metaserver/duplication_status.h"
#include "meta_integration/metaserver/meta_storage.h"

namespace dupready {

// What the gate asks about a follower.
class ReadinessChecker {
 public:
  virtual ~ReadinessChecker() = default;
  // Judges the follower from the RPC's error name and the reply's bytes (ignored unless
  // rpc_err is "ERR_OK"). Never fails: every outcome is a verdict, not ready when unsure.
  virtual void Check(const DupContext& dup, std::string_view rpc_err, std::string_view reply,
                     host::Verdict* out) = 0;
};

// The plugin as a ReadinessChecker: the same calls a meta server makes through
// dupready_host.h. Does not own `checker`, which must outlive it.
class PluginReadiness : public ReadinessChecker {
 public:
  explicit PluginReadiness(const host::Checker* checker) : checker_(checker) {}
  void Check(const DupContext& dup, std::string_view rpc_err, std::string_view reply,
             host::Verdict* out) override;

 private:
  const host::Checker* const checker_;
};

// update_err when meta storage could not store a new status.
inline constexpr std::string_view kErrZookeeperOperation = "ERR_ZOOKEEPER_OPERATION";

// Alters `dup` to `to`, stores it, and lets it take effect: both of Pegasus's steps. Returns
// ERR_OK when `to` is in effect (also when it already was); AlterStatus's error (nothing
// changed); or ERR_ZOOKEEPER_OPERATION when storing failed: the alteration is dropped, the
// status stays, and *why (when given) says what storage reported.
std::string_view ChangeStatus(Duplication* dup, DupStatus to, MetaStorage* storage,
                              std::string* why = nullptr);

struct GateOptions {
  // Consecutive ready checks needed before DS_APP -> DS_LOG; values below 1 count as 1.
  int required_stable_checks = 1;
};

enum class GateLogLevel { kInfo, kWarning, kError };
using GateLogger = std::function<void(GateLogLevel, const std::string&)>;

struct GateOutcome {
  bool checked = false;    // false: not in DS_APP (or no checker), nothing was judged
  host::Verdict verdict;
  std::string query_err;   // the verdict's error, or ERR_SERVICE_NOT_ACTIVE without checker
  std::string update_err;  // ERR_NO_NEED_OPERATE unless a change to DS_LOG was attempted
  int stable_checks = 0;   // consecutive ready checks, this one included
  bool advanced = false;   // the duplication is now in DS_LOG
};

class DuplicationGate {
 public:
  // `checker` may be null; `unavailable_reason` then says why. Does not own `checker` or
  // `storage`, which must outlive the gate. `logger` may be empty.
  DuplicationGate(ReadinessChecker* checker, std::string unavailable_reason,
                  MetaStorage* storage, GateOptions options, GateLogger logger);

  // One round of the follower check for `dup` with the RPC's error name and the reply bytes.
  GateOutcome OnFollowerReply(Duplication* dup, std::string_view rpc_err, std::string_view reply);

  // Consecutive ready checks recorded for `dup`.
  int stable_checks(const Duplication& dup) const;

 private:
  void Log(GateLogLevel level, const std::string& msg) const;
  void LogResult(GateLogLevel level, const Duplication& dup, const GateOutcome& o,
                 std::string_view rule, int partition, const std::string& reason) const;
  int Streak(const Duplication& dup, bool ready);  // updates and returns the count

  ReadinessChecker* const checker_;
  const std::string unavailable_reason_;
  MetaStorage* const storage_;
  const GateOptions options_;
  const GateLogger logger_;
  mutable std::mutex mu_;
  std::map<std::string, int> streaks_;  // by Duplication::StorePath(); guarded by mu_
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_GATE_H_
