// Bundles without ZooKeeper: building from files (placement of extended files, shadow roots,
// what cannot be bundled), the content hash, encoding, loading as the plugin does, and
// hostile bytes: truncations, flipped bytes and hand-made malformed bundles.
#include "meta_integration/bundles/bundle.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "engine/testing/files.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

FileReader TestReader() {
  return [](const std::string& path) -> absl::StatusOr<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(path + ": cannot open");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
}

std::string Dir() {
  static int n = 0;
  return testing::FreshDir("b" + std::to_string(n++));
}

void Write(const std::string& path, const std::string& text) {
  const size_t slash = path.rfind('/');
  ::mkdir(path.substr(0, slash).c_str(), 0755);
  testing::WriteFile(path, text);
}

constexpr char kBase[] =
    "table remote_call_ok:\n"
    "  require rpc_err == ERR_OK\n"
    "  else rpc_err \"call failed: {rpc_err}\"\n";
constexpr char kOverlay[] =
    "extend \"../common/base.rules\"\n"
    "partition primary_alive:\n"
    "  require primary_alive\n"
    "  else ERR_INACTIVE_STATE \"partition {pidx} has no primary\"\n";

BundleInfo Info() {
  BundleInfo info;
  info.author = "alice";
  info.message = "first";
  info.created = absl::FromUnixSeconds(1700000000);
  return info;
}

TEST(BundleTest, BuildsFromTheRootAndEveryFileItExtends) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  absl::StatusOr<bundles::Bundle> b =
      BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->format(), 1u);
  EXPECT_EQ(b->root(), "prod/site.rules");
  EXPECT_EQ(b->shadow_root(), "");
  ASSERT_EQ(b->files_size(), 2);
  EXPECT_EQ(b->files(0).path(), "common/base.rules");
  EXPECT_EQ(b->files(0).content(), kBase);
  EXPECT_EQ(b->files(1).path(), "prod/site.rules");
  EXPECT_EQ(b->author(), "alice");
  EXPECT_EQ(b->message(), "first");
  EXPECT_EQ(b->created_unix_ms(), 1700000000000);
  EXPECT_EQ(b->dupready_version(), kDupreadyVersion);
  EXPECT_EQ(b->content_hash(), BundleContentHash(*b));
  EXPECT_EQ(b->content_hash().size(), 64u);

  absl::StatusOr<LoadedBundle> loaded = LoadBundle(*b, Limits());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->rules->rules().size(), 2u);
  EXPECT_EQ(loaded->shadow, nullptr);
  EXPECT_EQ(DescribeBundle(*b).substr(0, 12), b->content_hash().substr(0, 12));
  EXPECT_NE(DescribeBundle(*b).find("2023-11-14 22:13:20 UTC  alice  first"), std::string::npos)
      << DescribeBundle(*b);
}

TEST(BundleTest, TheShippedExampleAndItsShadow) {
  const std::string cwd = std::getenv("TEST_SRCDIR") + std::string("/dupready/");
  absl::StatusOr<bundles::Bundle> b =
      BuildBundle(cwd + "rules/examples/single_replica.rules", cwd + "rules/legacy.rules",
                  TestReader(), Info(), Limits());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->root(), "examples/single_replica.rules");
  EXPECT_EQ(b->shadow_root(), "legacy.rules");
  ASSERT_EQ(b->files_size(), 3);
  EXPECT_EQ(b->files(0).path(), "default.rules");
  absl::StatusOr<LoadedBundle> loaded = LoadBundle(*b, Limits());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_NE(loaded->shadow, nullptr);
  // The same rules as loading the files from disk.
  absl::StatusOr<std::unique_ptr<const RuleSet>> disk =
      RuleSet::Load(cwd + "rules/examples/single_replica.rules", TestReader());
  ASSERT_TRUE(disk.ok());
  ASSERT_EQ(loaded->rules->rules().size(), (*disk)->rules().size());
  for (size_t i = 0; i < (*disk)->rules().size(); ++i)
    EXPECT_EQ(loaded->rules->rules()[i].name, (*disk)->rules()[i].name);
}

