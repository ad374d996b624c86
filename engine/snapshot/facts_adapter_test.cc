// Tests for BuildFacts: copied fields, derived partition slots, bounds and buffer reuse.
#include "engine/snapshot/facts_adapter.h"

#include <initializer_list>
#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

void SetAddress(Address* a, const std::string& host, uint32_t port) {
  a->set_host(host);
  a->set_port(port);
}

// A snapshot of a 3-replica table with partitions in different health.
FollowerSnapshot MakeSnapshot() {
  FollowerSnapshot s;
  DuplicationContext* d = s.mutable_duplication();
  d->set_app_name("dup_test");
  d->set_remote_cluster_name("target_cluster");
  d->set_remote_app_name("dup_test_3");
  d->set_partition_count(3);
  d->set_remote_replica_count(3);
  s.set_rpc_err("ERR_OK");
  QueryConfigResponse* r = s.mutable_response();
  r->set_err("ERR_OK");
  r->set_app_id(7);
  r->set_partition_count(3);
  r->set_is_stateful(true);

  // 0: healthy, 1 primary + 2 secondaries.
  PartitionConfig* p = r->add_partitions();
  p->set_pidx(0);
  p->set_ballot(12);
  p->set_max_replica_count(3);
  SetAddress(p->mutable_primary(), "10.0.0.1", 34801);
  SetAddress(p->add_secondaries(), "10.0.0.2", 34801);
  SetAddress(p->add_secondaries(), "10.0.0.3", 34802);
  p->set_last_committed_decree(int64_t{1} << 40);
  // 1: primary present, one secondary invalid, one last drop.
  p = r->add_partitions();
  p->set_pidx(1);
  p->set_max_replica_count(3);
  p->set_partition_flags(4);
  SetAddress(p->mutable_primary(), "10.0.0.2", 34801);
  SetAddress(p->add_secondaries(), "", 0);
  SetAddress(p->add_secondaries(), "10.0.0.1", 34801);
  SetAddress(p->add_last_drops(), "10.0.0.3", 34802);
  // 2: no primary, no secondaries.
  p = r->add_partitions();
  p->set_pidx(2);
  p->set_max_replica_count(3);
  p->mutable_primary();
  return s;
}

TEST(BuildFactsTest, CopiesTheContextAndTheReply) {
  const FollowerSnapshot s = MakeSnapshot();
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_EQ(f.app_name, "dup_test");
  EXPECT_EQ(f.app_name.data(), s.duplication().app_name().data());  // a view, not a copy
  EXPECT_EQ(f.remote_cluster_name, "target_cluster");
  EXPECT_EQ(f.remote_app_name, "dup_test_3");
  EXPECT_EQ(f.partition_count, 3);
  EXPECT_EQ(f.remote_replica_count, 3);
  EXPECT_EQ(f.rpc_err, "ERR_OK");
  EXPECT_EQ(f.response_err, "ERR_OK");
  EXPECT_EQ(f.app_id, 7);
  EXPECT_EQ(f.response_partition_count, 3);
  EXPECT_TRUE(f.is_stateful);
  ASSERT_EQ(f.partitions.size(), 3u);
  ASSERT_EQ(f.wide.size(), 3u);
  EXPECT_EQ(f.wide[0].ballot, 12);
  EXPECT_EQ(f.wide[0].last_committed_decree, int64_t{1} << 40);
  EXPECT_EQ(f.addresses.size(), 3u + 4u + 1u);  // primaries + secondaries + last_drops
}

// "name=value ..." of the counting slots in `which`, so that one comparison names any that
// differs.
std::string Slots(const int32_t* slot, std::initializer_list<PartitionSlot> which) {
  static const char* const kNames[] = {"pidx",          "max_replica_count", "partition_flags",
                                       "primary_alive", "secondary_count",   "alive_secondaries",
                                       "last_drop_count", "alive_replicas"};
  std::string out;
  for (PartitionSlot s : which) {
    if (!out.empty()) out += " ";
    out += std::string(kNames[s]) + "=" + std::to_string(slot[s]);
  }
  return out;
}

