// Test support: facts from compact descriptions, and the reference check.
#include "engine/testing/follower.h"

#include <cstdint>
#include <fstream>
#include <sstream>

namespace dupready {
namespace testing {

Follower Follower::Healthy(int n, int replicas) {
  Follower f;
  f.partition_count = n;
  for (int i = 0; i < n; ++i) {
    Partition p;
    p.max_replica_count = replicas;
    p.primary = Replica{true, "10.0.0." + std::to_string(1 + i % 3), 34801};
    for (int s = 1; s < replicas; ++s)
      p.secondaries.push_back(Replica{true, "10.0.1." + std::to_string(s), 34801});
    f.partitions.push_back(p);
  }
  return f;
}

static AddressFact ToFact(const Replica& r) {
  return r.valid ? AddressFact{r.host, r.port, true} : AddressFact{};
}

FactsHolder::FactsHolder(const Follower& f) : follower_(f) {
  const Follower& g = follower_;
  facts_.app_name = g.app_name;
  facts_.remote_cluster_name = g.remote_cluster_name;
  facts_.remote_app_name = g.remote_app_name;
  facts_.partition_count = g.partition_count;
  facts_.remote_replica_count = g.remote_replica_count;
  facts_.rpc_err = g.rpc_err;
  facts_.response_err = g.response_err;
  facts_.app_id = g.app_id;
  facts_.response_partition_count = static_cast<int64_t>(g.partitions.size());
  facts_.is_stateful = true;
  for (size_t i = 0; i < g.partitions.size(); ++i) {
    const Partition& p = g.partitions[i];
    std::vector<AddressFact> sec, drops;
    for (const Replica& r : p.secondaries) sec.push_back(ToFact(r));
    for (const Replica& r : p.last_drops) drops.push_back(ToFact(r));
    AppendPartition(&facts_, static_cast<int32_t>(i), p.ballot, p.max_replica_count,
                    ToFact(p.primary), sec.data(), static_cast<int>(sec.size()), drops.data(),
                    static_cast<int>(drops.size()), p.last_committed_decree, p.partition_flags);
  }
}

ReferenceVerdict PegasusCheck(const Follower& f, bool fixed, bool strict) {
  if (f.rpc_err != "ERR_OK") return {f.rpc_err, -1};
  if (f.response_err != "ERR_OK") return {f.response_err, -1};
  if (static_cast<int>(f.partitions.size()) != f.partition_count)
    return {"ERR_INCONSISTENT_STATE", -1};
  for (size_t i = 0; i < f.partitions.size(); ++i) {
    const Partition& p = f.partitions[i];
    const uint64_t secondaries = p.secondaries.size();
    if (!p.primary.valid) return {"ERR_INACTIVE_STATE", static_cast<int>(i)};
    // Pegasus compares a size_t with the int32 count: the count is converted to unsigned 64
    // bits, so -1 is 2^64 - 1.
    const uint64_t configured = static_cast<uint64_t>(p.max_replica_count);
    bool not_enough = fixed ? (1 + secondaries < configured && secondaries == 0)
                            : secondaries == 0;
    if (not_enough) return {"ERR_NOT_ENOUGH_MEMBER", static_cast<int>(i)};
    // strict.rules is not Pegasus: it compares as a rule file does, signed.
    if (strict && 1 + static_cast<int64_t>(secondaries) < p.max_replica_count)
      return {"ERR_NOT_ENOUGH_MEMBER", static_cast<int>(i)};
    for (const Replica& s : p.secondaries)
      if (!s.valid) return {"ERR_INACTIVE_STATE", static_cast<int>(i)};
  }
  return {"ERR_OK", -1};
}

absl::StatusOr<std::string> ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace testing
}  // namespace dupready
