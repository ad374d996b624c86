// Copyright 2026 The dupready Authors.
//
// sha256.h: SHA-256 (FIPS 180-4), for the content hash of rule bundles.
//
//   Sha256 h;
//   h.Update("ab");
//   h.Update("c");
//   std::string hex = h.HexDigest();  // "ba7816bf8f01cfea414140de5dae2223..."
//   Sha256Hex("abc") == hex;
//
// Written here rather than linked from OpenSSL so that the plugin carries no TLS library the
// host might also load in another version.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_SHA256_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dupready {

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  // The digest as 64 lowercase hex digits. Ends the computation: call once.
  std::string HexDigest();

 private:
  void Block(const uint8_t* p);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_SHA256_H_
