// The follower configurations `diff` evaluates: dimensions from the rules' constants, their
// enumeration, and the facts of one configuration.
#include "engine/analysis/config_space.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "re2/re2.h"

namespace dupready {
namespace {

constexpr int kMaxValuesPerDim = 200;  // a Config holds indices as uint8_t
constexpr int64_t kMaxLayoutPartitions = 4096;
constexpr int kMaxSecondaries = 8;
constexpr int kHealthyReplicas = 3;
// Distinct hosts for the subject's replicas, primary first (the host dimension's default).
const char* const kHosts[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5",
                              "10.0.0.6", "10.0.0.7", "10.0.0.8", "10.0.0.9"};

int D(Dim d) { return static_cast<int>(d); }

// Integer values: `base` plus c-1, c, c+1 (shifted by `offset`) for each constant the rules
// compare `facts` with, within [lo, hi]; `base[0]` stays first (the default), the rest sorted.
std::vector<DimValue> IntValues(const RuleConstants& k, std::vector<int64_t> base,
                                std::initializer_list<std::pair<FactId, int64_t>> facts,
                                int64_t lo, int64_t hi) {
  std::set<int64_t> more(base.begin() + 1, base.end());
  for (const auto& [fact, offset] : facts) {
    auto it = k.ints.find(fact);
    if (it == k.ints.end()) continue;
    for (int64_t c : it->second)
      for (int64_t d : {int64_t{-1}, int64_t{0}, int64_t{1}}) {
        int64_t v;
        if (__builtin_add_overflow(c, offset + d, &v) || v < lo || v > hi) continue;
        more.insert(v);
      }
  }
  more.erase(base[0]);
  std::vector<DimValue> out;
  out.push_back({absl::StrCat(base[0]), base[0]});
  for (int64_t v : more) {
    if (static_cast<int>(out.size()) >= kMaxValuesPerDim) break;
    out.push_back({absl::StrCat(v), v});
  }
  return out;
}

// A string `pattern` matches, found simply: its literal text with a digit, or that text, or
// the shortest string RE2 says could match. Empty when none of these matches.
std::string PatternSample(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (!re.ok()) return "";
  std::string lit = pattern;
  if (!lit.empty() && lit[0] == '^') lit.erase(0, 1);
  if (!lit.empty() && lit.back() == '$') lit.pop_back();
  std::vector<std::string> candidates;
  if (lit.find_first_of(".[]()*+?{}|\\^$") == std::string::npos) {
    candidates.push_back(lit + "1");
    candidates.push_back(lit);
  }
  std::string min, max;
  if (re.PossibleMatchRange(&min, &max, 16)) candidates.push_back(min);
  for (const std::string& c : candidates)
    if (!c.empty() && RE2::PartialMatch(c, re)) return c;
  return "";
}

// String values: a name matching none of the rules' strings and patterns (the default), then
// each string, then a sample for each pattern.
std::vector<DimValue> StringValues(const RuleConstants& k, FactId fact, const std::string& dflt) {
  std::set<std::string> strings;
  if (auto it = k.strings.find(fact); it != k.strings.end()) strings = it->second;
  std::vector<std::unique_ptr<RE2>> patterns;
  std::set<std::string> samples;
  if (auto it = k.patterns.find(fact); it != k.patterns.end()) {
    for (const std::string& p : it->second) {
      RE2::Options options;
      options.set_log_errors(false);
      patterns.push_back(std::make_unique<RE2>(p, options));
      if (std::string s = PatternSample(p); !s.empty()) samples.insert(s);
    }
  }
  // Not equal to, starting, ending or containing any string, and matching no pattern.
  auto matches_none = [&](const std::string& v) {
    for (const std::string& s : strings)
      if (v.find(s) != std::string::npos) return false;
    for (const auto& re : patterns)
      if (re->ok() && RE2::PartialMatch(v, *re)) return false;
    return true;
  };
  std::string none = dflt;
  if (!matches_none(none)) none = "zz_other";
  for (int n = 0; !matches_none(none) && n < 100; ++n) none = absl::StrCat(n % 2 ? "Q" : "zz_", n);
  std::vector<DimValue> out;
  auto add = [&](const std::string& v) {
    for (const DimValue& d : out)
      if (d.s == v) return;
    if (static_cast<int>(out.size()) < kMaxValuesPerDim)
      out.push_back({absl::StrCat("\"", v, "\""), 0, -1, v});
  };
  add(none);
  for (const std::string& s : strings) add(s);
  for (const std::string& s : samples) add(s);
  return out;
}

std::vector<DimValue> ErrorValues(const RuleConstants& k, FactId fact, const char* failure) {
  std::vector<DimValue> out = {{"ERR_OK", 0, -1, "ERR_OK"}, {failure, 0, -1, failure}};
  if (auto it = k.errors.find(fact); it != k.errors.end())
    for (const std::string& e : it->second)
      if (e != "ERR_OK" && e != failure && static_cast<int>(out.size()) < kMaxValuesPerDim)
        out.push_back({e, 0, -1, e});
  return out;
}

std::vector<DimValue> Layouts(const RuleConstants& k) {
  std::vector<DimValue> out = {{"1 partition", 1, -1},
                               {"4 partitions, all alike", 4, -1},
                               {"4 partitions, only pidx 2 like this, the others healthy", 4, 2}};
  auto add = [&](int64_t n, int64_t j, const std::string& label) {
    for (const DimValue& d : out)
      if (d.i == n && d.j == j) return;
    if (static_cast<int>(out.size()) < kMaxValuesPerDim) out.push_back({label, n, j});
  };
  for (FactId f : {FactId::kDupPartitionCount, FactId::kResponsePartitionCount,
                   FactId::kResponsePartitions}) {
    for (const DimValue& v : IntValues(k, {1}, {{f, 0}}, 1, kMaxLayoutPartitions))
      add(v.i, -1, absl::StrCat(v.i, v.i == 1 ? " partition" : " partitions, all alike"));
  }
  if (k.ints.count(FactId::kPidx) == 0) return out;
  for (const DimValue& v : IntValues(k, {0}, {{FactId::kPidx, 0}}, 0, kMaxLayoutPartitions - 2)) {
    const int64_t n = std::max<int64_t>(4, v.i + 2);
    add(n, v.i, absl::StrCat(n, " partitions, only pidx ", v.i, " like this, the others healthy"));
  }
  return out;
}

}  // namespace

bool IsExtraDim(Dim d) {
  switch (d) {
    case Dim::kRemoteReplicaCount: case Dim::kDeclaredCount: case Dim::kAppId:
    case Dim::kStateful: case Dim::kLastDrops: case Dim::kBallot: case Dim::kDecree:
    case Dim::kFlags: case Dim::kHost: case Dim::kPort:
      return true;
    default:
      return false;
  }
}

const char* ConfigSpace::DimName(Dim d) {
  static const char* const kNames[kNumDims] = {
      "dup.remote_cluster_name", "dup.remote_app_name", "dup.app_name",
      "dup.remote_replica_count", "rpc_err", "response.err", "dup.partition_count",
      "response.partition_count", "response.app_id", "response.is_stateful", "partitions",
      "last_drops", "ballot", "last_committed_decree", "partition_flags", "host", "port",
      "primary", "replica_count", "secondaries", "invalid secondaries"};
  return kNames[D(d)];
}

absl::StatusOr<ConfigSpace> ConfigSpace::Build(const RuleConstants& k, int64_t max_configs) {
  ConfigSpace s;
  auto& v = s.dims_;
  using F = FactId;
  v[D(Dim::kRemoteCluster)] = StringValues(k, F::kDupRemoteClusterName, "target_cluster");
  v[D(Dim::kRemoteApp)] = StringValues(k, F::kDupRemoteAppName, "dup_test");
  v[D(Dim::kSourceApp)] = StringValues(k, F::kDupAppName, "dup_test");
  v[D(Dim::kRemoteReplicaCount)] = IntValues(k, {0}, {{F::kDupRemoteReplicaCount, 0}}, 0, 64);
  v[D(Dim::kRpcErr)] = ErrorValues(k, F::kRpcErr, "ERR_TIMEOUT");
  v[D(Dim::kResponseErr)] = ErrorValues(k, F::kResponseErr, "ERR_OBJECT_NOT_FOUND");
  v[D(Dim::kSourceCount)] = {{"= size(response.partitions)", 0},
                              {"= size(response.partitions) + 1", 1}};
  v[D(Dim::kDeclaredCount)] = {{"= size(response.partitions)", 0}};
  if (k.Mentions(F::kResponsePartitionCount))
    v[D(Dim::kDeclaredCount)].push_back({"= size(response.partitions) - 1", -1});
  v[D(Dim::kAppId)] = IntValues(k, {3}, {{F::kResponseAppId, 0}}, INT32_MIN, INT32_MAX);
  v[D(Dim::kStateful)] = {{"true", 1}};
  if (k.Mentions(F::kResponseIsStateful)) v[D(Dim::kStateful)].push_back({"false", 0});
  v[D(Dim::kLayout)] = Layouts(k);
  std::vector<int64_t> drops = {0};
  if (k.Mentions(F::kLastDrops)) drops = {0, 1, 2};
  v[D(Dim::kLastDrops)] = IntValues(k, drops, {{F::kLastDrops, 0}}, 0, kMaxSecondaries);
  v[D(Dim::kBallot)] = IntValues(k, {3}, {{F::kBallot, 0}}, INT64_MIN, INT64_MAX);
  v[D(Dim::kDecree)] = IntValues(k, {100}, {{F::kLastCommittedDecree, 0}}, INT64_MIN, INT64_MAX);
  v[D(Dim::kFlags)] = IntValues(k, {0}, {{F::kPartitionFlags, 0}}, INT32_MIN, INT32_MAX);
  v[D(Dim::kHost)] = StringValues(k, F::kAddressHost, kHosts[0]);
  v[D(Dim::kPort)] = IntValues(k, {34801}, {{F::kAddressPort, 0}}, 1, 65535);
  v[D(Dim::kPrimary)] = {{"alive", 1}, {"absent", 0}};
  // Any int32 a reply can carry, around the rules' constants: a corrupt reply's 0 or -1 too.
  v[D(Dim::kReplicaCount)] =
      IntValues(k, {1, 2, 3, 4, 5}, {{F::kMaxReplicaCount, 0}}, INT32_MIN, INT32_MAX);
  v[D(Dim::kSecondaries)] =
      IntValues(k, {0, 1, 2, 3, 4},
                {{F::kSecondaries, 0}, {F::kAliveSecondaries, 0}, {F::kAliveReplicas, -1},
                 {F::kAliveReplicas, 0}},
                0, kMaxSecondaries);
  int64_t max_secondaries = 0;
  for (const DimValue& d : v[D(Dim::kSecondaries)]) max_secondaries = std::max(max_secondaries, d.i);
  for (int64_t i = 0; i <= max_secondaries; ++i)
    v[D(Dim::kInvalidSecondaries)].push_back({absl::StrCat(i), i});

  // Crossed if it fits, else the extra dimensions one at a time.
  const int64_t core = s.CountCore();
  int64_t crossed = core, single = core;
  for (int d = 0; d < kNumDims; ++d) {
    if (!IsExtraDim(static_cast<Dim>(d))) continue;
    const int64_t n = static_cast<int64_t>(v[d].size());
    crossed = crossed > max_configs ? crossed : crossed * n;
    single += core * (n - 1);
  }
  if (core > max_configs || single > max_configs)
    return absl::ResourceExhaustedError(
        absl::StrCat("the rules compare facts with too many constants: ", single,
                     " configurations would be needed, the limit is ", max_configs));
  s.cross_extras_ = crossed <= max_configs;
  s.size_ = s.cross_extras_ ? crossed : single;
  return s;
}

int64_t ConfigSpace::CountCore() const {
  int64_t n = 1;
  for (int d = 0; d < kNumDims; ++d) {
    const Dim dim = static_cast<Dim>(d);
    if (IsExtraDim(dim) || dim == Dim::kSecondaries || dim == Dim::kInvalidSecondaries) continue;
    n *= static_cast<int64_t>(dims_[d].size());
  }
  int64_t pairs = 0;  // (secondaries, invalid) with invalid <= secondaries
  for (const DimValue& s : dims_[D(Dim::kSecondaries)]) pairs += s.i + 1;
  return n * pairs;
}

bool ConfigSpace::Contains(const Config& c) const {
  int off_default = 0;
  for (int d = 0; d < kNumDims; ++d) {
    if (c[d] >= dims_[d].size()) return false;
    if (IsExtraDim(static_cast<Dim>(d)) && c[d] != 0) ++off_default;
  }
  if (value(c, Dim::kInvalidSecondaries).i > value(c, Dim::kSecondaries).i) return false;
  return cross_extras_ || off_default <= 1;
}

void ConfigSpace::Odometer(Config c, const std::vector<int>& dims,
                           const std::function<void(const Config&)>& fn) const {
  for (int d : dims) c[d] = 0;
  for (;;) {
    if (value(c, Dim::kInvalidSecondaries).i <= value(c, Dim::kSecondaries).i) fn(c);
    size_t k = 0;
    for (; k < dims.size(); ++k) {
      const int d = dims[k];
      if (++c[d] < dims_[d].size()) break;
      c[d] = 0;
    }
    if (k == dims.size()) return;
  }
}

void ConfigSpace::ForEach(const std::function<void(const Config&)>& fn) const {
  std::vector<int> all, core, extras;
  // The subject's own dimensions vary fastest, so neighbours differ in one partition fact.
  for (int d = kNumDims - 1; d >= 0; --d) {
    all.push_back(d);
    (IsExtraDim(static_cast<Dim>(d)) ? extras : core).push_back(d);
  }
  Config base{};
  if (cross_extras_) return Odometer(base, all, fn);
  Odometer(base, core, fn);
  for (int e : extras) {
    for (size_t i = 1; i < dims_[e].size(); ++i) {
      Config c{};
      c[e] = static_cast<uint8_t>(i);
      Odometer(c, core, fn);
    }
  }
}

void ConfigSpace::BuildFacts(const Config& c, FollowerFacts* facts) const {
  facts->Clear();
  facts->app_name = value(c, Dim::kSourceApp).s;
  facts->remote_cluster_name = value(c, Dim::kRemoteCluster).s;
  facts->remote_app_name = value(c, Dim::kRemoteApp).s;
  const DimValue& layout = value(c, Dim::kLayout);
  const int n = static_cast<int>(layout.i);
  facts->partition_count = n + value(c, Dim::kSourceCount).i;
  facts->remote_replica_count = value(c, Dim::kRemoteReplicaCount).i;
  facts->rpc_err = value(c, Dim::kRpcErr).s;
  facts->response_err = value(c, Dim::kResponseErr).s;
  facts->app_id = value(c, Dim::kAppId).i;
  facts->response_partition_count = n + value(c, Dim::kDeclaredCount).i;
  facts->is_stateful = value(c, Dim::kStateful).i != 0;

  const bool own_host = c[D(Dim::kHost)] != 0;
  const int port = static_cast<int>(value(c, Dim::kPort).i);
  auto address = [&](int k, bool valid) {
    AddressFact a;
    if (!valid) return a;
    a.host = own_host ? std::string_view(value(c, Dim::kHost).s) : std::string_view(kHosts[k]);
    a.port = port;
    a.valid = true;
    return a;
  };
  AddressFact secondaries[kMaxSecondaries], drops[kMaxSecondaries];
  const int nsec = static_cast<int>(value(c, Dim::kSecondaries).i);
  const int invalid = static_cast<int>(value(c, Dim::kInvalidSecondaries).i);
  const int ndrops = static_cast<int>(value(c, Dim::kLastDrops).i);
  for (int k = 0; k < nsec; ++k) secondaries[k] = address(1 + k, k < nsec - invalid);
  for (int k = 0; k < ndrops; ++k) drops[k] = address(1 + k, true);
  AddressFact healthy[kHealthyReplicas - 1];
  for (int k = 0; k < kHealthyReplicas - 1; ++k) healthy[k] = address(1 + k, true);

  for (int p = 0; p < n; ++p) {
    if (layout.j < 0 || p == layout.j) {
      AppendPartition(facts, p, value(c, Dim::kBallot).i,
                      static_cast<int32_t>(value(c, Dim::kReplicaCount).i),
                      address(0, value(c, Dim::kPrimary).i != 0), secondaries, nsec, drops, ndrops,
                      value(c, Dim::kDecree).i, static_cast<int32_t>(value(c, Dim::kFlags).i));
    } else {
      AppendPartition(facts, p, 3, kHealthyReplicas, address(0, true), healthy,
                      kHealthyReplicas - 1, nullptr, 0, 100, 0);
    }
  }
}

std::string ConfigSpace::Describe(const Config& c) const {
  const DimValue& layout = value(c, Dim::kLayout);
  const bool one = layout.i == 1;
  std::string out = absl::StrCat(
      value(c, Dim::kRemoteCluster).s, ".", value(c, Dim::kRemoteApp).s, " (source ",
      value(c, Dim::kSourceApp).s, ", dup.partition_count ", layout.i + value(c, Dim::kSourceCount).i,
      "), rpc_err ", value(c, Dim::kRpcErr).s, ", response.err ", value(c, Dim::kResponseErr).s,
      "; ", layout.label);
  for (Dim d : {Dim::kRemoteReplicaCount, Dim::kDeclaredCount, Dim::kAppId, Dim::kStateful})
    if (values(d).size() > 1) absl::StrAppend(&out, ", ", DimName(d), " ", value(c, d).label);
  const int64_t pidx = layout.j >= 0 ? layout.j : 0;
  absl::StrAppend(&out, "; ", one || layout.j >= 0 ? absl::StrCat("pidx ", pidx) : "each",
                  ": replica_count ", value(c, Dim::kReplicaCount).i, ", primary ",
                  value(c, Dim::kPrimary).i ? "alive" : "absent");
  const int64_t nsec = value(c, Dim::kSecondaries).i, invalid = value(c, Dim::kInvalidSecondaries).i;
  absl::StrAppend(&out, ", ", nsec, nsec == 1 ? " secondary" : " secondaries");
  if (nsec > 0) absl::StrAppend(&out, invalid == 0 ? " (all valid)" : absl::StrCat(" (", invalid, " invalid)"));
  for (Dim d : {Dim::kLastDrops, Dim::kBallot, Dim::kDecree, Dim::kFlags, Dim::kHost, Dim::kPort})
    if (values(d).size() > 1) absl::StrAppend(&out, ", ", DimName(d), " ", value(c, d).label);
  return out;
}

std::string ConfigSpace::Summary() const {
  std::string out;
  for (int d = 0; d < kNumDims; ++d) {
    if (dims_[d].size() < 2) continue;
    std::vector<std::string> labels;
    for (size_t i = 0; i < dims_[d].size() && i < 12; ++i) labels.push_back(dims_[d][i].label);
    if (dims_[d].size() > 12) labels.push_back(absl::StrCat("... (", dims_[d].size(), " values)"));
    // Layout labels hold commas of their own.
    const char* sep = static_cast<Dim>(d) == Dim::kLayout ? "; " : ", ";
    absl::StrAppend(&out, "  ", DimName(static_cast<Dim>(d)), ": ", absl::StrJoin(labels, sep),
                    IsExtraDim(static_cast<Dim>(d)) && !cross_extras_ ? "  (one at a time)" : "",
                    "\n");
  }
  return out;
}

}  // namespace dupready
