// Copyright 2026 The dupready Authors.
//
// Replica addresses of a reply as engine facts: IPv4 text, safe hosts, the error naming them.

#include "meta_integration/plugin/address_facts.h"

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

// Writes the decimal digits of `v` (< 256) at `p`; returns the end.
char* Octet(uint32_t v, char* p) {
  if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
  if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
  *p++ = static_cast<char>('0' + v % 10);
  return p;
}

}  // namespace

std::string_view Ipv4Texts::Add(uint32_t ip) {
  if (used_ == blocks_.size() * kPerBlock) blocks_.emplace_back(new char[kPerBlock][16]);
  char* const text = blocks_[used_ / kPerBlock][used_ % kPerBlock];
  ++used_;
  char* p = Octet(ip >> 24, text);
  *p++ = '.';
  p = Octet((ip >> 16) & 0xFF, p);
  *p++ = '.';
  p = Octet((ip >> 8) & 0xFF, p);
  *p++ = '.';
  p = Octet(ip & 0xFF, p);
  return std::string_view(text, static_cast<size_t>(p - text));
}

absl::Status BadAddress(size_t partition, const char* field) {
  return absl::InvalidArgumentError(absl::StrCat("query_cfg_response.partitions[", partition, "].",
                                                 field, ": not a valid address, or longer than ",
                                                 kMaxAddressesPerList, " entries"));
}

}  // namespace dupready
