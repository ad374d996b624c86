// Fuzzes evaluation: decodes the input into a random follower (FollowerFacts-shaped: context,
// errors, partitions with odd pidx, replica counts, addresses, 64-bit extremes) and judges it
// with every shipped rule file and two expressive ones, checking the evaluator's invariants.
//
// Input layout (every field reads 0 when the input has ended, so an all-zero input is a
// healthy 3-replica table): see DecodeFollower. Invariants checked, for every rule file:
//   - a not-ready verdict never says ERR_OK, a ready one says ERR_OK with no rule or failures;
//   - the verdict is the same from a fresh scratch and from a scratch reused across inputs,
//     and the same again after the scratch judged another follower in between;
//   - the first failure (rule, error, partition, message) is the first entry of its rule in
//     `failures`; failure lists respect max_failures_listed;
//   - PartitionOutcomes and Explain agree with the verdict on the first failing partition;
//   - default/legacy/strict.rules agree with the plain reimplementation of Pegasus's check.
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/model/follower_table.h"
#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"

namespace dupready {
namespace {

// Reads the input front to back; past its end every read is 0.
class ByteSource {
 public:
  ByteSource(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  uint8_t U8() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = v << 8 | U8();
    return v;
  }
  uint64_t U64() { return uint64_t{U32()} << 32 | U32(); }
  template <typename T, size_t N>
  const T& Pick(const T (&options)[N]) { return options[U8() % N]; }

