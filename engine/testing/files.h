// Copyright 2026 The dupready Authors.
//
// files.h (tests only): scratch directories and whole-file reads and writes for tests. A helper
// that cannot do its job fails the running test with the path (a gtest failure), so a missing
// fixture never passes as an empty string.
//
//   const std::string dir = FreshDir("reload");          // $TEST_TMPDIR/reload, empty
//   WriteFile(dir + "/a.rules", ReadFile("rules/default.rules"));
//   EXPECT_EQ(ReadFile(dir + "/a.rules"), ReadFile("rules/default.rules"));

#ifndef DUPREADY_ENGINE_TESTING_FILES_H_
#define DUPREADY_ENGINE_TESTING_FILES_H_

#include <string>

#include "absl/status/statusor.h"

namespace dupready {
namespace testing {

// $TEST_TMPDIR, or /tmp when it is unset or empty.
std::string TempDir();
// TempDir() + "/" + name.
std::string TempPath(const std::string& name);
// A new, empty directory TempDir()/name (emptied if it exists); a test failure when it cannot.
std::string FreshDir(const std::string& name);

// The whole file; a test failure naming `path` (and "") when it cannot be read.
std::string ReadFile(const std::string& path);
// Writes `bytes` to `path`, truncating; a test failure naming `path` when it cannot.
void WriteFile(const std::string& path, const std::string& bytes);
// The whole file, or NotFound naming `path`: a file reader for RuleSet::Load and the loader,
// for tests where a missing file is the case under test rather than a test failure.
absl::StatusOr<std::string> ReadTestFile(const std::string& path);
// Copies the file `from` to `to` and returns `to`; a test failure when either side fails.
std::string CopyFile(const std::string& from, const std::string& to);

}  // namespace testing
}  // namespace dupready

#endif  // DUPREADY_ENGINE_TESTING_FILES_H_
