// Copyright 2026 The dupready Authors.
//
// fmt.h: `dupready fmt [-w | --check] FILE...`, the canonical layout of rule files
// (engine/format/format.h describes it).
//
//   dupready fmt site.rules          print the formatted file to stdout
//   dupready fmt -w rules/*.rules    rewrite the files that are not formatted, in place
//   dupready fmt --check rules/*.rules   list the files that are not formatted
//
// -w replaces each file atomically: the new text goes to a temporary file in the same
// directory (with the original's permissions), which is then renamed over it; a file already
// in the canonical layout is not touched. Nothing is written for a file that does not parse.
// Exit codes: 0 done (with --check: all formatted), 1 with --check: some file is not
// formatted, 2 a file that does not parse or cannot be read or written, or bad usage.

#ifndef DUPREADY_TOOLS_CLI_FMT_H_
#define DUPREADY_TOOLS_CLI_FMT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace dupready {

// Runs `fmt` with `args` (the words after "fmt"); returns the exit code.
int RunFmt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Replaces the contents of `path` with `text` atomically (temporary file + rename), keeping
// the file's permissions; follows a symbolic link to the file it names.
absl::Status WriteFileAtomically(const std::string& path, const std::string& text);

extern const char kFmtUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_FMT_H_
