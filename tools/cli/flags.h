// Copyright 2026 The dupready Authors.
//
// flags.h: a small, strict parser for subcommand flags ("--name value" or "--name=value").
// Unknown flags, missing values, flags given twice (unless declared repeatable) and malformed
// integers are usage errors. Subcommands declare their flags through tools/cli/subcommand.h.
//
//   Flags flags({"format"}, {"help"}, {}, {{"-h", "help"}});
//   if (absl::Status s = flags.Parse({"-h", "--format=json", "x.rules"}); !s.ok()) { ... }
//   flags.Has("help");         // true
//   flags.Get("format");       // "json"
//   flags.positional();        // {"x.rules"}

#ifndef DUPREADY_TOOLS_CLI_FLAGS_H_
#define DUPREADY_TOOLS_CLI_FLAGS_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dupready {

// An integer flag and its bounds: Flags::CheckInts checks it, Flags::Int reads it.
struct IntFlag {
  std::string name;
  int64_t fallback;  // when the flag is absent
  int64_t min, max;
};

class Flags {
 public:
  Flags() = default;
  // `with_value`: flags that take a value; `switches`: flags that do not; `repeatable`: flags
  // that take a value and may be given more than once (read them with GetAll), or switches
  // that may be given more than once; `short_names`: one-dash spellings of switches, e.g.
  // {"-w", "write"}.
  Flags(std::set<std::string> with_value, std::set<std::string> switches,
        std::set<std::string> repeatable = {},
        std::map<std::string, std::string> short_names = {})
      : with_value_(std::move(with_value)),
        switches_(std::move(switches)),
        repeatable_(std::move(repeatable)),
        short_names_(std::move(short_names)) {}

  // Parses `args`; words that are not flags are collected as positional arguments.
  absl::Status Parse(const std::vector<std::string>& args);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // The flag's value as an integer in [min, max]; `fallback` when absent.
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t fallback, int64_t min,
                                 int64_t max) const;
  // Checks every flag of `ints` that was given against its bounds (as GetInt), keeping the
  // values for Int; the first bad one is the error.
  absl::Status CheckInts(const std::vector<IntFlag>& ints);
  // The value of an integer flag CheckInts accepted (its fallback when absent). Asking for a
  // flag CheckInts was not given is a programming error: it aborts.
  int64_t Int(const std::string& name) const;
  // Every value of a repeatable flag, in the order given.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> with_value_, switches_, repeatable_;
  std::map<std::string, std::string> short_names_;
  std::map<std::string, int64_t> ints_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> repeated_;
  std::vector<std::string> positional_;
};

// The names of null-terminated flag lists (e.g. kInputFlags), merged.
std::set<std::string> FlagNames(std::initializer_list<const char* const*> lists);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_FLAGS_H_
