// Scratch directories and whole-file reads and writes for tests; failures are gtest failures.
#include "engine/testing/files.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace dupready {
namespace testing {

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

std::string TempPath(const std::string& name) { return TempDir() + "/" + name; }

std::string FreshDir(const std::string& name) {
  const std::string dir = TempPath(name);
  std::error_code error;
  std::filesystem::remove_all(dir, error);
  if (!error) std::filesystem::create_directories(dir, error);
  if (error) ADD_FAILURE() << "cannot make directory " << dir << ": " << error.message();
  return dir;
}

absl::StatusOr<std::string> ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) return absl::NotFoundError("cannot read " + path);
  return text.str();
}

std::string ReadFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTestFile(path);
  if (!text.ok()) {
    ADD_FAILURE() << text.status().message();
    return "";
  }
  return *std::move(text);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string CopyFile(const std::string& from, const std::string& to) {
  WriteFile(to, ReadFile(from));
  return to;
}

}  // namespace testing
}  // namespace dupready
