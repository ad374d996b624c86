// Copyright 2026 The dupready Authors.
//
// dupready_host.h: everything a host (a Pegasus meta server, meta_sim, a test) needs to use
// libdupready_plugin.so: load it, open rule files, check followers, reload, read the counters,
// receive the plugin's log lines, close. Header-only C++14; it needs only the plugin's C
// header and <dlfcn.h> (link with -ldl on glibc before 2.34).
//
//   std::shared_ptr<const dupready::host::Plugin> plugin;
//   std::unique_ptr<dupready::host::Checker> checker;
//   std::string error;
//   if (!dupready::host::Plugin::Load("/usr/lib/pegasus/libdupready_plugin.so", &plugin,
//                                     &error) ||
//       !dupready::host::Checker::Open(plugin, "/etc/pegasus/dupready.rules", "", &checker,
//                                      &error)) {
//     log(error);  // the duplication must not advance
//   }
//   const dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 3};
//   dupready::host::Verdict v;
//   checker->Check(dup, "ERR_OK", reply_bytes, reply_len, &v);
//   // v.ready, or v.error ("ERR_NOT_ENOUGH_MEMBER"), v.rule, v.partition, v.message
//
// Errors come back as `false` plus a sentence in *error, never as an exception: nothing this
// header does throws, allocation failure included (a failed allocation is a `false` with an
// empty *error; a check then gives a not-ready verdict). Exceptions thrown by a host's logger
// are swallowed, since they cannot cross the plugin's C frames.
//
// Lifetimes: a Checker holds a reference to its Plugin; the library is dlclose'd when the
// last of them goes. Thread-safety: Check, Reload, ReloadFrom and StatsJson may run
// concurrently on one Checker (the plugin guarantees it); SetLogger must not run concurrently
// with any other call on the same Checker.

#ifndef DUPREADY_META_INTEGRATION_HOST_DUPREADY_HOST_H_
#define DUPREADY_META_INTEGRATION_HOST_DUPREADY_HOST_H_

#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "dupready_plugin.h"

// Allocation failure becomes a `false` return. Without exceptions (-fno-exceptions) there is
// nothing to catch.
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define DUPREADY_HOST_TRY try
#define DUPREADY_HOST_CATCH catch (...)
#else
#define DUPREADY_HOST_TRY if (true)
#define DUPREADY_HOST_CATCH else
#endif

namespace dupready {
namespace host {
namespace internal {

// The NUL-terminated prefix of buf[0, cap).
inline std::string Text(const char *buf, size_t cap) {
  size_t n = 0;
  while (n < cap && buf[n] != '\0') ++n;
  return std::string(buf, n);
}

// What a function reports when memory ran out: false, with *error empty.
inline bool OutOfMemory(std::string *error) {
  error->clear();
  return false;
}

}  // namespace internal

// A verdict, as dupready_verdict but with owned strings.
struct Verdict {
  bool ready = false;
  int32_t partition = -1;  // the first failing partition; -1 for the table or when ready
  std::string error;       // Pegasus error name; "ERR_OK" when ready
  std::string rule;        // the deciding rule; "" when ready or when no rule decided
  std::string message;     // why, for the log
};

// Receives one plugin message (no trailing newline) at a DUPREADY_LOG_* level.
typedef std::function<void(int level, const char *message)> Logger;

class Checker;

// A loaded libdupready_plugin.so: its handle and every function of ABI version 1.
class Plugin {
 public:
  // dlopen(path) (RTLD_NOW | RTLD_LOCAL), requires dupready_abi_version() ==
  // DUPREADY_ABI_VERSION and every ABI function present. On failure returns false, leaves
  // *out empty and says why in *error: the loader's message, "not a dupready plugin" with the
  // functions it lacks, or both ABI versions.
  static bool Load(const std::string &path, std::shared_ptr<const Plugin> *out,
                   std::string *error);

  ~Plugin() { ::dlclose(lib_); }
  Plugin(const Plugin &) = delete;
  Plugin &operator=(const Plugin &) = delete;

  const std::string &path() const { return path_; }

 private:
  friend class Checker;

  // The one table of the plugin's functions, filled by dlsym.
  struct Functions {
    decltype(&dupready_abi_version) abi_version = nullptr;
    decltype(&dupready_open) open = nullptr;
    decltype(&dupready_reload) reload = nullptr;
    decltype(&dupready_check) check = nullptr;
    decltype(&dupready_close) close = nullptr;
    decltype(&dupready_set_logger) set_logger = nullptr;
    decltype(&dupready_reload_from) reload_from = nullptr;
    decltype(&dupready_stats_json) stats_json = nullptr;
  };

