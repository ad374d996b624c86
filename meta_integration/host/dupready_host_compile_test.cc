// dupready_host.h compiled on its own in the language mode BUILD gives, then used: load the
// plugin, open the default rules, check a follower whose RPC failed, read the counters.
#include "meta_integration/host/dupready_host.h"

#include <cstdio>

static_assert(__cplusplus == DUPREADY_EXPECT_CPLUSPLUS, "compiled in another language mode");

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLUGIN_SO\n", argv[0]);
    return 2;
  }
  std::shared_ptr<const dupready::host::Plugin> plugin;
  std::unique_ptr<dupready::host::Checker> checker;
  std::string error;
  if (!dupready::host::Plugin::Load(argv[1], &plugin, &error) ||
      !dupready::host::Checker::Open(plugin, "rules/default.rules", "", &checker, &error)) {
    std::fprintf(stderr, "load: %s\n", error.c_str());
    return 1;
  }
  const dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 3};
  dupready::host::Verdict v;
  if (!checker->Check(dup, "ERR_TIMEOUT", nullptr, 0, &v) || v.ready ||
      v.error != "ERR_TIMEOUT" || v.rule != "remote_call_ok") {
    std::fprintf(stderr, "check: ready=%d error=%s rule=%s\n", v.ready, v.error.c_str(),
                 v.rule.c_str());
    return 1;
  }
  std::string stats;
  if (!checker->StatsJson(&stats) || stats.find("\"checks\":1,") == std::string::npos) {
    std::fprintf(stderr, "stats: %s\n", stats.c_str());
    return 1;
  }
  std::printf("ok (__cplusplus %ld)\n", static_cast<long>(__cplusplus));
  return 0;
}