 private:
  const uint8_t* p_;
  size_t n_;
};

const char* const kAppNames[] = {"dup_test", "temp_orders", "a.bj.b", "", "x"};
const char* const kClusters[] = {"target_cluster", "backup_bj", "lab", "dev", ""};
const char* const kRemoteApps[] = {"dup_test_3", "temp_dup", "dup.test", "", "temp_"};
// Index 0 is ERR_OK so that a zero byte means "the call went through".
const char* const kErrors[] = {"ERR_OK",          "ERR_TIMEOUT",          "ERR_NETWORK_FAILURE",
                               "ERR_APP_NOT_EXIST", "ERR_FORWARD_TO_OTHERS", "ERR_BUSY",
                               "ERR_UNKNOWN",     "ERR_SERVICE_NOT_ACTIVE", "ERR_INVALID_STATE"};
const char* const kHosts[] = {"10.0.0.1", "10.0.1.2", "node1.bj.example", "x", "a.test",
                              "10.0.0.1", "host_with_a_rather_long_name.example.com"};
const int32_t kPorts[] = {34801, 34601, 0, 65535, 1};
const int32_t kReplicaCounts[] = {3, 1, 2, 4, 5, 0, -1, std::numeric_limits<int32_t>::max(),
                                  std::numeric_limits<int32_t>::min()};
const int64_t kWide[] = {0, -1, 1, std::numeric_limits<int64_t>::max(),
                         std::numeric_limits<int64_t>::min(), 100, 1000000007};

constexpr int kMaxPartitions = 64;
constexpr int kMaxSecondaries = 9;

// A follower and its facts, which point into it.
struct FuzzFollower {
  testing::FollowerTable follower;
  FollowerFacts facts;
};

testing::HostPort Address(ByteSource* in) {
  const uint8_t b = in->U8();
  if (b & 1) return testing::HostPort();  // invalid: the facts contract is "" and port 0
  const char* host = kHosts[(b >> 1) % (sizeof(kHosts) / sizeof(kHosts[0]))];
  const int32_t port = kPorts[(b >> 4) % (sizeof(kPorts) / sizeof(kPorts[0]))];
  return testing::HostPort::At(host, static_cast<uint16_t>(port));
}

int64_t Wide(ByteSource* in, int64_t normal) {
  const uint8_t b = in->U8();
  if (b == 0) return normal;
  if (b == 0xFF) return static_cast<int64_t>(in->U64());
  return kWide[b % (sizeof(kWide) / sizeof(kWide[0]))];
}

void DecodeFollower(ByteSource* in, FuzzFollower* out) {
  testing::FollowerTable& f = out->follower;
  f.app_name = in->Pick(kAppNames);
  f.remote_cluster_name = in->Pick(kClusters);
  f.remote_app_name = in->Pick(kRemoteApps);
  f.rpc_err = in->Pick(kErrors);
  f.response_err = in->Pick(kErrors);
  const int n = in->U8() % (kMaxPartitions + 1);
  const uint8_t delta = in->U8();  // 0: the source has as many partitions as the reply
  f.partition_count = delta == 0 ? (n == 0 ? 4 : n) : n + static_cast<int>(delta) - 128;
  f.remote_replica_count = in->U8() % 6;
  f.app_id = static_cast<int32_t>(in->U32());
  const bool reply_pidx = in->U8() & 1;  // else pidx = index, as Pegasus lists them
  for (int i = 0; i < n; ++i) {
    testing::PartitionConfig p;
    p.max_replica_count = in->Pick(kReplicaCounts);
    p.primary = Address(in);
    // 0: as many secondaries as the replica count asks (bounded); else 0..kMaxSecondaries-1.
    const uint8_t ns = in->U8();
    // (In 64 bits: the replica count may be INT32_MIN.)
    int64_t n_sec = ns == 0 ? int64_t{p.max_replica_count} - 1 : (ns - 1) % kMaxSecondaries;
    if (n_sec < 0) n_sec = 0;
    if (n_sec > kMaxSecondaries) n_sec = kMaxSecondaries;
    for (int s = 0; s < n_sec; ++s) p.secondaries.push_back(Address(in));
    const int n_drops = in->U8() % 4;
    for (int d = 0; d < n_drops; ++d) p.last_drops.push_back(Address(in));
    p.ballot = Wide(in, 3);
    p.last_committed_decree = Wide(in, 100);
    p.partition_flags = in->U8();
    p.pidx = reply_pidx ? static_cast<int32_t>(in->U32()) : i;
    f.partitions.push_back(p);
  }
  // The reply's partition count need not be its list's length: a corrupt reply's is not.
  const int64_t response_partition_count = in->U8() == 0 ? n : in->U32();
  f.is_stateful = (in->U8() & 1) == 0;
  model::BuildFacts(f, &out->facts);
  out->facts.response_partition_count = response_partition_count;
}

// Overlays with what the shipped files do not use: scopes, `suffices`, guards that can fail
// on arithmetic, regular expressions, quantifiers, templates full of holes.
const char kOverlay[] = R"(extend "rules/default.rules"
partition single_replica before enough_members:
  when replica_count == 1
  primary_alive suffices
scope dup.remote_app_name =~ "^temp_" {
  partition primary_suffices before enough_members:
    primary_alive and ballot * 1000000000000 > 0 suffices
  disable secondaries_alive
}
scope dup.remote_cluster_name == "backup_bj" {
  replace partition enough_members:
    require alive_secondaries == replica_count - 1
    else ERR_NOT_ENOUGH_MEMBER "partition {pidx}: {alive_replicas}/{replica_count} alive"
}
partition decree_spread:
  when last_committed_decree / (alive_secondaries - 1) >= 0
  require ballot + last_committed_decree >= ballot or primary in last_drops
  else ERR_INVALID_STATE
       "p{pidx} b{ballot} d{last_committed_decree} {primary} {secondaries} {last_drops}"
table declared:
  require response.partition_count == size(response.partitions)
          or dup.remote_cluster_name != "backup_bj"
  else ERR_INCONSISTENT_STATE
       "{response.partition_count} vs {size(response.partitions)} in {dup.remote_app_name}"
)";

const char kStandalone[] = R"(table call:
  require rpc_err == ERR_OK and response.err == ERR_OK
  else response.err "{rpc_err}/{response.err} {dup.app_name} {response.app_id}"
table hosts:
  when dup.app_name !~ "\\.bj\\."
  require all(response.partitions, p, p.primary_alive or p.replica_count < 1)
          or any(response.partitions, p, p.ballot % 2 == 1)
  else ERR_INACTIVE_STATE "{size(response.partitions)} partitions"
partition quorum:
  when replica_count > 0 and not response.is_stateful or replica_count > 0
  require alive_replicas * 2 > replica_count or pidx in [0, 1, 2] or partition_flags % 7 == 3
  else ERR_NOT_ENOUGH_MEMBER "{pidx}: {alive_replicas} * 2 <= {replica_count}"
partition named:
  require count(secondaries, s, s.valid and s.port == 34801) >= size(secondaries) - 1
          or starts_with(primary.host, "10.") and not ends_with(primary.host, ".test")
             and contains(primary.host, ".0.")
  else ERR_INACTIVE_STATE "{primary.host}:{primary.port} of {size(primary.host)} {secondaries}"
table totals:
  require sum(response.partitions, p, size(p.secondaries) - p.alive_secondaries) <= 64
          and max(response.partitions, p, p.ballot, 0) - min(response.partitions, p, p.ballot, 0)
              < 1000000
  else ERR_INACTIVE_STATE "{sum(response.partitions, p, p.partition_flags)} flags"
partition ports:
  require sum(secondaries, s, s.port) >= min(last_drops, d, d.port, 0) * size(secondaries)
          or max(secondaries, s, s.port, -1) < 0
  else ERR_UNKNOWN "{max(last_drops, d, d.port + pidx, -pidx)}"
partition drops:
  any(last_drops, d, d == primary) suffices
partition tail:
  require -ballot <= 0 or last_committed_decree - ballot < last_committed_decree
  else ERR_UNKNOWN
)";

