// The shared preamble of the dupready subcommands: strict flags, --help, usage errors, the
// argument count and bounded integers.
#include "tools/cli/subcommand.h"

#include "absl/strings/str_cat.h"

namespace dupready {

namespace {

// Why `count` positional arguments are wrong for `cmd`, or "" when they are right.
std::string ArityError(const Subcommand& cmd, const std::vector<std::string>& positional) {
  const Arity& a = cmd.args;
  const size_t count = positional.size();
  if (count >= a.min && count <= a.max) return "";
  if (a.wrong != nullptr) return a.wrong;
  if (a.max == 0) return absl::StrCat("unexpected argument '", positional[0], "'");
  if (a.min == a.max)
    return absl::StrCat("expected ", a.min, " argument", a.min == 1 ? "" : "s", ", got ", count);
  if (a.max == kAnyNumber)
    return absl::StrCat("expected at least ", a.min, " argument", a.min == 1 ? "" : "s", ", got ",
                        count);
  return absl::StrCat("expected ", a.min, " to ", a.max, " arguments, got ", count);
}

}  // namespace

std::optional<int> ParseSubcommand(const Subcommand& cmd, const std::vector<std::string>& args,
                                   Flags* flags, std::ostream& out, std::ostream& err) {
  std::set<std::string> with_value = cmd.with_value, switches = cmd.switches;
  for (const IntFlag& f : cmd.ints) with_value.insert(f.name);
  switches.insert("help");
  *flags = Flags(std::move(with_value), std::move(switches), cmd.repeatable, cmd.short_names);
  if (absl::Status s = flags->Parse(args); !s.ok()) return UsageError(cmd, s.message(), err);
  if (flags->Has("help")) {
    out << cmd.usage;
    return 0;
  }
  if (std::string wrong = ArityError(cmd, flags->positional()); !wrong.empty())
    return UsageError(cmd, wrong, err);
  if (absl::Status s = flags->CheckInts(cmd.ints); !s.ok()) return Fail(cmd, s.message(), err);
  return std::nullopt;
}

Subcommand PathsCommand(const char* name, const char* usage, std::set<std::string> switches,
                        std::map<std::string, std::string> short_names, const char* none_given) {
  Subcommand cmd = {name, usage};
  cmd.repeatable = switches;
  cmd.repeatable.insert("help");
  cmd.switches = std::move(switches);
  cmd.args = {1, kAnyNumber, none_given};
  cmd.short_names = std::move(short_names);
  cmd.short_names.emplace("-h", "help");
  return cmd;
}

int UsageError(const Subcommand& cmd, absl::string_view message, std::ostream& err) {
  err << "dupready " << cmd.name << ": " << message << "\n" << cmd.usage;
  return kUsageExit;
}

int Fail(const Subcommand& cmd, absl::string_view message, std::ostream& err, int code) {
  err << "dupready " << cmd.name << ": " << message << "\n";
  return code;
}

}  // namespace dupready
