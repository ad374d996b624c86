// Copyright 2026 The dupready Authors.
//
// pegasus_wire_limits.h: the bounds on a Pegasus Thrift message read from untrusted bytes, and
// the structs that carry them; every bounded walk of wire/ enforces them
// (pegasus_wire_check.h, pegasus_reply_walk.h).
//
//   PegasusWireLimits limits;        // what dupready uses for a remote meta server's reply
//   limits.max_partitions = 1024;    // tests may lower any bound

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_LIMITS_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace dupready {

// Limits for one decoded message. The defaults are what dupready uses for replies from a
// remote meta server; tests may lower them.
struct PegasusWireLimits {
  // The whole message; it is also the first bound on every size inside it.
  size_t max_message_bytes = 64u << 20;
  // Entries of query_cfg_response.partitions.
  int32_t max_partitions = 65536;
  // Entries of each address list (secondaries, last_drops and their hp_* forms).
  int32_t max_addresses_per_list = 64;
  // Entries of query_cfg_request.partition_indices.
  int32_t max_partition_indices = 65536;
  // Elements of any list, set or map inside an unknown field.
  int32_t max_container_elements = 65536;
  // Tables in one listing: duplication_list_response.app_states and
  // configuration_list_apps_response.infos.
  int32_t max_apps = 16384;
  // Duplications of one table: duplication_app_state.duplications and
  // duplication_query_response.entry_list.
  int32_t max_duplications_per_app = 1024;
  // Duplications in one message, all tables together.
  int32_t max_duplications = 16384;
  // Entries of one app_info's envs. A duplication's per-partition maps (progress,
  // partition_states) are bounded by max_partitions.
  int32_t max_app_envs = 1024;
  // Every string: hosts, error names, app names, strings in unknown fields.
  int32_t max_string_bytes = 4096;
  // Nesting: the top struct is level 1; each struct, list, set or map inside adds one.
  // Values above kMaxSupportedDepth are treated as kMaxSupportedDepth.
  int max_depth = 64;

  static constexpr int kMaxSupportedDepth = 256;
};

// The structs that can be validated.
enum class PegasusStruct {
  kQueryCfgResponse,
  kQueryCfgRequest,
  kDuplicationListRequest,
  kDuplicationListResponse,
  kListAppsRequest,
  kListAppsResponse,
  kDuplicationQueryRequest,
  kDuplicationQueryResponse,
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_LIMITS_H_
