// Copyright 2026 The dupready Authors.
//
// lua_peer.h: the readiness check as a Lua script, run by Lua 5.4 or LuaJIT, over the follower
// table built once as Lua tables (strings and integers, as a Lua user would hold them).
//
//   std::string error;
//   std::unique_ptr<LuaPeer> lua = LuaPeer::Open(LuaFlavor::kLuaJit, &error);
//   if (lua && lua->SetTable(table, &error)) {
//     CheckResult r = lua->Check(RuleSetKind::kDefault);  // only this is timed
//   }
//
// Both flavours can be open in one process at once (see lua_api.h). Not thread-safe.

#ifndef DUPREADY_TOOLS_BENCH_LUA_PEER_H_
#define DUPREADY_TOOLS_BENCH_LUA_PEER_H_

#include <array>
#include <memory>
#include <string>

#include "tools/bench/bench_data.h"
#include "tools/bench/handwritten.h"
#include "tools/bench/lua_api.h"

namespace dupready {
namespace bench {

enum class LuaFlavor { kLua54, kLuaJit };

class LuaPeer {
 public:
  // A Lua state with the check script loaded, or nullptr with `error` set when the library
  // is not installed or the script does not load.
  static std::unique_ptr<LuaPeer> Open(LuaFlavor flavor, std::string* error);
  ~LuaPeer();
  LuaPeer(const LuaPeer&) = delete;
  LuaPeer& operator=(const LuaPeer&) = delete;

  const char* name() const { return api_.flavor; }  // "lua54" or "luajit"
  const std::string& version() const { return version_; }

  // Builds `table` as Lua tables, replacing the previous one, then runs a full garbage
  // collection so that Check starts from a settled heap.
  bool SetTable(const FollowerTable& table, std::string* error);

  // Runs the script's check for `kind` over the table in the leanest natural form that can
  // express it: default and strict read each address as one string, "host:port" or "" (the
  // leanest form for validity checks); overlay200 reads ports and hosts, so its addresses are
  // tables {host, port, type}, as Pegasus's host_port. The error name is copied into this
  // peer (valid until the next Check). A Lua runtime error gives "LUA_ERROR".
  CheckResult Check(RuleSetKind kind);

  // The same check with every address a table (as overlay200 needs): for comparison.
  CheckResult CheckTablesForm(RuleSetKind kind);

 private:
  LuaPeer() = default;
  bool Run(const std::string& chunk, std::string* error);
  CheckResult Call(int check, int table);

  LuaApi api_;
  lua_State* L_ = nullptr;
  std::string version_;
  int table_ref_ = -1;
  int strings_ref_ = -1;             // the table in the strings form
  std::array<int, 5> check_refs_{};  // the script's check functions (kCheckNames)
  std::array<char, 64> error_{};
};

// The script: data builders and one check function per RuleSetKind (for tests and README).
std::string LuaCheckScript();

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_LUA_PEER_H_
