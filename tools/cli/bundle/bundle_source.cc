// Opening a zk:// bundle source for the CLI: parse, connect within the timeout, wrap a store;
// the bundle commands' flags.
#include "tools/cli/bundle/bundle_source.h"

#include "absl/strings/str_cat.h"

namespace dupready {

absl::StatusOr<OpenedSource> OpenBundleSource(const std::string& uri, int64_t timeout_ms) {
  absl::StatusOr<BundleSource> source = ParseBundleUri(uri);
  if (!source.ok()) return source.status();
  ZkClient::Options options;
  options.hosts = source->hosts;
  options.session_timeout_ms = source->session_timeout_ms;
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
  if (!zk.ok()) return zk.status();
  const absl::Duration timeout = absl::Milliseconds(timeout_ms);
  if (absl::Status up = (*zk)->WaitConnected(absl::Now() + timeout); !up.ok()) {
    return absl::UnavailableError(
        absl::StrCat(up.message(), " within ", timeout_ms, " ms (--timeout-ms)"));
  }
  OpenedSource out;
  out.source = *source;
  out.zk = *std::move(zk);
  out.store = std::make_unique<BundleStore>(out.zk.get(), *source, timeout, Limits());
  return out;
}

int ExitCodeFor(const absl::Status& status) { return absl::IsAborted(status) ? 1 : 2; }

Subcommand BundleCommand(const char* name, const char* usage, std::set<std::string> with_value,
                         size_t positional) {
  Subcommand cmd = {name, usage, std::move(with_value)};
  cmd.ints = {{"timeout-ms", kDefaultZkTimeoutMs, 1, 600000}};
  cmd.args = {positional, positional};
  return cmd;
}

}  // namespace dupready
