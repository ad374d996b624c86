// Opening a zk:// bundle source for the CLI: parse, connect within the timeout, wrap a store.
#include "tools/cli/bundle_source.h"

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

absl::StatusOr<int64_t> ZkTimeoutFlag(const Flags& flags) {
  return flags.GetInt("timeout-ms", kDefaultZkTimeoutMs, 1, 600000);
}

int ExitCodeFor(const absl::Status& status) { return absl::IsAborted(status) ? 1 : 2; }

std::optional<int> ParseBundleCommand(const char* command, const char* usage,
                                      std::set<std::string> with_value, size_t positional,
                                      const std::vector<std::string>& args, Flags* flags,
                                      std::ostream& out, std::ostream& err) {
  with_value.insert("timeout-ms");
  *flags = Flags(std::move(with_value), {"help"});
  if (absl::Status s = flags->Parse(args); !s.ok()) {
    err << "dupready " << command << ": " << s.message() << "\n" << usage;
    return 2;
  }
  if (flags->Has("help")) {
    out << usage;
    return 0;
  }
  if (flags->positional().size() != positional) {
    err << "dupready " << command << ": expected " << positional << " argument"
        << (positional == 1 ? "" : "s") << ", got " << flags->positional().size() << "\n"
        << usage;
    return 2;
  }
  if (absl::Status s = ZkTimeoutFlag(*flags).status(); !s.ok()) {
    err << "dupready " << command << ": " << s.message() << "\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace dupready
