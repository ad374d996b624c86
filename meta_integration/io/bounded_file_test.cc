// Tests of the bounded whole-file reader: contents, size bound, and the errors' codes.
#include "meta_integration/io/bounded_file.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

std::string TmpPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST(RuleFilesTest, ReadsWholeFile) {
  std::string path = TmpPath("whole.rules");
  std::string text(100000, 'x');
  text += "\nend";
  Write(path, text);
  absl::StatusOr<std::string> got = ReadWholeFileBounded(path, 1 << 20);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, text);
  Write(path, "");
  got = ReadWholeFileBounded(path, 0);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "");
}

TEST(RuleFilesTest, RefusesFilesOverTheBound) {
  std::string path = TmpPath("big.rules");
  Write(path, std::string(1025, 'x'));
  absl::StatusOr<std::string> got = ReadWholeFileBounded(path, 1024);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(got.status().message().find("big.rules"), absl::string_view::npos);
  EXPECT_TRUE(ReadWholeFileBounded(path, 1025).ok());
}

TEST(RuleFilesTest, ErrorsNameTheFileAndReason) {
  absl::StatusOr<std::string> got = ReadWholeFileBounded(TmpPath("absent.rules"), 100);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("absent.rules"), absl::string_view::npos);
  got = ReadWholeFileBounded(TmpPath(""), 100);  // the directory itself
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  std::string fifo = TmpPath("a.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  got = ReadWholeFileBounded(fifo, 100);  // must not block
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(RuleFilesTest, DiskFileReaderUsesTheBound) {
  std::string path = TmpPath("reader.rules");
  Write(path, "abcdef");
  FileReader read = DiskFileReader(3);
  EXPECT_EQ(read(path).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(*DiskFileReader(6)(path), "abcdef");
}

}  // namespace
}  // namespace dupready
