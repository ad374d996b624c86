// Copyright 2026 The dupready Authors.
//
// reply_builder.h: a follower's query_cfg_response written as a current Pegasus meta server
// would send it, from plain values, without the snapshot proto. For hosts that also load
// libdupready_plugin.so: the plugin carries the snapshot proto's descriptors, and a second copy
// registered in the same libprotobuf would abort the process (see README.md), so code in the
// same process as the plugin builds replies with this instead of ProtoToReply.
//
//   ReplySpec spec;
//   spec.partition_count = 4;
//   spec.partitions.push_back({/*pidx=*/0, /*ballot=*/3, /*max_replica_count=*/1,
//                              "10.0.0.1:34801", {}, {}, 100, 0});
//   absl::StatusOr<std::string> bytes = EncodeReplySpec(spec);   // what the RPC carries

#ifndef DUPREADY_META_INTEGRATION_REPLY_BUILDER_H_
#define DUPREADY_META_INTEGRATION_REPLY_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "meta_integration/idl/pegasus_layer2_types.h"

namespace dupready {

// Addresses are "host:port", or "" for the invalid (absent) address.
struct ReplyPartitionSpec {
  int32_t pidx = 0;
  int64_t ballot = 0;
  int32_t max_replica_count = 0;
  std::string primary;
  std::vector<std::string> secondaries;
  std::vector<std::string> last_drops;
  int64_t last_committed_decree = 0;
  int32_t partition_flags = 0;
};

struct ReplySpec {
  std::string err = "ERR_OK";
  int32_t app_id = 0;
  int32_t partition_count = 0;
  bool is_stateful = true;
  std::vector<ReplyPartitionSpec> partitions;
};

// Checks an address as written above: host of 1 to 255 bytes of [A-Za-z0-9._-], a decimal
// port in [0, 65535]. InvalidArgument saying what is wrong.
absl::Status CheckAddressText(std::string_view text);

// Like a current server: every hp_* field set; the rpc_address fields hold IPv4 literals and
// are invalid for hostnames (a fake has no resolver). gpid is (app_id, pidx).
// InvalidArgument, naming the field, for a malformed address.
absl::StatusOr<pegasus_wire::query_cfg_response> BuildReply(const ReplySpec& spec);

// BuildReply, then EncodeQueryCfgResponse: the bytes Pegasus would put on the wire.
absl::StatusOr<std::string> EncodeReplySpec(const ReplySpec& spec);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_REPLY_BUILDER_H_
