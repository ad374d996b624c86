// Copyright 2026 The dupready Authors.
//
// lua_api.h: the few Lua C API calls the benchmark's Lua peers make, as plain function
// pointers into a Lua library opened with dlopen.
//
// Why dlopen: Lua 5.4 (liblua5.4.so) and LuaJIT (libluajit-5.1.so) export the same symbol
// names (lua_pcall, luaL_newstate, ...) with different ABIs, so one executable cannot link
// both. Opened with RTLD_LOCAL neither library's symbols enter the global scope (the
// executable itself links no Lua), so each library's internal calls bind to itself, and the
// pointers here reach the right one. Each flavour's adapters live in their own file compiled
// against that flavour's headers (lua54_api.cc, luajit_api.cc), and these signatures hide the
// differences (lua_pcallk vs lua_pcall, lua_Integer's width, LUA_REGISTRYINDEX).

#ifndef DUPREADY_TOOLS_BENCH_LUA_API_H_
#define DUPREADY_TOOLS_BENCH_LUA_API_H_

#include <cstddef>
#include <cstdint>
#include <string>

struct lua_State;  // the same opaque type in both libraries' headers

namespace dupready {
namespace bench {

struct LuaApi {
  const char* flavor = "";              // "lua54" or "luajit"
  lua_State* (*new_state)() = nullptr;  // with the standard libraries open
  void (*close)(lua_State* L) = nullptr;
  // Loads and runs a chunk; 0 on success, else the error message is on the stack.
  int (*run_chunk)(lua_State* L, const char* text, size_t len) = nullptr;
  // lua_pcall without a message handler.
  int (*pcall)(lua_State* L, int nargs, int nresults) = nullptr;
  void (*get_global)(lua_State* L, const char* name) = nullptr;
  void (*push_integer)(lua_State* L, int64_t v) = nullptr;
  void (*push_string)(lua_State* L, const char* s, size_t len) = nullptr;
  int64_t (*to_integer)(lua_State* L, int index) = nullptr;
  const char* (*to_string)(lua_State* L, int index, size_t* len) = nullptr;
  void (*set_top)(lua_State* L, int index) = nullptr;
  // luaL_ref / lua_rawgeti on the registry: keep a value alive and push it back cheaply.
  int (*ref)(lua_State* L) = nullptr;
  void (*push_ref)(lua_State* L, int ref) = nullptr;
  void (*unref)(lua_State* L, int ref) = nullptr;
};

// Opens liblua5.4.so.0 / libluajit-5.1.so.2 and fills `api`. False, with `error` set, when
// the library is not installed or lacks a symbol. The library stays loaded for the process.
bool LoadLua54Api(LuaApi* api, std::string* error);
bool LoadLuaJitApi(LuaApi* api, std::string* error);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_LUA_API_H_
