// Copyright 2026 The dupready Authors.
//
// reply_oracle.h (tests and fuzzers only): the generated-code path from reply bytes to facts,
// DecodeQueryCfgResponse then ReplyFactsBuilder::Build, which ReplyDecoder must match exactly,
// and the comparison of the two.
//
//   std::string diff = CompareWithOracle(dup, "ERR_OK", bytes, len);
//   // "": same status, and when OK the same facts; else what differs first

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_REPLY_ORACLE_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_REPLY_ORACLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "meta_integration/plugin/reply_facts.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/wire/pegasus_wire_limits.h"

namespace dupready {
namespace testonly {

// The generated-code path: when `rpc_err` is "ERR_OK" the reply is decoded (its error returned
// as is), then facts are built. `decoded` keeps the struct the facts point into.
absl::Status OracleFacts(const DupContextView& dup, std::string_view rpc_err, const uint8_t* data,
                         size_t len, const PegasusWireLimits& limits, ReplyFactsBuilder* builder,
                         pegasus_wire::query_cfg_response* decoded, FollowerFacts* facts);

// "" when `a` and `b` hold the same facts (every field, slot, wide fact and address, hosts
// compared as text, whether the indices are in order); else the first difference.
std::string DiffFacts(const FollowerFacts& a, const FollowerFacts& b);

// Runs ReplyDecoder and the oracle on the same input: "" when both give the same status (code
// and message) and, when OK, the same facts and the same CheckPartitionIndices outcome (a
// negative or repeated index refused alike); else what differs.
std::string CompareWithOracle(const DupContextView& dup, std::string_view rpc_err,
                              const uint8_t* data, size_t len,
                              const PegasusWireLimits& limits = PegasusWireLimits());

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_REPLY_ORACLE_H_
