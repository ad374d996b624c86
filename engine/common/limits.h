// Copyright 2026 The dupready Authors.
//
// limits.h: the bounds every rule set is checked against when it loads, and the largest reply
// its evaluation is costed for. A rule set within them loads in well under a second, holds a
// bounded amount of memory, and checks the largest reply in well under a second: the language
// has no loops, recursion or user functions, and the cost model (engine/cost/cost.h) bounds
// what each rule may do per partition and per check. rules/README.md explains each to
// operators.
//
//   Limits limits;               // the defaults, as the plugin and the CLI use them
//   limits.max_check_cost = 0;   // a test that wants no cost budget
//   RuleSet::Load(path, read, limits);

#ifndef DUPREADY_ENGINE_COMMON_LIMITS_H_
#define DUPREADY_ENGINE_COMMON_LIMITS_H_

#include <cstdint>

namespace dupready {

struct Limits {
  // ---- Loading: what a rule set may hold --------------------------------------------------
  int64_t max_file_bytes = 8 << 20;    // one rule file
  int64_t max_total_bytes = 8 << 20;   // all the files of a rule set together
  int max_files = 32;                  // files reached through `extend`, the root included
  int max_extend_depth = 8;            // a extends b extends c ...
  int max_rules = 20000;               // rules in force after overlays
  // Expression nodes in all the files (each name, literal, operator, call and list item is
  // one), whether their rules end up in force or not: bounds the memory of the syntax trees.
  int64_t max_nodes = 100000;
  int max_expr_depth = 32;             // height of any expression tree (as CEL)
  int max_quantifier_nesting = 2;      // all(.., x, any(.., y, ..)) is 2
  int max_template_bytes = 1024;       // a message template, as written
  // RE2 memory of one pattern (RE2's max_mem): its program and the caches matching fills.
  int64_t max_regex_memory = 1 << 20;
  // RE2 memory of all the patterns of a rule set together, every compile attempt counted:
  // bounds both the memory patterns hold and the time compiling them takes.
  int64_t max_regex_memory_total = 16 << 20;
  int max_errors = 50;                 // errors (and warnings) reported per load; the rest counted

  // ---- Evaluation: the cost budget ----------------------------------------------------------
  // The most evaluation steps the worst case of one check may take: every rule on every
  // partition of the largest reply below, each on its costliest path (engine/cost/cost.h).
  // 0 turns the budget off (tests and benchmarks that measure something else).
  int64_t max_check_cost = 256 << 20;

  // ---- The largest reply a check is costed for ----------------------------------------------
  // The bounds Pegasus replies are decoded within (meta_integration/wire enforces them, and a
  // test there asserts these defaults equal its own). A check whose facts exceed one of them is
  // refused (not ready, ERR_INVALID_DATA), so no reply can cost more than the estimate.
  int max_partitions = 65536;          // partitions in a reply
  int max_addresses_per_list = 64;     // secondaries, and separately last_drops, per partition
  int max_host_bytes = 255;            // a replica's host name
  int max_string_bytes = 4096;         // any other string: names of tables and clusters, errors

  // ---- Verdicts ------------------------------------------------------------------------------
  int max_failures_listed = 16;        // partitions listed per failing rule in a verdict
  int max_message_bytes = 4096;        // a rendered message is cut (with "...") beyond this
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_LIMITS_H_
