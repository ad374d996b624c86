// SHA-256 against FIPS 180-4's examples and NIST's long-message vector, whole and in pieces.
#include "meta_integration/bundles/sha256.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Every split of a 130-byte text, around the 55/56/64-byte padding edges, gives one digest.
TEST(Sha256Test, PiecesEqualTheWhole) {
  std::string text;
  for (int i = 0; i < 130; ++i) text.push_back(static_cast<char>('a' + i % 26));
  for (size_t len : {55u, 56u, 63u, 64u, 65u, 119u, 120u, 130u}) {
    const std::string whole = Sha256Hex(text.substr(0, len));
    for (size_t cut = 0; cut <= len; ++cut) {
      Sha256 h;
      h.Update(text.substr(0, cut));
      h.Update(text.substr(cut, len - cut));
      EXPECT_EQ(h.HexDigest(), whole) << "len " << len << " cut " << cut;
    }
  }
}

}  // namespace
}  // namespace dupready
