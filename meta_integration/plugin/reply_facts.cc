// Decoded reply -> FollowerFacts, reading addresses the way Pegasus does.
#include "meta_integration/plugin/reply_facts.h"

#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

constexpr size_t kMaxList = kMaxAddressesPerList;

}  // namespace

absl::Status ReplyFactsBuilder::Build(const DupContextView& dup, std::string_view rpc_err,
                                      const pegasus_wire::query_cfg_response* reply,
                                      FollowerFacts* facts) {
  StartFacts(dup, rpc_err, facts);
  if (!IsSafeErrorName(rpc_err))
    return absl::InvalidArgumentError("rpc_err: not an error name");
  if (reply == nullptr) {
    facts->response_err = "ERR_OK";
    return absl::OkStatus();
  }
  const std::string& err = reply->err.name();
  if (!IsSafeErrorName(err))
    return absl::InvalidArgumentError("query_cfg_response.err: not an error name");
  facts->response_err = err;
  facts->app_id = reply->app_id;
  facts->response_partition_count = reply->partition_count;
  facts->is_stateful = reply->is_stateful;

  ipv4_texts_.Reset();
  auto from_rpc = [&](const pegasus_wire::rpc_address& a, AddressFact* out) {
    return RpcAddressFact(static_cast<uint64_t>(a.ToWire()), &ipv4_texts_, out);
  };
  auto from_hp = [](const pegasus_wire::host_port& a, AddressFact* out) {
    return HostPortFact(static_cast<uint8_t>(a.type()), a.host(), a.port(), out);
  };

  facts->partitions.reserve(reply->partitions.size());
  facts->wide.reserve(reply->partitions.size());
  AddressFact secondaries[kMaxList], drops[kMaxList], primary;
  for (size_t i = 0; i < reply->partitions.size(); ++i) {
    const pegasus_wire::partition_configuration& pc = reply->partitions[i];
    int ns = 0, nd = 0;
    bool ok;
    if (pc.__isset.hp_primary) ok = from_hp(pc.hp_primary, &primary);
    else ok = from_rpc(pc.primary, &primary);
    if (!ok) return BadAddress(i, pc.__isset.hp_primary ? "hp_primary" : "primary");
    if (pc.__isset.hp_secondaries) {
      ok = pc.hp_secondaries.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.hp_secondaries.size(); ++k) ok = from_hp(pc.hp_secondaries[k], &secondaries[ns++]);
    } else {
      ok = pc.secondaries.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.secondaries.size(); ++k) ok = from_rpc(pc.secondaries[k], &secondaries[ns++]);
    }
    if (!ok) return BadAddress(i, pc.__isset.hp_secondaries ? "hp_secondaries" : "secondaries");
    if (pc.__isset.hp_last_drops) {
      ok = pc.hp_last_drops.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.hp_last_drops.size(); ++k) ok = from_hp(pc.hp_last_drops[k], &drops[nd++]);
    } else {
      ok = pc.last_drops.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.last_drops.size(); ++k) ok = from_rpc(pc.last_drops[k], &drops[nd++]);
    }
    if (!ok) return BadAddress(i, pc.__isset.hp_last_drops ? "hp_last_drops" : "last_drops");
    AppendPartition(facts, pc.pid.partition_index(), pc.ballot, pc.max_replica_count, primary,
                    secondaries, ns, drops, nd, pc.last_committed_decree, pc.partition_flags);
  }
  return absl::OkStatus();
}

}  // namespace dupready
