// Copyright 2026 The dupready Authors.
//
// reply_facts.h: FollowerFacts straight from a decoded query_cfg_response, without building
// the snapshot proto. This is the meta server's path: decode, build facts, evaluate.
//
// It reads addresses as ReplyToProto does (hp_* when set, else rpc_address) and applies the
// same checks to text from the wire (wire_text.h), so both paths give the
// engine the same facts. Reusing one builder (and one FollowerFacts) makes it allocation-free
// for replies no larger than the last, except for IPv4 host text of old servers' replies.

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"

namespace dupready {

// The duplication as the source cluster knows it; views owned by the caller.
struct DupContextView {
  std::string_view app_name;
  std::string_view remote_cluster_name;
  std::string_view remote_app_name;
  int64_t partition_count = 0;
  int64_t remote_replica_count = 0;
};

class ReplyFactsBuilder {
 public:
  // Fills `facts` from `dup`, the RPC's error name and the decoded `reply`. `reply` may be
  // null when the RPC failed (then only the table facts are set). The facts point into
  // `dup`, `rpc_err`, `reply` and this builder: all must outlive their use.
  // InvalidArgument, naming the field, for an unsafe error name or host, an address of an
  // unknown type, or a list longer than 64 entries.
  absl::Status Build(const DupContextView& dup, std::string_view rpc_err,
                     const pegasus_wire::query_cfg_response* reply, FollowerFacts* facts);

 private:
  std::vector<std::array<char, 16>> ipv4_text_;  // "255.255.255.255" and a NUL
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_
