// Links and exercises every library the engine uses, built offline from Debian's packages.
#include <cstdint>
#include <memory>
#include <string>

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "third_party/smoke/smoke.pb.h"
#include "third_party/testdata/SmokeService.h"
#include "third_party/testdata/smoke_constants.h"
#include "third_party/testdata/smoke_ext_types.h"
#include "third_party/testdata/smoke_types.h"

namespace {

absl::StatusOr<int> ParsePort(const std::string& address) {
  int port = 0;
  if (!RE2::FullMatch(address, R"([\w.-]+:(\d+))", &port)) {
    return absl::InvalidArgumentError(absl::StrCat("bad address: ", address));
  }
  return port;
}

TEST(SmokeTest, AbslAndRe2) {
  absl::StatusOr<int> port = ParsePort("replica1.example:34801");
  ASSERT_TRUE(port.ok()) << port.status();
  EXPECT_EQ(*port, 34801);
  EXPECT_EQ(ParsePort("no port").status().code(), absl::StatusCode::kInvalidArgument);

  absl::flat_hash_map<std::string, int> counts;
  absl::Mutex mu;
  {
    absl::MutexLock lock(&mu);
    counts["a"] += 2;
  }
  EXPECT_EQ(absl::StrFormat("%s=%d", "a", counts["a"]), "a=2");
}

TEST(SmokeTest, Protobuf) {
  dupready::smoke::Ping ping;
  ping.set_host("10.0.0.1");
  ping.set_port(34801);
  ping.add_decrees(42);
  ping.mutable_sent_at()->set_seconds(1700000000);
  std::string wire;
  ASSERT_TRUE(ping.SerializeToString(&wire));

  dupready::smoke::Ping back;
  ASSERT_TRUE(back.ParseFromString(wire));
  EXPECT_EQ(back.host(), "10.0.0.1");
  EXPECT_EQ(back.port(), 34801u);
  ASSERT_EQ(back.decrees_size(), 1);
  EXPECT_EQ(back.decrees(0), 42);
  EXPECT_EQ(back.sent_at().seconds(), 1700000000);
}

template <typename T>
T RoundTrip(const T& in) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  apache::thrift::protocol::TBinaryProtocol protocol(buffer);
  in.write(&protocol);
  T out;
  out.read(&protocol);
  return out;
}

TEST(SmokeTest, ThriftRoundTrip) {
  dupready::smoke::Point point;
  point.x = -5;
  point.__set_label("primary");
  point.ids = {1, 2, 3};
  point.color = dupready::smoke::Color::GREEN;

  dupready::smoke::Point back = RoundTrip(point);
  EXPECT_EQ(back, point);
  EXPECT_EQ(back.x, -5);
  EXPECT_TRUE(back.__isset.label);
  EXPECT_EQ(back.label, "primary");
  EXPECT_EQ(back.ids.size(), 3u);
  EXPECT_EQ(back.color, dupready::smoke::Color::GREEN);

  EXPECT_EQ(dupready::smoke::g_smoke_constants.SMOKE_VERSION, 7);

  dupready::smoke::Segment segment;
  segment.start = point;
  segment.finish.x = 9;
  dupready::smoke::Segment segment_back = RoundTrip(segment);
  EXPECT_EQ(segment_back.start.label, "primary");
  EXPECT_EQ(segment_back.finish.x, 9);
}

TEST(SmokeTest, ThriftClientCompiles) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  auto protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(buffer);
  dupready::smoke::SmokeServiceClient client(protocol);
  dupready::smoke::Point p;
  p.x = 1;
  client.send_echo(p);  // writes the call into the buffer
  EXPECT_GT(buffer->available_read(), 0u);
}

}  // namespace
