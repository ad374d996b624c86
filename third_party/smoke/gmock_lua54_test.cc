#include <lua.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace {

using ::testing::HasSubstr;

TEST(Lua54Test, RunsAChunk) {
  lua_State* L = luaL_newstate();
  ASSERT_NE(L, nullptr);
  luaL_openlibs(L);
  ASSERT_EQ(luaL_dostring(L, "return _VERSION .. ' ' .. tostring(6 * 7)"), LUA_OK);
  EXPECT_THAT(lua_tostring(L, -1), HasSubstr("Lua 5.4 42"));
  lua_close(L);
}

}  // namespace
