// Pegasus's readiness check written by hand in C++: the baseline the engine must approach.
// Written the way Pegasus's meta server writes it: one loop, early returns, no precomputation.
#include "tools/bench/handwritten.h"

#include <string_view>

namespace dupready {
namespace bench {
namespace {

constexpr const char* kOk = "ERR_OK";

// Steps 1 and 2 of the check: the call, the answer, the partition count. Returns false with
// `out` set when the table fails them.
bool TableChecks(const FollowerTable& t, CheckResult* out) {
  if (t.rpc_err != kOk) {
    *out = CheckResult{t.rpc_err.c_str(), -1};
    return false;
  }
  if (t.response_err != kOk) {
    *out = CheckResult{t.response_err.c_str(), -1};
    return false;
  }
  if (static_cast<int64_t>(t.partitions.size()) != t.partition_count) {
    *out = CheckResult{"ERR_INCONSISTENT_STATE", -1};
    return false;
  }
  return true;
}

CheckResult CheckDefault(const FollowerTable& t) {
  CheckResult r;
  if (!TableChecks(t, &r)) return r;
  for (const PartitionConfig& p : t.partitions) {
    if (!p.primary.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
    const uint64_t ns = p.secondaries.size();
    if (1 + ns < static_cast<uint64_t>(p.max_replica_count) && ns == 0)
      return {"ERR_NOT_ENOUGH_MEMBER", p.pidx};
    for (const HostPort& s : p.secondaries)
      if (!s.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
  }
  return r;
}

// strict.rules: fully_replicated runs after enough_members, before secondaries_alive.
CheckResult CheckStrict(const FollowerTable& t) {
  CheckResult r;
  if (!TableChecks(t, &r)) return r;
  for (const PartitionConfig& p : t.partitions) {
    const uint64_t ns = p.secondaries.size();
    if (!p.primary.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
    if (1 + ns < static_cast<uint64_t>(p.max_replica_count) && ns == 0)
      return {"ERR_NOT_ENOUGH_MEMBER", p.pidx};
    // fully_replicated compares signed, as a rule does.
    if (static_cast<int64_t>(ns) < int64_t{p.max_replica_count} - 1)
      return {"ERR_NOT_ENOUGH_MEMBER", p.pidx};
    for (const HostPort& s : p.secondaries)
      if (!s.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
  }
  return r;
}

CheckResult CheckOverlay200(const FollowerTable& t) {
  CheckResult r;
  if (!TableChecks(t, &r)) return r;
  for (const PartitionConfig& p : t.partitions) {
    const int ns = static_cast<int>(p.secondaries.size());
    if (!p.primary.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
    if (1 + static_cast<uint64_t>(ns) < static_cast<uint64_t>(p.max_replica_count) && ns == 0)
      return {"ERR_NOT_ENOUGH_MEMBER", p.pidx};
    for (const HostPort& s : p.secondaries)
      if (!s.valid()) return {"ERR_INACTIVE_STATE", p.pidx};
    // Past secondaries_alive every secondary is valid, and so is the primary.
    [[maybe_unused]] const int alive_secondaries = ns;
    [[maybe_unused]] const int alive_replicas = 1 + ns;
    // The 200 generated checks (overlay_gen.cc), one `if` or loop each.
#include "tools/bench/overlay200_checks.inc"
  }
  return r;
}

}  // namespace

const char* RuleSetName(RuleSetKind kind) {
  switch (kind) {
    case RuleSetKind::kDefault:
      return "default";
    case RuleSetKind::kStrict:
      return "strict";
    case RuleSetKind::kOverlay200:
      return "overlay200";
  }
  return "?";
}

CheckResult CheckHandwritten(const FollowerTable& table, RuleSetKind kind) {
  switch (kind) {
    case RuleSetKind::kDefault:
      return CheckDefault(table);
    case RuleSetKind::kStrict:
      return CheckStrict(table);
    case RuleSetKind::kOverlay200:
      return CheckOverlay200(table);
  }
  return {};
}

CheckResult CheckDecoded(RuleSetKind kind, int32_t partition_count, const std::string& rpc_err,
                         const pegasus_wire::query_cfg_response& reply) {
  if (rpc_err != kOk) return {rpc_err.c_str(), -1};
  if (reply.err.name() != kOk) return {reply.err.name().c_str(), -1};
  if (static_cast<int64_t>(reply.partitions.size()) != partition_count)
    return {"ERR_INCONSISTENT_STATE", -1};
  const bool strict = kind == RuleSetKind::kStrict;
  for (const pegasus_wire::partition_configuration& pc : reply.partitions) {
    const int32_t pidx = pc.pid.partition_index();
    // Pegasus reads the host_port fields when the server sent them, else the rpc_addresses.
    const bool primary = pc.__isset.hp_primary ? pc.hp_primary.is_valid() : pc.primary.is_valid();
    if (!primary) return {"ERR_INACTIVE_STATE", pidx};
    const uint64_t ns =
        pc.__isset.hp_secondaries ? pc.hp_secondaries.size() : pc.secondaries.size();
    if (1 + ns < static_cast<uint64_t>(pc.max_replica_count) && ns == 0)
      return {"ERR_NOT_ENOUGH_MEMBER", pidx};
    // fully_replicated compares signed, as a rule does.
    if (strict && static_cast<int64_t>(ns) < int64_t{pc.max_replica_count} - 1)
      return {"ERR_NOT_ENOUGH_MEMBER", pidx};
    if (pc.__isset.hp_secondaries) {
      for (const pegasus_wire::host_port& s : pc.hp_secondaries)
        if (!s.is_valid()) return {"ERR_INACTIVE_STATE", pidx};
    } else {
      for (const pegasus_wire::rpc_address& s : pc.secondaries)
        if (!s.is_valid()) return {"ERR_INACTIVE_STATE", pidx};
    }
  }
  return {};
}

}  // namespace bench
}  // namespace dupready
