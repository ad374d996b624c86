// ListSourceDuplications against fake source metas on 127.0.0.1: the listing RPC and the
// fallback give the same duplications; the fallback through a forwarding non-leader; the
// filter; values Pegasus cannot send refused with their place; sources that give no listing.
#include "meta_integration/rpc/duplication_listing.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/rpc/testing/serve_fake_meta.h"
#include "meta_integration/wire/pegasus_admin_codec.h"

namespace dupready {
namespace {

using Kind = FakeMetaBehavior::Kind;
using Status = pegasus_wire::duplication_status;

ListingOptions Options(int64_t timeout_ms = 3000) {
  ListingOptions o;
  o.query.timeout_ms = timeout_ms;
  return o;
}

std::string Describe(const SourceDuplication& d) {
  return absl::StrCat(d.app_name, "#", d.dupid, " app_id=", d.app_id, " pc=", d.partition_count,
                      " ", d.status_name, "(", d.status, ") -> ", d.remote_cluster, ".",
                      d.remote_app_name, " replicas=", d.remote_replica_count);
}

std::vector<std::string> DescribeAll(const SourceListing& l) {
  std::vector<std::string> out;
  for (const SourceDuplication& d : l.duplications) out.push_back(Describe(d));
  return out;
}

const std::vector<std::string> kExpected = {
    "orders#1 app_id=3 pc=8 DS_APP(2) -> c2.orders_bak replicas=1",
    "orders#4 app_id=3 pc=8 DS_LOG(3) -> c3.orders replicas=-1",  // before 2.6: source's name
    "users#2 app_id=5 pc=4 DS_PAUSE(4) -> c2.users_v2 replicas=3",
};

TEST(DuplicationListingTest, OneListingRpc) {
  auto meta = ServeFakeMeta(SampleSourceCluster());
  absl::StatusOr<SourceListing> l = ListSourceDuplications({meta->address()}, Options());
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->listed_by, kListedByListDuplication);
  EXPECT_EQ(l->meta, meta->address().ToString());
  EXPECT_EQ(l->tables, 3);  // users, orders, empty
  EXPECT_EQ(DescribeAll(*l), kExpected);
  EXPECT_EQ(meta->rpcs_asked(), std::vector<std::string>{kListDuplicationRpc});
}

TEST(DuplicationListingTest, AnOlderMetaGivesTheSameListingByTable) {
  FakeMetaBehavior old = SampleSourceCluster();
  old.unknown_rpcs = {kListDuplicationRpc};
  auto meta = ServeFakeMeta(old);
  ListingOptions options = Options();
  options.parallel = 2;
  absl::StatusOr<SourceListing> l = ListSourceDuplications({meta->address()}, options);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->listed_by, kListedByQueryDuplication);
  EXPECT_EQ(l->tables, 3);
  EXPECT_EQ(DescribeAll(*l), kExpected);
  std::vector<std::string> asked = meta->apps_asked();
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"empty", "orders", "users"}));  // not "old"
}

TEST(DuplicationListingTest, FallbackThroughAForwardingNonLeader) {
  FakeMetaBehavior old = SampleSourceCluster();
  old.unknown_rpcs = {kListDuplicationRpc};
  auto leader = ServeFakeMeta(old);
  FakeMetaBehavior fb;
  fb.kind = Kind::kForward;
  fb.leader = leader->address();
  auto non_leader = ServeFakeMeta(fb);
  absl::StatusOr<SourceListing> l = ListSourceDuplications({non_leader->address()}, Options());
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->listed_by, kListedByQueryDuplication);
  EXPECT_EQ(l->meta, leader->address().ToString());
  EXPECT_EQ(DescribeAll(*l), kExpected);
  // The per-table queries went to the leader first: the non-leader saw the two listing RPCs
  // and the two questions for the leader, nothing else.
  EXPECT_EQ(non_leader->rpcs_asked(),
            (std::vector<std::string>{kListDuplicationRpc, kQueryConfigRpc, kListAppsRpc,
                                      kQueryConfigRpc}));
}

TEST(DuplicationListingTest, TheFilterKeepsTables) {
  auto meta = ServeFakeMeta(SampleSourceCluster());
  ListingOptions options = Options();
  options.want_table = [](const std::string& name) { return name == "users"; };
  absl::StatusOr<SourceListing> l = ListSourceDuplications({meta->address()}, options);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->tables, 1);
  EXPECT_EQ(DescribeAll(*l), std::vector<std::string>{kExpected[2]});
}

