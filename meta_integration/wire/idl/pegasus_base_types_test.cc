// Copyright 2026 The dupready Authors.
//
// The hand-written Pegasus types against bytes written from the documented layout.

#include "meta_integration/wire/idl/pegasus_base_types.h"

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace pegasus_wire {
namespace {

using ::apache::thrift::protocol::TBinaryProtocol;
using ::apache::thrift::transport::TMemoryBuffer;
using testonly::FromHex;
using testonly::ToHex;

template <typename T>
std::string Write(const T& value) {
  auto buffer = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol protocol(buffer);
  value.write(&protocol);
  return buffer->getBufferAsString();
}

template <typename T>
T Read(const std::string& bytes) {
  auto buffer =
      std::make_shared<TMemoryBuffer>(reinterpret_cast<uint8_t*>(const_cast<char*>(bytes.data())),
                                      static_cast<uint32_t>(bytes.size()));
  TBinaryProtocol protocol(buffer);
  T value;
  value.read(&protocol);
  EXPECT_EQ(buffer->available_read(), 0u);
  return value;
}

TEST(PegasusBaseTypesTest, HostPortPortIsSignedOnTheWire) {
  struct Case {
    uint16_t port;
    const char* wire_port;
  };
  for (const Case& c : {Case{0, "0000"}, Case{32767, "7fff"}, Case{32768, "8000"},
                        Case{34601, "8729"}, Case{34801, "87f1"}, Case{65535, "ffff"}}) {
    const std::string wire = FromHex(std::string("00000001 68") + c.wire_port + "01");
    EXPECT_EQ(ToHex(Write(host_port("h", c.port))), ToHex(wire)) << c.port;
    const host_port read = Read<host_port>(wire);
    EXPECT_EQ(read.port(), c.port);
    EXPECT_EQ(read.host(), "h");
    EXPECT_EQ(read.type(), HostType::kIpv4);
  }
  EXPECT_EQ(ToHex(Write(host_port())), "00000000000000");
  EXPECT_FALSE(Read<host_port>(FromHex("00000000 0000 00")).is_valid());
}

TEST(PegasusBaseTypesTest, RpcAddressLayout) {
  const rpc_address a = rpc_address::Ipv4(0x0A000001, 34801);
  EXPECT_EQ(ToHex(Write(a)), "0a00000187f10001");
  EXPECT_EQ(a.ToString(), "10.0.0.1:34801");
  EXPECT_EQ(a.port(), 34801);
  EXPECT_EQ(a.ipv4(), 0x0A000001u);
  // Bits 2-15 are padding: kept as received so re-encoding reproduces the bytes.
  const rpc_address padded = Read<rpc_address>(FromHex("0a00000187f1fffd"));
  EXPECT_EQ(padded.ToString(), "10.0.0.1:34801");
  EXPECT_EQ(ToHex(Write(padded)), "0a00000187f1fffd");
  EXPECT_FALSE(Read<rpc_address>(FromHex("0000000000000000")).is_valid());
  EXPECT_EQ(rpc_address().ToString(), "invalid");
}

TEST(PegasusBaseTypesTest, GpidAndErrorCode) {
  EXPECT_EQ(ToHex(Write(gpid(3, 2))), "0000000200000003");
  EXPECT_EQ(ToHex(Write(gpid(-1, 0))), "00000000ffffffff");
  const gpid g = Read<gpid>(FromHex("fffffffe 00000007"));
  EXPECT_EQ(g.app_id(), 7);
  EXPECT_EQ(g.partition_index(), -2);
  EXPECT_EQ(ToHex(Write(error_code("ERR_OK"))), "000000064552525f4f4b");
  EXPECT_EQ(Read<error_code>(FromHex("00000006 4552525f4f4b")).name(), "ERR_OK");
  EXPECT_EQ(error_code().name(), "ERR_OK");
}

TEST(PegasusBaseTypesTest, GroupAndUnknownHostTypesThrow) {
  EXPECT_THROW(Read<rpc_address>(FromHex("0a00000187f10002")), std::exception);
  EXPECT_THROW(Read<rpc_address>(FromHex("0a00000187f10003")), std::exception);
  EXPECT_THROW(Read<host_port>(FromHex("00000000 0000 02")), std::exception);
  EXPECT_THROW(Write(rpc_address::FromWire(2)), std::exception);
  EXPECT_THROW(Write(host_port("h", 1, HostType::kGroup)), std::exception);
}

}  // namespace
}  // namespace pegasus_wire
}  // namespace dupready
