// Writes a corpus case in Pegasus's own forms: the Thrift reply bytes (by hand, big-endian)
// and the shell's pretty-printed JSON (as replication_ddl_client::list_app prints it).
#include "tools/corpus/pegasus_forms.h"

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace dupready {
namespace corpus {
namespace {

// Thrift binary type codes.
constexpr uint8_t kBool = 2, kI32 = 8, kI64 = 10, kStruct = 12, kList = 15;

class Bytes {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void I16(int16_t v) { BigEndian(static_cast<uint16_t>(v), 2); }
  void I32(int32_t v) { BigEndian(static_cast<uint32_t>(v), 4); }
  void I64(int64_t v) { BigEndian(static_cast<uint64_t>(v), 8); }
  void String(const std::string& s) {
    I32(static_cast<int32_t>(s.size()));
    out_ += s;
  }
  void Field(uint8_t type, int16_t id) {
    U8(type);
    I16(id);
  }
  void ListHeader(uint8_t elem_type, size_t n) {
    U8(elem_type);
    I32(static_cast<int32_t>(n));
  }
  void Stop() { U8(0); }
  std::string Take() { return std::move(out_); }

 private:
  void BigEndian(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  std::string out_;
};

// "a.b.c.d" -> the address in host order, or nullopt for anything else (a hostname).
std::optional<uint32_t> Ipv4(const std::string& host) {
  std::vector<std::string> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4) return std::nullopt;
  uint32_t ip = 0;
  for (const std::string& p : parts) {
    uint32_t v;
    if (p.empty() || p.size() > 3 || !absl::SimpleAtoi(p, &v) || v > 255) return std::nullopt;
    ip = (ip << 8) | v;
  }
  return ip;
}

// rpc_address: one i64, bits 32-63 the IPv4 address, 16-31 the port, 0-1 the type (1 IPv4);
// 0 when invalid. A hostname has no rpc_address: a fake server has no resolver.
int64_t RpcAddress(const model::HostPort& r) {
  if (!r.valid()) return 0;
  std::optional<uint32_t> ip = Ipv4(r.host);
  if (!ip) return 0;
  return static_cast<int64_t>((uint64_t{*ip} << 32) | (uint64_t(r.port & 0xFFFF) << 16) | 1);
}

// host_port: string host, i16 port (so 34801 goes out as -30735), byte type (1 valid).
void WriteHostPort(const model::HostPort& r, Bytes* b) {
  b->String(r.valid() ? r.host : "");
  b->I16(static_cast<int16_t>(r.valid() ? r.port : 0));
  b->U8(r.valid() ? 1 : 0);
}

absl::Status CheckReplica(const CaseModel& c, const model::HostPort& r) {
  if (!r.valid()) return absl::OkStatus();
  if (!c.host_ports && !Ipv4(r.host))
    return absl::InvalidArgumentError(
        absl::StrCat(c.name, ": an old server cannot send host '", r.host, "'"));
  return absl::OkStatus();
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out + "\"";
}

std::string ShellAddress(const model::HostPort& r) {
  return r.valid() ? absl::StrCat(r.host, ":", r.port) : "invalid host_port";
}

// One section of string members, at rapidjson PrettyWriter's 4-space indent.
using Members = std::vector<std::pair<std::string, std::string>>;
std::string Object(const Members& members, int depth) {
  if (members.empty()) return "{}";
  const std::string inner(4 * (depth + 1), ' ');
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i)
    absl::StrAppend(&out, i ? "," : "", "\n", inner, Quote(members[i].first), ": ",
                    members[i].second);
  return absl::StrCat(out, "\n", std::string(4 * depth, ' '), "}");
}

Members Strings(const Members& raw) {
  Members out;
  for (const auto& [k, v] : raw) out.emplace_back(k, Quote(v));
  return out;
}

}  // namespace

absl::StatusOr<std::string> EncodeReply(const CaseModel& c) {
  if (!c.has_thrift())
    return absl::InvalidArgumentError(absl::StrCat(c.name, ": a reply cannot carry rpc_err"));
  Bytes b;
  b.Field(kStruct, 1);  // err: a string, although declared as a struct
  b.String(c.response_err);
  b.Field(kI32, 2);
  b.I32(c.app_id);
  b.Field(kI32, 3);
  b.I32(c.declared_partition_count);
  b.Field(kBool, 4);
  b.U8(c.is_stateful ? 1 : 0);
  b.Field(kList, 5);
  b.ListHeader(kStruct, c.partitions.size());
  for (const model::PartitionConfig& p : c.partitions) {
    for (const model::HostPort* r : {&p.primary}) {
      if (absl::Status s = CheckReplica(c, *r); !s.ok()) return s;
    }
    for (const auto* list : {&p.secondaries, &p.last_drops})
      for (const model::HostPort& r : *list)
        if (absl::Status s = CheckReplica(c, r); !s.ok()) return s;

    b.Field(kStruct, 1);  // gpid: low 32 bits app_id, high 32 bits partition index
    b.I64(static_cast<int64_t>((uint64_t(uint32_t(p.pidx)) << 32) | uint32_t(c.app_id)));
    b.Field(kI64, 2);
    b.I64(p.ballot);
    b.Field(kI32, 3);
    b.I32(p.max_replica_count);
    b.Field(kStruct, 4);
    b.I64(RpcAddress(p.primary));
    b.Field(kList, 5);
    b.ListHeader(kStruct, p.secondaries.size());
    for (const model::HostPort& r : p.secondaries) b.I64(RpcAddress(r));
    b.Field(kList, 6);
    b.ListHeader(kStruct, p.last_drops.size());
    for (const model::HostPort& r : p.last_drops) b.I64(RpcAddress(r));
    b.Field(kI64, 7);
    b.I64(p.last_committed_decree);
    b.Field(kI32, 8);
    b.I32(p.partition_flags);
    if (c.host_ports) {
      b.Field(kStruct, 9);
      WriteHostPort(p.primary, &b);
      b.Field(kList, 10);
      b.ListHeader(kStruct, p.secondaries.size());
      for (const model::HostPort& r : p.secondaries) WriteHostPort(r, &b);
      b.Field(kList, 11);
      b.ListHeader(kStruct, p.last_drops.size());
      for (const model::HostPort& r : p.last_drops) WriteHostPort(r, &b);
    }
    b.Stop();
  }
  b.Stop();
  return b.Take();
}

std::string ShellJson(const CaseModel& model) {
  // The shell prints only the hp_* fields: an older server's table shows no replica.
  const CaseModel c = ShellView(model);
  const std::string& app = c.remote_app_name;  // operators ask the follower cluster
  const int max_replicas = c.partitions.empty() ? 0 : c.partitions[0].max_replica_count;

  // The replicas section and the per-node counts, as list_app computes them: replica_count
  // counts the primary when valid plus every secondary entry, valid or not. Its node map is
  // ordered by host_port, whose ordering never finds two invalid entries equal: each invalid
  // secondary is a row of its own, all before the valid ones, all keyed "invalid host_port".
  Members rows;
  std::map<std::pair<std::string, int>, std::pair<int, int>> nodes;  // (host, port) -> p, s
  int invalid_secondaries = 0;
  int total_primaries = 0, total_secondaries = 0;
  int fully_healthy = 0, write_unhealthy = 0, read_unhealthy = 0;
  for (const model::PartitionConfig& p : c.partitions) {
    int replica_count = 0;
    if (p.primary.valid()) {
      ++replica_count;
      ++nodes[{p.primary.host, p.primary.port}].first;
      ++total_primaries;
    }
    replica_count += static_cast<int>(p.secondaries.size());
    total_secondaries += static_cast<int>(p.secondaries.size());
    if (p.primary.valid()) {
      if (replica_count >= p.max_replica_count) {
        ++fully_healthy;
      } else if (replica_count < 2) {
        ++write_unhealthy;
      }
    } else {
      ++write_unhealthy;
      ++read_unhealthy;
    }
    std::vector<std::string> secondaries;
    for (const model::HostPort& r : p.secondaries) {
      secondaries.push_back(ShellAddress(r));
      if (r.valid()) {
        ++nodes[{r.host, r.port}].second;
      } else {
        ++invalid_secondaries;
      }
    }
    rows.emplace_back(
        absl::StrCat(p.pidx),
        Object(Strings({{"pidx", absl::StrCat(p.pidx)},
                        {"ballot", absl::StrCat(p.ballot)},
                        {"replica_count", absl::StrCat(replica_count, "/", p.max_replica_count)},
                        {"primary", p.primary.valid() ? ShellAddress(p.primary) : "-"},
                        {"secondaries", absl::StrCat("[", absl::StrJoin(secondaries, ","), "]")}}),
               2));
  }
  Members node_rows;
  for (int i = 0; i < invalid_secondaries; ++i) {
    const std::string name = ShellAddress(model::HostPort());
    node_rows.emplace_back(name, Object(Strings({{"node", name},
                                                 {"primary", "0"},
                                                 {"secondary", "1"},
                                                 {"total", "1"}}),
                                        2));
  }
  for (const auto& [hp, counts] : nodes) {
    const std::string name =
        ShellAddress(model::HostPort::At(hp.first, static_cast<uint16_t>(hp.second)));
    node_rows.emplace_back(name, Object(Strings({{"node", name},
                                                 {"primary", absl::StrCat(counts.first)},
                                                 {"secondary", absl::StrCat(counts.second)},
                                                 {"total", absl::StrCat(counts.first +
                                                                        counts.second)}}),
                                        2));
  }
  node_rows.emplace_back(
      "", Object(Strings({{"node", ""},
                          {"primary", absl::StrCat(total_primaries)},
                          {"secondary", absl::StrCat(total_secondaries)},
                          {"total", absl::StrCat(total_primaries + total_secondaries)}}),
                 2));

  Members top = {
      {"parameters", Object(Strings({{"app_name", app}, {"detailed", "true"}}), 1)},
      {"general", Object(Strings({{"app_name", app},
                                  {"app_id", absl::StrCat(c.app_id)},
                                  {"partition_count", absl::StrCat(c.declared_partition_count)},
                                  {"max_replica_count", absl::StrCat(max_replicas)}}),
                         1)},
      {"replicas", Object(rows, 1)},
      {"nodes", Object(node_rows, 1)},
      {"healthy",
       Object(Strings({{"fully_healthy_partition_count", absl::StrCat(fully_healthy)},
                       {"unhealthy_partition_count",
                        absl::StrCat(c.declared_partition_count - fully_healthy)},
                       {"write_unhealthy_partition_count", absl::StrCat(write_unhealthy)},
                       {"read_unhealthy_partition_count", absl::StrCat(read_unhealthy)}}),
              1)},
  };
  return Object(top, 0) + "\n";
}

}  // namespace corpus
}  // namespace dupready
