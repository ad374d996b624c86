// Copyright 2026 The dupready Authors.
//
// context_check.h: refusing to judge a follower whose rules decide on a duplication value
// (dup.*) that the input did not give. Without it a scope on dup.remote_cluster_name would
// silently not apply, and a partition count compared with nothing would pass or fail by
// accident.
//
//   std::string why = MissingContext(rules, facts.unset_dup, CheckFlagFor);
//   if (!why.empty()) { err << why; return 2; }
//
// Messages that read such a value do not count: they print it as "<unset: dup.NAME>".

#ifndef DUPREADY_TOOLS_CLI_CONTEXT_CHECK_H_
#define DUPREADY_TOOLS_CLI_CONTEXT_CHECK_H_

#include <cstdint>
#include <string>

#include "engine/rule_set.h"

namespace dupready {

// How a user gives `field`, e.g. "--partition-count N".
using ContextHint = std::string (*)(DupField field);

// The context flags of `check` (input.h), and those of `probe` (--app is the follower table
// there, --source-app the source one).
std::string CheckFlagFor(DupField field);
std::string ProbeFlagFor(DupField field);
// For `doctor`, whose context is the source cluster's duplication listing.
std::string SourceListingFor(DupField field);

// "" when no scope, guard, condition or error code of `rules` reads a field in `unset` (bits
// of DupFieldBit). Otherwise a message, one paragraph per field: the field, how to give it
// (`hint`), and each rule that reads it, located (file:line:col) and with what it reads it
// for (at most 8 rules a field, then how many more).
std::string MissingContext(const RuleSet& rules, uint8_t unset, ContextHint hint);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_CONTEXT_CHECK_H_
