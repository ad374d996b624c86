// Test support: facts from compact descriptions, and the reference check.
#include "engine/testing/follower.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <utility>

namespace dupready {
namespace testing {

HostPort Address(bool valid, std::string host, uint16_t port) {
  return valid ? HostPort::At(std::move(host), port) : HostPort();
}

FollowerTable HealthyFollower(int n, int replicas) {
  FollowerTable f;
  f.partition_count = n;
  for (int i = 0; i < n; ++i) {
    PartitionConfig p;
    p.pidx = i;
    p.ballot = 3;
    p.last_committed_decree = 100;
    p.max_replica_count = replicas;
    p.primary = HostPort::At("10.0.0." + std::to_string(1 + i % 3), 34801);
    for (int s = 1; s < replicas; ++s)
      p.secondaries.push_back(HostPort::At("10.0.1." + std::to_string(s), 34801));
    f.partitions.push_back(p);
  }
  return f;
}

FactsHolder::FactsHolder(const FollowerTable& f) : follower_(f) {
  model::BuildFacts(follower_, &facts_);
}

ReferenceVerdict PegasusCheck(const FollowerTable& f, bool fixed, bool strict) {
  if (f.rpc_err != "ERR_OK") return {f.rpc_err, -1};
  if (f.response_err != "ERR_OK") return {f.response_err, -1};
  if (static_cast<int>(f.partitions.size()) != f.partition_count)
    return {"ERR_INCONSISTENT_STATE", -1};
  for (size_t i = 0; i < f.partitions.size(); ++i) {
    const PartitionConfig& p = f.partitions[i];
    const uint64_t secondaries = p.secondaries.size();
    if (!p.primary.valid()) return {"ERR_INACTIVE_STATE", static_cast<int>(i)};
    // Pegasus compares a size_t with the int32 count: the count is converted to unsigned 64
    // bits, so -1 is 2^64 - 1.
    const uint64_t configured = static_cast<uint64_t>(p.max_replica_count);
    bool not_enough = fixed ? (1 + secondaries < configured && secondaries == 0)
                            : secondaries == 0;
    if (not_enough) return {"ERR_NOT_ENOUGH_MEMBER", static_cast<int>(i)};
    // strict.rules is not Pegasus: it compares as a rule file does, signed.
    if (strict && 1 + static_cast<int64_t>(secondaries) < p.max_replica_count)
      return {"ERR_NOT_ENOUGH_MEMBER", static_cast<int>(i)};
    for (const HostPort& s : p.secondaries)
      if (!s.valid()) return {"ERR_INACTIVE_STATE", static_cast<int>(i)};
  }
  return {"ERR_OK", -1};
}

}  // namespace testing
}  // namespace dupready
