// Fuzzes the rule loader (lex, parse, check, merge, compile) with arbitrary text, and runs
// whatever loads over a small follower, so random rule files are evaluated too.
#include <cstdint>
#include <string>

#include "engine/rule_set.h"
#include "engine/testing/follower.h"

namespace {

const char kBase[] =
    "table t: require rpc_err == ERR_OK else rpc_err\n"
    "partition p: require primary_alive else ERR_INACTIVE_STATE \"{pidx}\"\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  static testing::FactsHolder* follower = [] {
    testing::Follower f = testing::Follower::Healthy(3, 3);
    f.partitions[1].secondaries[0].valid = false;
    f.partitions[2].primary.valid = false;
    return new testing::FactsHolder(f);
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  FileReader read = [](const std::string& path) -> absl::StatusOr<std::string> {
    if (path == "base.rules") return std::string(kBase);
    return absl::NotFoundError("no such file");
  };
  Limits limits;
  limits.max_file_bytes = 1 << 16;
  auto rules = RuleSet::FromText("fuzz.rules", text, read, limits);
  if (!rules.ok()) return 0;
  Verdict v = (*rules)->Check(follower->facts());
  (void)(*rules)->Explain(follower->facts(), 1);
  if (!v.ready && v.error == "ERR_OK") __builtin_trap();  // a failure must never read as success
  return 0;
}