TEST(BuildFactsTest, DerivesPartitionSlots) {
  const FollowerSnapshot s = MakeSnapshot();
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(s, &f).ok());

  const int32_t* healthy = f.partitions[0].slot;
  EXPECT_EQ(Slots(healthy, {kSlotPidx, kSlotMaxReplicaCount, kSlotPrimaryAlive, kSlotSecondaryCount,
                            kSlotAliveSecondaries, kSlotAliveReplicas, kSlotLastDropCount}),
            "pidx=0 max_replica_count=3 primary_alive=1 secondary_count=2 alive_secondaries=2 "
            "alive_replicas=3 last_drop_count=0");
  const int32_t* degraded = f.partitions[1].slot;
  EXPECT_EQ(Slots(degraded, {kSlotPidx, kSlotPartitionFlags, kSlotSecondaryCount,
                             kSlotAliveSecondaries, kSlotAliveReplicas, kSlotLastDropCount}),
            "pidx=1 partition_flags=4 secondary_count=2 alive_secondaries=1 alive_replicas=2 "
            "last_drop_count=1");
  const AddressFact& invalid = f.addresses[degraded[kSlotSecondariesBegin]];
  EXPECT_FALSE(invalid.valid);
  EXPECT_EQ(invalid.host, "");
  const AddressFact& alive = f.addresses[degraded[kSlotSecondariesBegin] + 1];
  EXPECT_TRUE(alive.valid);
  EXPECT_EQ(alive.host, "10.0.0.1");
  EXPECT_EQ(alive.port, 34801);
  EXPECT_EQ(alive.host.data(), s.response().partitions(1).secondaries(1).host().data());
  const AddressFact& dropped = f.addresses[degraded[kSlotLastDropsBegin]];
  EXPECT_EQ(dropped.host, "10.0.0.3");
  EXPECT_EQ(dropped.port, 34802);

  const int32_t* down = f.partitions[2].slot;
  EXPECT_EQ(Slots(down, {kSlotPrimaryAlive, kSlotSecondaryCount, kSlotAliveReplicas}),
            "primary_alive=0 secondary_count=0 alive_replicas=0");
  EXPECT_FALSE(f.addresses[down[kSlotPrimaryIndex]].valid);
}

TEST(BuildFactsTest, ReusesCapacityAndClearsOldContents) {
  const FollowerSnapshot big = MakeSnapshot();
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(big, &f).ok());
  const PartitionFact* partitions = f.partitions.data();
  const PartitionWideFact* wide = f.wide.data();
  const AddressFact* addresses = f.addresses.data();
  ASSERT_TRUE(BuildFacts(big, &f).ok());
  EXPECT_EQ(f.partitions.data(), partitions);  // no reallocation on a warm build
  EXPECT_EQ(f.wide.data(), wide);
  EXPECT_EQ(f.addresses.data(), addresses);
  EXPECT_EQ(f.partitions.size(), 3u);

  FollowerSnapshot small = big;
  small.mutable_response()->mutable_partitions()->DeleteSubrange(1, 2);
  small.mutable_response()->set_is_stateful(false);
  ASSERT_TRUE(BuildFacts(small, &f).ok());
  EXPECT_EQ(f.partitions.size(), 1u);
  EXPECT_EQ(f.addresses.size(), 3u);
  EXPECT_FALSE(f.is_stateful);
  EXPECT_EQ(f.partitions.data(), partitions);
}

TEST(BuildFactsTest, EnforcesTheListBound) {
  FollowerSnapshot s = MakeSnapshot();
  PartitionConfig* p = s.mutable_response()->mutable_partitions(2);
  for (int i = 0; i < kMaxReplicaListSize; ++i) SetAddress(p->add_secondaries(), "h", i);
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_EQ(f.partitions[2].slot[kSlotAliveSecondaries], kMaxReplicaListSize);

  SetAddress(p->add_secondaries(), "h", 1);
  absl::Status st = BuildFacts(s, &f);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(st.message()),
            "partition #2 (pidx 2) lists 65 secondaries; at most 64 are supported");
  EXPECT_TRUE(f.partitions.empty());  // cleared, not half-built
  EXPECT_TRUE(f.addresses.empty());
  EXPECT_EQ(f.app_name, "");

  s = MakeSnapshot();
  p = s.mutable_response()->mutable_partitions(0);
  for (int i = 0; i <= kMaxReplicaListSize; ++i) SetAddress(p->add_last_drops(), "h", 1);
  st = BuildFacts(s, &f);
  EXPECT_EQ(std::string(st.message()),
            "partition #0 (pidx 0) lists 65 last_drops; at most 64 are supported");
}

