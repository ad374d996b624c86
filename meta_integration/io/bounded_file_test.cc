// Tests of the bounded whole-file reader: contents, size bound, and the errors' codes.
#include "meta_integration/io/bounded_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "engine/testing/files.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using testing::TempPath;
using testing::WriteFile;

TEST(RuleFilesTest, ReadsWholeFile) {
  std::string path = TempPath("whole.rules");
  std::string text(100000, 'x');
  text += "\nend";
  WriteFile(path, text);
  absl::StatusOr<std::string> got = ReadWholeFileBounded(path, 1 << 20);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, text);
  WriteFile(path, "");
  got = ReadWholeFileBounded(path, 0);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "");
}

TEST(RuleFilesTest, RefusesFilesOverTheBound) {
  std::string path = TempPath("big.rules");
  WriteFile(path, std::string(1025, 'x'));
  absl::StatusOr<std::string> got = ReadWholeFileBounded(path, 1024);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(got.status().message().find("big.rules"), absl::string_view::npos);
  EXPECT_TRUE(ReadWholeFileBounded(path, 1025).ok());
}

TEST(RuleFilesTest, ErrorsNameTheFileAndReason) {
  absl::StatusOr<std::string> got = ReadWholeFileBounded(TempPath("absent.rules"), 100);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find("absent.rules"), absl::string_view::npos);
  got = ReadWholeFileBounded(TempPath(""), 100);  // the directory itself
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  std::string fifo = TempPath("a.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  got = ReadWholeFileBounded(fifo, 100);  // must not block
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(RuleFilesTest, DiskFileReaderUsesTheBound) {
  std::string path = TempPath("reader.rules");
  WriteFile(path, "abcdef");
  FileReader read = DiskFileReader(3);
  EXPECT_EQ(read(path).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(*DiskFileReader(6)(path), "abcdef");
}

// A pipe whose writer sends `bytes` bytes from another thread, then closes.
class Pipe {
 public:
  explicit Pipe(size_t bytes) {
    EXPECT_EQ(::pipe(fds_), 0);
    writer_ = std::thread([this, bytes] {
      const std::string chunk(4096, 'y');
      size_t left = bytes;
      while (left > 0) {
        const size_t n = left < chunk.size() ? left : chunk.size();
        const ssize_t w = ::write(fds_[1], chunk.data(), n);
        if (w <= 0) break;  // the reader stopped early and closed its end
        left -= static_cast<size_t>(w);
      }
      ::close(fds_[1]);
    });
  }
  ~Pipe() {
    ::close(fds_[0]);  // a writer still blocked gets EPIPE (ignored below) and ends
    writer_.join();
  }
  int read_end() const { return fds_[0]; }

 private:
  int fds_[2];
  std::thread writer_;
};

TEST(StreamTest, ReadsToTheEndWithinTheBound) {
  Pipe pipe(100000);
  absl::StatusOr<std::string> got = ReadStreamBounded(pipe.read_end(), "<stdin>", 100000);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, std::string(100000, 'y'));
}

TEST(StreamTest, RefusesOneByteOverTheBound) {
  ::signal(SIGPIPE, SIG_IGN);
  Pipe pipe(100001);
  absl::StatusOr<std::string> got = ReadStreamBounded(pipe.read_end(), "<stdin>", 100000);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(got.status().message(), "<stdin>: more than 100000 bytes; the limit is 100000");
}

TEST(StreamTest, StopsReadingAnEndlessStreamAtTheBound) {
  ::signal(SIGPIPE, SIG_IGN);
  Pipe pipe(size_t{1} << 40);  // far more than anyone would keep
  absl::StatusOr<std::string> got = ReadStreamBounded(pipe.read_end(), "<stdin>", 1 << 20);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(StreamTest, ReadErrorsNameTheStream) {
  absl::StatusOr<std::string> got = ReadStreamBounded(-1, "<stdin>", 10);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(got.status().message().substr(0, 9), "<stdin>: ");
}

}  // namespace
}  // namespace dupready
