// LuaApi for LuaJIT 2.1: libluajit-5.1.so.2 opened with dlopen, adapted to LuaApi's signatures.
// Compiled against LuaJIT's headers only; links no Lua library (see lua_api.h).
#include <dlfcn.h>

#include <lua.hpp>

#include "tools/bench/lua_api.h"

namespace dupready {
namespace bench {
namespace {

// The library's entry points, resolved once by LoadLuaJitApi.
struct Symbols {
  decltype(&luaL_newstate) newstate;
  decltype(&luaL_openlibs) openlibs;
  decltype(&lua_close) close;
  decltype(&luaL_loadbuffer) loadbuffer;
  decltype(&lua_pcall) pcall;
  decltype(&lua_getfield) getfield;
  decltype(&lua_pushinteger) pushinteger;
  decltype(&lua_pushlstring) pushlstring;
  decltype(&lua_tointeger) tointeger;
  decltype(&lua_tolstring) tolstring;
  decltype(&lua_settop) settop;
  decltype(&luaL_ref) ref;
  decltype(&lua_rawgeti) rawgeti;
  decltype(&luaL_unref) unref;
} s;

template <typename F>
bool Resolve(void* lib, const char* name, F* out, std::string* error) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (*out == nullptr) *error = std::string("libluajit-5.1: no symbol ") + name;
  return *out != nullptr;
}

lua_State* NewState() {
  lua_State* L = s.newstate();
  if (L != nullptr) s.openlibs(L);
  return L;
}
int Pcall(lua_State* L, int nargs, int nresults) { return s.pcall(L, nargs, nresults, 0); }
int RunChunk(lua_State* L, const char* text, size_t len) {
  int rc = s.loadbuffer(L, text, len, "bench");
  return rc != 0 ? rc : Pcall(L, 0, 0);
}
void GetGlobal(lua_State* L, const char* name) { s.getfield(L, LUA_GLOBALSINDEX, name); }
void PushInteger(lua_State* L, int64_t v) { s.pushinteger(L, static_cast<lua_Integer>(v)); }
void PushString(lua_State* L, const char* p, size_t n) { s.pushlstring(L, p, n); }
int64_t ToInteger(lua_State* L, int i) { return static_cast<int64_t>(s.tointeger(L, i)); }
int Ref(lua_State* L) { return s.ref(L, LUA_REGISTRYINDEX); }
void PushRef(lua_State* L, int ref) { s.rawgeti(L, LUA_REGISTRYINDEX, ref); }
void Unref(lua_State* L, int ref) { s.unref(L, LUA_REGISTRYINDEX, ref); }

}  // namespace

bool LoadLuaJitApi(LuaApi* api, std::string* error) {
  void* lib = dlopen("libluajit-5.1.so.2", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    *error = std::string("cannot open libluajit-5.1.so.2: ") + dlerror();
    return false;
  }
  if (!Resolve(lib, "luaL_newstate", &s.newstate, error) ||
      !Resolve(lib, "luaL_openlibs", &s.openlibs, error) ||
      !Resolve(lib, "lua_close", &s.close, error) ||
      !Resolve(lib, "luaL_loadbuffer", &s.loadbuffer, error) ||
      !Resolve(lib, "lua_pcall", &s.pcall, error) ||
      !Resolve(lib, "lua_getfield", &s.getfield, error) ||
      !Resolve(lib, "lua_pushinteger", &s.pushinteger, error) ||
      !Resolve(lib, "lua_pushlstring", &s.pushlstring, error) ||
      !Resolve(lib, "lua_tointeger", &s.tointeger, error) ||
      !Resolve(lib, "lua_tolstring", &s.tolstring, error) ||
      !Resolve(lib, "lua_settop", &s.settop, error) || !Resolve(lib, "luaL_ref", &s.ref, error) ||
      !Resolve(lib, "lua_rawgeti", &s.rawgeti, error) ||
      !Resolve(lib, "luaL_unref", &s.unref, error)) {
    return false;
  }
  api->flavor = "luajit";
  api->new_state = NewState;
  api->close = s.close;
  api->run_chunk = RunChunk;
  api->pcall = Pcall;
  api->get_global = GetGlobal;
  api->push_integer = PushInteger;
  api->push_string = PushString;
  api->to_integer = ToInteger;
  api->to_string = s.tolstring;
  api->set_top = s.settop;
  api->ref = Ref;
  api->push_ref = PushRef;
  api->unref = Unref;
  return true;
}

}  // namespace bench
}  // namespace dupready
