// Copyright 2026 The dupready Authors.
//
// format.h: the canonical layout of a rule file (what `dupready fmt` writes).
//
// The layout, one way for everything:
//   - top-level directives (and the directives inside a scope) are separated by one blank line;
//     the body of a scope is indented by 2 and closes with '}' on its own line;
//   - a rule is its header line `[replace] [final] table|partition NAME [before|after NAME]:`,
//     then one line per clause, indented by 2: `when GUARD`, then `require CONDITION` or
//     `CONDITION suffices`, then `else ERROR "message"`; when that last line would pass
//     100 columns the message moves to the next line, under the error;
//   - a condition that would pass 100 columns is broken before each top-level `and` (or
//     `or`), continuation lines indented 4 more than the clause;
//   - expressions are printed with single spaces around operators and after commas, and the
//     fewest parentheses that keep their meaning; strings and templates are re-escaped
//     (a literal brace in a message is written '{{' / '}}');
//   - comments are kept. A comment on its own line stays before the directive or clause that
//     follows it (blank lines inside a comment block, and one between a comment block and the
//     directive, are kept); a comment after code stays at the end of that clause's line, two
//     spaces after it. A comment written inside a clause that spans lines moves above it.
//     Trailing spaces are dropped; the file ends with one newline.
// Formatting is idempotent (FormatRuleFile of its own output returns it unchanged), and the
// result parses to the same tree as the input: same rules, same verdicts.
//
//   absl::StatusOr<std::string> text = FormatRuleFile("site.rules", source);

#ifndef DUPREADY_ENGINE_FORMAT_FORMAT_H_
#define DUPREADY_ENGINE_FORMAT_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"

namespace dupready {

// The widest line the layout aims for (comments and long single operands may exceed it).
inline constexpr int kFormatWidth = 100;

// Returns `source` (the rule file `filename`) in the canonical layout. Only parses: `extend`
// targets are not read and names are not checked. When the file does not parse, returns
// InvalidArgument whose message renders the errors (also added to `diags` when given).
absl::StatusOr<std::string> FormatRuleFile(const std::string& filename, const std::string& source,
                                           const Limits& limits = Limits(),
                                           Diagnostics* diags = nullptr);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_FORMAT_FORMAT_H_
