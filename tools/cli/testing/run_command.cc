// Runs a subcommand in-process with string streams for its output.
#include "tools/cli/testing/run_command.h"

#include <sstream>

namespace dupready {
namespace testing {

CommandOutcome RunCommand(CommandMain run, const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CommandOutcome r;
  r.code = run(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace testing
}  // namespace dupready
