// ReadWholeFileBounded against a file that changes while it is being read. The binary is
// linked with -Wl,--wrap=read, so every read() made by rule_files.cc goes through __wrap_read
// below, which can change the file between two chunks of one ReadWholeFileBounded call.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/io/bounded_file.h"

extern "C" ssize_t __real_read(int fd, void* buf, size_t n);
extern "C" ssize_t __real___read_chk(int fd, void* buf, size_t n, size_t buflen);

namespace {

// Runs once, after the first read() of the next ReadWholeFileBounded call returned.
std::function<void()> g_after_first_read;
int g_reads = 0;

void AfterRead() {
  if (++g_reads == 1 && g_after_first_read) g_after_first_read();
}

}  // namespace

extern "C" ssize_t __wrap_read(int fd, void* buf, size_t n) {
  const ssize_t got = __real_read(fd, buf, n);
  AfterRead();
  return got;
}

extern "C" ssize_t __wrap___read_chk(int fd, void* buf, size_t n, size_t buflen) {
  const ssize_t got = __real___read_chk(fd, buf, n, buflen);
  AfterRead();
  return got;
}

namespace dupready {
namespace {

constexpr int64_t kMax = 1 << 20;

// Writes `text` and dates the file an hour back, so that any later write changes its
// modification time even within the file system's timestamp granularity.
void WriteOld(const std::string& path, const std::string& text) {
  testing::WriteFile(path, text);
  struct timespec times[2];
  ::clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= 3600;
  times[1] = times[0];
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

// Three chunks of rule_files.cc's 16 KiB buffer, so the change lands mid-read.
std::string Text() {
  std::string text;
  for (int i = 0; text.size() < 40000; ++i)
    text += "partition p" + std::to_string(i) + ": require primary_alive else ERR_UNKNOWN\n";
  return text;
}

absl::StatusOr<std::string> ReadWith(const std::string& path, std::function<void()> change) {
  g_reads = 0;
  g_after_first_read = std::move(change);
  absl::StatusOr<std::string> got = ReadWholeFileBounded(path, kMax);
  g_after_first_read = nullptr;
  EXPECT_GE(g_reads, 2) << "read() was not wrapped: the changes below never happened";
  return got;
}

void ExpectChangedWhileRead(const absl::StatusOr<std::string>& got) {
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnavailable)
      << (got.ok() ? "read " + std::to_string(got->size()) + " bytes" : got.status().ToString());
  EXPECT_NE(got.status().message().find("changed while being read"), absl::string_view::npos);
}

TEST(RuleFilesRaceTest, UnchangedFileReadsWhole) {
  const std::string path = testing::TempPath("steady.rules");
  const std::string text = Text();
  WriteOld(path, text);
  absl::StatusOr<std::string> got = ReadWith(path, [] {});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, text);
}

TEST(RuleFilesRaceTest, TruncatedWhileReadIsRefused) {
  // Without the check this returns the first 20000 bytes: a rule file cut short.
  const std::string path = testing::TempPath("shrinks.rules");
  WriteOld(path, Text());
  ExpectChangedWhileRead(ReadWith(path, [&] { ASSERT_EQ(::truncate(path.c_str(), 20000), 0); }));
}

TEST(RuleFilesRaceTest, GrownWhileReadIsRefused) {
  const std::string path = testing::TempPath("grows.rules");
  WriteOld(path, Text());
  ExpectChangedWhileRead(ReadWith(path, [&] {
    std::ofstream(path, std::ios::binary | std::ios::app) << "partition late: require true\n";
  }));
}

TEST(RuleFilesRaceTest, OverwrittenInPlaceWhileReadIsRefused) {
  // Same size, new bytes after the first chunk: the text read is half old, half new.
  const std::string path = testing::TempPath("rewritten.rules");
  WriteOld(path, Text());
  ExpectChangedWhileRead(ReadWith(path, [&] {
    const int fd = ::open(path.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "# new\n", 6, 30000), 6);
    ::close(fd);
  }));
}

TEST(RuleFilesRaceTest, ReplacedByRenameReadsTheOldFileWhole) {
  // The atomic way to install a rule file: the open descriptor keeps reading the old file,
  // which is complete, so the read succeeds with the old text.
  const std::string path = testing::TempPath("renamed.rules");
  const std::string text = Text();
  WriteOld(path, text);
  absl::StatusOr<std::string> got = ReadWith(path, [&] {
    const std::string tmp = path + ".tmp";
    testing::WriteFile(tmp, "partition new: require true else ERR_UNKNOWN\n");
    ASSERT_EQ(::rename(tmp.c_str(), path.c_str()), 0);
  });
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, text);
}

}  // namespace
}  // namespace dupready
