// Decoded reply -> FollowerFacts, reading addresses the way Pegasus does.
#include "meta_integration/plugin/reply_facts.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

using pegasus_wire::HostType;
constexpr int kMaxList = 64;

}  // namespace

absl::Status ReplyFactsBuilder::Build(const DupContextView& dup, std::string_view rpc_err,
                                      const pegasus_wire::query_cfg_response* reply,
                                      FollowerFacts* facts) {
  facts->Clear();
  facts->app_name = dup.app_name;
  facts->remote_cluster_name = dup.remote_cluster_name;
  facts->remote_app_name = dup.remote_app_name;
  facts->partition_count = dup.partition_count;
  facts->remote_replica_count = dup.remote_replica_count;
  facts->rpc_err = rpc_err;
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

  // Old servers send IPv4 rpc_addresses: their text needs storage that does not move.
  size_t ipv4 = 0;
  for (const auto& pc : reply->partitions) {
    if (!pc.__isset.hp_primary) ++ipv4;
    if (!pc.__isset.hp_secondaries) ipv4 += pc.secondaries.size();
    if (!pc.__isset.hp_last_drops) ipv4 += pc.last_drops.size();
  }
  ipv4_text_.resize(ipv4);
  size_t next_text = 0;

  auto from_rpc = [&](const pegasus_wire::rpc_address& a, AddressFact* out) {
    if (a.type() == HostType::kInvalid) {
      *out = AddressFact{};
      return true;
    }
    if (a.type() != HostType::kIpv4) return false;
    std::array<char, 16>& buf = ipv4_text_[next_text++];
    const uint32_t ip = a.ipv4();
    int n = std::snprintf(buf.data(), buf.size(), "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF,
                          (ip >> 8) & 0xFF, ip & 0xFF);
    *out = AddressFact{std::string_view(buf.data(), static_cast<size_t>(n)), a.port(), true};
    return true;
  };
  auto from_hp = [&](const pegasus_wire::host_port& a, AddressFact* out) {
    if (a.type() == HostType::kInvalid) {
      *out = AddressFact{};
      return true;
    }
    if (a.type() != HostType::kIpv4 || !IsSafeHost(a.host())) return false;
    *out = AddressFact{a.host(), a.port(), true};
    return true;
  };
  auto bad = [](size_t i, const char* field) {
    return absl::InvalidArgumentError(absl::StrCat("query_cfg_response.partitions[", i, "].", field,
                                                   ": not a valid address, or longer than ",
                                                   kMaxList, " entries"));
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
    if (!ok) return bad(i, pc.__isset.hp_primary ? "hp_primary" : "primary");
    if (pc.__isset.hp_secondaries) {
      ok = pc.hp_secondaries.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.hp_secondaries.size(); ++k) ok = from_hp(pc.hp_secondaries[k], &secondaries[ns++]);
    } else {
      ok = pc.secondaries.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.secondaries.size(); ++k) ok = from_rpc(pc.secondaries[k], &secondaries[ns++]);
    }
    if (!ok) return bad(i, pc.__isset.hp_secondaries ? "hp_secondaries" : "secondaries");
    if (pc.__isset.hp_last_drops) {
      ok = pc.hp_last_drops.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.hp_last_drops.size(); ++k) ok = from_hp(pc.hp_last_drops[k], &drops[nd++]);
    } else {
      ok = pc.last_drops.size() <= kMaxList;
      for (size_t k = 0; ok && k < pc.last_drops.size(); ++k) ok = from_rpc(pc.last_drops[k], &drops[nd++]);
    }
    if (!ok) return bad(i, pc.__isset.hp_last_drops ? "hp_last_drops" : "last_drops");
    AppendPartition(facts, pc.pid.partition_index(), pc.ballot, pc.max_replica_count, primary,
                    secondaries, ns, drops, nd, pc.last_committed_decree, pc.partition_flags);
  }
  return absl::OkStatus();
}

}  // namespace dupready
