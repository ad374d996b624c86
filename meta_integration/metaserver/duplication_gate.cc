// The DS_APP -> DS_LOG gate: ask dupready, log Pegasus's line when not ready, count
// consecutive ready checks, then alter, store and commit the new status.
#include "meta_integration/metaserver/duplication_gate.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"

namespace dupready {

void PluginReadiness::Check(const DupContext& dup, std::string_view rpc_err,
                            std::string_view reply, host::Verdict* out) {
  const dupready_dup_context context = {dup.app_name.c_str(), dup.remote_cluster_name.c_str(),
                                        dup.remote_app_name.c_str(), dup.partition_count,
                                        dup.remote_replica_count};
  checker_->Check(context, std::string(rpc_err).c_str(), reply.data(), reply.size(), out);
}

std::string_view ChangeStatus(Duplication* dup, DupStatus to, MetaStorage* storage,
                              std::string* why) {
  std::string_view err = dup->AlterStatus(to);
  if (err != kErrOk || !dup->is_altering()) return err;  // refused, or nothing to change
  absl::Status stored = storage->Set(dup->StorePath(), dup->ToJson());
  if (!stored.ok()) {
    dup->AbortAlteration();
    if (why != nullptr) *why = std::string(stored.message());
    return kErrZookeeperOperation;
  }
  dup->PersistStatus();
  return kErrOk;
}

DuplicationGate::DuplicationGate(ReadinessChecker* checker, std::string unavailable_reason,
                                 MetaStorage* storage, GateOptions options, GateLogger logger)
    : checker_(checker),
      unavailable_reason_(std::move(unavailable_reason)),
      storage_(storage),
      options_(options),
      logger_(std::move(logger)) {}

void DuplicationGate::Log(GateLogLevel level, const std::string& msg) const {
  if (logger_) logger_(level, msg);
}

void DuplicationGate::LogResult(GateLogLevel level, const Duplication& dup, const GateOutcome& o,
                                std::string_view rule, int partition,
                                const std::string& reason) const {
  const DupContext& c = dup.context();
  Log(level, absl::StrCat("query follower app[", c.remote_cluster_name, ".", c.remote_app_name,
                          "] replica configuration completed, result: duplication_status = ",
                          DupStatusName(dup.status()), ", query_err = ", o.query_err,
                          ", update_err = ", o.update_err,
                          ", rule = ", rule.empty() ? "-" : Av(rule),
                          ", partition = ", partition, ", reason = ", reason));
}

int DuplicationGate::Streak(const Duplication& dup, bool ready) {
  std::lock_guard<std::mutex> lock(mu_);
  int& n = streaks_[dup.StorePath()];
  n = ready ? n + 1 : 0;
  return n;
}

int DuplicationGate::stable_checks(const Duplication& dup) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = streaks_.find(dup.StorePath());
  return it == streaks_.end() ? 0 : it->second;
}

GateOutcome DuplicationGate::OnFollowerReply(Duplication* dup, std::string_view rpc_err,
                                             std::string_view reply) {
  GateOutcome o;
  o.update_err = std::string(kErrNoNeedOperate);
  if (dup->status() != DupStatus::kApp) {
    o.query_err = std::string(kErrNoNeedOperate);
    return o;  // only a duplication in DS_APP waits for its follower
  }
  if (checker_ == nullptr) {
    o.query_err = "ERR_SERVICE_NOT_ACTIVE";
    // One log line: the first line of the reason (a rule-file error continues with the
    // offending line and a caret, which the load itself reported).
    const std::string_view why = std::string_view(unavailable_reason_)
                                     .substr(0, unavailable_reason_.find('\n'));
    LogResult(GateLogLevel::kError, *dup, o, "", -1,
              absl::StrCat("dupready is not loaded (", Av(why),
                           "); the duplication stays in DS_APP"));
    return o;
  }
  checker_->Check(dup->context(), rpc_err, reply, &o.verdict);
  o.checked = true;
  o.query_err = o.verdict.error;
  o.stable_checks = Streak(*dup, o.verdict.ready);
  if (!o.verdict.ready) {
    LogResult(GateLogLevel::kError, *dup, o, o.verdict.rule, o.verdict.partition,
              o.verdict.message);
    return o;
  }
  const int required = options_.required_stable_checks < 1 ? 1 : options_.required_stable_checks;
  if (o.stable_checks < required) {
    LogResult(GateLogLevel::kInfo, *dup, o, "", -1,
              absl::StrCat("ready in ", o.stable_checks, " consecutive check(s); ", required,
                           " required before DS_LOG"));
    return o;
  }
  std::string why;
  o.update_err = std::string(ChangeStatus(dup, DupStatus::kLog, storage_, &why));
  if (o.update_err != kErrOk) {
    LogResult(GateLogLevel::kError, *dup, o, "", -1,
              why.empty() ? absl::StrCat("the status could not be altered to DS_LOG")
                          : absl::StrCat("storing DS_LOG failed, the status stays ",
                                         DupStatusName(dup->status()), ": ", why));
    return o;
  }
  o.advanced = true;
  const DupContext& c = dup->context();
  Log(GateLogLevel::kInfo,
      absl::StrCat("all replicas of follower app[", c.remote_cluster_name, ".",
                   c.remote_app_name, "] are ready: master_app_name = ", c.app_name,
                   ", duplication_status = ", DupStatusName(dup->status()), " after ",
                   o.stable_checks, " consecutive ready check(s)"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    streaks_.erase(dup->StorePath());
  }
  return o;
}

}  // namespace dupready
