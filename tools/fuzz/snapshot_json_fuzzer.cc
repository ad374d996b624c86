// Fuzzes the snapshot JSON reader and the facts adapter, then judges what loads with the
// shipped default rules.
#include <cstdint>
#include <string>

#include "engine/snapshot/facts_adapter.h"
#include "engine/snapshot/snapshot_json.h"
#include "tools/fuzz/default_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(text, "fuzz.json");
  if (!snap.ok()) return 0;
  FollowerFacts facts;
  if (!BuildFacts(*snap, &facts).ok()) return 0;
  fuzz::JudgeWithDefaultRules(facts);
  return 0;
}