TEST(BundleTest, HashCoversContentOnly) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  bundles::Bundle a = *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  BundleInfo other = Info();
  other.author = "bob";
  other.message = "second";
  other.created = absl::Now();
  bundles::Bundle b = *BuildBundle(d + "/prod/site.rules", "", TestReader(), other, Limits());
  EXPECT_EQ(a.content_hash(), b.content_hash());
  Write(d + "/common/base.rules", std::string(kBase) + "# a comment\n");
  bundles::Bundle c = *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  EXPECT_NE(a.content_hash(), c.content_hash());
  // A file's bytes moving into its path do not collide: lengths are part of the hash.
  bundles::Bundle x = a, y = a;
  x.mutable_files(0)->set_path("ab");
  x.mutable_files(0)->set_content("c");
  y.mutable_files(0)->set_path("a");
  y.mutable_files(0)->set_content("bc");
  EXPECT_NE(BundleContentHash(x), BundleContentHash(y));
}

TEST(BundleTest, WhatCannotBeBundled) {
  const std::string d = Dir();
  Write(d + "/abs.rules", "extend \"" + d + "/common/base.rules\"\n" +
                              std::string(kOverlay).substr(std::string(kOverlay).find('\n') + 1));
  Write(d + "/common/base.rules", kBase);
  absl::StatusOr<bundles::Bundle> abs =
      BuildBundle(d + "/abs.rules", "", TestReader(), Info(), Limits());
  ASSERT_FALSE(abs.ok());
  EXPECT_NE(abs.status().message().find("refer to each other by relative paths"), std::string::npos)
      << abs.status();

  Write(d + "/bad.rules", "table t:\n  require rpc_err == ERR_NOPE\n  else ERR_OK \"x\"\n");
  absl::StatusOr<bundles::Bundle> bad =
      BuildBundle(d + "/bad.rules", "", TestReader(), Info(), Limits());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("rules: " + d + "/bad.rules:2:"), std::string::npos)
      << bad.status();

  Write(d + "/empty.rules", "# nothing\n");
  absl::StatusOr<bundles::Bundle> empty =
      BuildBundle(d + "/empty.rules", "", TestReader(), Info(), Limits());
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument) << empty.status();
  EXPECT_NE(empty.status().message().find("puts no rule in force"), std::string::npos);

  absl::StatusOr<bundles::Bundle> missing =
      BuildBundle(d + "/none.rules", "", TestReader(), Info(), Limits());
  EXPECT_NE(missing.status().message().find("cannot read rule file"), std::string::npos)
      << missing.status();

  Write(d + "/ok.rules", kBase);
  BundleInfo info = Info();
  info.message = std::string(kMaxBundleMessageBytes + 1, 'm');
  EXPECT_NE(BuildBundle(d + "/ok.rules", "", TestReader(), info, Limits())
                .status()
                .message()
                .find("the limit is 4096"),
            std::string::npos);
  info = Info();
  info.author = "\xff\xfe";
  EXPECT_NE(BuildBundle(d + "/ok.rules", "", TestReader(), info, Limits())
                .status()
                .message()
                .find("not UTF-8"),
            std::string::npos);

  // Relative names that climb out of the current directory cannot be placed.
  EXPECT_NE(BuildBundle("../x.rules", "", TestReader(), Info(), Limits()).status().code(),
            absl::StatusCode::kOk);
}

TEST(BundleTest, EncodeDecodeRoundTrip) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  bundles::Bundle b = *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  b.set_previous("bundle-0000000007");
  b.set_content_hash(BundleContentHash(b));
  const std::string bytes = EncodeBundle(b);
  EXPECT_EQ(bytes, EncodeBundle(b));  // deterministic
  absl::StatusOr<bundles::Bundle> back = DecodeBundle(bytes, Limits());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->SerializeAsString(), b.SerializeAsString());
  EXPECT_EQ(back->previous(), "bundle-0000000007");
}

