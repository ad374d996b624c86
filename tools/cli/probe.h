// Copyright 2026 The dupready Authors.
//
// probe.h: `dupready probe`, asking a live follower cluster's meta servers for the follower
// table and judging the reply exactly as `check` judges a saved one.
//
//   dupready probe --meta 10.0.0.1:34601,10.0.0.2:34601 --app orders --rules default.rules
//                  [--partition-count N] [--timeout-ms N] [--format text|json]
//                  [--remote-cluster NAME] [--source-app NAME] [--remote-replica-count N]
//                  [--explain [--partition N]] [--map] [--save-reply FILE]
//
// The RPC and the choice of meta are meta_integration/rpc/meta_client.h's. The verdict is printed
// by the same code as `check` (tools/cli/check.h), from the reply's bytes as `check
// --input-format thrift` would read them; a failed call becomes the verdict's rpc_err.
// Which metas were asked, and what each said, goes to stderr.
//
// Exit codes: 0 ready, 1 not ready, 2 bad usage or rules, or no meta server answered (the
// message lists each address tried and why) within --timeout-ms.

#ifndef DUPREADY_TOOLS_CLI_PROBE_H_
#define DUPREADY_TOOLS_CLI_PROBE_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `probe` with `args` (the words after "probe"); returns the exit code.
int RunProbe(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kProbeUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_PROBE_H_
