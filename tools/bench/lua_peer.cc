// The Lua peers: Pegasus's check as a Lua script over Lua tables, on Lua 5.4 or LuaJIT.
#include "tools/bench/lua_peer.h"

#include <algorithm>
#include <cstring>

#include "tools/bench/overlay_gen.h"

namespace dupready {
namespace bench {
namespace {

// Builders called from C++ once per table; the data then lives only in Lua.
constexpr const char* kBuilders = R"lua(
function new_table(rpc_err, response_err, partition_count)
  return { rpc_err = rpc_err, dup = { partition_count = partition_count },
           reply = { err = response_err, partitions = {} } }
end
function add_partition(t, pidx, ballot, max_replica_count, last_committed_decree,
                       partition_flags, host, port, type)
  local p = { pidx = pidx, ballot = ballot, max_replica_count = max_replica_count,
              primary = { host = host, port = port, type = type },
              secondaries = {}, last_drops = {},
              last_committed_decree = last_committed_decree, partition_flags = partition_flags }
  local parts = t.reply.partitions
  parts[#parts + 1] = p
  current_partition = p
end
function add_secondary(host, port, type)
  local s = current_partition.secondaries
  s[#s + 1] = { host = host, port = port, type = type }
end
function add_last_drop(host, port, type)
  local d = current_partition.last_drops
  d[#d + 1] = { host = host, port = port, type = type }
end
bench_version = _VERSION .. (jit and (" / " .. jit.version) or "")

-- The same table with every address as one string, "host:port" ("" when invalid): the
-- leanest natural form when rules only ask whether addresses are valid (default and strict),
-- and the form usually quoted for Lua checks of this kind.
local function address_string(a) return a.type ~= 0 and (a.host .. ":" .. a.port) or "" end
local function address_strings(list)
  local out = {}
  for j, a in ipairs(list) do out[j] = address_string(a) end
  return out
end
function to_strings(t)
  local parts = {}
  for i, p in ipairs(t.reply.partitions) do
    parts[i] = { pidx = p.pidx, ballot = p.ballot, max_replica_count = p.max_replica_count,
                 primary = address_string(p.primary), secondaries = address_strings(p.secondaries),
                 last_drops = address_strings(p.last_drops),
                 last_committed_decree = p.last_committed_decree,
                 partition_flags = p.partition_flags }
  end
  return { rpc_err = t.rpc_err, dup = t.dup, reply = { err = t.reply.err, partitions = parts } }
end
)lua";

// Pegasus's check; $STRICT and $OVERLAY are where strict.rules and the overlay add theirs.
constexpr const char* kCheck = R"lua(
function check_$NAME(t)
  if t.rpc_err ~= "ERR_OK" then return t.rpc_err, -1 end
  local reply = t.reply
  if reply.err ~= "ERR_OK" then return reply.err, -1 end
  local parts = reply.partitions
  if #parts ~= t.dup.partition_count then return "ERR_INCONSISTENT_STATE", -1 end
  for i = 1, #parts do
    local p = parts[i]
    local secs = p.secondaries
    local ns = #secs
    if $PRIMARY_INVALID then return "ERR_INACTIVE_STATE", p.pidx end
    -- Pegasus compares unsigned: a negative count is more than one replica.
    if (1 + ns < p.max_replica_count or p.max_replica_count < 0) and ns == 0 then
      return "ERR_NOT_ENOUGH_MEMBER", p.pidx
    end
$STRICT
    for j = 1, ns do
      if $SECONDARY_INVALID then return "ERR_INACTIVE_STATE", p.pidx end
    end
$OVERLAY
  end
  return "ERR_OK", -1
end
)lua";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// check_<name>(t) over the tables form (addresses are tables) or the strings form.
std::string CheckFunction(const std::string& name, bool strings, const std::string& strict,
                          const std::string& overlay) {
  std::string f =
      Replace(Replace(Replace(kCheck, "$NAME", name), "$STRICT", strict), "$OVERLAY", overlay);
  f = Replace(f, "$PRIMARY_INVALID", strings ? "p.primary == \"\"" : "p.primary.type == 0");
  return Replace(f, "$SECONDARY_INVALID", strings ? "secs[j] == \"\"" : "secs[j].type == 0");
}

// LuaPeer::check_refs_, in this order.
const char* const kCheckNames[] = {"check_default_strings", "check_strict_strings",
                                   "check_overlay200", "check_default", "check_strict"};

}  // namespace

std::string LuaCheckScript() {
  const std::string strict =
      "    if ns < p.max_replica_count - 1 then return \"ERR_NOT_ENOUGH_MEMBER\", p.pidx end";
  const std::string overlay =
      "    -- past secondaries_alive every secondary is valid, and so is the primary\n"
      "    local alive_secondaries = ns\n"
      "    local alive_replicas = 1 + ns\n" +
      OverlayLua(kOverlayRules);
  return std::string(kBuilders) + CheckFunction("default_strings", true, "", "") +
         CheckFunction("strict_strings", true, strict, "") +
         CheckFunction("overlay200", false, "", overlay) + CheckFunction("default", false, "", "") +
         CheckFunction("strict", false, strict, "");
}

std::unique_ptr<LuaPeer> LuaPeer::Open(LuaFlavor flavor, std::string* error) {
  std::unique_ptr<LuaPeer> peer(new LuaPeer());
  const bool loaded = flavor == LuaFlavor::kLua54 ? LoadLua54Api(&peer->api_, error)
                                                  : LoadLuaJitApi(&peer->api_, error);
  if (!loaded) return nullptr;
  peer->L_ = peer->api_.new_state();
  if (peer->L_ == nullptr) {
    *error = std::string(peer->api_.flavor) + ": cannot create a Lua state";
    return nullptr;
  }
  if (!peer->Run(LuaCheckScript(), error)) return nullptr;
  const LuaApi& a = peer->api_;
  a.get_global(peer->L_, "bench_version");
  size_t n = 0;
  const char* v = a.to_string(peer->L_, -1, &n);
  peer->version_.assign(v ? v : "?", v ? n : 1);
  a.set_top(peer->L_, 0);
  for (size_t i = 0; i < peer->check_refs_.size(); ++i) {
    a.get_global(peer->L_, kCheckNames[i]);
    peer->check_refs_[i] = a.ref(peer->L_);
  }
  return peer;
}

LuaPeer::~LuaPeer() {
  if (L_ != nullptr) api_.close(L_);
}

bool LuaPeer::Run(const std::string& chunk, std::string* error) {
  if (api_.run_chunk(L_, chunk.data(), chunk.size()) == 0) return true;
  size_t n = 0;
  const char* m = api_.to_string(L_, -1, &n);
  *error = std::string(api_.flavor) + ": " + (m ? std::string(m, n) : "error");
  api_.set_top(L_, 0);
  return false;
}

bool LuaPeer::SetTable(const FollowerTable& t, std::string* error) {
  const LuaApi& a = api_;
  auto push = [&](const std::string& s) { a.push_string(L_, s.data(), s.size()); };
  auto call = [&](int nargs, int nresults) {
    if (a.pcall(L_, nargs, nresults) == 0) return true;
    size_t n = 0;
    const char* m = a.to_string(L_, -1, &n);
    *error = std::string(a.flavor) + ": " + (m ? std::string(m, n) : "error");
    a.set_top(L_, 0);
    return false;
  };
  a.set_top(L_, 0);
  a.get_global(L_, "new_table");
  push(t.rpc_err);
  push(t.response_err);
  a.push_integer(L_, t.partition_count);
  if (!call(3, 1)) return false;
  const int table = a.ref(L_);
  for (const PartitionConfig& p : t.partitions) {
    a.get_global(L_, "add_partition");
    a.push_ref(L_, table);
    a.push_integer(L_, p.pidx);
    a.push_integer(L_, p.ballot);
    a.push_integer(L_, p.max_replica_count);
    a.push_integer(L_, p.last_committed_decree);
    a.push_integer(L_, p.partition_flags);
    push(p.primary.host);
    a.push_integer(L_, p.primary.port);
    a.push_integer(L_, p.primary.type);
    if (!call(9, 0)) return false;
    for (int list = 0; list < 2; ++list) {
      for (const HostPort& h : list == 0 ? p.secondaries : p.last_drops) {
        a.get_global(L_, list == 0 ? "add_secondary" : "add_last_drop");
        push(h.host);
        a.push_integer(L_, h.port);
        a.push_integer(L_, h.type);
        if (!call(3, 0)) return false;
      }
    }
  }
  a.get_global(L_, "to_strings");
  a.push_ref(L_, table);
  if (!call(1, 1)) return false;
  const int strings = a.ref(L_);
  if (table_ref_ >= 0) a.unref(L_, table_ref_);
  if (strings_ref_ >= 0) a.unref(L_, strings_ref_);
  table_ref_ = table;
  strings_ref_ = strings;
  return Run("current_partition = nil collectgarbage() collectgarbage()", error);
}

CheckResult LuaPeer::Check(RuleSetKind kind) {
  switch (kind) {
    case RuleSetKind::kDefault:
      return Call(0, strings_ref_);
    case RuleSetKind::kStrict:
      return Call(1, strings_ref_);
    case RuleSetKind::kOverlay200:
      return Call(2, table_ref_);
  }
  return CheckResult{"LUA_ERROR", -1};
}

CheckResult LuaPeer::CheckTablesForm(RuleSetKind kind) {
  switch (kind) {
    case RuleSetKind::kDefault:
      return Call(3, table_ref_);
    case RuleSetKind::kStrict:
      return Call(4, table_ref_);
    case RuleSetKind::kOverlay200:
      return Call(2, table_ref_);
  }
  return CheckResult{"LUA_ERROR", -1};
}

CheckResult LuaPeer::Call(int check, int table) {
  const LuaApi& a = api_;
  a.push_ref(L_, check_refs_[check]);
  a.push_ref(L_, table);
  CheckResult r{"LUA_ERROR", -1};
  if (a.pcall(L_, 1, 2) == 0) {
    size_t n = 0;
    const char* e = a.to_string(L_, -2, &n);
    n = e ? std::min(n, error_.size() - 1) : 0;
    if (n > 0) std::memcpy(error_.data(), e, n);
    error_[n] = '\0';
    r = CheckResult{error_.data(), static_cast<int32_t>(a.to_integer(L_, -1))};
  }
  a.set_top(L_, 0);
  return r;
}

}  // namespace bench
}  // namespace dupready