// Every way a stored bundle can be wrong is a clear error, never a crash.
TEST(BundleTest, MalformedBundlesAreRefused) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  const bundles::Bundle good =
      *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  struct Case {
    const char* name;
    void (*mutate)(bundles::Bundle*);
    const char* says;
  };
  const Case cases[] = {
      {"format", [](bundles::Bundle* b) { b->set_format(2); }, "format 2"},
      {"dotdot", [](bundles::Bundle* b) { b->mutable_files(0)->set_path("../base.rules"); },
       "'..' component"},
      {"absolute", [](bundles::Bundle* b) { b->mutable_files(0)->set_path("/etc/x"); },
       "is absolute"},
      {"empty path", [](bundles::Bundle* b) { b->mutable_files(0)->set_path(""); }, "empty path"},
      {"control", [](bundles::Bundle* b) { b->mutable_files(1)->set_path("prod/\x1b[2J"); },
       "control characters"},
      {"unsorted", [](bundles::Bundle* b) { b->mutable_files()->SwapElements(0, 1); },
       "not sorted"},
      {"repeated", [](bundles::Bundle* b) { *b->add_files() = b->files(1); }, "repeats"},
      {"root", [](bundles::Bundle* b) { b->set_root("prod/other.rules"); }, "not among its files"},
      {"no root", [](bundles::Bundle* b) { b->set_root(""); }, "no root file"},
      {"shadow", [](bundles::Bundle* b) { b->set_shadow_root("x.rules"); }, "shadow root"},
      {"hash", [](bundles::Bundle* b) { b->set_content_hash("0000"); }, "does not match"},
      {"big file",
       [](bundles::Bundle* b) { b->mutable_files(0)->set_content(std::string(9 << 20, '#')); },
       "the limit is 8388608"},
      {"many files",
       [](bundles::Bundle* b) {
         for (int i = 0; i < 70; ++i) b->add_files()->set_path("z" + std::to_string(1000 + i));
       },
       "files; the limit is 64"},
      {"author", [](bundles::Bundle* b) { b->set_author(std::string(300, 'a')); },
       "the limit is 256"},
      {"previous", [](bundles::Bundle* b) { b->set_previous("../../x"); }, "previous"},
  };
  for (const Case& c : cases) {
    bundles::Bundle b = good;
    c.mutate(&b);
    if (std::string(c.name) != "hash") b.set_content_hash(BundleContentHash(b));
    absl::Status s = ValidateBundle(b, Limits());
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(s.message().find(c.says), std::string::npos) << c.name << ": " << s;
    EXPECT_NE(s.message().find("not a valid bundle"), std::string::npos) << c.name << ": " << s;
  }
  EXPECT_TRUE(ValidateBundle(good, Limits()).ok());
}

TEST(BundleTest, HostileBytesNeverCrash) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  const bundles::Bundle good =
      *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  const std::string bytes = EncodeBundle(good);
  // A cut inside the content never decodes; a cut that only drops trailing metadata (time,
  // author, message) leaves the same content, which the hash proves.
  int refused = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    absl::StatusOr<bundles::Bundle> b = DecodeBundle(absl::string_view(bytes.data(), n), Limits());
    if (!b.ok()) {
      ++refused;
      continue;
    }
    EXPECT_EQ(b->content_hash(), good.content_hash()) << "cut at " << n;
    ASSERT_EQ(b->files_size(), good.files_size());
    for (int i = 0; i < b->files_size(); ++i)
      EXPECT_EQ(b->files(i).content(), good.files(i).content());
  }
  EXPECT_GT(refused, static_cast<int>(bytes.size()) - 40);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    absl::StatusOr<bundles::Bundle> b = DecodeBundle(flipped, Limits());
    if (b.ok()) {
      // Only bytes outside the hashed content can change and still decode: the metadata.
      EXPECT_EQ(b->content_hash(), BundleContentHash(*b));
    }
  }
  absl::StatusOr<bundles::Bundle> junk = DecodeBundle("\xff\xff\xff\xff\x0f", Limits());
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("do not parse"), std::string::npos) << junk.status();
  EXPECT_FALSE(DecodeBundle("", Limits()).ok());  // an empty node is no bundle
}

TEST(BundleTest, ReaderServesOnlyTheBundle) {
  const std::string d = Dir();
  Write(d + "/common/base.rules", kBase);
  Write(d + "/prod/site.rules", kOverlay);
  const bundles::Bundle b =
      *BuildBundle(d + "/prod/site.rules", "", TestReader(), Info(), Limits());
  FileReader read = BundleFileReader(b);
  EXPECT_EQ(*read("prod/../common/base.rules"), kBase);
  EXPECT_EQ(read("common/other.rules").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(read(d + "/common/base.rules").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace dupready
