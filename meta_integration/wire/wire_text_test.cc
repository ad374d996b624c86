// What text from the wire may be: every byte value, and the length bounds, for error names,
// hosts, and table and cluster names.
#include "meta_integration/wire/wire_text.h"

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

bool Alnum(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

TEST(WireTextTest, EveryByteValue) {
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    const std::string inside = "ab" + one + "cd";
    EXPECT_EQ(IsSafeErrorName(one), Alnum(c) || c == '_') << c;
    EXPECT_EQ(IsSafeErrorName(inside), Alnum(c) || c == '_') << c;
    EXPECT_EQ(IsSafeHost(one), Alnum(c) || c == '_' || c == '.' || c == '-') << c;
    EXPECT_EQ(IsSafeHost(inside), Alnum(c) || c == '_' || c == '.' || c == '-') << c;
    EXPECT_EQ(IsSafeName(one), Alnum(c) || c == '_' || c == '.' || c == ':' || c == '-') << c;
    EXPECT_EQ(IsSafeName(inside), Alnum(c) || c == '_' || c == '.' || c == ':' || c == '-') << c;
  }
}

// Hosts inside a larger buffer: every length, every bad byte at every place, the buffer
// ending right after the host or going on with bytes that must not count.
TEST(WireTextTest, HostsInsideABuffer) {
  for (size_t n = 1; n <= 40; ++n) {
    for (bool room_after : {false, true}) {
      std::string buffer(n, 'a');
      if (room_after) buffer += std::string(20, '\n');  // unsafe, but not part of the host
      const std::string_view host(buffer.data(), n);
      const char* const end = buffer.data() + buffer.size();
      EXPECT_TRUE(IsSafeHost(host, end)) << n;
      for (size_t at = 0; at < n; ++at) {
        for (int c : {0, 10, 32, '/' + 0, ':' + 0, '@' + 0, '[' + 0, '`' + 0, '{' + 0, 0x7f, 0x80, 0xff}) {
          buffer[at] = static_cast<char>(c);
          EXPECT_FALSE(IsSafeHost(host, end)) << n << " " << at << " " << c;
          EXPECT_FALSE(IsSafeHost(host)) << n << " " << at << " " << c;
        }
        for (char c : {'a', 'z', 'A', 'Z', '0', '9', '.', '-', '_'}) {
          buffer[at] = static_cast<char>(c);
          EXPECT_TRUE(IsSafeHost(host, end)) << n << " " << at << " " << c;
        }
        buffer[at] = 'a';
      }
    }
  }
  const std::string longest(kMaxHostBytes + 20, 'h');
  EXPECT_TRUE(IsSafeHost(std::string_view(longest.data(), kMaxHostBytes), longest.data() + longest.size()));
  EXPECT_FALSE(
      IsSafeHost(std::string_view(longest.data(), kMaxHostBytes + 1), longest.data() + longest.size()));
}

TEST(WireTextTest, Lengths) {
  EXPECT_FALSE(IsSafeErrorName(""));
  EXPECT_TRUE(IsSafeErrorName(std::string(kMaxErrorNameBytes, 'E')));
  EXPECT_FALSE(IsSafeErrorName(std::string(kMaxErrorNameBytes + 1, 'E')));
  EXPECT_FALSE(IsSafeHost(""));
  EXPECT_TRUE(IsSafeHost(std::string(kMaxHostBytes, 'h')));
  EXPECT_FALSE(IsSafeHost(std::string(kMaxHostBytes + 1, 'h')));
  EXPECT_TRUE(IsSafeHost("node-1.dc_2"));
  EXPECT_FALSE(IsSafeHost(std::string("10.0.0.1\0", 9)));
  EXPECT_TRUE(IsSafeErrorName("ERR_NOT_ENOUGH_MEMBER"));
  EXPECT_FALSE(IsSafeName(""));
  EXPECT_TRUE(IsSafeName(std::string(kMaxNameBytes, 'n')));
  EXPECT_FALSE(IsSafeName(std::string(kMaxNameBytes + 1, 'n')));
  EXPECT_FALSE(IsSafeErrorName("ERR-OK"));
}

}  // namespace
}  // namespace dupready
