// Copyright 2026 The dupready Authors.
//
// hostile_rules.h: rule sets made to take a loader's memory or time, each within the limits
// (no file over 8 MiB, at most 32 files), and the largest sets that still load. Tests run them
// through RuleSet::Load, the CLI and the plugin, and bound the time and memory each takes.
//
//   for (const RuleSetMaker& maker : HostileRuleSets()) {
//     const RuleSetFiles set = maker.make();   // made when needed: some are 8 MiB
//     EXPECT_FALSE(RuleSet::Load(set.root, set.Reader()).ok()) << maker.name;
//   }

#ifndef DUPREADY_ENGINE_TESTING_HOSTILE_RULES_H_
#define DUPREADY_ENGINE_TESTING_HOSTILE_RULES_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/loader/file_reader.h"

namespace dupready {
namespace testing {

struct RuleSetFiles {
  std::string name;  // what it is, for messages
  std::string root;  // the path to load
  std::map<std::string, std::string> files;

  // Reads from `files`. REQUIRES: *this outlives the reader.
  FileReader Reader() const;
  // Writes the files under `dir` (created as needed); returns the root's path there.
  std::string WriteUnder(const std::string& dir) const;
};

// A rule set by name, made on demand (a test makes it inside the child it measures).
struct RuleSetMaker {
  std::string name;
  std::function<RuleSetFiles()> make;
};

// Rule sets every loader must refuse, quickly and in little memory: runs of bad bytes of up
// to 8 MiB (@, NUL, invalid UTF-8, terminal escapes), quotes, parentheses, names and lists of
// that size, files of errors, tens of thousands of expensive patterns (also spread over 31
// files), 172,175 trivial rules, and rules whose evaluation would take minutes.
std::vector<RuleSetMaker> HostileRuleSets();

// The largest rule sets that load, one per budget: expression nodes, pattern memory (patterns
// compiled, their rules then disabled) and evaluation cost (cheap rules, loops, patterns on
// hosts, string functions) each just within the default limits.
std::vector<RuleSetMaker> LargestLoadableRuleSets();

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_TESTING_HOSTILE_RULES_H_
