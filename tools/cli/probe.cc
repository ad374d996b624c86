// `dupready probe`: query the follower cluster's meta servers, then judge the reply with the
// code `check` uses.
#include "tools/cli/probe.h"

#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "meta_integration/rpc/meta_client.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "tools/cli/check.h"
#include "tools/cli/context_check.h"
#include "tools/cli/input.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kProbeUsage[] =
    "usage: dupready probe --meta HOST:PORT[,HOST:PORT...] --app REMOTE_APP --rules FILE\n"
    "                      [--partition-count N] [--timeout-ms N] [--format text|json]\n"
    "                      [--remote-cluster NAME] [--source-app NAME]\n"
    "                      [--remote-replica-count N] [--explain [--partition N]] [--map]\n"
    "                      [--save-reply FILE]\n"
    "Asks the follower cluster's meta servers (in order, following forwards to the leader)\n"
    "for REMOTE_APP's partition configuration and judges it as `check` does. --partition-count\n"
    "is the source table's, never taken from the reply: when the rules compare with it (every\n"
    "rule file that extends default.rules does), it is required, and so is any other value the\n"
    "rules decide on (--remote-cluster, --source-app, ...). --save-reply keeps the reply for\n"
    "`check --input FILE --input-format thrift`.\n"
    "Exit codes: 0 ready, 1 not ready, 2 bad usage or rules, or no meta server answered\n"
    "within --timeout-ms (default 10000).\n";

namespace {

constexpr int64_t kDefaultTimeoutMs = 10000;
constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;

// The duplication context as `check`'s input flags. The source table is only what
// --source-app says: the follower's name does not tell it.
absl::StatusOr<Flags> ContextFlags(const FollowerQuery& q) {
  std::vector<std::string> args = {"--remote-app", q.remote_app};
  if (!q.source_app.empty()) args.insert(args.end(), {"--app", q.source_app});
  if (!q.remote_cluster.empty()) args.insert(args.end(), {"--remote-cluster", q.remote_cluster});
  if (q.partition_count >= 0)
    args.insert(args.end(), {"--partition-count", absl::StrCat(q.partition_count)});
  if (q.remote_replica_count >= 0)
    args.insert(args.end(), {"--remote-replica-count", absl::StrCat(q.remote_replica_count)});
  Flags context(FlagNames({kInputFlags}), {});
  if (absl::Status s = context.Parse(args); !s.ok()) return s;
  return context;
}

}  // namespace

absl::StatusOr<MetaAnswer> AskFollower(const FollowerQuery& q, const MetaQueryOptions& options) {
  return QueryPartitionConfig(q.metas, q.remote_app, options);
}

absl::StatusOr<FollowerSnapshot> FollowerSnapshotOf(const MetaAnswer& answer,
                                                    const FollowerQuery& q) {
  absl::StatusOr<Flags> context = ContextFlags(q);
  if (!context.ok()) return context.status();
  const MetaReply& reply = answer.reply;
  if (reply.has_result) return ParseFollower(reply.response_bytes, answer.meta, "thrift", *context);
  absl::StatusOr<std::string> empty = EncodeQueryCfgResponse(pegasus_wire::query_cfg_response());
  if (!empty.ok()) return empty.status();
  absl::StatusOr<FollowerSnapshot> snap = ParseFollower(*empty, answer.meta, "thrift", *context);
  if (snap.ok()) snap->set_rpc_err(reply.transport_err);
  return snap;
}

int RunProbe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Subcommand cmd = {"probe", kProbeUsage};
  cmd.with_value = FlagNames({kJudgeValueFlags});
  cmd.with_value.insert({"meta", "app", "remote-cluster", "source-app", "save-reply"});
  cmd.switches = FlagNames({kJudgeSwitches});
  // The context's numbers are checked again when the reply is read; checking them here makes a
  // typo fail before the network is touched.
  cmd.ints = {{"timeout-ms", kDefaultTimeoutMs, 1, kMaxTimeoutMs},
              {"partition-count", -1, 1, 1 << 20},
              {"remote-replica-count", -1, 0, 64}};
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  for (const char* required : {"meta", "app", "rules"}) {
    if (!flags.Has(required) || flags.Get(required).empty())
      return UsageError(cmd, absl::StrCat("--", required, " is required"), err);
  }
  absl::StatusOr<JudgeOptions> opts = ParseJudgeFlags(flags);
  if (!opts.ok()) return Fail(cmd, opts.status().message(), err);
  absl::StatusOr<std::vector<MetaAddress>> metas = ParseMetaList(flags.Get("meta"));
  if (!metas.ok()) return Fail(cmd, metas.status().message(), err);
  FollowerQuery q;
  q.metas = *metas;
  q.remote_app = flags.Get("app");
  q.source_app = flags.Get("source-app");
  q.remote_cluster = flags.Get("remote-cluster");
  q.partition_count = flags.Int("partition-count");
  q.remote_replica_count = flags.Int("remote-replica-count");
  opts->command = "probe";
  // Bad rules fail before the network is touched.
  absl::StatusOr<std::unique_ptr<const RuleSet>> rules = LoadRuleFile(opts->rules_path);
  if (!rules.ok()) {
    err << rules.status().message() << "\n";
    return 2;
  }

  // Values the rules decide on must be given before the network is touched: the reply gives
  // none of them.
  uint8_t unset = 0;
  if (q.source_app.empty()) unset |= DupFieldBit(DupField::kAppName);
  if (q.remote_cluster.empty()) unset |= DupFieldBit(DupField::kRemoteClusterName);
  if (q.partition_count < 0) unset |= DupFieldBit(DupField::kPartitionCount);
  if (q.remote_replica_count < 0) unset |= DupFieldBit(DupField::kRemoteReplicaCount);
  if (const std::string missing = MissingContext(**rules, unset, ProbeFlagFor); !missing.empty()) {
    err << "dupready probe: " << missing;  // ends with a newline
    return kUsageExit;
  }

  MetaQueryOptions query;
  query.timeout_ms = flags.Int("timeout-ms");
  absl::StatusOr<MetaAnswer> answer = AskFollower(q, query);
  if (!answer.ok()) return Fail(cmd, answer.status().message(), err);
  err << "dupready probe: " << DescribeAttempts(answer->attempts) << "\n";
  if (flags.Has("save-reply") && answer->reply.has_result) {
    std::ofstream save(flags.Get("save-reply"), std::ios::binary | std::ios::trunc);
    save << answer->reply.response_bytes;
    if (!save.good())
      return Fail(cmd, absl::StrCat("cannot write ", flags.Get("save-reply")), err);
  }
  absl::StatusOr<FollowerSnapshot> snap = FollowerSnapshotOf(*answer, q);
  if (!snap.ok()) return Fail(cmd, snap.status().message(), err);
  return JudgeSnapshot(**rules, *snap, *opts, answer->meta, out, err);
}

}  // namespace dupready
