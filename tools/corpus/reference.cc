// The reference verdicts: each shipped rule file's checks written out as plain loops, in the
// order the engine documents (table rules first, then each partition in reply order with its
// rules in file order; the first failure decides; a `suffices` rule that holds accepts the
// partition).
#include "tools/corpus/reference.h"

#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/testing/follower.h"

namespace dupready {
namespace corpus {
namespace {

// One partition rule: its name, error, and whether the partition passes it. A rule marked
// `suffices` accepts the partition (skipping the rest) when `holds` is true and never fails.
struct PartitionRule {
  const char* name;
  const char* error;
  bool suffices;
  bool (*holds)(const model::PartitionConfig& p);
};

int AliveSecondaries(const model::PartitionConfig& p) {
  int n = 0;
  for (const model::HostPort& r : p.secondaries) n += r.valid() ? 1 : 0;
  return n;
}

int Secondaries(const model::PartitionConfig& p) { return static_cast<int>(p.secondaries.size()); }

// default.rules
bool PrimaryAlive(const model::PartitionConfig& p) { return p.primary.valid(); }
// Pegasus: `1 + secondaries.size() < max_replica_count && secondaries.empty()` fails, where the
// i32 max_replica_count is converted to size_t: a negative count compares as a huge one.
bool EnoughMembers(const model::PartitionConfig& p) {
  const uint64_t configured = static_cast<uint64_t>(static_cast<int64_t>(p.max_replica_count));
  const uint64_t present = 1 + static_cast<uint64_t>(Secondaries(p));
  return !(present < configured && Secondaries(p) == 0);
}
bool SecondariesAlive(const model::PartitionConfig& p) {
  return AliveSecondaries(p) == Secondaries(p);
}
// legacy.rules: enough_members without its guard (Pegasus before its single-replica fix).
bool EnoughMembersLegacy(const model::PartitionConfig& p) { return Secondaries(p) >= 1; }
// strict.rules: every configured replica listed.
bool FullyReplicated(const model::PartitionConfig& p) {
  return Secondaries(p) >= int64_t{p.max_replica_count} - 1;  // as a rule computes: 64 bits
}
// backup_cluster_strict.rules: exactly the configured number of live replicas.
bool AllReplicasAlive(const model::PartitionConfig& p) {
  return (p.primary.valid() ? 1 : 0) + AliveSecondaries(p) == p.max_replica_count;
}
// single_replica.rules: when replica_count == 1, a live primary is enough.
bool SingleReplicaAccepts(const model::PartitionConfig& p) {
  return p.max_replica_count == 1 && p.primary.valid();
}

const PartitionRule kPrimaryAlive = {"primary_alive", "ERR_INACTIVE_STATE", false, PrimaryAlive};
const PartitionRule kEnoughMembers = {"enough_members", "ERR_NOT_ENOUGH_MEMBER", false,
                                      EnoughMembers};
const PartitionRule kSecondariesAlive = {"secondaries_alive", "ERR_INACTIVE_STATE", false,
                                         SecondariesAlive};

std::vector<PartitionRule> PartitionRules(const CaseModel& c, RuleFile file) {
  switch (file) {
    case RuleFile::kDefault: return {kPrimaryAlive, kEnoughMembers, kSecondariesAlive};
    case RuleFile::kLegacy:
      return {kPrimaryAlive,
              {"enough_members", "ERR_NOT_ENOUGH_MEMBER", false, EnoughMembersLegacy},
              kSecondariesAlive};
    case RuleFile::kStrict:
      return {kPrimaryAlive, kEnoughMembers,
              {"fully_replicated", "ERR_NOT_ENOUGH_MEMBER", false, FullyReplicated},
              kSecondariesAlive};
    case RuleFile::kBackupClusterStrict:
      if (!absl::StartsWith(c.remote_cluster_name, "backup_"))
        return {kPrimaryAlive, kEnoughMembers, kSecondariesAlive};
      return {kPrimaryAlive, kEnoughMembers, kSecondariesAlive,
              {"all_replicas_alive", "ERR_NOT_ENOUGH_MEMBER", false, AllReplicasAlive}};
    case RuleFile::kSingleReplica:
      return {kPrimaryAlive, {"single_replica", "", true, SingleReplicaAccepts}, kEnoughMembers,
              kSecondariesAlive};
    case RuleFile::kTempTablesRelaxed:
      if (!absl::StartsWith(c.remote_app_name, "temp_"))
        return {kPrimaryAlive, kEnoughMembers, kSecondariesAlive};
      return {kPrimaryAlive, {"primary_suffices", "", true, PrimaryAlive}, kEnoughMembers,
              kSecondariesAlive};
  }
  return {};
}

ExpectedVerdict Fail(std::string rule, std::string error, int partition) {
  ExpectedVerdict v;
  v.ready = false;
  v.rule = std::move(rule);
  v.error = std::move(error);
  v.partition = partition;
  return v;
}

}  // namespace

const std::vector<RuleFileInfo>& AllRuleFiles() {
  static const auto* files = new std::vector<RuleFileInfo>{
      {RuleFile::kDefault, "rules/default.rules"},
      {RuleFile::kLegacy, "rules/legacy.rules"},
      {RuleFile::kStrict, "rules/strict.rules"},
      {RuleFile::kBackupClusterStrict, "rules/examples/backup_cluster_strict.rules"},
      {RuleFile::kSingleReplica, "rules/examples/single_replica.rules"},
      {RuleFile::kTempTablesRelaxed, "rules/examples/temp_tables_relaxed.rules"},
  };
  return *files;
}

ExpectedVerdict Reference(const CaseModel& c, RuleFile file) {
  // Table rules, in file order.
  if (c.rpc_err != "ERR_OK") return Fail("remote_call_ok", c.rpc_err, -1);
  if (c.response_err != "ERR_OK") return Fail("remote_answer_ok", c.response_err, -1);
  const int listed = static_cast<int>(c.partitions.size());
  if (listed != c.partition_count)
    return Fail("partition_count_matches", "ERR_INCONSISTENT_STATE", -1);
  if (file == RuleFile::kBackupClusterStrict &&
      absl::StartsWith(c.remote_cluster_name, "backup_") && c.declared_partition_count != listed)
    return Fail("declared_count_matches", "ERR_INCONSISTENT_STATE", -1);

  // Partition rules.
  const std::vector<PartitionRule> rules = PartitionRules(c, file);
  for (const model::PartitionConfig& p : c.partitions) {
    for (const PartitionRule& r : rules) {
      const bool holds = r.holds(p);
      if (r.suffices) {
        if (holds) break;  // accepted: the partition's later rules are not run
        continue;
      }
      if (!holds) return Fail(r.name, r.error, p.pidx);
    }
  }
  return ExpectedVerdict();
}

absl::Status CrossCheckWithPegasusCheck(const CaseModel& c) {
    struct {
    RuleFile file;
    bool fixed, strict;
  } const kPairs[] = {{RuleFile::kDefault, true, false},
                      {RuleFile::kLegacy, false, false},
                      {RuleFile::kStrict, true, true}};
  for (const auto& pair : kPairs) {
    const testing::ReferenceVerdict theirs = testing::PegasusCheck(c, pair.fixed, pair.strict);
    const ExpectedVerdict ours = Reference(c, pair.file);
    // PegasusCheck names the partition by its index in the reply; the corpus's pidx is that
    // index.
    if (theirs.error != ours.error || theirs.partition != ours.partition) {
      return absl::InternalError(absl::StrCat(
          c.name, ": the reference says ", ours.error, " at ", ours.partition,
          " but PegasusCheck says ", theirs.error, " at ", theirs.partition, " for rule file #",
          static_cast<int>(pair.file)));
    }
  }
  return absl::OkStatus();
}

}  // namespace corpus
}  // namespace dupready
