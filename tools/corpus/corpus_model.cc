// The corpus's cases: hand-picked followers for every reply shape dupready must judge, plus a few
// random ones from a fixed seed; and their snapshot and context flags.
#include "tools/corpus/corpus_model.h"

#include <climits>
#include <cstdint>
#include <functional>
#include <random>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace corpus {
namespace {

// How a table's replica servers are named.
enum class Hosts {
  kIpv4,       // current server: rpc_address and hp_* fields, IPv4 literals
  kOldServer,  // older server: rpc_address fields only
  kHostnames,  // current server with DNS names: hp_* only, rpc_address invalid
};

constexpr uint16_t kPort = 34801;  // above 32767: negative as Thrift's signed i16

model::HostPort Node(Hosts hosts, int k, uint16_t port = kPort) {
  if (hosts == Hosts::kHostnames)
    return model::HostPort::At(absl::StrCat("replica-", k, ".follower.example.com"), port);
  return model::HostPort::At(absl::StrCat("10.1.", k / 250, ".", 1 + k % 250), port);
}

// `n` partitions of `replicas` replicas each, all alive, spread over max(replicas, 5) nodes.
CaseModel Table(std::string name, std::string description, int n, int replicas,
                Hosts hosts = Hosts::kIpv4) {
  CaseModel c;
  c.name = std::move(name);
  c.description = std::move(description);
  c.partition_count = c.declared_partition_count = n;
  c.host_ports = hosts != Hosts::kOldServer;
  const int nodes = replicas > 5 ? replicas : 5;
  for (int i = 0; i < n; ++i) {
    model::PartitionConfig p;
    p.pidx = i;
    p.ballot = 3 + i % 7;
    p.max_replica_count = replicas;
    p.primary = Node(hosts, i % nodes);
    for (int s = 1; s < replicas; ++s) p.secondaries.push_back(Node(hosts, (i + s) % nodes));
    c.partitions.push_back(std::move(p));
  }
  return c;
}

CaseModel With(CaseModel c, const std::function<void(CaseModel*)>& change) {
  change(&c);
  return c;
}

// A reply with an error and nothing else, as a meta server sends it.
CaseModel ErrorReply(std::string name, std::string description, std::string err) {
  CaseModel c;
  c.name = std::move(name);
  c.description = std::move(description);
  c.response_err = std::move(err);
  c.app_id = 0;
  c.declared_partition_count = 0;
  c.is_stateful = false;
  c.partition_count = 8;
  return c;
}

// A random table from `rng`, damaged in one of several ways (or not at all). Only rng()'s raw
// output is used: std::mt19937's sequence is fixed by the standard, its distributions are not.
CaseModel RandomCase(int k, std::mt19937* rng) {
  auto pick = [rng](uint32_t n) { return static_cast<int>((*rng)() % n); };
  static const int kSizes[] = {1, 2, 3, 5, 8, 13, 32, 64, 100, 128, 200, 256};
  const int n = kSizes[pick(12)];
  const int replicas = 1 + pick(5);
  const Hosts hosts = static_cast<Hosts>(pick(3));
  CaseModel c = Table(absl::StrCat("random_", k), "", n, replicas, hosts);
  static const int kPorts[] = {34801, 34802, 65535, 32767, 32768, 8080};
  const int port = kPorts[pick(6)];
  for (model::PartitionConfig& p : c.partitions) {
    p.primary.port = port;
    for (model::HostPort& r : p.secondaries) r.port = port;
    p.last_committed_decree = 1000 + pick(100000);
    if (pick(4) == 0) p.last_drops.push_back(Node(hosts, 90 + pick(5), port));
  }
  c.remote_replica_count = pick(2) ? replicas : 0;
  model::PartitionConfig& victim = c.partitions[pick(static_cast<uint32_t>(n))];
  const int fault = pick(6);
  std::string what;
  switch (fault) {
    case 0: what = "no fault"; break;
    case 1:
      victim.primary = model::HostPort();
      what = absl::StrCat("partition ", victim.pidx, " lost its primary");
      break;
    case 2:
      victim.secondaries.clear();
      what = absl::StrCat("partition ", victim.pidx, " lost every secondary");
      break;
    case 3:
      victim.secondaries.push_back(model::HostPort());
      what = absl::StrCat("partition ", victim.pidx, " lists an invalid secondary");
      break;
    case 4:
      if (victim.secondaries.empty()) {
        what = "no fault (no secondary to lose)";
        break;
      }
      victim.secondaries.pop_back();
      what = absl::StrCat("partition ", victim.pidx, " lost one secondary");
      break;
    case 5:
      c.partition_count = n + 1 + pick(4);
      what = absl::StrCat("the source has ", c.partition_count, " partitions");
      break;
  }
  c.description = absl::StrCat("random (seeded): ", n, " partitions x ", replicas, " replicas, ",
                               hosts == Hosts::kIpv4       ? "IPv4 with hp_*"
                               : hosts == Hosts::kOldServer ? "old server"
                                                            : "hostnames",
                               ", port ", port, "; ", what);
  return c;
}

void SetPartitionCount(CaseModel* c, int n) { c->partition_count = n; }

}  // namespace

