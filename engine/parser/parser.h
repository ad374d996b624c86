// Copyright 2026 The dupready Authors.
//
// parser.h: builds the syntax tree of one rule file.
//
// Grammar (newlines are not significant; '#' starts a comment):
//
//   file       := directive*
//   directive  := 'extend' STRING
//               | 'disable' NAME (',' NAME)*
//               | 'unfinal' NAME (',' NAME)* STRING
//               | 'scope' expr '{' directive* '}'
//               | ['replace'] ['final'] ('table' | 'partition') NAME [('before' | 'after') NAME]
//                 ':' body
//   body       := ['when' expr ['=>']] ( 'require' expr 'else' expr [STRING] | expr 'suffices' )
//   expr       := or;  or := and ('or' and)*;  and := not ('and' not)*
//   not        := 'not' not | compare
//   compare    := sum [('=='|'!='|'<'|'<='|'>'|'>='|'=~'|'!~'|'in'|'not' 'in') sum]
//   sum        := product (('+'|'-') product)*;  product := unary (('*'|'/'|'%') unary)*
//   unary      := '-' unary | postfix;  postfix := primary ('.' NAME)*
//   primary    := INT | STRING | 'true' | 'false' | NAME | NAME '(' [expr (',' expr)*] ')'
//               | '(' expr ')' | '[' [expr (',' expr)*] ']'
//
// Comments do not reach the tree: they are kept, with their positions, in RuleFile::comments,
// and each rule records where its clauses start (for engine/format and engine/lint).
//
// A call's '(' must be on the same line as the function's name.
// Message templates are strings whose {expr} holes are parsed here too; "{{" and "}}" (or \{ \})
// are literal braces. Errors are reported to Diagnostics with their positions; the parser then
// skips to the next directive, so one run reports several mistakes.

#ifndef DUPREADY_ENGINE_PARSER_PARSER_H_
#define DUPREADY_ENGINE_PARSER_PARSER_H_

#include <string>

#include "engine/common/diagnostics.h"
#include "engine/common/limits.h"
#include "engine/parser/ast.h"

namespace dupready {

// Parses `source` as the rule file `filename`. Always returns a RuleFile holding whatever
// parsed cleanly; success means `diags` gained no errors. `nodes_before` is how many nodes the
// rule set's files parsed before this one hold: Limits::max_nodes bounds them all together
// (the parser stops, with an error, at the node past it).
RuleFile ParseRuleFile(std::string filename, std::string source, const Limits& limits,
                       Diagnostics* diags, int64_t nodes_before = 0);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_PARSER_PARSER_H_
