// Holds the plugin's direct decoder (ReplyDecoder: reply bytes -> facts in one bounded walk)
// to the generated-code path (DecodeQueryCfgResponse + ReplyFactsBuilder): on every input
// both give the same facts and partition index verdict, or the same error, with the default
// limits and with lowered ones (which reach the limits' errors, and lists over 64 entries
// reaching the facts).
#include <cstdint>
#include <cstdio>
#include <string>

#include "meta_integration/plugin/reply_oracle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  const DupContextView dup{"dup_test", "target_cluster", "dup_test_3", 4, 3};
  PegasusWireLimits lowered;
  lowered.max_depth = 5;
  lowered.max_partitions = 8;
  lowered.max_addresses_per_list = 100;
  lowered.max_string_bytes = 12;
  lowered.max_container_elements = 4;
  for (const PegasusWireLimits& limits : {PegasusWireLimits(), lowered}) {
    const std::string diff = testonly::CompareWithOracle(dup, "ERR_OK", data, size, limits);
    if (!diff.empty()) {
      std::fprintf(stderr, "reply_decoder disagrees with the generated code: %s\n", diff.c_str());
      __builtin_trap();
    }
  }
  return 0;
}
