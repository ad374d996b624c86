// Compares two rule sets over the configuration space and splits the changes into exact
// classes (boxes of dimension values), each described in words.
#include "engine/analysis/verdict_diff.h"

#include <algorithm>
#include <map>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/analysis/config_space.h"
#include "engine/analysis/rule_constants.h"
#include "engine/rule_set.h"

namespace dupready {
namespace {

int D(Dim d) { return static_cast<int>(d); }

std::string Outcome(const Verdict& v) { return v.ready ? "ready" : v.error; }
bool SameVerdict(const Verdict& a, const Verdict& b) {
  return a.ready == b.ready && (a.ready || (a.error == b.error && a.partition == b.partition));
}

struct Changed {
  int group = -1;
  bool covered = false;
};

using Box = std::array<std::vector<uint8_t>, kNumDims>;  // sorted value indices per dimension

class ClassFinder {
 public:
  ClassFinder(const ConfigSpace& space, absl::flat_hash_map<Config, Changed>* changed)
      : space_(space), changed_(*changed) {}

  // The box grown from `seed` within `group`, or members 0 if the seed is not exact.
  int64_t Grow(const Config& seed, int group, int64_t remaining, Box* box) {
    for (int d = 0; d < kNumDims; ++d) (*box)[d] = {seed[d]};
    int64_t members = Members(*box, group, remaining);
    // Sweep the dimensions in order (context and table first, the subject's own last) until
    // no value can be added.
    for (bool grew = true; grew;) {
      grew = false;
      for (int d = 0; d < kNumDims; ++d) {
        for (size_t v = 0; v < space_.values(static_cast<Dim>(d)).size(); ++v) {
          auto& set = (*box)[d];
          if (std::find(set.begin(), set.end(), v) != set.end()) continue;
          set.push_back(static_cast<uint8_t>(v));
          std::sort(set.begin(), set.end());
          const int64_t m = Members(*box, group, remaining);
          if (m > members) {
            members = m;
            grew = true;
          } else {
            set.erase(std::find(set.begin(), set.end(), static_cast<uint8_t>(v)));
          }
        }
      }
    }
    return members;
  }

  // Marks every configuration of `box` covered.
  void Cover(const Box& box) {
    ForBox(box, [&](const Config& c) {
      auto it = changed_.find(c);
      if (it != changed_.end()) it->second.covered = true;
      return true;
    });
  }

 private:
  // How many configurations `box` holds if all of them changed as `group` and are not yet
  // covered; -1 if any other configuration is in it or it is too large to be one.
  int64_t Members(const Box& box, int group, int64_t remaining) {
    int64_t product = 1;
    for (const auto& set : box) product *= static_cast<int64_t>(set.size());
    if (product > 8 * remaining + 64) return -1;  // more combinations than could be members
    int64_t n = 0;
    const bool ok = ForBox(box, [&](const Config& c) {
      if (!space_.Contains(c)) return true;
      auto it = changed_.find(c);
      if (it == changed_.end() || it->second.group != group || it->second.covered) return false;
      ++n;
      return true;
    });
    return ok ? n : -1;
  }

  // Calls fn on each combination of the box until it returns false; false then.
  template <typename Fn>
  bool ForBox(const Box& box, Fn fn) {
    std::array<size_t, kNumDims> pos{};
    Config c;
    for (;;) {
      for (int d = 0; d < kNumDims; ++d) c[d] = box[d][pos[d]];
      if (!fn(c)) return false;
      int d = 0;
      for (; d < kNumDims; ++d) {
        if (++pos[d] < box[d].size()) break;
        pos[d] = 0;
      }
      if (d == kNumDims) return true;
    }
  }

  const ConfigSpace& space_;
  absl::flat_hash_map<Config, Changed>& changed_;
};

// "1", "3-5", "1, 3, 4-5" from numbers.
std::string Ranges(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  std::vector<std::string> parts;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    parts.push_back(j == i ? absl::StrCat(v[i]) : absl::StrCat(v[i], "-", v[j]));
    i = j + 1;
  }
  return absl::StrJoin(parts, ", ");
}

class Describer {
 public:
  explicit Describer(const ConfigSpace& space) : space_(space) {}

