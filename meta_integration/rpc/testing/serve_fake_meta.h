// Copyright 2026 The dupready Authors.
//
// serve_fake_meta.h (tests only): starts a FakeMetaServer on an ephemeral port inside a gtest
// test; a failure to start fails the test and yields null.
//
//   FakeMetaBehavior b;
//   b.app_name = "orders";
//   std::unique_ptr<FakeMetaServer> leader = ServeFakeMeta(b);
//   ASSERT_NE(leader, nullptr);

#ifndef DUPREADY_META_INTEGRATION_RPC_TESTING_SERVE_FAKE_META_H_
#define DUPREADY_META_INTEGRATION_RPC_TESTING_SERVE_FAKE_META_H_

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"

namespace dupready {

// A server stops when it is destroyed; `lifetime` only bounds one a test forgets, and is long
// enough for the longest test that uses one (doctor's).
inline std::unique_ptr<FakeMetaServer> ServeFakeMeta(FakeMetaBehavior b,
                                                     absl::Duration lifetime = absl::Seconds(120)) {
  absl::StatusOr<std::unique_ptr<FakeMetaServer>> s =
      FakeMetaServer::Start(std::move(b), 0, lifetime);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_TESTING_SERVE_FAKE_META_H_
