// `dupready fmt`: format rule files to stdout, in place (atomically), or check them.
#include "tools/cli/fmt.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/format/format.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kFmtUsage[] =
    "usage: dupready fmt [-w | --check] FILE...\n"
    "Prints each rule file in the canonical layout (comments kept, meaning unchanged).\n"
    "  -w, --write  rewrite the files in place instead (atomically)\n"
    "  --check      only list the files that are not in the canonical layout\n"
    "Exit codes: 0 done, 1 (--check) some file is not formatted, 2 errors.\n";

namespace {

absl::Status Errno(const std::string& what, const std::string& path) {
  return absl::UnavailableError(absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, const std::string& text) {
  std::string target = path;
  char resolved[PATH_MAX];
  struct stat link;
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    if (::realpath(path.c_str(), resolved) == nullptr) return Errno("resolve", path);
    target = resolved;
  }
  struct stat st;
  if (::stat(target.c_str(), &st) != 0) return Errno("stat", target);
  std::string tmp = target + ".fmt-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Errno("create a temporary file beside", target);
  absl::Status status;
  size_t done = 0;
  while (done < text.size() && status.ok()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) status = Errno("write", tmp);
    else done += static_cast<size_t>(n);
  }
  if (status.ok() && ::fchmod(fd, st.st_mode & 07777) != 0) status = Errno("set the mode of", tmp);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("sync", tmp);
  if (::close(fd) != 0 && status.ok()) status = Errno("close", tmp);
  if (status.ok() && ::rename(tmp.c_str(), target.c_str()) != 0) status = Errno("replace", target);
  if (!status.ok()) ::unlink(tmp.c_str());
  return status;
}

int RunFmt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd =
      PathsCommand("fmt", kFmtUsage, {"write", "check"}, {{"-w", "write"}}, "no rule files given");
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const bool write = flags.Has("write"), check = flags.Has("check");
  if (write && check) return UsageError(cmd, "-w and --check do not go together", err);
  Limits limits;
  int code = 0;
  for (const std::string& path : flags.positional()) {
    absl::StatusOr<std::string> text = ReadWholeFileBounded(path, limits.max_file_bytes);
    if (!text.ok()) {
      err << "dupready fmt: cannot read " << text.status().message() << "\n";
      code = 2;
      continue;
    }
    absl::StatusOr<std::string> formatted = FormatRuleFile(path, *text, limits);
    if (!formatted.ok()) {
      err << formatted.status().message();
      if (formatted.status().message().empty() || formatted.status().message().back() != '\n')
        err << "\n";
      code = 2;
      continue;
    }
    if (check) {
      if (*formatted != *text) {
        out << path << "\n";
        code = std::max(code, 1);
      }
    } else if (write) {
      if (*formatted == *text) continue;
      if (absl::Status s = WriteFileAtomically(path, *formatted); !s.ok()) {
        err << "dupready fmt: " << s.message() << "\n";
        code = 2;
      }
    } else {
      out << *formatted;
    }
  }
  return code;
}

}  // namespace dupready
