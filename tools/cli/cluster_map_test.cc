// The cluster map: a Pegasus config's [pegasus.clusters] read as Pegasus reads its config, and
// refused with file:line where Pegasus would refuse it or carry on with something else; the
// --cluster flag.
#include "tools/cli/cluster_map.h"


#include "absl/strings/str_cat.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

std::string Addresses(const std::vector<MetaAddress>& metas) {
  std::string out;
  for (const MetaAddress& m : metas) absl::StrAppend(&out, out.empty() ? "" : ",", m.ToString());
  return out;
}

TEST(ClusterMapTest, ReadsTheSectionAsPegasusDoes) {
  const std::string config =
      "; the meta server's config\n"
      "[apps..default]\n"
      "run = true\n"
      "pools = THREAD_POOL_DEFAULT   # a comment after a value\n"
      "flag_without_value\n"
      "\n"
      "  [ pegasus.clusters ]  \n"
      "\tonebox = 127.0.0.1:34601,127.0.0.1:34602 ; the local cluster\r\n"
      "backup-dc=10.1.0.1:34601 , meta-2.backup.example.com:34601\n"
      "# dr = 10.2.0.1:34601\n"
      "[replication]\n"
      "dup = 1\n";
  absl::StatusOr<ClusterMap> m = ParsePegasusClusters(config, "config.ini");
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ(Addresses(m->at("onebox")), "127.0.0.1:34601,127.0.0.1:34602");
  EXPECT_EQ(Addresses(m->at("backup-dc")), "10.1.0.1:34601,meta-2.backup.example.com:34601");
}

TEST(ClusterMapTest, NoSectionIsAnEmptyMap) {
  absl::StatusOr<ClusterMap> m = ParsePegasusClusters("[core]\nx = 1\n", "c.ini");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_TRUE(m->empty());
}

TEST(ClusterMapTest, MalformedLinesAreLocated) {
  struct Case {
    std::string text;
    std::string error;
  } cases[] = {
      {"x = 1\n", "c.ini:1: a key before any [section]"},
      {"[a]\n[a=b]\n", "c.ini:2: a line starting with '[' holds an '='"},
      {"[a\n", "c.ini:1: a section header without ']'"},
      {"[a] extra\n", "c.ini:1: text after the section header: ' extra'"},
      {"[]\n", "c.ini:1: an empty section name"},
      {"[a]\n[b]\n[a]\n", "c.ini:3: section [a] is defined twice"},
      {"[a]\n = 1\n", "c.ini:2: an empty key"},
      {"[pegasus.clusters]\nc2\n", "c.ini:2: 'c2' has no '= HOST:PORT[,HOST:PORT...]'"},
      {"[pegasus.clusters]\nc2 =\n", "c.ini:2: cluster c2 has no meta servers"},
      {"[pegasus.clusters]\nc2 = %metas%\n",
       "c.ini:2: cluster c2 is the unreplaced argument %metas%"},
      {"[pegasus.clusters]\nc2 = a:1,,b:2\n", "c.ini:2: cluster c2: an empty address in the list"},
      {"[pegasus.clusters]\nc2 = a\n", "c.ini:2: cluster c2: 'a' has no port"},
      {"[pegasus.clusters]\nc2 = a:0\n", "c.ini:2: cluster c2: 'a:0': the port is not a number"},
      {"[pegasus.clusters]\nc2 = a:65536\n", "the port is not a number from 1 to 65535"},
      {"[pegasus.clusters]\nc2 = [::1]:1\n", "'[::1]:1': '[::1]' is not a host name or IPv4"},
      {"[pegasus.clusters]\nc2 = a:1, a:1\n", "c.ini:2: cluster c2: 'a:1' is listed twice"},
      {"[pegasus.clusters]\nc2 = a:1\n\nc2 = b:1\n",
       "c.ini:4: cluster c2 is defined twice (first on line 2; Pegasus would keep that one)"},
      {"[pegasus.clusters]\nc 2 = a:1\n", "c.ini:2: cluster name 'c 2' is not 1 to 256 bytes"},
      // '^;' is a ';', not a comment (a comment would leave "odd^" without '=').
      {"[pegasus.clusters]\nodd^;name = a:1\n", "c.ini:2: cluster name 'odd;name' is not"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ClusterMap> m = ParsePegasusClusters(c.text, "c.ini");
    ASSERT_FALSE(m.ok()) << c.text;
    EXPECT_TRUE(absl::IsInvalidArgument(m.status()));
    EXPECT_NE(m.status().message().find(c.error), std::string::npos)
        << c.text << "\n" << m.status();
  }
}

TEST(ClusterMapTest, BoundedAddressesClustersAndFileSize) {
  std::string many = "[pegasus.clusters]\nc = ";
  for (int i = 1; i <= 65; ++i) absl::StrAppend(&many, i > 1 ? "," : "", "h:", i);
  absl::StatusOr<ClusterMap> m = ParsePegasusClusters(many, "c.ini");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("more than 64 addresses"), std::string::npos);

  std::string clusters = "[pegasus.clusters]\n";
  for (size_t i = 0; i <= kMaxClusters; ++i) absl::StrAppend(&clusters, "c", i, " = h:1\n");
  m = ParsePegasusClusters(clusters, "c.ini");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(absl::StrCat("c.ini:", kMaxClusters + 2, ": more than ",
                                                   kMaxClusters, " clusters")),
            std::string::npos)
      << m.status();

  const std::string path = testing::TempPath("big.ini");
  testing::WriteFile(path, "[a]\n" + std::string(kMaxPegasusConfigBytes, '#'));
  m = ReadPegasusClusters(path);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("cannot read the Pegasus config"), std::string::npos)
      << m.status();
  EXPECT_NE(m.status().message().find(path), std::string::npos) << m.status();
}

TEST(ClusterMapTest, ClusterFlags) {
  ClusterMap m;
  ASSERT_TRUE(AddClusterFlag("c2=10.0.0.1:1,10.0.0.2", &m).ok());
  EXPECT_EQ(Addresses(m.at("c2")), "10.0.0.1:1,10.0.0.2:34601");  // the default port, as --meta
  EXPECT_NE(AddClusterFlag("c2=h:1", &m).message().find("--cluster c2 is given twice"),
            std::string::npos);
  EXPECT_NE(AddClusterFlag("c3", &m).message().find("is not NAME=HOST:PORT"), std::string::npos);
  EXPECT_NE(AddClusterFlag("=h:1", &m).message().find("'' is not 1 to 256 bytes"),
            std::string::npos);
  EXPECT_NE(AddClusterFlag("c3=", &m).message().find("--cluster c3: "), std::string::npos);
  EXPECT_EQ(m.size(), 1u);
}

}  // namespace
}  // namespace dupready
