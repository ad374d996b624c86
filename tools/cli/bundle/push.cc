// `dupready push`: build a bundle from rule files exactly as the plugin will load it, store it
// in ZooKeeper and move `current` to it.
#include "tools/cli/bundle/push.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/bundle/bundle_source.h"

namespace dupready {

const char kPushUsage[] =
    "usage: dupready push ZK_URI FILE [--shadow FILE] [--message TEXT] [--author NAME]\n"
    "                     [--timeout-ms N]\n"
    "Loads FILE (and the shadow rules) exactly as every plugin will, packs them with every\n"
    "file they extend into a bundle, stores it under the URI's path and puts it in force.\n"
    "Prints the bundle's name and content hash. --author defaults to $USER@host.\n"
    "Exit codes: 0 pushed; 1 another push or rollback moved the bundle in force first (this\n"
    "bundle stays in the history, not in force); 2 bad usage, rules that do not load, a bundle\n"
    "over ZooKeeper's node limit, or ZooKeeper unreachable within --timeout-ms (default 10000).\n";

namespace {

// Bundles place files by their paths: give the loader absolute ones.
std::string Absolute(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  char cwd[4096];
  if (::getcwd(cwd, sizeof(cwd)) == nullptr) return path;
  return absl::StrCat(cwd, "/", path);
}

std::string DefaultAuthor() {
  const char* user = std::getenv("USER");
  if (user == nullptr || *user == '\0') user = std::getenv("LOGNAME");
  char host[256] = "";
  if (::gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return absl::StrCat(user != nullptr && *user ? user : "unknown", host[0] ? "@" : "", host);
}

}  // namespace

int RunPush(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = BundleCommand("push", kPushUsage, {"shadow", "message", "author"}, 2);
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::string& uri = flags.positional()[0];
  // The URI and the rules are checked before ZooKeeper is touched.
  if (absl::Status s = ParseBundleUri(uri).status(); !s.ok()) {
    err << "dupready push: " << s.message() << "\n";
    return 2;
  }
  BundleInfo info;
  info.author = flags.Has("author") ? flags.Get("author") : DefaultAuthor();
  info.message = flags.Get("message");
  const Limits limits;
  absl::StatusOr<bundles::Bundle> bundle =
      BuildBundle(Absolute(flags.positional()[1]), Absolute(flags.Get("shadow")),
                  DiskFileReader(limits.max_file_bytes), info, limits);
  if (bundle.ok()) {
    if (absl::Status s = CheckBundleFitsNode(*bundle); !s.ok()) bundle = s;
  }
  if (!bundle.ok()) {
    err << "dupready push: nothing was pushed: " << bundle.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<OpenedSource> src = OpenBundleSource(uri, flags.Int("timeout-ms"));
  if (!src.ok()) return Fail(cmd, src.status().message(), err);
  absl::StatusOr<BundleStore::PushResult> pushed = src->store->Push(*bundle);
  if (!pushed.ok())
    return Fail(cmd, pushed.status().message(), err, ExitCodeFor(pushed.status()));
  out << "pushed " << pushed->name << " (sha256 " << bundle->content_hash() << ", "
      << bundle->files_size() << " file" << (bundle->files_size() == 1 ? "" : "s") << ", root "
      << bundle->root();
  if (!bundle->shadow_root().empty()) out << ", shadow " << bundle->shadow_root();
  out << ") to " << src->source.path << "; it replaces "
      << (pushed->previous.empty() ? "nothing (the first bundle)" : pushed->previous) << "\n";
  return 0;
}

}  // namespace dupready