  std::vector<std::string> Where(const Box& box) {
    std::vector<std::string> out;
    for (Dim d : {Dim::kReplicaCount, Dim::kPrimary}) Add(box, d, &out);
    Secondaries(box, &out);
    for (Dim d : {Dim::kLastDrops, Dim::kBallot, Dim::kDecree, Dim::kFlags, Dim::kHost,
                  Dim::kPort, Dim::kLayout, Dim::kRpcErr, Dim::kResponseErr, Dim::kSourceCount,
                  Dim::kDeclaredCount, Dim::kAppId, Dim::kStateful, Dim::kRemoteReplicaCount,
                  Dim::kRemoteCluster, Dim::kRemoteApp, Dim::kSourceApp})
      Add(box, d, &out);
    if (out.empty()) out.push_back("every configuration");
    return out;
  }

 private:
  bool Full(const Box& box, Dim d) const { return box[D(d)].size() == space_.values(d).size(); }

  void Add(const Box& box, Dim d, std::vector<std::string>* out) const {
    if (Full(box, d)) return;
    const auto& values = space_.values(d);
    const auto& set = box[D(d)];
    const std::string name = ConfigSpace::DimName(d);
    switch (d) {
      case Dim::kPrimary:  // two values, one of them in the box
        out->push_back(absl::StrCat("primary ", values[set[0]].label));
        return;
      case Dim::kReplicaCount: case Dim::kLastDrops: case Dim::kBallot: case Dim::kDecree:
      case Dim::kFlags: case Dim::kPort: case Dim::kAppId: case Dim::kRemoteReplicaCount: {
        std::vector<int64_t> v;
        for (uint8_t i : set) v.push_back(values[i].i);
        out->push_back(absl::StrCat(name, v.size() == 1 ? " = " : " in ", Ranges(v)));
        return;
      }
      case Dim::kSourceCount: case Dim::kDeclaredCount:
        out->push_back(absl::StrCat(name, " ", values[set[0]].label));  // two values: one in
        return;
      default:
        break;
    }
    if (set.size() == 1) {
      out->push_back(d == Dim::kLayout ? values[set[0]].label
                                       : absl::StrCat(name, " = ", values[set[0]].label));
    } else if (set.size() + 1 == values.size() && d != Dim::kLayout) {
      for (size_t i = 0; i < values.size(); ++i)
        if (std::find(set.begin(), set.end(), i) == set.end())
          out->push_back(absl::StrCat(name, " != ", values[i].label));
    } else {
      std::vector<std::string> labels;
      for (uint8_t i : set) labels.push_back(values[i].label);
      out->push_back(d == Dim::kLayout
                         ? absl::StrJoin(labels, ", or ")
                         : absl::StrCat(name, " in {", absl::StrJoin(labels, ", "), "}"));
    }
  }

  void Secondaries(const Box& box, std::vector<std::string>* out) const {
    const auto& sv = space_.values(Dim::kSecondaries);
    std::vector<int64_t> counts, invalid;
    for (uint8_t i : box[D(Dim::kSecondaries)]) counts.push_back(sv[i].i);
    for (uint8_t i : box[D(Dim::kInvalidSecondaries)]) invalid.push_back(i);
    const int64_t max = *std::max_element(counts.begin(), counts.end());
    const bool all_counts = Full(box, Dim::kSecondaries);
    // Validity: which invalid counts the box allows, against those possible.
    std::string validity;
    if (max > 0) {
      auto has = [&](int64_t k) { return std::find(invalid.begin(), invalid.end(), k) != invalid.end(); };
      bool any = true, some_invalid = !has(0);
      for (int64_t k = 0; k <= max; ++k) any = any && has(k);
      for (int64_t k = 1; k <= max; ++k) some_invalid = some_invalid && has(k);
      if (any) validity = "";
      else if (invalid == std::vector<int64_t>{0}) validity = "all valid";
      else if (counts.size() == 1 && invalid == std::vector<int64_t>{max}) validity = "all invalid";
      else if (some_invalid) validity = "at least one invalid";
      else validity = absl::StrCat(Ranges(invalid), " of them invalid");
    }
    if (all_counts && validity.empty()) return;
    std::string count;
    if (all_counts) count = "any number of secondaries";
    else if (max == 0) count = "no secondaries";
    else count = absl::StrCat(Ranges(counts), max == 1 && counts.size() == 1 ? " secondary" : " secondaries");
    out->push_back(validity.empty() ? count : absl::StrCat(count, ", ", validity));
  }

