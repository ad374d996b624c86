// Tests for the subcommand skeleton: --help, usage errors, the argument count, integers,
// one-dash spellings and repeatable switches, with what goes to stdout and to stderr.
#include "tools/cli/subcommand.h"

#include <sstream>

#include "gtest/gtest.h"

namespace dupready {
namespace {

constexpr char kUsage[] = "usage: dupready demo\n";

struct Outcome {
  std::optional<int> done;
  std::string out, err;
  Flags flags;
};

Outcome Parse(const Subcommand& cmd, const std::vector<std::string>& args) {
  Outcome r;
  std::ostringstream out, err;
  r.done = ParseSubcommand(cmd, args, &r.flags, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

Subcommand Demo() {
  Subcommand cmd = {"demo", kUsage, /*with_value=*/{"format"}, /*switches=*/{"all"},
                    /*repeatable=*/{"cluster"}, /*ints=*/{{"parallel", 4, 1, 64}}};
  cmd.args = {1, 1};
  return cmd;
}

TEST(SubcommandTest, GoesOnWithTheParsedFlags) {
  Outcome r = Parse(Demo(), {"x", "--format=json", "--all", "--cluster", "a", "--cluster", "b",
                             "--parallel", "8"});
  EXPECT_FALSE(r.done.has_value());
  EXPECT_EQ(r.out + r.err, "");
  EXPECT_EQ(r.flags.positional(), std::vector<std::string>{"x"});
  EXPECT_EQ(r.flags.Get("format"), "json");
  EXPECT_TRUE(r.flags.Has("all"));
  EXPECT_EQ(r.flags.GetAll("cluster"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.flags.Int("parallel"), 8);
  EXPECT_EQ(Parse(Demo(), {"x"}).flags.Int("parallel"), 4);  // the fallback
}

TEST(SubcommandTest, HelpGoesToStdoutAndExitsZero) {
  Outcome r = Parse(Demo(), {"--help"});  // before the argument count is checked
  EXPECT_EQ(r.done, 0);
  EXPECT_EQ(r.out, kUsage);
  EXPECT_EQ(r.err, "");
}

TEST(SubcommandTest, UsageErrorsGoToStderrWithTheUsage) {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"x", "--bogus"}, "dupready demo: unknown flag '--bogus'\n"},
      {{"x", "--format"}, "dupready demo: --format needs a value\n"},
      {{"x", "--all", "--all"}, "dupready demo: --all given twice\n"},
      {{"x", "-h"}, "dupready demo: unknown flag '-h'\n"},
      {{}, "dupready demo: expected 1 argument, got 0\n"},
      {{"x", "y"}, "dupready demo: expected 1 argument, got 2\n"},
  };
  for (const auto& [args, message] : cases) {
    Outcome r = Parse(Demo(), args);
    EXPECT_EQ(r.done, kUsageExit) << message;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, message + kUsage);
  }
}

TEST(SubcommandTest, AnIntegerOutOfBoundsIsRefusedWithoutTheUsage) {
  for (const char* bad : {"0", "65", "x", ""}) {
    Outcome r = Parse(Demo(), {"x", "--parallel", bad});
    EXPECT_EQ(r.done, kUsageExit) << bad;
    EXPECT_EQ(r.err, std::string("dupready demo: --parallel must be an integer from 1 to 64, not '") +
                         bad + "'\n");
  }
}

TEST(SubcommandTest, ArityMessages) {
  Subcommand none = {"demo", kUsage};
  EXPECT_EQ(Parse(none, {"a", "b"}).err, std::string("dupready demo: unexpected argument 'a'\n") +
                                             kUsage);
  Subcommand two = none;
  two.args = {2, 2, "expected OLD and NEW"};
  EXPECT_EQ(Parse(two, {"a"}).err, std::string("dupready demo: expected OLD and NEW\n") + kUsage);
  EXPECT_FALSE(Parse(two, {"a", "b"}).done.has_value());
  Subcommand some = none;
  some.args = {1, kAnyNumber};
  EXPECT_EQ(Parse(some, {}).err,
            std::string("dupready demo: expected at least 1 argument, got 0\n") + kUsage);
  EXPECT_FALSE(Parse(some, {"a", "b", "c"}).done.has_value());
}

TEST(SubcommandTest, PathsCommandsTakeShortNamesAndRepeatedSwitches) {
  const Subcommand cmd =
      PathsCommand("demo", kUsage, {"write", "check"}, {{"-w", "write"}}, "no files given");
  Outcome r = Parse(cmd, {"-w", "a", "-w", "--write", "-", "b"});
  ASSERT_FALSE(r.done.has_value()) << r.err;
  EXPECT_TRUE(r.flags.Has("write"));
  EXPECT_FALSE(r.flags.Has("check"));
  EXPECT_EQ(r.flags.positional(), (std::vector<std::string>{"a", "-", "b"}));
  EXPECT_EQ(Parse(cmd, {"-h"}).out, kUsage);
  EXPECT_EQ(Parse(cmd, {"-h", "--help"}).done, 0);
  EXPECT_EQ(Parse(cmd, {}).err, std::string("dupready demo: no files given\n") + kUsage);
  EXPECT_EQ(Parse(cmd, {"-x", "a"}).err, std::string("dupready demo: unknown flag '-x'\n") + kUsage);
  EXPECT_EQ(Parse(cmd, {"--write=1", "a"}).err,
            std::string("dupready demo: --write takes no value\n") + kUsage);
}

TEST(SubcommandTest, FailAndUsageError) {
  const Subcommand cmd = {"demo", kUsage};
  std::ostringstream err;
  EXPECT_EQ(Fail(cmd, "no such bundle", err), kUsageExit);
  EXPECT_EQ(Fail(cmd, "lost the race", err, 1), 1);
  EXPECT_EQ(UsageError(cmd, "--rules is required", err), kUsageExit);
  EXPECT_EQ(err.str(), std::string("dupready demo: no such bundle\ndupready demo: lost the race\n"
                                   "dupready demo: --rules is required\n") +
                           kUsage);
}

TEST(SubcommandTest, FlagNamesMergesLists) {
  const char* const a[] = {"input", "app", nullptr};
  const char* const b[] = {"rules", "app", nullptr};
  EXPECT_EQ(FlagNames({a, b}), (std::set<std::string>{"app", "input", "rules"}));
}

}  // namespace
}  // namespace dupready