struct NamedRules {
  std::string name;
  std::unique_ptr<const RuleSet> rules;
  enum class Reference { kNone, kFixed, kLegacy, kStrict } reference = Reference::kNone;
};

std::vector<NamedRules>* LoadAll() {
  auto* all = new std::vector<NamedRules>();
  auto load = [&](const std::string& path, NamedRules::Reference ref) {
    auto r = RuleSet::Load(path, testing::ReadTestFile);
    if (!r.ok()) {
      std::fprintf(stderr, "rule_eval_fuzzer: %s: %s\n", path.c_str(),
                   std::string(r.status().message()).c_str());
      __builtin_trap();
    }
    all->push_back({path, *std::move(r), ref});
  };
  load("rules/default.rules", NamedRules::Reference::kFixed);
  load("rules/legacy.rules", NamedRules::Reference::kLegacy);
  load("rules/strict.rules", NamedRules::Reference::kStrict);
  load("rules/examples/backup_cluster_strict.rules", NamedRules::Reference::kNone);
  load("rules/examples/single_replica.rules", NamedRules::Reference::kNone);
  load("rules/examples/temp_tables_relaxed.rules", NamedRules::Reference::kNone);
  for (const auto& [name, text] : {std::pair<const char*, const char*>{"overlay.rules", kOverlay},
                                   {"standalone.rules", kStandalone}}) {
    // Made to reach every construct, not to be cheap: the cost budget is not what is fuzzed.
    Limits limits;
    limits.max_check_cost = 0;
    auto r = RuleSet::FromText(name, text, testing::ReadTestFile, limits);
    if (!r.ok()) {
      std::fprintf(stderr, "rule_eval_fuzzer: %s: %s\n", name,
                   std::string(r.status().message()).c_str());
      __builtin_trap();
    }
    all->push_back({name, *std::move(r), NamedRules::Reference::kNone});
  }
  return all;
}

void Check(bool ok, const char* what, const std::string& rules) {
  if (ok) return;
  std::fprintf(stderr, "rule_eval_fuzzer: invariant broken under %s: %s\n", rules.c_str(), what);
  __builtin_trap();
}

bool SameFailures(const RuleFailures& a, const RuleFailures& b) {
  return a.rule == b.rule && a.error == b.error && a.count == b.count &&
         a.partitions == b.partitions && a.message == b.message;
}

bool SameVerdict(const Verdict& a, const Verdict& b) {
  if (a.ready != b.ready || a.error != b.error || a.rule != b.rule ||
      a.partition != b.partition || a.message != b.message ||
      a.partitions_checked != b.partitions_checked || a.failures.size() != b.failures.size()) {
    return false;
  }
  for (size_t i = 0; i < a.failures.size(); ++i)
    if (!SameFailures(a.failures[i], b.failures[i])) return false;
  return true;
}

