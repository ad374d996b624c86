// Helpers for the plugin's hardening tests: seed replies, stats fields.
#include "meta_integration/testing/hardening_test_util.h"

#include <cstdio>
#include <cstdlib>

#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace testonly {

std::string FollowerReply(int partitions, int replicas, int secondaries) {
  QueryConfigResponse resp;
  resp.set_err("ERR_OK");
  resp.set_app_id(3);
  resp.set_partition_count(partitions);
  resp.set_is_stateful(true);
  for (int i = 0; i < partitions; ++i) {
    PartitionConfig* p = resp.add_partitions();
    p->set_pidx(i);
    p->set_ballot(3);
    p->set_max_replica_count(replicas);
    p->mutable_primary()->set_host("10.0.0.1");
    p->mutable_primary()->set_port(34801);
    for (int s = 0; s < secondaries; ++s) {
      Address* a = p->add_secondaries();
      a->set_host("10.0.1." + std::to_string(s + 1));
      a->set_port(34801);
    }
    p->set_last_committed_decree(100);
  }
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(resp);
  absl::StatusOr<std::string> bytes =
      reply.ok() ? EncodeQueryCfgResponse(*reply) : absl::StatusOr<std::string>(reply.status());
  if (!bytes.ok()) {
    std::fprintf(stderr, "FollowerReply: %s\n", bytes.status().ToString().c_str());
    std::abort();
  }
  return *bytes;
}

std::string JsonField(const std::string& json, const std::string& key) {
  const std::string needle = "\"" + key + "\":";
  size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  size_t end = at;
  if (end < json.size() && json[end] == '"') {
    for (++end; end < json.size() && json[end] != '"'; ++end)
      if (json[end] == '\\') ++end;
    ++end;
  } else {
    while (end < json.size() && json[end] != ',' && json[end] != '}') ++end;
  }
  return json.substr(at, end - at);
}

}  // namespace testonly
}  // namespace dupready
