// Copyright 2026 The dupready Authors.
//
// Pegasus's binary layout for error_code, gpid, rpc_address and host_port: plain Thrift
// values written after a STRUCT field header, with no field headers or STOP byte of their own.

#include "meta_integration/wire/idl/pegasus_base_types.h"

#include <thrift/protocol/TProtocolException.h>

namespace dupready {
namespace pegasus_wire {
namespace {

using ::apache::thrift::protocol::TProtocol;
using ::apache::thrift::protocol::TProtocolException;

// Pegasus refuses (aborts on) group and unknown host types in both directions; so do we, but
// by throwing, which the codec catches.
void CheckWireHostType(uint64_t type, const char* what) {
  if (type != static_cast<uint64_t>(HostType::kInvalid) &&
      type != static_cast<uint64_t>(HostType::kIpv4)) {
    throw TProtocolException(TProtocolException::INVALID_DATA,
                             std::string(what) + " of host type " + std::to_string(type) +
                                 " (only 0 invalid and 1 IPv4 may be on the wire)");
  }
}

std::string HostTypeName(HostType type) {
  switch (type) {
    case HostType::kInvalid: return "invalid";
    case HostType::kGroup: return "group";
    default: return "type" + std::to_string(static_cast<int>(type));
  }
}

}  // namespace

uint32_t error_code::read(TProtocol* iprot) { return iprot->readString(name_); }

uint32_t error_code::write(TProtocol* oprot) const { return oprot->writeString(name_); }

gpid gpid::FromWire(int64_t value) {
  const uint64_t bits = static_cast<uint64_t>(value);
  return gpid(static_cast<int32_t>(static_cast<uint32_t>(bits & 0xFFFFFFFFu)),
              static_cast<int32_t>(static_cast<uint32_t>(bits >> 32)));
}

int64_t gpid::ToWire() const {
  const uint64_t bits = static_cast<uint64_t>(static_cast<uint32_t>(app_id_)) |
                        (static_cast<uint64_t>(static_cast<uint32_t>(partition_index_)) << 32);
  return static_cast<int64_t>(bits);
}

uint32_t gpid::read(TProtocol* iprot) {
  int64_t value = 0;
  const uint32_t bytes = iprot->readI64(value);
  *this = FromWire(value);
  return bytes;
}

uint32_t gpid::write(TProtocol* oprot) const { return oprot->writeI64(ToWire()); }

rpc_address rpc_address::Ipv4(uint32_t ipv4, uint16_t port) {
  rpc_address address;
  address.value_ = (static_cast<uint64_t>(ipv4) << 32) | (static_cast<uint64_t>(port) << 16) |
                   static_cast<uint64_t>(HostType::kIpv4);
  return address;
}

rpc_address rpc_address::FromWire(int64_t value) {
  rpc_address address;
  address.value_ = static_cast<uint64_t>(value);
  return address;
}

std::string rpc_address::ToString() const {
  if (type() != HostType::kIpv4) return HostTypeName(type());
  const uint32_t ip = ipv4();
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
         std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF) + ":" +
         std::to_string(port());
}

uint32_t rpc_address::read(TProtocol* iprot) {
  int64_t value = 0;
  const uint32_t bytes = iprot->readI64(value);
  CheckWireHostType(static_cast<uint64_t>(value) & 0x3, "rpc_address");
  value_ = static_cast<uint64_t>(value);
  return bytes;
}

uint32_t rpc_address::write(TProtocol* oprot) const {
  CheckWireHostType(value_ & 0x3, "rpc_address");
  return oprot->writeI64(static_cast<int64_t>(value_));
}

std::string host_port::ToString() const {
  if (type_ != HostType::kIpv4) return HostTypeName(type_);
  return host_ + ":" + std::to_string(port_);
}

uint32_t host_port::read(TProtocol* iprot) {
  std::string host;
  int16_t port = 0;
  int8_t type = 0;
  uint32_t bytes = iprot->readString(host);
  bytes += iprot->readI16(port);
  bytes += iprot->readByte(type);
  CheckWireHostType(static_cast<uint8_t>(type), "host_port");
  host_ = std::move(host);
  port_ = static_cast<uint16_t>(port);  // 34801 arrives as -30735
  type_ = static_cast<HostType>(type);
  return bytes;
}

uint32_t host_port::write(TProtocol* oprot) const {
  CheckWireHostType(static_cast<uint64_t>(type_), "host_port");
  uint32_t bytes = oprot->writeString(host_);
  bytes += oprot->writeI16(static_cast<int16_t>(port_));
  bytes += oprot->writeByte(static_cast<int8_t>(type_));
  return bytes;
}

std::ostream& operator<<(std::ostream& out, const error_code& value) { return out << value.name(); }

std::ostream& operator<<(std::ostream& out, const gpid& value) {
  return out << value.app_id() << "." << value.partition_index();
}

std::ostream& operator<<(std::ostream& out, const rpc_address& value) {
  return out << value.ToString();
}

std::ostream& operator<<(std::ostream& out, const host_port& value) {
  return out << value.ToString();
}

}  // namespace pegasus_wire
}  // namespace dupready
