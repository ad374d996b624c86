// `dupready rollback`: move `current` back to an earlier bundle, by compare-and-set.
#include "tools/cli/bundle/rollback.h"

#include "meta_integration/bundles/bundle_store.h"
#include "tools/cli/bundle/bundle_source.h"

namespace dupready {

const char kRollbackUsage[] =
    "usage: dupready rollback ZK_URI [--to BUNDLE] [--timeout-ms N]\n"
    "Puts an earlier bundle back in force: BUNDLE (e.g. bundle-0000000011), or by default the\n"
    "bundle that was in force before the current one was pushed (for a bundle written by\n"
    "hand, the newest older bundle that loads). The target must load, or nothing changes.\n"
    "Exit codes: 0 rolled back; 1 another push or rollback moved the bundle in force first;\n"
    "2 bad usage, no such bundle, nothing to roll back to, a target that does not load, or\n"
    "ZooKeeper unreachable within --timeout-ms (default 10000).\n";

int RunRollback(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = BundleCommand("rollback", kRollbackUsage, {"to"}, 1);
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::string to = flags.Get("to");
  if (flags.Has("to") && !IsBundleName(to)) {
    err << "dupready rollback: --to takes a bundle name (bundle-NNNNNNNNNN), not '" << to << "'\n";
    return 2;
  }
  absl::StatusOr<OpenedSource> src =
      OpenBundleSource(flags.positional()[0], flags.Int("timeout-ms"));
  if (!src.ok()) return Fail(cmd, src.status().message(), err);
  absl::StatusOr<BundleStore::RollbackResult> done = src->store->Rollback(to);
  if (!done.ok()) return Fail(cmd, done.status().message(), err, ExitCodeFor(done.status()));
  out << "rolled back " << src->source.path << " from " << done->from << " to " << done->to << "\n";
  return 0;
}

}  // namespace dupready
