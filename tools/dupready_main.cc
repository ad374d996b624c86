// dupready: readiness rules for Apache Pegasus duplication. Usage text and dispatch only;
// every command is a library call in tools/cli. Its output is text, escaped on the way out
// (tools/cli/safe_output.h) so nothing read from rule files or followers reaches the terminal
// raw.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tools/cli/check.h"
#include "tools/cli/diff.h"
#include "tools/cli/doctor.h"
#include "tools/cli/fmt.h"
#include "tools/cli/lint.h"
#include "tools/cli/probe.h"
#include "tools/cli/bundle/pull.h"
#include "tools/cli/bundle/push.h"
#include "tools/cli/bundle/rollback.h"
#include "tools/cli/rule_test.h"
#include "tools/cli/safe_output.h"
#include "tools/cli/bundle/status.h"

namespace {

const char kUsage[] =
    "usage: dupready COMMAND [FLAGS]\n"
    "commands:\n"
    "  check     judge a follower table (snapshot, shell JSON or Thrift reply) with a rule file\n"
    "  probe     ask a follower cluster's meta servers for a table and judge it like check\n"
    "  doctor    judge every duplication of a source cluster, each follower as probe would\n"
    "  diff      what changes if one rule file replaces another\n"
    "  lint      load-time errors and suspicious constructs in rule files\n"
    "  fmt       print rule files in the canonical layout (-w: rewrite them)\n"
    "  test      run rule unit tests (*.ruletest files)\n"
    "rule bundles in ZooKeeper (one rule set for every meta server of a cluster):\n"
    "  push      put rule files in force, as a bundle\n"
    "  status    the bundle in force, the last bundles, and what each meta server runs\n"
    "  rollback  put an earlier bundle back in force\n"
    "  pull      write a bundle's files into a directory\n"
    "Run 'dupready COMMAND --help' for a command's flags.\n";

int Run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  // Under `bazel run`, resolve paths against the directory the user ran it from.
  if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd != nullptr && *wd) {
    if (::chdir(wd) != 0) {
      err << "dupready: cannot enter " << wd << "\n";
      return 2;
    }
  }
  if (argc < 2) {
    err << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "check") return dupready::RunCheck(args, out, err);
  if (command == "probe") return dupready::RunProbe(args, out, err);
  if (command == "doctor") return dupready::RunDoctor(args, out, err);
  if (command == "diff") return dupready::RunDiff(args, out, err);
  if (command == "lint") return dupready::RunLint(args, out, err);
  if (command == "fmt") return dupready::RunFmt(args, out, err);
  if (command == "test") return dupready::RunRuleTests(args, out, err);
  if (command == "push") return dupready::RunPush(args, out, err);
  if (command == "status") return dupready::RunStatus(args, out, err);
  if (command == "rollback") return dupready::RunRollback(args, out, err);
  if (command == "pull") return dupready::RunPull(args, out, err);
  if (command == "--help" || command == "help") {
    out << kUsage;
    return 0;
  }
  err << "dupready: unknown command '" << command << "'\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  dupready::SafeTextBuf out_buf(std::cout.rdbuf()), err_buf(std::cerr.rdbuf());
  std::ostream out(&out_buf), err(&err_buf);
  return Run(argc, argv, out, err);
}
