// Random rule files and followers for lint's property tests.
#include "engine/lint/rule_gen.h"

#include "absl/strings/str_cat.h"

namespace dupready {
namespace testing {
namespace {

const char* const kAtoms[] = {
    "primary_alive",          "size(secondaries) >= 1",       "size(secondaries) >= 2",
    "replica_count > 1",      "replica_count >= 3",           "replica_count == 1",
    "all(secondaries, s, s.valid)", "alive_replicas == replica_count", "true",
    "size(secondaries) >= 0", "pidx / (replica_count - 1) >= 0", "false",
    "alive_secondaries < 0",  "replica_count < 2 or replica_count >= 2"};
constexpr int kNumAtoms = sizeof(kAtoms) / sizeof(kAtoms[0]);

const char* const kDefaultRules[] = {"remote_call_ok", "remote_answer_ok",
                                     "partition_count_matches", "primary_alive",
                                     "enough_members", "secondaries_alive"};
constexpr int kNumDefaultRules = 6;
constexpr int kDefaultTableRules = 3;

const char* const kTableConds[] = {"true", "rpc_err == ERR_OK", "response.err != ERR_OK",
                                   "size(response.partitions) >= 2"};

}  // namespace

std::string RuleGen::Cond() {
  const std::string a = kAtoms[Pick(kNumAtoms)];
  switch (Pick(5)) {
    case 0: return "(" + a + ") and (" + kAtoms[Pick(kNumAtoms)] + ")";
    case 1: return "(" + a + ") or (" + kAtoms[Pick(kNumAtoms)] + ")";
    case 2: return "not (" + a + ")";
    default: return a;
  }
}

std::string RuleGen::PartitionRule(const std::string& header, bool allow_final) {
  std::string text = absl::StrCat(allow_final && Pick(6) == 0 ? "final " : "", header, ":\n");
  // Parenthesised: a guard ending in a name would call it on a condition starting with '('.
  if (Pick(2)) absl::StrAppend(&text, "  when (", Cond(), ")\n");
  if (Pick(10) < 3) {
    absl::StrAppend(&text, "  ", Cond(), " suffices\n");
  } else {
    absl::StrAppend(&text, "  require ", Cond(), "\n  else ERR_NOT_ENOUGH_MEMBER \"r\"\n");
  }
  return text;
}

std::string RuleGen::File() {
  std::string text;
  if (Pick(8) == 0) text += "table early:\n  " + std::string(kTableConds[Pick(4)]) + " suffices\n";
  if (Pick(8) != 0) {
    text += std::string(Pick(4) == 0 ? "final " : "") +
            "table call_ok:\n  require rpc_err == ERR_OK\n  else rpc_err\n";
  }
  if (Pick(2))
    text += "table count_ok:\n  require size(response.partitions) >= 1\n  else ERR_INCONSISTENT_STATE\n";
  if (Pick(4) == 0)
    text += "table accept:\n  " + std::string(Pick(2) ? "true" : "rpc_err == ERR_OK") + " suffices\n";
  const int n = 2 + Pick(5);
  for (int i = 0; i < n; ++i) text += PartitionRule(absl::StrCat("partition p", i), true);
  return text;
}

std::string RuleGen::Overlay(const std::string& base) {
  std::string text = absl::StrCat("extend \"", base, "\"\n");
  std::vector<std::string> lowered;
  const int n = 1 + Pick(5);
  for (int i = 0; i < n; ++i) {
    const bool scoped = Pick(3) == 0;
    std::string body;
    const int rule = Pick(kNumDefaultRules);
    const std::string name = kDefaultRules[rule];
    const bool table = rule < kDefaultTableRules;
    switch (Pick(6)) {
      case 0:  // lower the floor (only the final rules can be lowered)
        if (rule <= 3) body = absl::StrCat("unfinal ", name, " \"generated\"\n");
        break;
      case 1:
        body = absl::StrCat("disable ", name, "\n");
        break;
      case 2:
        body = table ? absl::StrCat("replace table ", name, ":\n  ", kTableConds[Pick(4)],
                                    " suffices\n")
                     : PartitionRule(absl::StrCat("replace partition ", name), false);
        break;
      case 3:
        body = absl::StrCat("table t", i, " before ", kDefaultRules[Pick(kDefaultTableRules)],
                            ":\n  ", kTableConds[Pick(4)], " suffices\n");
        break;
      default:
        body = PartitionRule(absl::StrCat("partition p", i, Pick(2) ? " before " : " after ",
                                          kDefaultRules[kDefaultTableRules +
                                                        Pick(kNumDefaultRules - kDefaultTableRules)]),
                             true);
        break;
    }
    if (body.empty()) continue;
    text += scoped ? absl::StrCat("scope dup.remote_cluster_name == \"lab\" {\n", body, "}\n") : body;
  }
  return text;
}

std::vector<FollowerTable> RandomFollowers(uint32_t seed, int count, bool bad) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  std::vector<FollowerTable> out;
  for (int i = 0; i < count; ++i) {
    FollowerTable f;
    const int n = 1 + pick(3);
    f.partition_count = n;
    if (pick(10) == 0) f.rpc_err = "ERR_TIMEOUT";
    if (bad) {
      if (pick(10) == 0) f.response_err = "ERR_OBJECT_NOT_FOUND";
      if (pick(10) == 0) f.partition_count = n + 1;
      if (pick(4) == 0) f.remote_cluster_name = "lab";
    }
    const int uniform = pick(3) == 0 ? 1 + pick(5) : 0;  // sometimes one replica count for all
    for (int p = 0; p < n; ++p) {
      PartitionConfig part;
      part.pidx = p;
      part.max_replica_count = uniform ? uniform : 1 + pick(5);
      part.primary = testing::Address(pick(4) != 0);
      const int secondaries = pick(4);
      for (int s = 0; s < secondaries; ++s) part.secondaries.push_back(Address(pick(4) != 0));
      f.partitions.push_back(part);
    }
    out.push_back(f);
  }
  return out;
}

bool MustNotBeReady(const FollowerTable& f) {
  if (f.rpc_err != "ERR_OK" || f.response_err != "ERR_OK") return true;
  if (static_cast<int>(f.partitions.size()) != f.partition_count) return true;
  for (const PartitionConfig& p : f.partitions)
    if (!p.primary.valid()) return true;
  return false;
}

}  // namespace testing
}  // namespace dupready
