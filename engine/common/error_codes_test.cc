// Tests that the error table matches Pegasus's numbering (meta_integration/PEGASUS.md,
// "Error codes").
#include "engine/common/error_codes.h"

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(ErrorCodesTest, PegasusNumbers) {
  const std::pair<const char*, int> known[] = {
      {"ERR_OK", 0},           {"ERR_UNKNOWN", 1},          {"ERR_TIMEOUT", 5},
      {"ERR_BUSY", 7},         {"ERR_OBJECT_NOT_FOUND", 10}, {"ERR_INVALID_PARAMETERS", 15},
      {"ERR_INVALID_STATE", 17}, {"ERR_INACTIVE_STATE", 18}, {"ERR_NOT_ENOUGH_MEMBER", 19},
      {"ERR_NO_NEED_OPERATE", 37}, {"ERR_APP_NOT_EXIST", 46}, {"ERR_NETWORK_FAILURE", 49},
      {"ERR_INCONSISTENT_STATE", 59}, {"ERR_APP_DROPPED", 64},
  };
  for (const auto& [name, code] : known) EXPECT_EQ(PegasusErrorCode(name), code) << name;
  EXPECT_EQ(PegasusErrorCode("ERR_NOPE"), -1);
  EXPECT_EQ(PegasusErrorNames()[19], "ERR_NOT_ENOUGH_MEMBER");
}

TEST(ErrorCodesTest, Shape) {
  EXPECT_TRUE(LooksLikeErrorName("ERR_FORWARD_TO_OTHERS"));
  EXPECT_FALSE(LooksLikeErrorName("ERR_"));
  EXPECT_FALSE(LooksLikeErrorName("err_ok"));
  EXPECT_FALSE(LooksLikeErrorName("ERR_OK "));
}

}  // namespace
}  // namespace dupready
