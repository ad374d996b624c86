// Copyright 2026 The dupready Authors.
//
// Converts between the generated query_cfg_response and the snapshot proto's
// QueryConfigResponse, choosing hp_* over rpc_address fields the way Pegasus does.

#include "meta_integration/formats/pegasus_convert.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

using pegasus_wire::HostType;

bool IsErrorNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsHostChar(char c) { return IsErrorNameChar(c) || c == '.' || c == '-'; }

absl::Status CheckErrorName(const std::string& name, const char* where) {
  if (name.empty() || name.size() > kMaxErrorNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": error name of ", name.size(), " bytes (allowed: 1 to ", kMaxErrorNameBytes, ")"));
  }
  for (char c : name) {
    if (!IsErrorNameChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": error name has the byte 0x",
          absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2), " (allowed: A-Z a-z 0-9 _)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckHost(std::string_view host, const std::string& where) {
  if (host.empty() || host.size() > kMaxHostBytes) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": host of ", host.size(),
                                                   " bytes (allowed: 1 to ", kMaxHostBytes, ")"));
  }
  for (char c : host) {
    if (!IsHostChar(c)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": host has the byte 0x", absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2),
          " (allowed: A-Z a-z 0-9 . _ -)"));
    }
  }
  return absl::OkStatus();
}

std::string Ipv4ToString(uint32_t ip) {
  return absl::StrCat(ip >> 24, ".", (ip >> 16) & 0xFF, ".", (ip >> 8) & 0xFF, ".", ip & 0xFF);
}

// Parses a canonical dotted quad ("10.0.0.1": four decimal parts 0-255, no leading zeros), so
// that formatting the result gives the same text back.
std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t ip = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    const size_t start = i;
    uint32_t part = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 3) {
      part = part * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
    }
    const size_t digits = i - start;
    if (digits == 0 || part > 255 || (digits > 1 && text[start] == '0')) return std::nullopt;
    ip = (ip << 8) | part;
    ++parts;
    if (parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return ip;
}

absl::Status FromRpcAddress(const pegasus_wire::rpc_address& in, const std::string& where,
                            Address* out) {
  switch (in.type()) {
    case HostType::kInvalid: out->Clear(); return absl::OkStatus();
    case HostType::kIpv4:
      out->set_host(Ipv4ToString(in.ipv4()));
      out->set_port(in.port());
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": rpc_address of host type ", static_cast<int>(in.type())));
  }
}

absl::Status FromHostPort(const pegasus_wire::host_port& in, const std::string& where,
                          Address* out) {
  switch (in.type()) {
    case HostType::kInvalid:
      out->Clear();  // Pegasus ignores the host and port of an invalid host_port
      return absl::OkStatus();
    case HostType::kIpv4:
      if (absl::Status s = CheckHost(in.host(), where); !s.ok()) return s;
      out->set_host(in.host());
      out->set_port(in.port());
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": host_port of host type ", static_cast<int>(in.type())));
  }
}

template <typename T>
absl::Status FromList(const std::vector<T>& in, const std::string& where,
                      google::protobuf::RepeatedPtrField<Address>* out) {
  out->Reserve(static_cast<int>(in.size()));
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string item = absl::StrCat(where, "[", i, "]");
    absl::Status s;
    if constexpr (std::is_same_v<T, pegasus_wire::host_port>) {
      s = FromHostPort(in[i], item, out->Add());
    } else {
      s = FromRpcAddress(in[i], item, out->Add());
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status FromPartition(const pegasus_wire::partition_configuration& in,
                           const std::string& where, PartitionConfig* out) {
  out->set_pidx(in.pid.partition_index());
  out->set_ballot(in.ballot);
  out->set_max_replica_count(in.max_replica_count);
  out->set_last_committed_decree(in.last_committed_decree);
  out->set_partition_flags(in.partition_flags);
  absl::Status s = in.__isset.hp_primary
                       ? FromHostPort(in.hp_primary, where + ".hp_primary", out->mutable_primary())
                       : FromRpcAddress(in.primary, where + ".primary", out->mutable_primary());
  if (!s.ok()) return s;
  s = in.__isset.hp_secondaries
          ? FromList(in.hp_secondaries, where + ".hp_secondaries", out->mutable_secondaries())
          : FromList(in.secondaries, where + ".secondaries", out->mutable_secondaries());
  if (!s.ok()) return s;
  return in.__isset.hp_last_drops
             ? FromList(in.hp_last_drops, where + ".hp_last_drops", out->mutable_last_drops())
             : FromList(in.last_drops, where + ".last_drops", out->mutable_last_drops());
}

// Proto -> wire: one Address as (rpc_address, host_port).
absl::Status ToWire(const Address& in, const std::string& where, bool fill_host_port,
                    pegasus_wire::rpc_address* rpc, pegasus_wire::host_port* hp) {
  if (in.host().empty()) {
    if (in.port() != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": empty host (invalid address) with port ", in.port()));
    }
    *rpc = pegasus_wire::rpc_address();
    *hp = pegasus_wire::host_port();
    return absl::OkStatus();
  }
  if (absl::Status s = CheckHost(in.host(), where); !s.ok()) return s;
  if (in.port() > 0xFFFF) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": port ", in.port(), " > 65535"));
  }
  const uint16_t port = static_cast<uint16_t>(in.port());
  const std::optional<uint32_t> ip = ParseIpv4(in.host());
  if (!ip.has_value() && !fill_host_port) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": host '", in.host(), "' is not an IPv4 literal; it needs the hp_* fields"));
  }
  *rpc = ip.has_value() ? pegasus_wire::rpc_address::Ipv4(*ip, port) : pegasus_wire::rpc_address();
  *hp = pegasus_wire::host_port(in.host(), port);
  return absl::OkStatus();
}

