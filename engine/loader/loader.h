// Copyright 2026 The dupready Authors.
//
// loader.h: reads a rule file and the files it extends, parses and checks them, and merges
// overlays into the list of rules in force.
//
// Merging, in file order after the extended files' rules:
//   - a new rule is appended to its stage, or placed `before`/`after` a named rule; a rule
//     defined again inside a scope, when every earlier definition is inside other scopes, is
//     one more body of the same rule, for that scope (after its other bodies);
//   - `replace table|partition NAME:` swaps a rule's body in place, in each scope it was
//     defined in;
//   - `disable NAME` removes it;
//   - inside `scope COND { ... }` each of these applies only to duplications where COND holds:
//     new rules get COND as a scope term, a scoped `disable` adds `not COND` to the rule, and
//     a scoped `replace` keeps the old body under `not COND` and adds the new one under COND.
// The floor: a `final` rule may not be disabled or replaced (a located error naming the file
// that made it final) until an `unfinal NAME "why"` lowers it; a scoped `unfinal` lowers it
// only inside its scope (the rule is split in two: final under `not COND`, not final under
// COND). Every lowering is kept (MergedRules::lowerings) for lint to report.
// The loader never touches the disk: files come through a FileReader.

#ifndef DUPREADY_ENGINE_LOADER_LOADER_H_
#define DUPREADY_ENGINE_LOADER_LOADER_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/checker/checker.h"
#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/loader/file_reader.h"
#include "engine/parser/ast.h"

namespace dupready {

struct MergedRule {
  Rule* rule = nullptr;
  const RuleFile* file = nullptr;
  std::vector<ScopeTerm> scope_terms;  // indices into MergedRules::scopes
  size_t defined_terms = 0;            // how many leading terms come from where it was defined
  bool final = false;                  // on the floor (ast.h, Rule::final)
};

struct MergedScope {
  Expr* condition = nullptr;
  const RuleFile* file = nullptr;
};

// One rule taken off the floor by `unfinal`.
struct MergedLowering {
  std::string name;
  const RuleFile* file = nullptr;
  Pos pos;                 // of the name in the `unfinal`
  std::string reason;
  std::vector<int> scope;  // the enclosing scopes (MergedRules::scopes); empty: everywhere
};

struct MergedRules {
  std::vector<std::unique_ptr<RuleFile>> files;  // owns every tree; root first
  std::vector<MergedRule> rules;                 // in force, in order (stages interleaved)
  std::vector<MergedScope> scopes;
  std::vector<MergedLowering> lowerings;         // in the order they were applied
  RegexPool regexes;
};

// Loads `path` through `read`. On failure returns InvalidArgument whose message is every issue
// rendered (also appended to `diags` when given), or the reader's error for the root file.
// A load that puts no rule in force (an empty or comment-only file) fails too: no rules would
// make every follower ready.
absl::StatusOr<MergedRules> LoadRules(const std::string& path, const FileReader& read,
                                      const Limits& limits, Diagnostics* diags = nullptr);

// The path `target` as written in `extend` inside `from`: relative to `from`'s directory.
std::string ResolveExtendPath(const std::string& from, const std::string& target);

// The files `text` (the rule file `path`) extends, as written in its `extend` lines, in order.
// InvalidArgument with every located issue when the file does not parse.
absl::StatusOr<std::vector<std::string>> ExtendsOf(const std::string& path,
                                                   const std::string& text, const Limits& limits);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LOADER_LOADER_H_
