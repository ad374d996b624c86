// Copyright 2026 The dupready Authors.
//
// handwritten.h: the readiness check written directly in C++, as Pegasus's meta server does
// it today (meta_integration/PEGASUS.md, "The follower readiness check"), over the
// benchmark's natural structs and over a decoded Thrift
// reply. These are the "hand-written" peers the engine is measured against.
//
//   CheckResult r = CheckHandwritten(table, RuleSetKind::kDefault);
//   // r.error: "ERR_OK" or the Pegasus error name; r.partition: pidx, or -1

#ifndef DUPREADY_TOOLS_BENCH_HANDWRITTEN_H_
#define DUPREADY_TOOLS_BENCH_HANDWRITTEN_H_

#include <cstdint>
#include <string>

#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "tools/bench/bench_data.h"

namespace dupready {
namespace bench {

// The rule sets the benchmark compares; each peer implements all three.
enum class RuleSetKind {
  kDefault,     // rules/default.rules: Pegasus's check after the fix
  kStrict,      // rules/strict.rules: also every configured replica present
  kOverlay200,  // default.rules plus OverlayRules(kOverlayRules) (overlay_gen.h)
};
const char* RuleSetName(RuleSetKind kind);  // "default", "strict", "overlay200"

// What a check concludes. `error` points to a static string or into the checked data.
struct CheckResult {
  const char* error = "ERR_OK";
  int32_t partition = -1;  // pidx of the failing partition; -1 for table-level results
};

// The check over `table`, stopping at the first failure.
CheckResult CheckHandwritten(const FollowerTable& table, RuleSetKind kind);

// Pegasus's check over a decoded reply, reading hp_* addresses when present as Pegasus does.
// `kind`: kDefault or kStrict (overlay200 is not written for the decoded struct).
// `partition_count` is the source table's.
CheckResult CheckDecoded(RuleSetKind kind, int32_t partition_count, const std::string& rpc_err,
                         const pegasus_wire::query_cfg_response& reply);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_HANDWRITTEN_H_
