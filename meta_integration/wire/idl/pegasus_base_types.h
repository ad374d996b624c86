// Copyright 2026 The dupready Authors.
//
// pegasus_base_types.h: hand-written C++ for the four Pegasus types that Thrift cannot describe
// (declared as empty structs in pegasus_base.thrift). The Thrift compiler is never run on
// pegasus_base.thrift; the code it generates for pegasus_layer2.thrift includes this file by
// the name it would have produced ("pegasus_base_types.h") and calls read()/write() on these
// classes for fields whose wire type is STRUCT. That keeps every real struct generated while
// the four odd values get Pegasus's byte layout (meta_integration/PEGASUS.md, "Thrift binary
// dialect"):
//
//   error_code   string: the error's name, e.g. "ERR_OK"
//   gpid         i64: low 32 bits app_id, high 32 bits partition_index
//   rpc_address  i64: bits 0-1 type, bits 16-31 port, bits 32-63 IPv4 address (host order)
//   host_port    string host, i16 port (signed on the wire, read back as uint16), byte type
//
// Only Thrift's binary protocol is supported (Pegasus's JSON form of these types is not).
// read() and write() throw TProtocolException for a host type other than invalid (0) or
// IPv4 (1), as Pegasus refuses those too; the codec (pegasus_codec.h) turns that into a Status.

#ifndef DUPREADY_META_INTEGRATION_WIRE_IDL_PEGASUS_BASE_TYPES_H_
#define DUPREADY_META_INTEGRATION_WIRE_IDL_PEGASUS_BASE_TYPES_H_

#include <thrift/protocol/TProtocol.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>

namespace dupready {
namespace pegasus_wire {

// The host types Pegasus uses in rpc_address and host_port. Only kInvalid and kIpv4 may be on
// the wire; kIpv4 is also what a host_port holding a hostname carries.
enum class HostType : uint8_t { kInvalid = 0, kIpv4 = 1, kGroup = 2 };

// A Pegasus error, carried by name. Default: "ERR_OK", as in Pegasus (an absent err field
// therefore reads as success, exactly as Pegasus itself would read it).
class error_code {
 public:
  error_code() : name_("ERR_OK") {}
  explicit error_code(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  uint32_t read(::apache::thrift::protocol::TProtocol* iprot);
  uint32_t write(::apache::thrift::protocol::TProtocol* oprot) const;

  bool operator==(const error_code& other) const { return name_ == other.name_; }
  bool operator!=(const error_code& other) const { return !(*this == other); }

 private:
  std::string name_;
};

// A partition id: (app_id, partition_index). Default (0, 0).
class gpid {
 public:
  gpid() = default;
  gpid(int32_t app_id, int32_t partition_index)
      : app_id_(app_id), partition_index_(partition_index) {}

  // The i64 on the wire: app_id in the low 32 bits, partition_index in the high 32 bits.
  static gpid FromWire(int64_t value);
  int64_t ToWire() const;

  int32_t app_id() const { return app_id_; }
  int32_t partition_index() const { return partition_index_; }

  uint32_t read(::apache::thrift::protocol::TProtocol* iprot);
  uint32_t write(::apache::thrift::protocol::TProtocol* oprot) const;

  bool operator==(const gpid& other) const {
    return app_id_ == other.app_id_ && partition_index_ == other.partition_index_;
  }
  bool operator!=(const gpid& other) const { return !(*this == other); }

 private:
  int32_t app_id_ = 0;
  int32_t partition_index_ = 0;
};

// An IPv4 address and port packed in 64 bits. The raw value is kept as received (Pegasus
// ignores bits 2-15), so decoding then encoding reproduces the bytes. Default: 0, invalid.
class rpc_address {
 public:
  rpc_address() = default;

  // An IPv4 address; `ipv4` in host order (10.0.0.1 is 0x0A000001).
  static rpc_address Ipv4(uint32_t ipv4, uint16_t port);
  static rpc_address FromWire(int64_t value);
  int64_t ToWire() const { return static_cast<int64_t>(value_); }

  HostType type() const { return static_cast<HostType>(value_ & 0x3); }
  bool is_valid() const { return type() != HostType::kInvalid; }
  uint32_t ipv4() const { return static_cast<uint32_t>(value_ >> 32); }
  uint16_t port() const { return static_cast<uint16_t>(value_ >> 16); }
  // "a.b.c.d:port", or "invalid" / "group" / "type3".
  std::string ToString() const;

  uint32_t read(::apache::thrift::protocol::TProtocol* iprot);
  uint32_t write(::apache::thrift::protocol::TProtocol* oprot) const;

  bool operator==(const rpc_address& other) const { return value_ == other.value_; }
  bool operator!=(const rpc_address& other) const { return !(*this == other); }

 private:
  uint64_t value_ = 0;
};

// A hostname (or IPv4 literal) and port. Default: the invalid one (empty host, port 0, type 0).
class host_port {
 public:
  host_port() = default;
  // A valid host_port (type kIpv4, as Pegasus marks every resolvable host).
  host_port(std::string host, uint16_t port)
      : host_(std::move(host)), port_(port), type_(HostType::kIpv4) {}
  // Any combination, for tests that need odd values.
  host_port(std::string host, uint16_t port, HostType type)
      : host_(std::move(host)), port_(port), type_(type) {}

  const std::string& host() const { return host_; }
  uint16_t port() const { return port_; }
  HostType type() const { return type_; }
  bool is_valid() const { return type_ != HostType::kInvalid; }
  // "host:port", or "invalid" / "group" / "type3".
  std::string ToString() const;

  uint32_t read(::apache::thrift::protocol::TProtocol* iprot);
  uint32_t write(::apache::thrift::protocol::TProtocol* oprot) const;

  bool operator==(const host_port& other) const {
    return host_ == other.host_ && port_ == other.port_ && type_ == other.type_;
  }
  bool operator!=(const host_port& other) const { return !(*this == other); }

 private:
  std::string host_;
  uint16_t port_ = 0;
  HostType type_ = HostType::kInvalid;
};

// For the generated printTo() (via apache::thrift::to_string) and for test failure messages.
std::ostream& operator<<(std::ostream& out, const error_code& value);
std::ostream& operator<<(std::ostream& out, const gpid& value);
std::ostream& operator<<(std::ostream& out, const rpc_address& value);
std::ostream& operator<<(std::ostream& out, const host_port& value);

}  // namespace pegasus_wire
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_IDL_PEGASUS_BASE_TYPES_H_