// A listing of one table "orders" holding `e` (as duplication `key`), as raw result bytes.
std::string ListingWith(const pegasus_wire::duplication_entry& e, int32_t key,
                        int32_t partition_count = 8, const std::string& app_name = "orders") {
  pegasus_wire::duplication_app_state state;
  state.appid = 3;
  state.app_name = app_name;
  state.partition_count = partition_count;
  state.duplications[key] = e;
  pegasus_wire::duplication_list_response r;
  r.app_states["orders"] = state;
  absl::StatusOr<std::string> bytes = EncodeDuplicationListResponse(r);
  EXPECT_TRUE(bytes.ok());
  return *bytes;
}

TEST(DuplicationListingTest, ValuesPegasusCannotSendAreRefusedWithTheirPlace) {
  const std::string at = "duplication_list_response.app_states[\"orders\"]";
  struct Case {
    std::string result;
    std::string error;
  } cases[] = {
      {ListingWith(Duplication(1, Status::DS_APP, "c2\n"), 1),
       at + ".duplications[1]: remote is not 1 to 256 bytes of [A-Za-z0-9_.:-]"},
      {ListingWith(Duplication(1, Status::DS_APP, "c2", "a b"), 1),
       at + ".duplications[1]: remote_app_name is not 1 to 256"},
      {ListingWith(Duplication(1, Status::DS_APP, "c2", "t", 1000), 1),
       at + ".duplications[1]: remote_replica_count 1000 is not in [0, 64]"},
      {ListingWith(Duplication(1, Status::DS_APP, "c2"), 2),
       at + ".duplications[2]: dupid 1 is not its key"},
      {ListingWith(Duplication(1, Status::DS_APP, "c2"), 1, 0),
       at + ": partition_count 0 is not in [1, 65536]"},
      {ListingWith(Duplication(1, Status::DS_APP, "c2"), 1, 8, "other"),
       at + ": app_name 'other' is not the table's name"},
  };
  for (const Case& c : cases) {
    FakeMetaBehavior b;
    b.raw_results[kListDuplicationRpc] = c.result;
    auto meta = ServeFakeMeta(b);
    absl::StatusOr<SourceListing> l = ListSourceDuplications({meta->address()}, Options());
    ASSERT_FALSE(l.ok()) << c.error;
    EXPECT_TRUE(absl::IsInvalidArgument(l.status())) << l.status();
    EXPECT_NE(l.status().message().find(
                  absl::StrCat("the listing from ", meta->address().ToString(), ": ", c.error)),
              std::string::npos)
        << l.status();
  }
}

TEST(DuplicationListingTest, SourcesThatGiveNoListing) {
  FakeMetaBehavior ib;
  ib.kind = Kind::kNotActive;
  auto inactive = ServeFakeMeta(ib);
  absl::StatusOr<SourceListing> l = ListSourceDuplications({inactive->address()}, Options());
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(l.status())) << l.status();
  EXPECT_NE(l.status().message().find("answered ERR_SERVICE_NOT_ACTIVE"), std::string::npos);

  // A refusal with a hint: the hint is kept, printable.
  pegasus_wire::duplication_list_response denied;
  denied.err.set_name("ERR_ACL_DENY");
  denied.hint_message = "user\x01 is not allowed";
  FakeMetaBehavior db;
  db.raw_results[kListDuplicationRpc] = *EncodeDuplicationListResponse(denied);
  auto acl = ServeFakeMeta(db);
  l = ListSourceDuplications({acl->address()}, Options());
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.status().message().find("answered ERR_ACL_DENY (user? is not allowed)"),
            std::string::npos)
      << l.status();

  // Nobody there.
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  l = ListSourceDuplications({MetaAddress{"127.0.0.1", *closed}}, Options(500));
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(absl::IsUnavailable(l.status())) << l.status();
  EXPECT_NE(l.status().message().find("connection refused"), std::string::npos);
}

TEST(DuplicationListingTest, TablesDroppedDuringTheFallbackAreNoted) {
  FakeMetaBehavior old = SampleSourceCluster();
  old.unknown_rpcs = {kListDuplicationRpc};
  pegasus_wire::duplication_query_response gone;
  gone.err.set_name("ERR_APP_NOT_EXIST");
  old.raw_results[kQueryDuplicationRpc] = *EncodeDuplicationQueryResponse(gone);
  auto meta = ServeFakeMeta(old);
  absl::StatusOr<SourceListing> l = ListSourceDuplications({meta->address()}, Options());
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_TRUE(l->duplications.empty());
  ASSERT_EQ(l->notes.size(), 3u);
  EXPECT_EQ(l->notes[0], "table users was dropped while listing");
}

}  // namespace
}  // namespace dupready
