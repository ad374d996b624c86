// The benchmark's follower tables and their conversions to engine facts and Thrift bytes.
#include "tools/bench/bench_data.h"

#include <cstdio>
#include <cstdlib>

#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace bench {
namespace {

constexpr int kServers = 12;  // replica servers of the follower cluster
constexpr uint16_t kReplicaPort = 34801;

std::string ServerHost(int server) { return "10.0.0." + std::to_string(1 + server % kServers); }

HostPort Server(int server) { return HostPort::At(ServerHost(server), kReplicaPort); }

// "a.b.c.d" -> the host-order IPv4 number; the tables only hold such literals.
uint32_t ParseIpv4(const std::string& host) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (std::sscanf(host.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4) std::abort();
  return (a << 24) | (b << 16) | (c << 8) | d;
}

pegasus_wire::rpc_address ToRpcAddress(const HostPort& h) {
  if (!h.valid()) return pegasus_wire::rpc_address();
  return pegasus_wire::rpc_address::Ipv4(ParseIpv4(h.host), h.port);
}

pegasus_wire::host_port ToHostPort(const HostPort& h) {
  if (!h.valid()) return pegasus_wire::host_port();
  return pegasus_wire::host_port(h.host, h.port);
}

}  // namespace

FollowerTable MakeTable(int partitions, Health health) {
  FollowerTable t;
  t.partition_count = partitions;
  t.partitions.resize(partitions);
  for (int i = 0; i < partitions; ++i) {
    PartitionConfig& p = t.partitions[i];
    p.pidx = i;
    p.ballot = 3 + i % 5;
    p.max_replica_count = 3;
    p.primary = Server(i);
    p.secondaries = {Server(i + 1), Server(i + 2)};
    if (i % 4 == 0) p.last_drops = {Server(i + 3)};
    p.last_committed_decree = 1000 + i;
    p.partition_flags = 0;
  }
  if (health == Health::kFailingMiddle) t.partitions[partitions / 2].secondaries[1] = HostPort{};
  return t;
}

pegasus_wire::query_cfg_response ToWireReply(const FollowerTable& table) {
  pegasus_wire::query_cfg_response r;
  r.__set_err(pegasus_wire::error_code(table.response_err));
  r.__set_app_id(table.app_id);
  r.__set_partition_count(static_cast<int32_t>(table.partitions.size()));
  r.__set_is_stateful(table.is_stateful);
  std::vector<pegasus_wire::partition_configuration> parts(table.partitions.size());
  for (size_t i = 0; i < table.partitions.size(); ++i) {
    const PartitionConfig& p = table.partitions[i];
    pegasus_wire::partition_configuration& w = parts[i];
    w.__set_pid(pegasus_wire::gpid(table.app_id, p.pidx));
    w.__set_ballot(p.ballot);
    w.__set_max_replica_count(p.max_replica_count);
    w.__set_primary(ToRpcAddress(p.primary));
    std::vector<pegasus_wire::rpc_address> secondaries, drops;
    std::vector<pegasus_wire::host_port> hp_secondaries, hp_drops;
    for (const HostPort& h : p.secondaries) {
      secondaries.push_back(ToRpcAddress(h));
      hp_secondaries.push_back(ToHostPort(h));
    }
    for (const HostPort& h : p.last_drops) {
      drops.push_back(ToRpcAddress(h));
      hp_drops.push_back(ToHostPort(h));
    }
    w.__set_secondaries(secondaries);
    w.__set_last_drops(drops);
    w.__set_last_committed_decree(p.last_committed_decree);
    w.__set_partition_flags(p.partition_flags);
    w.__set_hp_primary(ToHostPort(p.primary));
    w.__set_hp_secondaries(hp_secondaries);
    w.__set_hp_last_drops(hp_drops);
  }
  r.__set_partitions(parts);
  return r;
}

std::string EncodeTable(const FollowerTable& table) {
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(ToWireReply(table));
  if (!bytes.ok()) {
    std::fprintf(stderr, "EncodeTable: %s\n", bytes.status().ToString().c_str());
    std::abort();
  }
  return *std::move(bytes);
}

}  // namespace bench
}  // namespace dupready
