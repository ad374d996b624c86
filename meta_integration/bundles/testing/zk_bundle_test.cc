// ZkBundleTest: the shared server, a path per test, a client and a store.
#include "meta_integration/bundles/testing/zk_bundle_test.h"

#include "absl/strings/str_cat.h"

namespace dupready {

void ZkBundleTest::SetUp() {
  absl::StatusOr<ZkTestServer*> server = SharedZkTestServer();
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *server;
  ASSERT_TRUE(server_->Start().ok()) << server_->LogTail();
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  name_ = info->name();
  uri_ = absl::StrCat("zk://", server_->hosts(), "/t/", info->test_suite_name(), "/", name_);
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ConnectTestClient(*server_, nullptr, 3000);
  ASSERT_TRUE(zk.ok()) << zk.status();
  zk_ = *std::move(zk);
  store_ =
      std::make_unique<BundleStore>(zk_.get(), *ParseBundleUri(uri_), absl::Seconds(30), Limits());
}

std::string ZkBundleTest::Push(const bundles::Bundle& bundle) {
  absl::StatusOr<BundleStore::PushResult> r = store_->Push(bundle);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? r->name : "";
}

}  // namespace dupready
