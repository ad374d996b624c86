// Copyright 2026 The dupready Authors.
//
// flags.h: a small, strict parser for subcommand flags ("--name value" or "--name=value").
// Unknown flags, missing values, flags given twice (unless declared repeatable) and malformed
// integers are usage errors.

#ifndef DUPREADY_TOOLS_CLI_FLAGS_H_
#define DUPREADY_TOOLS_CLI_FLAGS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dupready {

class Flags {
 public:
  // `with_value`: flags that take a value; `switches`: flags that do not; `repeatable`: flags
  // that take a value and may be given more than once (read them with GetAll).
  Flags(std::set<std::string> with_value, std::set<std::string> switches,
        std::set<std::string> repeatable = {})
      : with_value_(std::move(with_value)),
        switches_(std::move(switches)),
        repeatable_(std::move(repeatable)) {}

  // Parses `args`; words that are not flags are collected as positional arguments.
  absl::Status Parse(const std::vector<std::string>& args);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // The flag's value as an integer in [min, max]; `fallback` when absent.
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t fallback, int64_t min,
                                 int64_t max) const;
  // Every value of a repeatable flag, in the order given.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> with_value_, switches_, repeatable_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> repeated_;
  std::vector<std::string> positional_;
};

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_FLAGS_H_
