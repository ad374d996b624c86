// `dupready pull`: write a bundle's files out of ZooKeeper into a new directory.
#include "tools/cli/bundle/pull.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "meta_integration/bundles/bundle_store.h"
#include "tools/cli/bundle/bundle_source.h"

namespace dupready {

const char kPullUsage[] =
    "usage: dupready pull ZK_URI [--bundle NAME] --out DIR [--timeout-ms N]\n"
    "Writes the files of the bundle in force (or of NAME, e.g. bundle-0000000011) under DIR,\n"
    "which must not exist or be empty, and prints the root (and shadow root) to give to\n"
    "`dupready check --rules`.\n"
    "Exit codes: 0 written; 2 bad usage, no such bundle, a malformed bundle, a file that\n"
    "cannot be written, or ZooKeeper unreachable within --timeout-ms (default 10000).\n";

namespace {

absl::Status Errno(const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// DIR must be new or empty, so that every directory below it is one this command made.
absl::Status PrepareOut(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return absl::OkStatus();
  if (errno != EEXIST) return Errno("cannot create " + dir);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return Errno("cannot open " + dir);
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) empty = false;
  }
  ::closedir(d);
  if (!empty) return absl::FailedPreconditionError(dir + " is not empty");
  return absl::OkStatus();
}

// Writes one file of the bundle (its path is validated: relative, no '..'), making its
// directories; never follows or replaces what is there.
absl::Status WriteOne(const std::string& dir, const bundles::BundleFile& f) {
  const std::string path = absl::StrCat(dir, "/", f.path());
  for (size_t slash = f.path().find('/'); slash != std::string::npos;
       slash = f.path().find('/', slash + 1)) {
    const std::string sub = absl::StrCat(dir, "/", f.path().substr(0, slash));
    if (::mkdir(sub.c_str(), 0755) != 0 && errno != EEXIST) return Errno("cannot create " + sub);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create " + path);
  const std::string& bytes = f.content();
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      absl::Status s = Errno("cannot write " + path);
      ::close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Errno("cannot write " + path);
  return absl::OkStatus();
}

}  // namespace

int RunPull(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = BundleCommand("pull", kPullUsage, {"bundle", "out"}, 1);
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::string dir = flags.Get("out");
  if (dir.empty()) {
    err << "dupready pull: --out DIR is required\n" << kPullUsage;
    return 2;
  }
  std::string name = flags.Get("bundle");
  if (flags.Has("bundle") && !IsBundleName(name)) {
    err << "dupready pull: --bundle takes a bundle name (bundle-NNNNNNNNNN), not '" << name
        << "'\n";
    return 2;
  }
  absl::StatusOr<OpenedSource> src =
      OpenBundleSource(flags.positional()[0], flags.Int("timeout-ms"));
  if (!src.ok()) return Fail(cmd, src.status().message(), err);
  if (name.empty()) {
    absl::StatusOr<BundleStore::Current> current = src->store->ReadCurrent();
    if (!current.ok()) {
      err << "dupready pull: " << current.status().message() << "\n";
      return 2;
    }
    if (current->name.empty()) {
      err << "dupready pull: no bundle is in force under " << src->source.path << "\n";
      return 2;
    }
    name = current->name;
  }
  absl::StatusOr<bundles::Bundle> bundle = src->store->ReadBundle(name);
  absl::Status written = bundle.status();
  if (written.ok()) written = PrepareOut(dir);
  for (int i = 0; written.ok() && i < bundle->files_size(); ++i)
    written = WriteOne(dir, bundle->files(i));
  if (!written.ok()) {
    err << "dupready pull: " << written.message() << "\n";
    return 2;
  }
  out << "pulled " << name << " (sha256 " << bundle->content_hash() << ") into " << dir << ": root "
      << dir << "/" << bundle->root();
  if (!bundle->shadow_root().empty()) out << ", shadow " << dir << "/" << bundle->shadow_root();
  out << "\n";
  return 0;
}

}  // namespace dupready
