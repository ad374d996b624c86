// ParseBundleUri: the accepted forms, and each mistake with the column it is reported at.
#include "meta_integration/bundles/bundle_uri.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(BundleUriTest, AcceptsHostsPathAndKeys) {
  absl::StatusOr<BundleSource> s = ParseBundleUri(
      "zk://10.0.0.1:2181,zk-2.example.com:2182,[::1]:2183/pegasus/c1/dupready"
      "?cache=/var/lib/dupready&session_timeout_ms=4000&id=meta-1:34601&connect_timeout_ms=500");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->hosts, "10.0.0.1:2181,zk-2.example.com:2182,[::1]:2183");
  EXPECT_EQ(s->path, "/pegasus/c1/dupready");
  EXPECT_EQ(s->cache_dir, "/var/lib/dupready");
  EXPECT_EQ(s->session_timeout_ms, 4000);
  EXPECT_EQ(s->connect_timeout_ms, 500);
  EXPECT_EQ(s->meta_id, "meta-1:34601");
  EXPECT_EQ(s->current_path(), "/pegasus/c1/dupready/current");
  EXPECT_EQ(s->bundles_path(), "/pegasus/c1/dupready/bundles");
  EXPECT_EQ(s->metas_path(), "/pegasus/c1/dupready/metas");

  absl::StatusOr<BundleSource> plain = ParseBundleUri("zk://localhost:2181/d");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->cache_dir, "");
  EXPECT_EQ(plain->session_timeout_ms, 10000);
  EXPECT_EQ(plain->connect_timeout_ms, 10000);
  EXPECT_EQ(plain->meta_id, "");

  EXPECT_TRUE(IsBundleUri("zk://x"));
  EXPECT_FALSE(IsBundleUri("rules/default.rules"));
  EXPECT_FALSE(IsBundleUri("ZK://x:1/p"));
}

struct BadCase {
  std::string uri;
  int column;
  std::string says;
};

TEST(BundleUriTest, MistakesAreLocated) {
  const BadCase cases[] = {
      {"http://h:1/p", 1, "expected zk://"},
      {"zk://h:1", 9, "expected '/'"},
      {"zk:///p", 6, "empty host"},
      {"zk://h/p", 7, "expected ':' and a port"},
      {"zk://h:0/p", 8, "1..65535"},
      {"zk://h:65536/p", 8, "1..65535"},
      {"zk://h:12a/p", 8, "1..65535"},
      {"zk://h_1:1,h!:2/p", 13, "not a host name character"},
      {"zk://h:1,/p", 10, "empty host"},
      {"zk://[::1/p", 6, "'[' without ']'"},
      {"zk://[::1]/p", 11, "expected ':' and a port"},
      {"zk://h:1/", 9, "below the root"},
      {"zk://h:1/a//b", 12, "empty path component"},
      {"zk://h:1/a/../b", 12, "'.' and '..'"},
      {"zk://h:1/a/b/", 14, "empty path component"},
      {"zk://h:1/a/b$c", 13, "[A-Za-z0-9._-]"},
      {"zk://h:1/p?", 12, "empty query"},
      {"zk://h:1/p?cache", 12, "KEY=VALUE"},
      {"zk://h:1/p?cache=", 18, "needs a value"},
      {"zk://h:1/p?cache=a&cache=b", 20, "given twice"},
      {"zk://h:1/p?colour=red", 12, "unknown key 'colour'"},
      {"zk://h:1/p?session_timeout_ms=50", 31, "100..600000"},
      {"zk://h:1/p?session_timeout_ms=ten", 31, "100..600000"},
      {"zk://h:1/p?connect_timeout_ms=0", 31, "connect_timeout_ms must be"},
      {"zk://h:1/p?id=a/b", 15, "id must be"},
      {"zk://h:1/p?id=..", 15, "id must be"},
      {"zk://h:1/p#top", 11, "fragment"},
      {"zk://h:1/p q", 11, "spaces"},
  };
  for (const BadCase& c : cases) {
    absl::StatusOr<BundleSource> s = ParseBundleUri(c.uri);
    ASSERT_FALSE(s.ok()) << c.uri;
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << c.uri;
    const std::string msg(s.status().message());
    EXPECT_NE(msg.find("at column " + std::to_string(c.column) + ":"), std::string::npos)
        << c.uri << " -> " << msg;
    EXPECT_NE(msg.find(c.says), std::string::npos) << c.uri << " -> " << msg;
    // The caret sits under the column.
    const size_t last = msg.rfind('\n');
    EXPECT_EQ(msg.substr(last + 1), std::string(2 + c.column - 1, ' ') + "^") << c.uri;
  }
}

TEST(BundleUriTest, SizesAreBounded) {
  EXPECT_FALSE(ParseBundleUri("zk://h:1/" + std::string(5000, 'a')).ok());
  absl::StatusOr<BundleSource> long_path = ParseBundleUri("zk://h:1/" + std::string(1100, 'a'));
  ASSERT_FALSE(long_path.ok());
  EXPECT_NE(long_path.status().message().find("the limit is 1024"), std::string::npos);
  std::string many = "zk://";
  for (int i = 0; i < 33; ++i) many += (i ? "," : "") + std::string("h:1");
  absl::StatusOr<BundleSource> hosts = ParseBundleUri(many + "/p");
  ASSERT_FALSE(hosts.ok());
  EXPECT_NE(hosts.status().message().find("33 hosts; the limit is 32"), std::string::npos);
}

TEST(BundleUriTest, NodeNames) {
  EXPECT_TRUE(IsValidNodeName("meta-1.example.com:34601"));
  EXPECT_FALSE(IsValidNodeName(""));
  EXPECT_FALSE(IsValidNodeName("a/b"));
  EXPECT_FALSE(IsValidNodeName(std::string(129, 'a')));
  EXPECT_TRUE(IsValidNodeName(std::string(128, 'a')));
}

}  // namespace
}  // namespace dupready
