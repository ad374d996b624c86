// Copyright 2026 The dupready Authors.
//
// hardening_test_util.h (tests only): small helpers shared by the hardening tests of the plugin:
// the seed's follower reply, and reading one value out of the stats JSON.

#ifndef DUPREADY_META_INTEGRATION_TESTING_HARDENING_TEST_UTIL_H_
#define DUPREADY_META_INTEGRATION_TESTING_HARDENING_TEST_UTIL_H_

#include <string>

namespace dupready {
namespace testonly {

// The single-replica follower of the seed scenario: `partitions` partitions with `replicas` replicas each
// configured, a primary on every partition and `secondaries` valid secondaries each, encoded
// as a current Pegasus meta server sends it.
std::string FollowerReply(int partitions, int replicas, int secondaries);

// The raw value of "key" in a flat JSON object such as dupready_stats_json's output:
// "\"abc\"" for a string, "12" for a number; "" when absent.
std::string JsonField(const std::string& json, const std::string& key);

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_HARDENING_TEST_UTIL_H_
