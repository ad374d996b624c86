// Copyright 2026 The dupready Authors.
//
// reply_facts.h: FollowerFacts from a decoded query_cfg_response (the generated Thrift
// struct), without building the snapshot proto. The plugin decodes replies straight from the
// bytes instead (reply_decoder.h); this builder, over the generated decoder's output, is the
// oracle that path is tested against, and serves whoever holds a decoded reply.
//
// It reads addresses as ReplyToProto does (hp_* when set, else rpc_address) and applies the
// same checks to text from the wire (wire_text.h), so both give the engine the same facts.
// Reusing one builder (and one FollowerFacts) makes it allocation-free for replies no larger
// than the last.

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_

#include <string_view>

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "meta_integration/plugin/address_facts.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"

namespace dupready {

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
  Ipv4Texts ipv4_texts_;  // text of old servers' rpc_addresses
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_REPLY_FACTS_H_
