// Fuzzes the snapshot JSON reader and the facts adapter, then judges what loads with the
// shipped default rules.
#include <cstdint>
#include <string>

#include "engine/rule_set.h"
#include "engine/snapshot/facts_adapter.h"
#include "engine/snapshot/snapshot_json.h"
#include "engine/testing/follower.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  static const RuleSet* rules = [] {
    auto r = RuleSet::Load("rules/default.rules", testing::ReadTestFile);
    if (!r.ok()) __builtin_trap();
    return r->release();
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(text, "fuzz.json");
  if (!snap.ok()) return 0;
  FollowerFacts facts;
  if (!BuildFacts(*snap, &facts).ok()) return 0;
  Verdict v = rules->Check(facts);
  if (!v.ready && v.error == "ERR_OK") __builtin_trap();
  return 0;
}
