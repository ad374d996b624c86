// A property test of the DS_APP -> DS_LOG gate with the real plugin (dlopen'ed): random
// sequences of follower replies (ready, not ready, undecodable, failed RPC), rule reloads
// (good and bad), persist failures, and operator alterations (two-step, possibly pending), over
// several duplications. A model tracks what must happen; after every step:
//   - the gate never advances on a failed check, a failed persist or while an alteration is
//     pending, and always advances when the model says it may;
//   - the gate's only change of status is DS_APP -> DS_LOG, every change of status is one
//     Pegasus allows, nothing changes after DS_REMOVED;
//   - meta storage holds the status in force whenever a change was persisted, and what it held
//     before whenever storing failed;
//   - the verdict is the one the rules in force give (a failed reload leaves them in force).
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"
#include "meta_integration/metaserver/duplication_gate.h"
#include "meta_integration/testing/plugin_test_main.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace {

// The rule files a reload may take, and how Pegasus's reference check reads each.
struct RuleChoice {
  const char* path;
  bool fixed;
  bool strict;
};
const RuleChoice kGoodRules[] = {
    {"rules/default.rules", true, false},
    {"rules/legacy.rules", false, false},
    {"rules/strict.rules", true, true},
};

// The reply bytes of `f`, as a current Pegasus meta server sends them.
std::string Encode(const testing::FollowerTable& f) {
  QueryConfigResponse resp;
  resp.set_err(f.response_err);
  resp.set_app_id(f.app_id);
  resp.set_partition_count(static_cast<int32_t>(f.partitions.size()));
  resp.set_is_stateful(true);
  for (size_t i = 0; i < f.partitions.size(); ++i) {
    const testing::PartitionConfig& p = f.partitions[i];
    PartitionConfig* pc = resp.add_partitions();
    pc->set_pidx(static_cast<int32_t>(i));
    pc->set_ballot(p.ballot);
    pc->set_max_replica_count(p.max_replica_count);
    auto address = [](const testing::HostPort& r, Address* a) {
      if (r.valid()) {
        a->set_host(r.host);
        a->set_port(r.port);
      }
    };
    address(p.primary, pc->mutable_primary());
    for (const testing::HostPort& s : p.secondaries) address(s, pc->add_secondaries());
    pc->set_last_committed_decree(p.last_committed_decree);
  }
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(resp);
  EXPECT_TRUE(reply.ok()) << reply.status();
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(*reply);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return *bytes;
}

// A follower of the duplication `c`: mostly healthy, often not.
testing::FollowerTable RandomFollower(const DupContext& c, std::mt19937* rng) {
  auto pick = [rng](int n) { return static_cast<int>((*rng)() % n); };
  testing::FollowerTable f;
  f.partition_count = c.partition_count;
  f.response_err = pick(10) == 0 ? "ERR_APP_NOT_EXIST" : "ERR_OK";
  const int n = pick(8) == 0 ? c.partition_count + 1 - 2 * pick(2) : c.partition_count;
  const int replicas = 1 + pick(3);
  for (int i = 0; i < n; ++i) {
    testing::PartitionConfig p;
    p.pidx = i;
    p.max_replica_count = replicas;
    p.primary = testing::Address(pick(12) != 0, "10.0.0." + std::to_string(1 + i % 3));
    const int secondaries = pick(4) == 0 ? pick(replicas) : replicas - 1;
    for (int s = 0; s < secondaries; ++s) {
      p.secondaries.push_back(
          testing::Address(pick(15) != 0, "10.0.1." + std::to_string(s)));
    }
    f.partitions.push_back(p);
  }
  return f;
}

struct Stats {
  int replies = 0, ready = 0, undecodable = 0, rpc_failed = 0, advanced = 0;
  int persist_failures_on_advance = 0, busy = 0, reloads_ok = 0, reloads_refused = 0;
  int operator_changes = 0;
};

