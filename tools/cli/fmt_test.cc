// Tests for `dupready fmt`: stdout, in-place rewriting (atomic, permissions kept, untouched
// when already formatted), --check, and files that do not parse.
#include "tools/cli/fmt.h"

#include <sys/stat.h>
#include <unistd.h>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using Outcome = testing::CommandOutcome;
Outcome Fmt(std::vector<std::string> args) { return testing::RunCommand(RunFmt, args); }

using testing::ReadFile;
using testing::TempPath;
using testing::WriteFile;

const char kMessy[] = "partition   x :  # why\n  require primary_alive else ERR_INACTIVE_STATE\n";
const char kFormatted[] =
    "partition x:  # why\n"
    "  require primary_alive\n"
    "  else ERR_INACTIVE_STATE\n";

TEST(FmtCliTest, PrintsToStdout) {
  const std::string path = TempPath("stdout.rules");
  WriteFile(path, kMessy);
  Outcome r = Fmt({path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, kFormatted);
  EXPECT_EQ(ReadFile(path), kMessy);  // untouched
}

// A file an editor saved with a byte order mark (and CRLF line ends) formats like any other;
// the canonical layout has no byte order mark.
TEST(FmtCliTest, ByteOrderMarkIsAccepted) {
  const std::string path = TempPath("bom.rules");
  std::string crlf;
  for (char c : std::string(kMessy)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  WriteFile(path, "\xEF\xBB\xBF" + crlf);
  Outcome r = Fmt({path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, kFormatted);
  Outcome w = Fmt({"-w", path});
  EXPECT_EQ(w.code, 0) << w.err;
  EXPECT_EQ(ReadFile(path), kFormatted);
}

TEST(FmtCliTest, WriteRewritesInPlaceKeepingPermissions) {
  const std::string path = TempPath("write.rules");
  WriteFile(path, kMessy);
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  Outcome r = Fmt({"-w", path});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(ReadFile(path), kFormatted);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0640u);

  // Already formatted: not written again (same inode, no temporary left behind).
  const ino_t inode = st.st_ino;
  EXPECT_EQ(Fmt({"--write", path}).code, 0);
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_ino, inode);
}

TEST(FmtCliTest, CheckListsUnformattedFiles) {
  const std::string messy = TempPath("check_messy.rules"), tidy = TempPath("check_tidy.rules");
  WriteFile(messy, kMessy);
  WriteFile(tidy, kFormatted);
  Outcome r = Fmt({"--check", messy, tidy});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, messy + "\n");
  EXPECT_EQ(ReadFile(messy), kMessy);
  EXPECT_EQ(Fmt({"--check", tidy}).code, 0);
}

TEST(FmtCliTest, FilesThatDoNotParseAreLeftAlone) {
  const std::string path = TempPath("bad.rules");
  const std::string bad = "partition x:\n  require a = b\n  else ERR_UNKNOWN\n";
  WriteFile(path, bad);
  Outcome r = Fmt({"-w", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(path + ":2:13: error: unexpected character '='"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(path), bad);
}

TEST(FmtCliTest, WritesThroughSymbolicLinks) {
  const std::string target = TempPath("target.rules"), link = TempPath("link.rules");
  WriteFile(target, kMessy);
  ::unlink(link.c_str());
  ASSERT_EQ(::symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(Fmt({"-w", link}).code, 0);
  struct stat st;
  ASSERT_EQ(::lstat(link.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(ReadFile(target), kFormatted);
}

TEST(FmtCliTest, ShippedFilesFormatToAFixedPoint) {
  for (const char* path : {"rules/default.rules", "rules/legacy.rules", "rules/strict.rules",
                           "rules/examples/backup_cluster_strict.rules",
                           "rules/examples/single_replica.rules",
                           "rules/examples/temp_tables_relaxed.rules"}) {
    Outcome once = Fmt({path});
    ASSERT_EQ(once.code, 0) << path << once.err;
    const std::string copy = TempPath("shipped.rules");
    WriteFile(copy, once.out);
    Outcome twice = Fmt({copy});
    EXPECT_EQ(twice.out, once.out) << path;
    EXPECT_EQ(Fmt({"--check", copy}).code, 0) << path;
  }
}

TEST(FmtCliTest, Usage) {
  EXPECT_EQ(Fmt({}).code, 2);
  EXPECT_EQ(Fmt({"-w", "--check", "x.rules"}).code, 2);
  EXPECT_EQ(Fmt({"-x", "x.rules"}).code, 2);
  EXPECT_EQ(Fmt({"no/such.rules"}).code, 2);
  EXPECT_EQ(Fmt({"--help"}).code, 0);
}

}  // namespace
}  // namespace dupready