TEST(BuildFactsTest, RejectsPortsAbove16Bits) {
  FollowerSnapshot s = MakeSnapshot();
  s.mutable_response()->mutable_partitions(1)->mutable_primary()->set_port(65536);
  FollowerFacts f;
  absl::Status st = BuildFacts(s, &f);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(st.message()), "partition #1 (pidx 1): primary port 65536 is above 65535");

  s = MakeSnapshot();
  s.mutable_response()->mutable_partitions(0)->mutable_secondaries(1)->set_port(70000);
  st = BuildFacts(s, &f);
  EXPECT_EQ(std::string(st.message()),
            "partition #0 (pidx 0): secondaries port 70000 is above 65535");
}

TEST(BuildFactsTest, EmptySnapshot) {
  FollowerSnapshot s;
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_TRUE(f.partitions.empty());
  EXPECT_EQ(f.rpc_err, "");
  // No context value given.
  EXPECT_EQ(f.unset_dup, (1 << kNumDupFields) - 1);
}

TEST(BuildFactsTest, MarksTheContextValuesNotGiven) {
  FollowerSnapshot s = MakeSnapshot();
  FollowerFacts f;
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_EQ(f.unset_dup, 0);
  s.mutable_duplication()->clear_partition_count();
  s.mutable_duplication()->set_remote_cluster_name("");  // an empty name is no name
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_EQ(f.unset_dup, DupFieldBit(DupField::kPartitionCount) |
                             DupFieldBit(DupField::kRemoteClusterName));
  s.mutable_duplication()->set_remote_replica_count(0);  // given: 0 is a value here
  s.mutable_duplication()->clear_app_name();
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_EQ(f.unset_dup, DupFieldBit(DupField::kPartitionCount) |
                             DupFieldBit(DupField::kRemoteClusterName) |
                             DupFieldBit(DupField::kAppName));
}

TEST(BuildFactsTest, RefusesNegativeAndRepeatedPartitionIndices) {
  FollowerSnapshot s = MakeSnapshot();
  FollowerFacts f;
  s.mutable_response()->mutable_partitions(2)->set_pidx(-1);
  absl::Status st = BuildFacts(s, &f);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "response.partitions[2] has partition index -1; an index is never negative");
  EXPECT_TRUE(f.partitions.empty());

  s.mutable_response()->mutable_partitions(2)->set_pidx(0);
  st = BuildFacts(s, &f);
  EXPECT_EQ(st.message(), "response.partitions[2] repeats partition index 0 of partitions[0]");

  // In another order, but each index once: fine.
  s.mutable_response()->mutable_partitions(0)->set_pidx(2);
  ASSERT_TRUE(BuildFacts(s, &f).ok());
  EXPECT_FALSE(f.pidx_in_order);
  EXPECT_TRUE(CheckPartitionIndices(f).ok());
}

TEST(CheckPartitionIndicesTest, NamesTheFirstRepeatInReplyOrder) {
  FollowerFacts f;
  const AddressFact none;
  for (int32_t pidx : {5, 3, 7, 3, 5, 5})
    AppendPartition(&f, pidx, 0, 3, none, nullptr, 0, nullptr, 0, 0, 0);
  EXPECT_EQ(CheckPartitionIndices(f).message(),
            "partitions[3] repeats partition index 3 of partitions[1]");
  f.Clear();
  EXPECT_TRUE(f.pidx_in_order);
  for (int32_t pidx : {0, 1, 2}) AppendPartition(&f, pidx, 0, 3, none, nullptr, 0, nullptr, 0, 0, 0);
  EXPECT_TRUE(f.pidx_in_order);
  EXPECT_TRUE(CheckPartitionIndices(f).ok());
}

}  // namespace
}  // namespace dupready
