// Copyright 2026 The dupready Authors.
//
// checks.h (internal to engine/lint): the groups of checks AnalyzeRules runs, and the list
// they report into. See lint.h for what each check proves.

#ifndef DUPREADY_ENGINE_LINT_CHECKS_H_
#define DUPREADY_ENGINE_LINT_CHECKS_H_

#include <map>
#include <string>
#include <vector>

#include "engine/loader/loader.h"
#include "engine/rule_set.h"

namespace dupready {
namespace lint_internal {

struct Finding {
  const RuleFile* file = nullptr;
  Pos pos;
  std::string message;
};

class Findings {
 public:
  // `rank`: each file's place in the order the loader applied them (extended files first).
  explicit Findings(std::map<const RuleFile*, int> rank) : rank_(std::move(rank)) {}

  void Warn(const RuleFile* file, Pos pos, std::string message) {
    list_.push_back(Finding{file, pos, std::move(message)});
  }
  // "file:line:col", for messages that point at a second place.
  static std::string Where(const RuleFile* file, Pos pos);
  // True when (fa, a) was applied after (fb, b): a later file, or later in the same file.
  bool Later(const RuleFile* fa, Pos a, const RuleFile* fb, Pos b) const;

  const std::vector<Finding>& list() const { return list_; }

 private:
  std::map<const RuleFile*, int> rank_;
  std::vector<Finding> list_;
};

// The files in the order their directives were applied: what each extends, then the file.
std::vector<const RuleFile*> ApplyOrder(const MergedRules& rules);

// Guards, conditions, error codes and patterns of every rule in every file, and scopes.
void CheckExpressions(const MergedRules& rules, Findings* out);

// Replays extends, replaces and disables: duplicate rule bodies, overlays without effect.
void CheckOverlays(const MergedRules& rules, const std::vector<const RuleFile*>& order,
                   Findings* out);

// The rules in force, in evaluation order: unreachable, shadowed, uncovered replica counts.
void CheckOrder(const MergedRules& rules, Findings* out);

// The floor: every `unfinal`, and followers that must never be READY but are under `rules`
// (the same rules, compiled), found over the configuration space.
void CheckFloor(const MergedRules& merged, const RuleSet& rules, Findings* out);

}  // namespace lint_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_LINT_CHECKS_H_
