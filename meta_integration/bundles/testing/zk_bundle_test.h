// Copyright 2026 The dupready Authors.
//
// zk_bundle_test.h (tests only): a gtest fixture for tests of bundles in a real ZooKeeper.
//
//   class MyTest : public ZkBundleTest {};
//   TEST_F(MyTest, Something) {
//     const std::string name = Push(*BundleFromTexts({{"r", kRulesCallOk}}, "r"));
//     EXPECT_TRUE(Eventually([&] { return ...; }));
//   }
//
// Each test gets the binary's server (started again if a test before stopped it), a path of
// its own (/t/SUITE/TEST, as uri_), a client with a 3 s session (short, because some tests
// restart the server: see ConnectTestClient) and a BundleStore over it.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_TESTING_ZK_BUNDLE_TEST_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_TESTING_ZK_BUNDLE_TEST_H_

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/zk/testing/zk_test_server.h"

namespace dupready {

// Polls `done` every 10 ms until it holds or `limit` passes: for state another thread or
// process changes. Generous by default: the machine may be loaded, or under sanitizers.
template <typename F>
bool Eventually(F done, absl::Duration limit = absl::Seconds(60)) {
  const absl::Time end = absl::Now() + limit;
  while (absl::Now() < end) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return done();
}

class ZkBundleTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Pushes `bundle` under uri_; its name, or "" after a failed expectation.
  std::string Push(const bundles::Bundle& bundle);

  ZkTestServer* server_ = nullptr;
  std::string name_;  // the test's name
  std::string uri_;   // zk://HOST:PORT/t/SUITE/TEST
  std::unique_ptr<ZkClient> zk_;
  std::unique_ptr<BundleStore> store_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_TESTING_ZK_BUNDLE_TEST_H_