  Plugin(void *lib, const Functions &functions, std::string path)
      : lib_(lib), functions_(functions), path_(std::move(path)) {}

  template <typename F>
  static void Resolve(void *lib, const char *name, F *out, std::string *missing) {
    *out = reinterpret_cast<F>(::dlsym(lib, name));
    if (*out == nullptr) {
      if (!missing->empty()) missing->append(", ");
      missing->append(name);
    }
  }

  void *const lib_;
  const Functions functions_;
  const std::string path_;
};

// An open rule set (rules in force plus optional shadow rules) of one Plugin.
class Checker {
 public:
  // dupready_open(rules_path, shadow_rules_path): an empty shadow path means none. On
  // failure returns false, leaves *out empty and writes the plugin's reason (file:line:col for
  // a rule file) to *error. REQUIRES: plugin is not null.
  static bool Open(std::shared_ptr<const Plugin> plugin, const std::string &rules_path,
                   const std::string &shadow_rules_path, std::unique_ptr<Checker> *out,
                   std::string *error);

  ~Checker() { plugin_->functions_.close(checker_); }
  Checker(const Checker &) = delete;
  Checker &operator=(const Checker &) = delete;

  // Judges a follower from the RPC's error name (nullptr means "ERR_OK") and, when that is
  // ERR_OK, the query_cfg_response bytes as Pegasus marshals them. Always leaves a verdict in
  // *out. Returns false only when the plugin refused the call (reply null with a length) or
  // memory ran out; the verdict is then not ready.
  bool Check(const dupready_dup_context &dup, const char *rpc_err, const void *reply,
             size_t reply_len, Verdict *out) const;

  // Re-reads the rule files (ReloadFrom: from new paths, kept for later reloads). On failure
  // returns false, the rules in force stay, and *error says why.
  bool Reload(std::string *error);
  bool ReloadFrom(const std::string &rules_path, const std::string &shadow_rules_path,
                  std::string *error);

  // The plugin's counters as one JSON object (see dupready_stats_json).
  bool StatsJson(std::string *json) const;

  // Sends the plugin's messages to `logger`; an empty one stops them.
  void SetLogger(Logger logger);

  const Plugin &plugin() const { return *plugin_; }

 private:
  // Room for a page of located rule-file errors.
  static constexpr size_t kErrorCapacity = 16 << 10;

  Checker(std::shared_ptr<const Plugin> plugin, dupready_checker *checker)
      : plugin_(std::move(plugin)), checker_(checker) {}

  static void Trampoline(void *ctx, int level, const char *message);