std::vector<CaseModel> BuildCases() {
  std::vector<CaseModel> cases;
  auto add = [&cases](CaseModel c) { cases.push_back(std::move(c)); };
  const Hosts kOld = Hosts::kOldServer, kNames = Hosts::kHostnames;

  // Healthy tables, 1 to 1024 partitions, 1 to 5 replicas, every kind of address.
  add(Table("healthy_1p_1r", "one partition, one replica: ready after the fix, not before", 1, 1));
  add(Table("healthy_4p_1r_old_server",
            "the single-replica follower Pegasus once refused: 4 single-replica partitions, rpc_address fields only", 4, 1,
            kOld));
  add(Table("healthy_8p_2r", "8 partitions of 2 replicas", 8, 2));
  add(Table("healthy_4p_3r", "4 partitions of 3 replicas, all alive", 4, 3));
  add(Table("healthy_16p_5r", "16 partitions of 5 replicas", 16, 5));
  add(Table("healthy_1024p_3r", "a big table: 1024 partitions of 3 replicas", 1024, 3));
  add(Table("healthy_64p_3r_old_server", "64 partitions from a server without hp_* fields", 64,
            3, kOld));
  add(Table("healthy_8p_3r_hostnames", "hostnames: only the hp_* fields can carry them", 8, 3,
            kNames));
  add(With(Table("healthy_5p_3r_edge_ports", "ports 1, 32767, 32768, 34801 and 65535", 5, 3),
           [](CaseModel* c) {
             const int ports[] = {1, 32767, 32768, 34801, 65535};
             for (int i = 0; i < 5; ++i) {
               c->partitions[i].primary.port = ports[i];
               c->partitions[i].secondaries[0].port = ports[(i + 1) % 5];
               c->partitions[i].secondaries[1].port = ports[(i + 2) % 5];
             }
           }));
  add(With(Table("healthy_4p_3r_old_server_port_65535", "old server, every port 65535", 4, 3,
                 kOld),
           [](CaseModel* c) {
             for (model::PartitionConfig& p : c->partitions) {
               p.primary.port = 65535;
               for (model::HostPort& r : p.secondaries) r.port = 65535;
             }
           }));
  add(With(Table("healthy_8p_3r_last_drops", "last_drops and decrees, which the shell omits", 8,
                 3),
           [](CaseModel* c) {
             for (model::PartitionConfig& p : c->partitions) {
               p.last_drops = {Node(Hosts::kIpv4, 40 + p.pidx), model::HostPort()};
               p.last_committed_decree = 123456789012LL + p.pidx;
               p.partition_flags = p.pidx % 2;
             }
           }));
  add(Table("replica_count_4_healthy", "4 partitions of 4 replicas", 4, 4));

  // Every max_replica_count Pegasus can decode, also 0 and negative ones. Pegasus compares
  // 1 + |secondaries| with it as unsigned numbers: a negative count is more than one replica.
  auto configured = [](int32_t n) {
    return [n](CaseModel* c) {
      for (model::PartitionConfig& p : c->partitions) p.max_replica_count = n;
    };
  };
  auto alone = [](CaseModel* c) {
    for (model::PartitionConfig& p : c->partitions) p.secondaries.clear();
  };
  add(With(With(Table("replica_count_minus1_primaries_only",
                      "max_replica_count -1, primaries only: not enough members for Pegasus",
                      4, 3),
                configured(-1)),
           alone));
  add(With(Table("replica_count_minus1_one_secondary",
                 "max_replica_count -1, a primary and a secondary each", 4, 2),
           configured(-1)));
  add(With(With(Table("replica_count_0_primaries_only",
                      "max_replica_count 0, primaries only: enough for Pegasus", 4, 3),
                configured(0)),
           alone));
  add(With(With(Table("replica_count_int32_min_primaries_only",
                      "max_replica_count -2147483648, primaries only", 2, 3),
                configured(INT32_MIN)),
           alone));
  add(With(Table("replica_count_mixed", "partitions configured -1, 0, 1, 2, 3, 4, 5, 2^31-1", 8,
                 1),
           [](CaseModel* c) {
             const int32_t counts[] = {-1, 0, 1, 2, 3, 4, 5, INT32_MAX};
             for (int i = 0; i < 8; ++i) {
               model::PartitionConfig& p = c->partitions[i];
               p.max_replica_count = counts[i];
               p.secondaries.push_back(Node(Hosts::kIpv4, 20 + i));  // one secondary each
             }
           }));

  // Fewer replicas than configured, and more.
  add(With(Table("one_secondary_3r", "3 replicas configured, a primary and one secondary", 8, 3),
           [](CaseModel* c) {
             for (model::PartitionConfig& p : c->partitions) p.secondaries.resize(1);
           }));
  add(With(Table("two_secondaries_5r", "5 replicas configured, 3 alive in partition 6", 8, 5),
           [](CaseModel* c) { c->partitions[6].secondaries.resize(2); }));
  add(With(Table("no_secondary_3r", "partition 2 has a primary and no secondary", 4, 3),
           [](CaseModel* c) { c->partitions[2].secondaries.clear(); }));
  add(With(Table("no_secondary_2r_old_server", "old server, partition 0 alone of 2", 4, 2, kOld),
           [](CaseModel* c) { c->partitions[0].secondaries.clear(); }));
  add(With(Table("extra_secondaries_3r", "3 configured, partition 1 lists 4 secondaries", 4, 3),
           [](CaseModel* c) {
             c->partitions[1].secondaries.push_back(Node(Hosts::kIpv4, 7));
             c->partitions[1].secondaries.push_back(Node(Hosts::kIpv4, 8));
           }));

  // Missing primaries.
  add(With(Table("missing_primary_16p_3r", "partition 5 has no primary", 16, 3),
           [](CaseModel* c) { c->partitions[5].primary = model::HostPort(); }));
  add(With(Table("missing_primary_1p_1r", "one replica configured, no primary", 1, 1),
           [](CaseModel* c) { c->partitions[0].primary = model::HostPort(); }));
  add(With(Table("missing_primary_old_server", "old server, partition 3 has no primary", 4, 3,
                 kOld),
           [](CaseModel* c) { c->partitions[3].primary = model::HostPort(); }));
  add(With(Table("missing_primary_hostnames", "hostnames, partition 7 has no primary", 8, 3,
                 kNames),
           [](CaseModel* c) { c->partitions[7].primary = model::HostPort(); }));

  // Invalid secondaries.
  add(With(Table("invalid_secondary_3r", "partition 1: one live secondary and one invalid", 4,
                 3),
           [](CaseModel* c) { c->partitions[1].secondaries[1] = model::HostPort(); }));
  add(With(Table("only_invalid_secondary_3r", "partition 0: no live secondary, one invalid", 4,
                 3),
           [](CaseModel* c) { c->partitions[0].secondaries = {model::HostPort()}; }));
  add(With(Table("invalid_secondary_1r", "one replica configured, an invalid secondary listed",
                 4, 1),
           [](CaseModel* c) { c->partitions[2].secondaries = {model::HostPort()}; }));
  add(With(Table("invalid_secondary_hostnames", "hostnames, partition 4 lists an invalid one",
                 8, 3, kNames),
           [](CaseModel* c) { c->partitions[4].secondaries[0] = model::HostPort(); }));
  add(With(Table("invalid_secondaries_repeated",
                 "three invalid secondaries (partition 1 two, partition 3 one): the shell "
                 "prints \"invalid host_port\" three times in \"nodes\"", 4, 3),
           [](CaseModel* c) {
             c->partitions[1].secondaries = {model::HostPort(), model::HostPort()};
             c->partitions[3].secondaries[0] = model::HostPort();
           }));
  add(With(Table("invalid_secondaries_repeated_1r",
                 "one replica configured, two partitions list an invalid secondary", 4, 1),
           [](CaseModel* c) {
             c->partitions[0].secondaries = {model::HostPort()};
             c->partitions[2].secondaries = {model::HostPort(), model::HostPort()};
           }));
  add(With(Table("first_failure_decides", "partitions 2, 3 and 5 fail, each differently", 8, 3),
           [](CaseModel* c) {
             c->partitions[2].secondaries[0] = model::HostPort();
             c->partitions[3].primary = model::HostPort();
             c->partitions[5].secondaries.clear();
           }));
  add(With(Table("unhealthy_1024p_5r_old_server", "big old-server table, last partition lost "
                 "its primary", 1024, 5, kOld),
           [](CaseModel* c) { c->partitions[1023].primary = model::HostPort(); }));

  // Partition count mismatches.
  add(With(Table("partition_count_fewer", "the follower has 4 partitions, the source 8", 4, 3),
           [](CaseModel* c) { SetPartitionCount(c, 8); }));
  add(With(Table("partition_count_more", "the follower has 16 partitions, the source 8", 16, 3),
           [](CaseModel* c) { SetPartitionCount(c, 8); }));
  add(With(Table("partition_count_empty_list", "ERR_OK but no partition listed", 0, 3),
           [](CaseModel* c) {
             c->declared_partition_count = 4;
             c->partition_count = 4;
           }));

  // Remote errors: of the reply, then of the call itself.
  add(ErrorReply("response_err_app_not_exist", "the follower table does not exist yet",
                 "ERR_APP_NOT_EXIST"));
  add(ErrorReply("response_err_object_not_found", "the follower table is being created",
                 "ERR_OBJECT_NOT_FOUND"));
  add(With(ErrorReply("response_err_forward_to_others",
                      "a meta server that is not the leader names the leader",
                      "ERR_FORWARD_TO_OTHERS"),
           [](CaseModel* c) {
             model::PartitionConfig leader;
             leader.primary = model::HostPort::At("10.2.0.1", 34601);
             c->partitions.push_back(leader);
           }));
  add(With(ErrorReply("rpc_err_timeout", "the follower's meta server did not answer",
                      "ERR_OK"),
           [](CaseModel* c) { c->rpc_err = "ERR_TIMEOUT"; }));
  add(With(ErrorReply("rpc_err_network_failure", "the call failed on the network", "ERR_OK"),
           [](CaseModel* c) { c->rpc_err = "ERR_NETWORK_FAILURE"; }));

  // Deployments with overlays: backup_* clusters and temp_* tables (rules/examples).
  auto backup = [](CaseModel* c) {
    c->remote_cluster_name = "backup_dr";
    c->remote_replica_count = 3;
  };
  add(With(Table("backup_healthy_8p_3r", "backup cluster, fully replicated", 8, 3), backup));
  add(With(Table("backup_one_secondary", "backup cluster, partition 3 has 2 of 3 replicas", 8,
                 3),
           [&](CaseModel* c) {
             backup(c);
             c->partitions[3].secondaries.resize(1);
           }));
  add(With(Table("backup_extra_secondaries", "backup cluster, partition 0 lists 4 secondaries",
                 4, 3),
           [&](CaseModel* c) {
             backup(c);
             c->partitions[0].secondaries.push_back(Node(Hosts::kIpv4, 9));
             c->partitions[0].secondaries.push_back(Node(Hosts::kIpv4, 10));
           }));
  add(With(Table("backup_declared_count_mismatch",
                 "backup cluster, lists 8 partitions but declares 16", 8, 3),
           [&](CaseModel* c) {
             backup(c);
             c->declared_partition_count = 16;
           }));
  add(With(Table("declared_count_mismatch", "the same reply for a cluster that is not backup_*",
                 8, 3),
           [](CaseModel* c) { c->declared_partition_count = 16; }));
  auto temp = [](CaseModel* c) {
    c->app_name = "temp_scratch";
    c->remote_app_name = "temp_scratch";
  };
  add(With(Table("temp_no_secondaries", "temp_* table, 3 replicas configured, primaries only", 8,
                 3),
           [&](CaseModel* c) {
             temp(c);
             for (model::PartitionConfig& p : c->partitions) p.secondaries.clear();
           }));
  add(With(Table("temp_invalid_secondary", "temp_* table, partition 1 lists an invalid one", 4,
                 3),
           [&](CaseModel* c) {
             temp(c);
             c->partitions[1].secondaries[0] = model::HostPort();
           }));
  add(With(Table("temp_missing_primary", "temp_* table, partition 2 has no primary", 4, 3),
           [&](CaseModel* c) {
             temp(c);
             c->partitions[2].primary = model::HostPort();
           }));

  std::mt19937 rng(20260216);
  for (int k = 1; k <= 8; ++k) add(RandomCase(k, &rng));
  return cases;
}

