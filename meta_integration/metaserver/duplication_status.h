// Copyright 2026 The dupready Authors.
//
// duplication_status.h: Pegasus's duplication status machine, as the source cluster's meta
// server runs it (meta_integration/PEGASUS.md, "Duplication status machine").
//
//   DS_INIT -> DS_PREPARE -> DS_APP -> DS_LOG <-> DS_PAUSE;  DS_INIT -> DS_LOG;  any -> DS_REMOVED
//
// A change takes two steps: AlterStatus() marks the duplication as altering towards the new
// status; the new status takes effect only when PersistStatus() is called after meta storage
// has stored it. While altering, every other alteration gets ERR_BUSY. If storing fails,
// AbortAlteration() leaves the status where it was.
//
//   Duplication dup(context, DupStatus::kApp);
//   if (dup.AlterStatus(DupStatus::kLog) == kErrOk && dup.is_altering()) {
//     if (storage->Set(dup.StorePath(), dup.ToJson()).ok()) dup.PersistStatus();
//     else dup.AbortAlteration();
//   }
//
// Errors are Pegasus error names, as Pegasus's own alter_status returns them. A Duplication is
// not thread-safe: the meta server serializes calls (Pegasus holds its duplication lock).

#ifndef DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_STATUS_H_
#define DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_STATUS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace dupready {

// Values are Pegasus's duplication_status.
enum class DupStatus : int {
  kInit = 0,
  kPrepare = 1,
  kApp = 2,
  kLog = 3,
  kPause = 4,
  kRemoved = 5,
};

// Values are Pegasus's duplication_fail_mode.
enum class DupFailMode : int { kSlow = 0, kSkip = 1, kFast = 2 };

// "DS_INIT", ... ; "FAIL_SLOW", ... .
const char* DupStatusName(DupStatus status);
const char* DupFailModeName(DupFailMode mode);
// The inverse; false for an unknown name.
bool ParseDupStatus(std::string_view name, DupStatus* out);
bool ParseDupFailMode(std::string_view name, DupFailMode* out);

// True when Pegasus allows `from` -> `to`: the same status, INIT->PREPARE, PREPARE->APP,
// APP/PAUSE/INIT->LOG, LOG->PAUSE, any->REMOVED.
bool IsValidAlteration(DupStatus from, DupStatus to);

// Pegasus error names used here.
inline constexpr std::string_view kErrOk = "ERR_OK";
inline constexpr std::string_view kErrBusy = "ERR_BUSY";
inline constexpr std::string_view kErrObjectNotFound = "ERR_OBJECT_NOT_FOUND";
inline constexpr std::string_view kErrInvalidParameters = "ERR_INVALID_PARAMETERS";
inline constexpr std::string_view kErrNoNeedOperate = "ERR_NO_NEED_OPERATE";

// What the source cluster knows about a duplication.
struct DupContext {
  int32_t dup_id = 1;
  std::string app_name;             // the source table
  std::string remote_cluster_name;
  std::string remote_app_name;      // Pegasus defaults it to app_name
  int32_t partition_count = 0;      // the source table's
  int32_t remote_replica_count = 0; // 0: the source table's max_replica_count
};

class Duplication {
 public:
  explicit Duplication(DupContext context, DupStatus status = DupStatus::kInit,
                       DupFailMode fail_mode = DupFailMode::kSlow);

  // Step one of a change. Returns, in Pegasus's order of checks: ERR_BUSY while an alteration
  // is pending; ERR_OBJECT_NOT_FOUND for a removed duplication; ERR_INVALID_PARAMETERS for a
  // change IsValidAlteration refuses; else ERR_OK. ERR_OK with nothing to do (same status and
  // fail mode) leaves is_altering() false; otherwise it becomes true.
  std::string_view AlterStatus(DupStatus to, DupFailMode fail_mode);
  std::string_view AlterStatus(DupStatus to) { return AlterStatus(to, fail_mode_); }

  // Step two, after the pending state was stored: it takes effect. Returns false (and changes
  // nothing) when no alteration is pending.
  bool PersistStatus();

  // Storing failed: the pending alteration is dropped; the status stays.
  void AbortAlteration();

  const DupContext& context() const { return context_; }
  DupStatus status() const { return status_; }
  DupFailMode fail_mode() const { return fail_mode_; }
  bool is_altering() const { return altering_; }
  DupStatus next_status() const { return next_status_; }

  // Where meta storage keeps it: "/duplication/<app_name>/<dup_id>".
  std::string StorePath() const;

  // What is stored: the context and the pending status when altering (as Pegasus stores the
  // next status), else the current one. One JSON object on one line.
  std::string ToJson() const;

  // Reads ToJson()'s output back (not altering). InvalidArgument, located, when it is not.
  static absl::StatusOr<Duplication> FromJson(std::string_view json, std::string_view name);

 private:
  DupContext context_;
  DupStatus status_;
  DupFailMode fail_mode_;
  bool altering_ = false;
  DupStatus next_status_;
  DupFailMode next_fail_mode_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_DUPLICATION_STATUS_H_