  const std::shared_ptr<const Plugin> plugin_;
  dupready_checker *const checker_;
  Logger logger_;
};

// ---- Implementation ----------------------------------------------------------------------

inline bool Plugin::Load(const std::string &path, std::shared_ptr<const Plugin> *out,
                         std::string *error) {
  out->reset();
  void *lib = nullptr;
  DUPREADY_HOST_TRY {
    ::dlerror();  // forget an earlier failure
    lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char *why = ::dlerror();
      *error = "cannot load the dupready plugin " + path + ": " +
               (why != nullptr ? why : "unknown reason");
      return false;
    }
    Functions f;
    std::string missing;
    Resolve(lib, "dupready_abi_version", &f.abi_version, &missing);
    if (f.abi_version == nullptr) {
      ::dlclose(lib);
      *error = path + " is not a dupready plugin: it has no dupready_abi_version";
      return false;
    }
    const uint32_t abi = f.abi_version();
    if (abi != DUPREADY_ABI_VERSION) {
      ::dlclose(lib);
      *error = "the dupready plugin " + path + " has ABI version " + std::to_string(abi) +
               "; this host needs version " + std::to_string(DUPREADY_ABI_VERSION);
      return false;
    }
    Resolve(lib, "dupready_open", &f.open, &missing);
    Resolve(lib, "dupready_reload", &f.reload, &missing);
    Resolve(lib, "dupready_check", &f.check, &missing);
    Resolve(lib, "dupready_close", &f.close, &missing);
    Resolve(lib, "dupready_set_logger", &f.set_logger, &missing);
    Resolve(lib, "dupready_reload_from", &f.reload_from, &missing);
    Resolve(lib, "dupready_stats_json", &f.stats_json, &missing);
    if (!missing.empty()) {
      ::dlclose(lib);
      *error = path + " is not a dupready plugin: it lacks " + missing;
      return false;
    }
    std::unique_ptr<const Plugin> owned(new Plugin(lib, f, path));
    lib = nullptr;  // owned, closed by ~Plugin from here on
    *out = std::move(owned);
    return true;
  }
  DUPREADY_HOST_CATCH {
    if (lib != nullptr) ::dlclose(lib);
    return internal::OutOfMemory(error);
  }
}

inline bool Checker::Open(std::shared_ptr<const Plugin> plugin, const std::string &rules_path,
                          const std::string &shadow_rules_path, std::unique_ptr<Checker> *out,
                          std::string *error) {
  out->reset();
  const std::shared_ptr<const Plugin> keep = plugin;  // the library stays loaded in here
  dupready_checker *c = nullptr;
  DUPREADY_HOST_TRY {
    std::string why(kErrorCapacity, '\0');
    c = plugin->functions_.open(rules_path.c_str(), shadow_rules_path.c_str(), &why[0],
                                why.size());
    if (c == nullptr) {
      *error = internal::Text(why.data(), why.size());
      return false;
    }
    out->reset(new Checker(std::move(plugin), c));  // owns c from here on
    return true;
  }
  DUPREADY_HOST_CATCH {
    if (c != nullptr) keep->functions_.close(c);  // only `new Checker` can have failed
    return internal::OutOfMemory(error);
  }
}

inline bool Checker::Check(const dupready_dup_context &dup, const char *rpc_err,
                           const void *reply, size_t reply_len, Verdict *out) const {
  dupready_verdict v = dupready_verdict();
  const int rc = plugin_->functions_.check(checker_, &dup, rpc_err,
                                           static_cast<const uint8_t *>(reply), reply_len, &v);
  DUPREADY_HOST_TRY {
    out->ready = rc == 0 && v.ready != 0;
    out->partition = v.partition;
    out->error = internal::Text(v.error, sizeof v.error);
    out->rule = internal::Text(v.rule, sizeof v.rule);
    out->message = internal::Text(v.message, sizeof v.message);
    return rc == 0;
  }
  DUPREADY_HOST_CATCH {
    out->ready = false;
    out->partition = -1;
    out->error.clear();
    out->rule.clear();
    out->message.clear();
    return false;
  }
}

inline bool Checker::Reload(std::string *error) {
  DUPREADY_HOST_TRY {
    std::string why(kErrorCapacity, '\0');
    if (plugin_->functions_.reload(checker_, &why[0], why.size()) == 0) return true;
    *error = internal::Text(why.data(), why.size());
    return false;
  }
  DUPREADY_HOST_CATCH { return internal::OutOfMemory(error); }
}

inline bool Checker::ReloadFrom(const std::string &rules_path,
                                const std::string &shadow_rules_path, std::string *error) {
  DUPREADY_HOST_TRY {
    std::string why(kErrorCapacity, '\0');
    if (plugin_->functions_.reload_from(checker_, rules_path.c_str(), shadow_rules_path.c_str(),
                                        &why[0], why.size()) == 0) {
      return true;
    }
    *error = internal::Text(why.data(), why.size());
    return false;
  }
  DUPREADY_HOST_CATCH { return internal::OutOfMemory(error); }
}

inline bool Checker::StatsJson(std::string *json) const {
  DUPREADY_HOST_TRY {
    int64_t n = plugin_->functions_.stats_json(checker_, nullptr, 0);
    // The counters may grow between asking for the size and writing: retry a few times.
    for (int attempt = 0; n >= 0 && attempt < 4; ++attempt) {
      json->assign(static_cast<size_t>(n) + 256, '\0');
      const int64_t got = plugin_->functions_.stats_json(checker_, &(*json)[0], json->size());
      if (got >= 0 && static_cast<size_t>(got) < json->size()) {
        json->resize(static_cast<size_t>(got));
        return true;
      }
      n = got;
    }
    json->clear();
    return false;
  }
  DUPREADY_HOST_CATCH { return internal::OutOfMemory(json); }
}

inline void Checker::SetLogger(Logger logger) {
  plugin_->functions_.set_logger(checker_, nullptr, nullptr);
  logger_ = std::move(logger);
  if (logger_) plugin_->functions_.set_logger(checker_, &Trampoline, this);
}

inline void Checker::Trampoline(void *ctx, int level, const char *message) {
  DUPREADY_HOST_TRY { static_cast<Checker *>(ctx)->logger_(level, message); }
  DUPREADY_HOST_CATCH {}
}

}  // namespace host
}  // namespace dupready

#undef DUPREADY_HOST_TRY
#undef DUPREADY_HOST_CATCH

#endif  // DUPREADY_META_INTEGRATION_HOST_DUPREADY_HOST_H_
