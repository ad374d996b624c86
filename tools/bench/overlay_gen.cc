// Generates the benchmark's overlay rules and their hand-written C++ and Lua equivalents
// from one table of rule shapes, so the three can never disagree.
#include "tools/bench/overlay_gen.h"

#include <cstdint>

namespace dupready {
namespace bench {
namespace {

// One shape: the rule's body (after "partition NAME:"), the C++ and Lua statements that check
// the same, and the constant $K for rule i. $I is i; $FAIL is the language's failure return.
struct Shape {
  const char* rule;
  const char* cpp;
  const char* lua;
  int64_t (*k)(int i);
};

// Each holds on MakeTable's healthy tables: 3 replicas, ports 34801, hosts 10.0.0.x,
// ballot 3..7, last_committed_decree >= 1000, at most one last_drop, flags 0.
const Shape kShapes[] = {
    {"require replica_count <= $K", "if (!(p.max_replica_count <= $K)) $FAIL",
     "if not (p.max_replica_count <= $K) then $FAIL end",
     [](int i) -> int64_t { return 3 + i % 7; }},
    {"require pidx >= 0 and pidx < $K", "if (!(p.pidx >= 0 && p.pidx < $K)) $FAIL",
     "if not (p.pidx >= 0 and p.pidx < $K) then $FAIL end",
     [](int i) -> int64_t { return 1000000 + i; }},
    {"require size(last_drops) <= $K", "if (!(static_cast<int>(p.last_drops.size()) <= $K)) $FAIL",
     "if not (#p.last_drops <= $K) then $FAIL end", [](int i) -> int64_t { return 2 + i % 5; }},
    {"require partition_flags != $K", "if (!(p.partition_flags != $K)) $FAIL",
     "if not (p.partition_flags ~= $K) then $FAIL end", [](int i) -> int64_t { return 1000 + i; }},
    {"require ballot >= $K", "if (!(p.ballot >= $K)) $FAIL",
     "if not (p.ballot >= $K) then $FAIL end", [](int i) -> int64_t { return i % 4; }},
    {"require last_committed_decree >= ballot - $K",
     "if (!(p.last_committed_decree >= p.ballot - $K)) $FAIL",
     "if not (p.last_committed_decree >= p.ballot - $K) then $FAIL end",
     [](int i) -> int64_t { return i % 10; }},
    {"when replica_count > $K require alive_secondaries >= 1",
     "if (p.max_replica_count > $K && !(alive_secondaries >= 1)) $FAIL",
     "if p.max_replica_count > $K and not (alive_secondaries >= 1) then $FAIL end",
     [](int i) -> int64_t { return 1 + i % 2; }},
    {"require primary.port > $K", "if (!(p.primary.port > $K)) $FAIL",
     "if not (p.primary.port > $K) then $FAIL end", [](int i) -> int64_t { return i % 1000; }},
    {"require all(secondaries, s, s.port != $K)",
     "for (const HostPort& s : p.secondaries) if (s.port == $K) $FAIL",
     "for j = 1, ns do if secs[j].port == $K then $FAIL end end",
     [](int i) -> int64_t { return 1 + i; }},
    {"require primary.host != \"h$I.invalid\"", "if (!(p.primary.host != \"h$I.invalid\")) $FAIL",
     "if not (p.primary.host ~= \"h$I.invalid\") then $FAIL end", [](int) -> int64_t { return 0; }},
    {"require alive_secondaries <= size(secondaries)", "if (!(alive_secondaries <= ns)) $FAIL",
     "if not (alive_secondaries <= ns) then $FAIL end", [](int) -> int64_t { return 0; }},
    {"require primary_alive or replica_count == $K",
     "if (!(p.primary.valid() || p.max_replica_count == $K)) $FAIL",
     "if not (p.primary.type ~= 0 or p.max_replica_count == $K) then $FAIL end",
     [](int i) -> int64_t { return 100 + i; }},
    {"require starts_with(primary.host, \"10.\")",
     "if (!(std::string_view(p.primary.host).substr(0, 3) == \"10.\")) $FAIL",
     "if not (string.sub(p.primary.host, 1, 3) == \"10.\") then $FAIL end",
     [](int) -> int64_t { return 0; }},
    {"require alive_replicas >= replica_count - $K",
     "if (!(alive_replicas >= p.max_replica_count - $K)) $FAIL",
     "if not (alive_replicas >= p.max_replica_count - $K) then $FAIL end",
     [](int i) -> int64_t { return 2 + i % 2; }},
    {"require count(secondaries, s, s.valid) >= $K", "if (!(alive_secondaries >= $K)) $FAIL",
     "if not (alive_secondaries >= $K) then $FAIL end", [](int) -> int64_t { return 1; }},
    {"require not any(last_drops, d, d.port == $K)",
     "for (const HostPort& d : p.last_drops) if (d.port == $K) $FAIL",
     "local drops = p.last_drops for j = 1, #drops do if drops[j].port == $K then $FAIL end end",
     [](int i) -> int64_t { return 1 + i; }},
    {"require pidx % $K < $K", "if (!(p.pidx % $K < $K)) $FAIL",
     "if not (p.pidx % $K < $K) then $FAIL end", [](int i) -> int64_t { return 2 + i % 13; }},
};

// Replaces every "$name" in `text` with its value.
std::string Fill(const char* text, int i, int64_t k, const char* fail) {
  std::string out;
  for (const char* c = text; *c; ++c) {
    if (c[0] == '$' && c[1] == 'K') {
      out += std::to_string(k);
      ++c;
    } else if (c[0] == '$' && c[1] == 'I') {
      out += std::to_string(i);
      ++c;
    } else if (c[0] == '$' && c[1] == 'F' && c[2] == 'A' && c[3] == 'I' && c[4] == 'L') {
      out += fail;
      c += 4;
    } else {
      out += *c;
    }
  }
  return out;
}

std::string RuleName(int i) {
  std::string digits = std::to_string(i);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return "overlay_" + digits;
}

const Shape& ShapeOf(int i) { return kShapes[i % (sizeof(kShapes) / sizeof(kShapes[0]))]; }

}  // namespace

const int kOverlayShapes = static_cast<int>(sizeof(kShapes) / sizeof(kShapes[0]));

std::string OverlayRules(int count, const std::string& extend_path) {
  std::string out = "# Generated by tools/bench/overlay_gen.cc: " + std::to_string(count) +
                    " extra partition rules that hold on healthy tables.\n\nextend \"" +
                    extend_path + "\"\n\n";
  for (int i = 0; i < count; ++i) {
    const Shape& s = ShapeOf(i);
    out += "partition " + RuleName(i) + ":\n  " + Fill(s.rule, i, s.k(i), "") +
           "\n  else ERR_INVALID_STATE \"partition {pidx} fails " + RuleName(i) + "\"\n\n";
  }
  return out;
}

std::string OverlayCpp(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    const Shape& s = ShapeOf(i);
    out += "// " + RuleName(i) + "\n" +
           Fill(s.cpp, i, s.k(i), "return CheckResult{\"ERR_INVALID_STATE\", p.pidx};") + "\n";
  }
  return out;
}

std::string OverlayLua(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    const Shape& s = ShapeOf(i);
    out += "    -- " + RuleName(i) + "\n    do " +
           Fill(s.lua, i, s.k(i), "return \"ERR_INVALID_STATE\", p.pidx") + " end\n";
  }
  return out;
}

std::string LargeRuleFile(int count) {
  std::string out =
      "table remote_call_ok: require rpc_err == ERR_OK else rpc_err\n"
      "table remote_answer_ok: require response.err == ERR_OK else response.err\n"
      "table partition_count_matches:\n"
      "  require size(response.partitions) == dup.partition_count else ERR_INCONSISTENT_STATE\n"
      "partition primary_alive: require primary_alive else ERR_INACTIVE_STATE\n"
      "partition enough_members: when replica_count > 1 or replica_count < 0\n"
      "  require size(secondaries) >= 1\n"
      "  else ERR_NOT_ENOUGH_MEMBER\n"
      "partition secondaries_alive: require all(secondaries, s, s.valid) else ERR_INACTIVE_STATE\n";
  for (int i = 0; i < count - 6; ++i) {
    const Shape& s = ShapeOf(i);
    out += "partition r" + std::to_string(i) + ": " + Fill(s.rule, i, s.k(i), "") +
           " else ERR_INVALID_STATE\n";
  }
  return out;
}

}  // namespace bench
}  // namespace dupready
