// Copyright 2026 The dupready Authors.
//
// subcommand.h: what every `dupready` subcommand does before its own work, written once. A
// Subcommand declares its name, usage text, flags and how many positional arguments it takes;
// ParseSubcommand parses the words strictly (tools/cli/flags.h) and answers the same way for
// every command:
//   --help                           usage on stdout, exit 0
//   a bad flag or argument count     "dupready NAME: MESSAGE\n" and the usage on stderr, exit 2
//   an integer flag out of bounds    "dupready NAME: MESSAGE\n" on stderr, exit 2
//
//   int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
//     const Subcommand cmd = {"diff", kDiffUsage, /*with_value=*/{"format"}, /*switches=*/{},
//                             /*repeatable=*/{}, /*ints=*/{{"max-classes", 100, 1, 100000}},
//                             /*args=*/{2, 2, "expected two rule files, OLD and NEW"}};
//     Flags flags;
//     if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
//     if (flags.Get("format", "text") == "xml") return Fail(cmd, "no XML", err);
//     const int64_t max_classes = flags.Int("max-classes");
//     ...
//   }

#ifndef DUPREADY_TOOLS_CLI_SUBCOMMAND_H_
#define DUPREADY_TOOLS_CLI_SUBCOMMAND_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/cli/flags.h"

namespace dupready {

// The exit code of every usage error (and of most other refusals).
inline constexpr int kUsageExit = 2;

inline constexpr size_t kAnyNumber = SIZE_MAX;

// How many positional arguments a command takes, and what it says otherwise.
struct Arity {
  size_t min = 0;
  size_t max = 0;  // kAnyNumber: no upper bound
  // The usage error for another count. nullptr: "unexpected argument 'X'" when the command
  // takes none, else "expected N argument(s), got M".
  const char* wrong = nullptr;
};

struct Subcommand {
  const char* name = "";   // messages start "dupready NAME: "
  const char* usage = "";  // printed for --help, and after each usage error
  std::set<std::string> with_value;
  std::set<std::string> switches;  // --help is always one
  std::set<std::string> repeatable;  // value flags (Flags::GetAll) or switches given twice
  std::vector<IntFlag> ints;  // value flags read as bounded integers (Flags::Int)
  Arity args;
  std::map<std::string, std::string> short_names;  // e.g. {"-h", "help"}
};

// A command that takes switches and one or more paths (lint, fmt, test): -h is --help, a switch
// may be given twice, and `none_given` is the usage error when no path is.
Subcommand PathsCommand(const char* name, const char* usage, std::set<std::string> switches,
                        std::map<std::string, std::string> short_names, const char* none_given);

// Parses `args` for `cmd` into `*flags`. Returns the exit code when the command stops here
// (0 after --help; kUsageExit after a usage error or an integer out of bounds, reported), or
// nullopt to go on. The checks run in this order: the flags, --help, the argument count, the
// integers.
std::optional<int> ParseSubcommand(const Subcommand& cmd, const std::vector<std::string>& args,
                                   Flags* flags, std::ostream& out, std::ostream& err);

// Reports a usage error, "dupready NAME: MESSAGE\n" and the usage, on `err`; returns kUsageExit.
int UsageError(const Subcommand& cmd, absl::string_view message, std::ostream& err);

// Reports "dupready NAME: MESSAGE\n" on `err`; returns `code`.
int Fail(const Subcommand& cmd, absl::string_view message, std::ostream& err,
         int code = kUsageExit);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_SUBCOMMAND_H_