// One random run of `steps` steps with `stable` required consecutive ready checks.
void RunSequence(uint32_t seed, int steps, int stable, const std::string& bad_rules, Stats* st) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % n); };
  std::shared_ptr<const host::Plugin> library;
  std::unique_ptr<host::Checker> plugin;
  std::string error;
  ASSERT_TRUE(host::Plugin::Load(testonly::PluginPath(), &library, &error) &&
              host::Checker::Open(library, kGoodRules[0].path, "", &plugin, &error))
      << error;
  PluginReadiness readiness(plugin.get());
  RuleChoice rules = kGoodRules[0];  // the model: rules in force
  InMemoryMetaStorage memory;
  FaultInjectingMetaStorage storage(&memory);
  DuplicationGate gate(&readiness, "", &storage, GateOptions{stable}, nullptr);

  std::vector<Duplication> dups;
  std::vector<int> streak;  // the model's consecutive ready checks, per duplication
  for (int i = 0; i < 3; ++i) {
    DupContext c;
    c.dup_id = i + 1;
    c.app_name = "app" + std::to_string(i);
    c.remote_cluster_name = "target_cluster";
    c.remote_app_name = c.app_name;
    c.partition_count = 1 + pick(6);
    c.remote_replica_count = 0;
    dups.emplace_back(c, pick(3) == 0 ? DupStatus::kPrepare : DupStatus::kApp);
    streak.push_back(0);
  }

  for (int step = 0; step < steps; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const int which = pick(static_cast<int>(dups.size()));
    Duplication& dup = dups[which];
    const DupStatus before = dup.status();
    const bool altering = dup.is_altering();
    const absl::StatusOr<std::string> stored_before = memory.Get(dup.StorePath());
    const int failed_sets = storage.sets_failed();
    const int op = pick(100);

    if (op < 8) {  // a reload, good or bad
      if (pick(3) == 0) {
        const std::string path = pick(2) ? bad_rules : std::string("rules/no_such.rules");
        EXPECT_FALSE(plugin->ReloadFrom(path, "", &error));
        ++st->reloads_refused;
      } else {
        const RuleChoice next = kGoodRules[pick(3)];
        ASSERT_TRUE(plugin->ReloadFrom(next.path, "", &error)) << error;
        rules = next;
        ++st->reloads_ok;
      }
      continue;
    }
    if (op < 14) {  // meta storage will fail the next one or two writes
      storage.FailNextSets(1 + pick(2));
      continue;
    }
    if (op < 22) {  // an operator alters the status: both steps, or only the first
      const DupStatus to = static_cast<DupStatus>(pick(6));
      if (altering) {
        if (pick(2)) {
          if (storage.Set(dup.StorePath(), dup.ToJson()).ok()) {
            dup.PersistStatus();
          } else {
            dup.AbortAlteration();
          }
        } else {
          dup.AbortAlteration();
        }
      } else if (pick(3) == 0) {
        dup.AlterStatus(to);  // pending until a later step finishes or drops it
      } else {
        ChangeStatus(&dup, to, &storage);
      }
      ++st->operator_changes;
      if (dup.status() != before) {
        EXPECT_TRUE(IsValidAlteration(before, dup.status()))
            << DupStatusName(before) << " -> " << DupStatusName(dup.status());
        EXPECT_NE(before, DupStatus::kRemoved);
        streak[which] = 0;
      }
      continue;
    }

    // A follower reply: decodable and judged, undecodable, or a failed RPC.
    ++st->replies;
    const testing::FollowerTable f = RandomFollower(dup.context(), &rng);
    std::string rpc_err = "ERR_OK";
    std::string reply;
    bool expect_ready = false;
    const int kind = pick(10);
    if (kind == 0) {
      rpc_err = "ERR_TIMEOUT";
      ++st->rpc_failed;
    } else if (kind == 1) {
      reply = Encode(f);
      reply.resize(pick(static_cast<int>(reply.size())));  // cut short: undecodable
      ++st->undecodable;
    } else {
      reply = Encode(f);
      expect_ready = testing::PegasusCheck(f, rules.fixed, rules.strict).error == "ERR_OK";
    }
    const GateOutcome o = gate.OnFollowerReply(&dup, rpc_err, reply);

    if (before != DupStatus::kApp) {
      EXPECT_FALSE(o.checked);
      EXPECT_FALSE(o.advanced);
      EXPECT_EQ(dup.status(), before);
      EXPECT_EQ(storage.sets_failed(), failed_sets);
      continue;
    }
    ASSERT_TRUE(o.checked);
    EXPECT_EQ(o.verdict.ready, expect_ready)
        << "rules " << rules.path << ": " << o.verdict.error << " " << o.verdict.message;
    st->ready += o.verdict.ready ? 1 : 0;
    streak[which] = o.verdict.ready ? streak[which] + 1 : 0;
    EXPECT_EQ(o.stable_checks, streak[which]);
    const bool persist_failed = storage.sets_failed() > failed_sets;
    const bool may_advance = o.verdict.ready && streak[which] >= stable && !altering;
    if (may_advance && persist_failed) ++st->persist_failures_on_advance;
    if (o.verdict.ready && streak[which] >= stable && altering) ++st->busy;
    EXPECT_EQ(o.advanced, may_advance && !persist_failed);

    if (o.advanced) {
      ++st->advanced;
      EXPECT_EQ(dup.status(), DupStatus::kLog);  // the gate's one change: DS_APP -> DS_LOG
      EXPECT_FALSE(dup.is_altering());
      absl::StatusOr<std::string> stored = memory.Get(dup.StorePath());
      ASSERT_TRUE(stored.ok());
      EXPECT_EQ(*stored, dup.ToJson());
      streak[which] = 0;
    } else {
      EXPECT_EQ(dup.status(), before);  // never on a failed check or persist, never back
      EXPECT_EQ(dup.is_altering(), altering);
      const absl::StatusOr<std::string> stored = memory.Get(dup.StorePath());
      EXPECT_EQ(stored.ok(), stored_before.ok());
      if (stored.ok() && stored_before.ok()) {
        EXPECT_EQ(*stored, *stored_before);
      }
      if (!o.verdict.ready) {
        EXPECT_EQ(o.update_err, "ERR_NO_NEED_OPERATE");
      }
      if (persist_failed) {
        EXPECT_EQ(o.update_err, kErrZookeeperOperation);
      }
    }
  }
}