absl::Status ToWireList(const google::protobuf::RepeatedPtrField<Address>& in,
                        const std::string& where, bool fill_host_port,
                        std::vector<pegasus_wire::rpc_address>* rpcs,
                        std::vector<pegasus_wire::host_port>* hps) {
  rpcs->resize(static_cast<size_t>(in.size()));
  hps->resize(static_cast<size_t>(in.size()));
  for (int i = 0; i < in.size(); ++i) {
    if (absl::Status s = ToWire(in.Get(i), absl::StrCat(where, "[", i, "]"), fill_host_port,
                                &(*rpcs)[i], &(*hps)[i]);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<QueryConfigResponse> ReplyToProto(const pegasus_wire::query_cfg_response& reply) {
  if (absl::Status s = CheckErrorName(reply.err.name(), "query_cfg_response.err"); !s.ok())
    return s;
  QueryConfigResponse out;
  out.set_err(reply.err.name());
  out.set_app_id(reply.app_id);
  out.set_partition_count(reply.partition_count);
  out.set_is_stateful(reply.is_stateful);
  out.mutable_partitions()->Reserve(static_cast<int>(reply.partitions.size()));
  for (size_t i = 0; i < reply.partitions.size(); ++i) {
    if (absl::Status s = FromPartition(reply.partitions[i],
                                       absl::StrCat("query_cfg_response.partitions[", i, "]"),
                                       out.add_partitions());
        !s.ok()) {
      return s;
    }
  }
  return out;
}

absl::StatusOr<pegasus_wire::query_cfg_response> ProtoToReply(const QueryConfigResponse& response,
                                                              const ReplyOptions& options) {
  if (absl::Status s = CheckErrorName(response.err(), "QueryConfigResponse.err"); !s.ok()) return s;
  pegasus_wire::query_cfg_response reply;
  reply.__set_err(pegasus_wire::error_code(response.err()));
  reply.__set_app_id(response.app_id());
  reply.__set_partition_count(response.partition_count());
  reply.__set_is_stateful(response.is_stateful());
  reply.partitions.resize(static_cast<size_t>(response.partitions_size()));
  reply.__isset.partitions = true;
  for (int i = 0; i < response.partitions_size(); ++i) {
    const PartitionConfig& in = response.partitions(i);
    pegasus_wire::partition_configuration& pc = reply.partitions[i];
    const std::string where = absl::StrCat("QueryConfigResponse.partitions[", i, "]");
    pc.__set_pid(pegasus_wire::gpid(response.app_id(), in.pidx()));
    pc.__set_ballot(in.ballot());
    pc.__set_max_replica_count(in.max_replica_count());
    pc.__set_last_committed_decree(in.last_committed_decree());
    pc.__set_partition_flags(in.partition_flags());
    absl::Status s = ToWire(in.primary(), where + ".primary", options.fill_host_port, &pc.primary,
                            &pc.hp_primary);
    if (s.ok()) {
      s = ToWireList(in.secondaries(), where + ".secondaries", options.fill_host_port,
                     &pc.secondaries, &pc.hp_secondaries);
    }
    if (s.ok()) {
      s = ToWireList(in.last_drops(), where + ".last_drops", options.fill_host_port, &pc.last_drops,
                     &pc.hp_last_drops);
    }
    if (!s.ok()) return s;
    pc.__isset.primary = pc.__isset.secondaries = pc.__isset.last_drops = true;
    if (options.fill_host_port) {
      pc.__isset.hp_primary = pc.__isset.hp_secondaries = pc.__isset.hp_last_drops = true;
    } else {
      pc.hp_primary = pegasus_wire::host_port();
      pc.hp_secondaries.clear();
      pc.hp_last_drops.clear();
    }
  }
  return reply;
}

}  // namespace dupready