  const ConfigSpace& space_;
};

}  // namespace

absl::StatusOr<DiffResult> DiffRuleFiles(const std::string& old_path, const std::string& new_path,
                                         const FileReader& read, const Limits& limits,
                                         const DiffOptions& options) {
  // The syntax trees give the constants; the rule sets evaluate.
  RuleConstants constants;
  for (const std::string* path : {&old_path, &new_path}) {
    absl::StatusOr<MergedRules> merged = LoadRules(*path, read, limits);
    if (!merged.ok()) return merged.status();
    CollectRuleConstants(*merged, &constants);
  }
  absl::StatusOr<std::unique_ptr<const RuleSet>> old_rules = RuleSet::Load(old_path, read, limits);
  if (!old_rules.ok()) return old_rules.status();
  absl::StatusOr<std::unique_ptr<const RuleSet>> new_rules = RuleSet::Load(new_path, read, limits);
  if (!new_rules.ok()) return new_rules.status();
  absl::StatusOr<ConfigSpace> space = ConfigSpace::Build(constants, options.max_configs);
  if (!space.ok()) return space.status();

  DiffResult result;
  result.space = space->Summary();
  FollowerFacts facts;
  EvalScratch scratch;
  Verdict a, b;
  std::map<std::pair<std::string, std::string>, int> groups;  // (from, to) -> group
  std::vector<std::pair<std::string, std::string>> group_names;
  std::vector<int64_t> group_sizes;
  std::vector<Config> order;  // changed configurations, in enumeration order
  absl::flat_hash_map<Config, Changed> changed;
  space->ForEach([&](const Config& c) {
    space->BuildFacts(c, &facts);
    (*old_rules)->Check(facts, &scratch, &a);
    (*new_rules)->Check(facts, &scratch, &b);
    ++result.configs;
    if (SameVerdict(a, b)) return;
    auto key = std::make_pair(Outcome(a), Outcome(b));
    auto [it, fresh] = groups.emplace(key, static_cast<int>(group_names.size()));
    if (fresh) {
      group_names.push_back(key);
      group_sizes.push_back(0);
    }
    ++group_sizes[it->second];
    changed[c] = Changed{it->second, false};
    order.push_back(c);
  });
  result.changed = static_cast<int64_t>(order.size());

  ClassFinder finder(*space, &changed);
  Describer describer(*space);
  std::vector<int64_t> remaining = group_sizes;
  for (size_t g = 0; g < group_names.size(); ++g) {
    for (const Config& seed : order) {
      Changed& entry = changed[seed];
      if (entry.group != static_cast<int>(g) || entry.covered) continue;
      Box box;
      int64_t members = finder.Grow(seed, static_cast<int>(g), remaining[g], &box);
      if (members <= 0) {  // cannot happen for a changed seed; count it alone
        for (int d = 0; d < kNumDims; ++d) box[d] = {seed[d]};
        members = 1;
      }
      finder.Cover(box);
      remaining[g] -= members;
      if (static_cast<int>(result.classes.size()) >= options.max_classes) {
        ++result.classes_omitted;
        continue;
      }
      DiffClass cls;
      cls.from = group_names[g].first;
      cls.to = group_names[g].second;
      cls.count = members;
      cls.where = describer.Where(box);
      cls.example = space->Describe(seed);
      space->BuildFacts(seed, &facts);
      cls.old_verdict = (*old_rules)->Check(facts);
      cls.new_verdict = (*new_rules)->Check(facts);
      result.classes.push_back(std::move(cls));
    }
  }
  return result;
}

}  // namespace dupready
