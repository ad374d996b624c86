// Builds the follower of a rule test case: from a compact description, a snapshot written in
// the test, snapshot JSON, or an input file in any of check's formats.
#include "tools/cli/rule_test_input.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/loader/loader.h"
#include "engine/snapshot/facts_adapter.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/flags.h"
#include "tools/cli/input.h"

namespace dupready {
namespace {

constexpr int kMaxPartitions = 1 << 16;
constexpr int kMaxReplicas = kMaxReplicaListSize;
constexpr int64_t kMaxInputBytes = 64 << 20;

absl::Status Bad(const std::string& message) { return absl::InvalidArgumentError(message); }

absl::Status InRange(const char* field, int64_t value, int64_t lo, int64_t hi) {
  if (value >= lo && value <= hi) return absl::OkStatus();
  return Bad(absl::StrCat(field, " must be from ", lo, " to ", hi, ", not ", value));
}

void SetAddress(Address* a, const std::string& host, bool alive) {
  a->set_host(alive ? host : "");
  a->set_port(alive ? 34801 : 0);
}

// The flags `check` would be given for the context fields.
absl::StatusOr<Flags> ContextFlags(const RuleTestCase& c) {
  Flags flags(FlagNames({kInputFlags}), {});
  std::vector<std::string> args;
  const TestContext& ctx = c.context();
  if (ctx.has_app()) args.insert(args.end(), {"--app", ctx.app()});
  if (ctx.has_remote_cluster()) args.insert(args.end(), {"--remote-cluster", ctx.remote_cluster()});
  if (ctx.has_remote_app()) args.insert(args.end(), {"--remote-app", ctx.remote_app()});
  if (ctx.has_partition_count())
    args.insert(args.end(), {"--partition-count", std::to_string(ctx.partition_count())});
  if (ctx.has_remote_replica_count())
    args.insert(args.end(), {"--remote-replica-count", std::to_string(ctx.remote_replica_count())});
  if (absl::Status s = flags.Parse(args); !s.ok()) return s;
  return flags;
}

}  // namespace

absl::StatusOr<FollowerSnapshot> SnapshotFromSpec(const TestFollower& spec) {
  const int n = spec.partitions();
  if (absl::Status s = InRange("follower.partitions", n, 0, kMaxPartitions); !s.ok()) return s;
  if (absl::Status s = InRange("follower.replica_count", spec.replica_count(), 0, kMaxReplicas + 1);
      !s.ok())
    return s;
  FollowerSnapshot snap;
  DuplicationContext* dup = snap.mutable_duplication();
  dup->set_app_name(spec.app());
  dup->set_remote_cluster_name(spec.remote_cluster());
  dup->set_remote_app_name(spec.has_remote_app() ? spec.remote_app() : spec.app());
  dup->set_partition_count(spec.has_partition_count() ? spec.partition_count() : n);
  dup->set_remote_replica_count(spec.remote_replica_count());
  snap.set_rpc_err(spec.rpc_err());
  QueryConfigResponse* resp = snap.mutable_response();
  resp->set_err(spec.response_err());
  resp->set_app_id(3);
  resp->set_partition_count(spec.has_declared_partition_count() ? spec.declared_partition_count() : n);
  resp->set_is_stateful(true);

  std::vector<const TestPartition*> overrides(static_cast<size_t>(n), nullptr);
  for (const TestPartition& p : spec.partition()) {
    if (!p.has_pidx()) return Bad("follower.partition needs a pidx");
    if (p.pidx() < 0 || p.pidx() >= n)
      return Bad(absl::StrCat("follower.partition { pidx: ", p.pidx(), " }: the follower lists ",
                              "partitions 0 to ", n - 1));
    if (overrides[static_cast<size_t>(p.pidx())] != nullptr)
      return Bad(absl::StrCat("follower.partition { pidx: ", p.pidx(), " } is given twice"));
    overrides[static_cast<size_t>(p.pidx())] = &p;
  }
  for (int i = 0; i < n; ++i) {
    const TestPartition* o = overrides[static_cast<size_t>(i)];
    const int replicas = o && o->has_replica_count() ? o->replica_count() : spec.replica_count();
    const int secondaries = o && o->has_secondaries() ? o->secondaries() : std::max(replicas - 1, 0);
    const int dead = o ? o->dead_secondaries() : 0;
    const std::string where = absl::StrCat("follower.partition { pidx: ", i, " }");
    if (absl::Status s = InRange((where + " replica_count").c_str(), replicas, 0, kMaxReplicas + 1);
        !s.ok())
      return s;
    if (absl::Status s = InRange((where + " secondaries").c_str(), secondaries, 0, kMaxReplicas);
        !s.ok())
      return s;
    if (absl::Status s = InRange((where + " dead_secondaries").c_str(), dead, 0, secondaries);
        !s.ok())
      return s;
    PartitionConfig* p = resp->add_partitions();
    p->set_pidx(i);
    p->set_ballot(3);
    p->set_max_replica_count(replicas);
    SetAddress(p->mutable_primary(), absl::StrCat("10.0.0.", 1 + i % 3),
               o ? o->primary_alive() : true);
    for (int s = 0; s < secondaries; ++s)
      SetAddress(p->add_secondaries(), absl::StrCat("10.0.1.", s + 1), s < secondaries - dead);
    p->set_last_committed_decree(100);
  }
  return snap;
}

absl::StatusOr<FollowerSnapshot> CaseFollower(const RuleTestCase& c, const std::string& test_path) {
  const bool from_text = c.source_case() == RuleTestCase::kInput ||
                         c.source_case() == RuleTestCase::kSnapshotJson;
  if (c.has_context() && !from_text)
    return Bad("'context' goes with 'input' or 'snapshot_json' (a follower or snapshot written "
               "in the test carries its own context)");
  if (c.has_input_format() && c.source_case() != RuleTestCase::kInput)
    return Bad("'input_format' goes with 'input'");
  switch (c.source_case()) {
    case RuleTestCase::kFollower:
      return SnapshotFromSpec(c.follower());
    case RuleTestCase::kSnapshot:
      return c.snapshot();
    case RuleTestCase::kSnapshotJson:
    case RuleTestCase::kInput: {
      absl::StatusOr<Flags> flags = ContextFlags(c);
      if (!flags.ok()) return Bad(absl::StrCat("context: ", flags.status().message()));
      if (c.source_case() == RuleTestCase::kSnapshotJson)
        return ParseFollower(c.snapshot_json(), "snapshot_json", "snapshot", *flags);
      const std::string path = ResolveExtendPath(test_path, c.input());
      absl::StatusOr<std::string> bytes = ReadWholeFileBounded(path, kMaxInputBytes);
      if (!bytes.ok()) return Bad(absl::StrCat("cannot read input ", bytes.status().message()));
      return ParseFollower(*bytes, path, c.has_input_format() ? c.input_format() : "auto", *flags);
    }
    case RuleTestCase::SOURCE_NOT_SET:
      break;
  }
  return Bad("the case gives no follower: set one of 'follower', 'snapshot', 'snapshot_json' "
             "or 'input'");
}

}  // namespace dupready
