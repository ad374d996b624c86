// Copyright 2026 The dupready Authors.
//
// tree_dump.h: a position-free rendering of a parsed rule file, to compare two files' meaning.
//
// Two files with equal dumps parse to the same directives, rules, expressions and message
// templates; only layout and comments can differ. The formatter checks its own output with it
// before handing it out, and tests use it to show that formatting keeps meaning.
//
//   TreeDump(ParseRuleFile("a", "partition x: require (a) else ERR_UNKNOWN", ...)) ==
//   TreeDump(ParseRuleFile("b", "partition x:\n  require a\n  else ERR_UNKNOWN", ...))

#ifndef DUPREADY_ENGINE_FORMAT_TREE_DUMP_H_
#define DUPREADY_ENGINE_FORMAT_TREE_DUMP_H_

#include <string>

#include "engine/parser/ast.h"

namespace dupready {

// Every expression fully parenthesised, one directive per line, no positions.
std::string TreeDump(const RuleFile& file);
std::string TreeDump(const Expr& e);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_FORMAT_TREE_DUMP_H_