FollowerSnapshot ToSnapshot(const CaseModel& c) {
  FollowerSnapshot s;
  DuplicationContext* d = s.mutable_duplication();
  d->set_app_name(c.app_name);
  d->set_remote_cluster_name(c.remote_cluster_name);
  d->set_remote_app_name(c.remote_app_name);
  d->set_partition_count(c.partition_count);
  d->set_remote_replica_count(c.remote_replica_count);
  s.set_rpc_err(c.rpc_err);
  QueryConfigResponse* r = s.mutable_response();
  r->set_err(c.response_err);
  r->set_app_id(c.app_id);
  r->set_partition_count(c.declared_partition_count);
  r->set_is_stateful(c.is_stateful);
  auto address = [](const model::HostPort& from, Address* to) {
    to->set_host(from.host);
    to->set_port(from.valid() ? static_cast<uint32_t>(from.port) : 0);
  };
  for (const model::PartitionConfig& p : c.partitions) {
    PartitionConfig* out = r->add_partitions();
    out->set_pidx(p.pidx);
    out->set_ballot(p.ballot);
    out->set_max_replica_count(p.max_replica_count);
    address(p.primary, out->mutable_primary());
    for (const model::HostPort& a : p.secondaries) address(a, out->add_secondaries());
    for (const model::HostPort& a : p.last_drops) address(a, out->add_last_drops());
    out->set_last_committed_decree(p.last_committed_decree);
    out->set_partition_flags(p.partition_flags);
  }
  return s;
}

CaseModel ShellView(const CaseModel& c) {
  CaseModel v = c;
  v.is_stateful = true;
  for (model::PartitionConfig& p : v.partitions) {
    p.last_drops.clear();
    p.last_committed_decree = 0;
    p.partition_flags = 0;
    if (!c.host_ports) {
      p.primary = model::HostPort();
      p.secondaries.clear();
    }
  }
  return v;
}

std::vector<std::string> ContextFlags(const CaseModel& c) {
  return {"--app",
          c.app_name,
          "--remote-cluster",
          c.remote_cluster_name,
          "--remote-app",
          c.remote_app_name,
          "--partition-count",
          std::to_string(c.partition_count),
          "--remote-replica-count",
          std::to_string(c.remote_replica_count)};
}

}  // namespace corpus
}  // namespace dupready