void CheckVerdict(const NamedRules& nr, const FuzzFollower& ff, const Verdict& v) {
  const std::string& name = nr.name;
  const int max_listed = nr.rules->limits().max_failures_listed;
  if (v.ready) {
    Check(v.error == "ERR_OK", "a ready verdict carries an error", name);
    Check(v.rule.empty() && v.partition == -1 && v.failures.empty(),
          "a ready verdict names a failure", name);
    for (const PartitionOutcome& o : nr.rules->PartitionOutcomes(ff.facts))
      Check(o.rule == -1, "a ready table has a failing partition outcome", name);
    return;
  }
  Check(v.error != "ERR_OK" && !v.error.empty(), "a not-ready verdict says ERR_OK", name);
  Check(!v.rule.empty(), "a not-ready verdict names no rule", name);
  Check(!v.failures.empty(), "a not-ready verdict lists no failure", name);
  for (const RuleFailures& f : v.failures) {
    Check(f.count >= 1 && f.count >= static_cast<int64_t>(f.partitions.size()),
          "a failure count is below its listed partitions", name);
    Check(static_cast<int>(f.partitions.size()) <= max_listed, "too many partitions listed",
          name);
    Check(f.error != "ERR_OK", "a listed failure says ERR_OK", name);
  }
  // A table rule decided (v.partition is -1 then, but a partition's pidx may be -1 too).
  bool table_level = false;
  for (const RuleInfo& r : nr.rules->rules())
    table_level = table_level || (r.table && r.name == v.rule);
  if (table_level) {  // it is the only failure
    Check(v.partition == -1 && v.failures.size() == 1 && v.failures[0].rule == v.rule &&
              v.failures[0].error == v.error && v.failures[0].message == v.message &&
              v.failures[0].partitions.empty() && v.failures[0].count == 1,
          "a table-level verdict disagrees with its failure list", name);
    return;
  }
  bool listed = false;
  for (const RuleFailures& f : v.failures) {
    listed = listed || (f.rule == v.rule && f.error == v.error && f.message == v.message &&
                        !f.partitions.empty() && f.partitions[0] == v.partition);
  }
  Check(listed, "the first failure is not the first entry of its rule", name);

  // The partition outcomes' first failure is the verdict's.
  const std::vector<PartitionOutcome> outcomes = nr.rules->PartitionOutcomes(ff.facts);
  Check(outcomes.size() == ff.follower.partitions.size(), "one outcome per partition", name);
  int first = -1;
  for (size_t i = 0; i < outcomes.size() && first < 0; ++i)
    if (outcomes[i].rule >= 0) first = static_cast<int>(i);
  Check(first >= 0, "no partition outcome fails but the verdict does", name);
  Check(ff.follower.partitions[first].pidx == v.partition,
        "outcomes and verdict disagree on the partition", name);
  Check(nr.rules->rules()[outcomes[first].rule].name == v.rule &&
            outcomes[first].error == v.error,
        "outcomes and verdict disagree on the rule or error", name);

  // Explain on that partition: no table rule failed, and the first failing rule is the
  // verdict's, with the same error and message.
  const std::vector<RuleTrace> traces = nr.rules->Explain(ff.facts, first);
  const RuleTrace* failed = nullptr;
  for (const RuleTrace& t : traces) {
    if (t.outcome != RuleTrace::Outcome::kFailed) continue;
    Check(!t.table, "explain fails a table rule the verdict passed", name);
    if (failed == nullptr) failed = &t;
  }
  if (failed == nullptr || failed->rule != v.rule || failed->error != v.error ||
      failed->message != v.message) {
    std::fprintf(stderr, "verdict: %s %s p%d '%s'\nexplain(%d): %s %s '%s'\n", v.rule.c_str(),
                 v.error.c_str(), v.partition, v.message.c_str(), first,
                 failed ? failed->rule.c_str() : "-", failed ? failed->error.c_str() : "-",
                 failed ? failed->message.c_str() : "-");
    Check(false, "explain disagrees with the verdict", name);
  }
}

void CheckReference(const NamedRules& nr, const FuzzFollower& ff, const Verdict& v) {
  if (nr.reference == NamedRules::Reference::kNone) return;
  const bool fixed = nr.reference != NamedRules::Reference::kLegacy;
  const bool strict = nr.reference == NamedRules::Reference::kStrict;
  const testing::ReferenceVerdict want = testing::PegasusCheck(ff.follower, fixed, strict);
  Check(v.error == want.error, "the error differs from Pegasus's check", nr.name);
  const int32_t want_partition =
      want.partition < 0 ? -1 : ff.follower.partitions[want.partition].pidx;
  Check(v.partition == want_partition, "the partition differs from Pegasus's check", nr.name);
}

}  // namespace
}  // namespace dupready

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  static std::vector<NamedRules>* all = LoadAll();
  // Reused across inputs, as a meta server's thread reuses its scratch across checks.
  static EvalScratch* reused = new EvalScratch();
  static Verdict* reused_verdict = new Verdict();
  static const testing::FactsHolder* other = [] {
    testing::FollowerTable f = testing::HealthyFollower(5, 3);
    f.partitions[2].secondaries.clear();
    f.partitions[4].primary = {};
    return new testing::FactsHolder(f);
  }();

  ByteSource in(data, size);
  FuzzFollower ff;
  DecodeFollower(&in, &ff);
  for (const NamedRules& nr : *all) {
    EvalScratch fresh;
    Verdict first;
    nr.rules->Check(ff.facts, &fresh, &first);
    CheckVerdict(nr, ff, first);
    CheckReference(nr, ff, first);

    nr.rules->Check(ff.facts, reused, reused_verdict);
    Check(SameVerdict(first, *reused_verdict), "a reused scratch changed the verdict", nr.name);
    // Another follower in between must leave nothing behind in the scratch.
    nr.rules->Check(other->facts(), &fresh, reused_verdict);
    nr.rules->Check(ff.facts, &fresh, reused_verdict);
    Check(SameVerdict(first, *reused_verdict), "a scratch kept state between followers",
          nr.name);
  }
  return 0;
}
