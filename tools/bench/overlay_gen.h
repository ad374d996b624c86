// Copyright 2026 The dupready Authors.
//
// overlay_gen.h: generated rule files for the benchmark, and the same checks written out as
// C++ and Lua so that the hand-written peers do exactly what the generated rules do.
//
// Rule i has shape i % kOverlayShapes (slot op constant, ranges, guards, 64-bit facts,
// arithmetic, address fields, string compares, loops over secondaries and last_drops, ...)
// with constants derived from i. Every rule holds on MakeTable()'s healthy tables
// (bench_data.h), so on a healthy table every rule runs for every partition.
//
//   std::string text = OverlayRules(200, "default.rules");   // extends default.rules
//   std::string cpp = OverlayCpp(200);  // statements for the hand-written partition loop
//   std::string lua = OverlayLua(200);  // the same for the Lua peers

#ifndef DUPREADY_TOOLS_BENCH_OVERLAY_GEN_H_
#define DUPREADY_TOOLS_BENCH_OVERLAY_GEN_H_

#include <string>

namespace dupready {
namespace bench {

inline constexpr int kOverlayRules = 200;  // the "overlay200" rule set
extern const int kOverlayShapes;

// A rule file that extends `extend_path` and appends `count` partition rules (overlay_000,
// overlay_001, ...) after its partition rules. Failing rules give ERR_INVALID_STATE.
std::string OverlayRules(int count, const std::string& extend_path);

// The checks of OverlayRules(count) as C++ statements for the body of a loop over partitions,
// placed after Pegasus's own checks. In scope: `const PartitionConfig& p`, `int ns`
// (|secondaries|), `int alive_secondaries`, `int alive_replicas` (all secondaries are valid
// there, so they are ns and 1 + ns). A failing check returns {"ERR_INVALID_STATE", p.pidx}.
std::string OverlayCpp(int count);

// The same as Lua statements; in scope: locals p, secs (p.secondaries), ns, alive_secondaries,
// alive_replicas. A failing check returns "ERR_INVALID_STATE", p.pidx.
std::string OverlayLua(int count);

// A standalone file of exactly `count` rules (count >= 6): Pegasus's 3 table and 3 partition
// rules, then count - 6 overlay-shaped partition rules without messages (about 55 bytes a
// rule, so 100,000 rules fit the 8 MiB file limit). For load/compile timing.
std::string LargeRuleFile(int count);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_OVERLAY_GEN_H_
