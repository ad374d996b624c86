#include <lua.hpp>
#include <luajit.h>

#include <string>

#include "gtest/gtest.h"

namespace {

TEST(LuaJitTest, RunsAChunk) {
  lua_State* L = luaL_newstate();
  ASSERT_NE(L, nullptr);
  luaL_openlibs(L);
  ASSERT_EQ(luaL_dostring(L, "return jit.version .. ' ' .. tostring(6 * 7)"), 0);
  std::string result = lua_tostring(L, -1);
  EXPECT_EQ(result.rfind("LuaJIT 2.1", 0), 0u) << result;
  EXPECT_NE(result.find(" 42"), std::string::npos) << result;
  lua_close(L);
}

}  // namespace
