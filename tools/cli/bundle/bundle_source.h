// Copyright 2026 The dupready Authors.
//
// bundle_source.h: what `push`, `status`, `rollback` and `pull` share: the zk:// URI argument,
// a ZooKeeper connection made within a deadline, and the BundleStore over it.
//
//   absl::StatusOr<OpenedSource> src = OpenBundleSource("zk://10.0.0.1:2181/pegasus/c1/dupready",
//                                                       10000);
//   if (!src.ok()) { ... }  // InvalidArgument: the URI, located; Unavailable: no ZooKeeper
//   absl::StatusOr<BundleStore::Current> cur = src->store->ReadCurrent();
//
//   const Subcommand cmd = BundleCommand("pull", kPullUsage, {"bundle", "out"}, 1);
//   Flags flags;
//   if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
//   OpenBundleSource(flags.positional()[0], flags.Int("timeout-ms"));

#ifndef DUPREADY_TOOLS_CLI_BUNDLE_BUNDLE_SOURCE_H_
#define DUPREADY_TOOLS_CLI_BUNDLE_BUNDLE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/bundles/bundle_uri.h"
#include "meta_integration/zk/zk_client.h"
#include "tools/cli/subcommand.h"

namespace dupready {

inline constexpr int64_t kDefaultZkTimeoutMs = 10000;

struct OpenedSource {
  BundleSource source;
  std::unique_ptr<ZkClient> zk;
  std::unique_ptr<BundleStore> store;  // every call waits at most the same timeout
};

// Parses `uri` (a `?cache=` or `id=` in it is allowed and ignored here) and connects within
// `timeout_ms`.
absl::StatusOr<OpenedSource> OpenBundleSource(const std::string& uri, int64_t timeout_ms);

// Exit code for a failed ZooKeeper operation: 1 for a lost compare-and-set (Aborted), else 2.
int ExitCodeFor(const absl::Status& status);

// A bundle command: `with_value` flags plus --timeout-ms (milliseconds in 1..600000, default
// kDefaultZkTimeoutMs; read it with Flags::Int), and exactly `positional` arguments.
Subcommand BundleCommand(const char* name, const char* usage, std::set<std::string> with_value,
                         size_t positional);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_BUNDLE_BUNDLE_SOURCE_H_
