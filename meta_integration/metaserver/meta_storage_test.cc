// Meta storage implementations: values, paths, atomic file writes, injected failures.
#include "meta_integration/metaserver/meta_storage.h"

#include <sys/stat.h>

#include <cstdlib>

#include "engine/testing/files.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

void Exercise(MetaStorage* s) {
  EXPECT_EQ(s->Get("/duplication/a/1").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(s->Set("/duplication/a/1", "one").ok());
  EXPECT_EQ(*s->Get("/duplication/a/1"), "one");
  ASSERT_TRUE(s->Set("/duplication/a/1", "two").ok());
  EXPECT_EQ(*s->Get("/duplication/a/1"), "two");
  ASSERT_TRUE(s->Set("/top", "").ok());
  EXPECT_EQ(*s->Get("/top"), "");
  for (const char* bad : {"", "/", "relative", "/a/../b", "/a//b", "/a/", "/a b", "/./a"})
    EXPECT_EQ(s->Set(bad, "x").code(), absl::StatusCode::kInvalidArgument) << bad;
}

TEST(MetaStorageTest, InMemory) {
  InMemoryMetaStorage s;
  Exercise(&s);
}

TEST(MetaStorageTest, FilesAreReplacedWhole) {
  std::string root = testing::FreshDir("files");
  FileMetaStorage s(root);
  Exercise(&s);
  EXPECT_EQ(testing::ReadFile(root + "/duplication/a/1"), "two");
  struct stat st;
  EXPECT_NE(::stat((root + "/duplication/a/1.tmp").c_str(), &st), 0);  // no temp left behind
}

TEST(MetaStorageTest, FileStorageReportsUnwritableRoot) {
  FileMetaStorage s("/nonexistent/root/dir");
  absl::Status st = s.Set("/a/b", "x");
  EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("/nonexistent/root/dir"), absl::string_view::npos) << st;
}

TEST(MetaStorageTest, InjectedFailuresStoreNothing) {
  InMemoryMetaStorage memory;
  FaultInjectingMetaStorage s(&memory);
  ASSERT_TRUE(s.Set("/d/x", "old").ok());
  s.FailNextSets(2);
  EXPECT_EQ(s.Set("/d/x", "new").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.Set("/d/x", "new").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(*s.Get("/d/x"), "old");
  EXPECT_TRUE(s.Set("/d/x", "new").ok());
  EXPECT_EQ(*memory.Get("/d/x"), "new");
  EXPECT_EQ(s.sets_attempted(), 4);
  EXPECT_EQ(s.sets_failed(), 2);
}

}  // namespace
}  // namespace dupready
