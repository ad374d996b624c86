// Strict flag parsing for the dupready subcommands.
#include "tools/cli/flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dupready {

absl::Status Flags::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    auto short_name = short_names_.find(args[i]);
    const std::string a =
        short_name == short_names_.end() ? args[i] : absl::StrCat("--", short_name->second);
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      if (!a.empty() && a[0] == '-' && a != "-")
        return absl::InvalidArgumentError(absl::StrCat("unknown flag '", a, "'"));
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (values_.count(name) && !repeatable_.count(name))
      return absl::InvalidArgumentError(absl::StrCat("--", name, " given twice"));
    if (switches_.count(name)) {
      if (inline_value) return absl::InvalidArgumentError(absl::StrCat("--", name, " takes no value"));
      values_[name] = "true";
    } else if (with_value_.count(name) || repeatable_.count(name)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
        value = args[++i];
      }
      values_[name] = value;
      if (repeatable_.count(name)) repeated_[name].push_back(value);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag '--", name, "'"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> Flags::GetAll(const std::string& name) const {
  auto it = repeated_.find(name);
  return it == repeated_.end() ? std::vector<std::string>() : it->second;
}

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

absl::Status Flags::CheckInts(const std::vector<IntFlag>& ints) {
  for (const IntFlag& f : ints) {
    absl::StatusOr<int64_t> v = GetInt(f.name, f.fallback, f.min, f.max);
    if (!v.ok()) return v.status();
    ints_[f.name] = *v;
  }
  return absl::OkStatus();
}

int64_t Flags::Int(const std::string& name) const {
  auto it = ints_.find(name);
  if (it == ints_.end()) {
    std::fprintf(stderr, "Flags::Int(\"%s\"): not an integer flag CheckInts was given\n",
                 name.c_str());
    std::abort();
  }
  return it->second;
}

absl::StatusOr<int64_t> Flags::GetInt(const std::string& name, int64_t fallback, int64_t min,
                                      int64_t max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  int64_t v;
  if (!absl::SimpleAtoi(it->second, &v) || v < min || v > max)
    return absl::InvalidArgumentError(absl::StrCat("--", name, " must be an integer from ", min,
                                                   " to ", max, ", not '", it->second, "'"));
  return v;
}

std::set<std::string> FlagNames(std::initializer_list<const char* const*> lists) {
  std::set<std::string> names;
  for (const char* const* list : lists)
    for (const char* const* f = list; *f; ++f) names.insert(*f);
  return names;
}

}  // namespace dupready