TEST(DuplicationGatePropertyTest, RandomSequences) {
  ASSERT_NE(testonly::PluginPath(), nullptr);
  const std::string dir = testing::FreshDir("gate_property");
  const std::string bad_rules = dir + "/bad.rules";
  testing::WriteFile(bad_rules, "partition x: require nope else ERR_UNKNOWN\n");
  Stats st;
  constexpr int kSeeds = 120, kSteps = 250;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    RunSequence(seed, kSteps, 1 + static_cast<int>(seed % 3), bad_rules, &st);
    if (::testing::Test::HasFailure()) break;  // the first failing seed says enough
  }
  std::printf("%d sequences x %d steps: %d replies (%d ready, %d undecodable, %d failed RPCs), "
              "%d advances, %d advances refused by a failed persist, %d by a pending "
              "alteration; %d reloads taken, %d refused; %d operator alterations\n",
              kSeeds, kSteps, st.replies, st.ready, st.undecodable, st.rpc_failed, st.advanced,
              st.persist_failures_on_advance, st.busy, st.reloads_ok, st.reloads_refused,
              st.operator_changes);
  // The sequences must reach the interesting cases, or the properties were not exercised.
  EXPECT_GT(st.advanced, 50);
  EXPECT_GT(st.persist_failures_on_advance, 10);
  EXPECT_GT(st.busy, 3);
  EXPECT_GT(st.reloads_refused, 50);
}

}  // namespace
}  // namespace dupready
