// dlopen/dlsym over libdupready_plugin.so, its C interface wrapped as a ReadinessChecker.
#include "meta_integration/metaserver/plugin_client.h"

#include <dlfcn.h>

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "meta_integration/plugin/dupready_plugin.h"

namespace dupready {

struct DupreadyPlugin::Api {
  decltype(&dupready_abi_version) abi_version = nullptr;
  decltype(&dupready_open) open = nullptr;
  decltype(&dupready_reload) reload = nullptr;
  decltype(&dupready_reload_from) reload_from = nullptr;
  decltype(&dupready_check) check = nullptr;
  decltype(&dupready_close) close = nullptr;
  decltype(&dupready_set_logger) set_logger = nullptr;
  decltype(&dupready_stats_json) stats_json = nullptr;
};

namespace {

constexpr size_t kErrCap = 16 << 10;  // room for a page of located rule-file errors

template <typename F>
bool Lookup(void* lib, const char* name, F* out, std::string* missing) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  if (*out == nullptr) absl::StrAppend(missing, missing->empty() ? "" : ", ", name);
  return *out != nullptr;
}

}  // namespace

DupreadyPlugin::DupreadyPlugin(void* lib, std::unique_ptr<Api> api, Logger logger)
    : lib_(lib), api_(std::move(api)), logger_(std::move(logger)) {}

DupreadyPlugin::~DupreadyPlugin() {
  if (checker_ != nullptr) api_->close(checker_);
  ::dlclose(lib_);
}

void DupreadyPlugin::Trampoline(void* ctx, int level, const char* msg) {
  auto* self = static_cast<DupreadyPlugin*>(ctx);
  if (self->logger_) self->logger_(level, msg);
}

absl::StatusOr<std::unique_ptr<DupreadyPlugin>> DupreadyPlugin::Load(
    const std::string& so_path, const std::string& rules_path, const std::string& shadow_path,
    Logger logger) {
  void* lib = ::dlopen(so_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();
    return absl::FailedPreconditionError(
        absl::StrCat("cannot load dupready plugin ", so_path, ": ", why ? why : "unknown error"));
  }
  auto api = std::make_unique<Api>();
  std::string missing;
  Lookup(lib, "dupready_abi_version", &api->abi_version, &missing);
  Lookup(lib, "dupready_open", &api->open, &missing);
  Lookup(lib, "dupready_reload", &api->reload, &missing);
  Lookup(lib, "dupready_reload_from", &api->reload_from, &missing);
  Lookup(lib, "dupready_check", &api->check, &missing);
  Lookup(lib, "dupready_close", &api->close, &missing);
  Lookup(lib, "dupready_set_logger", &api->set_logger, &missing);
  Lookup(lib, "dupready_stats_json", &api->stats_json, &missing);
  if (!missing.empty()) {
    ::dlclose(lib);
    return absl::FailedPreconditionError(
        absl::StrCat("dupready plugin ", so_path, " lacks: ", missing));
  }
  const uint32_t abi = api->abi_version();
  if (abi != DUPREADY_ABI_VERSION) {
    ::dlclose(lib);
    return absl::FailedPreconditionError(absl::StrCat("dupready plugin ", so_path, " has ABI ",
                                                      abi, ", this meta server needs ",
                                                      DUPREADY_ABI_VERSION));
  }
  std::unique_ptr<DupreadyPlugin> plugin(new DupreadyPlugin(lib, std::move(api), std::move(logger)));
  std::vector<char> err(kErrCap);
  plugin->checker_ = plugin->api_->open(rules_path.c_str(), shadow_path.c_str(), err.data(),
                                        err.size());
  if (plugin->checker_ == nullptr) return absl::InvalidArgumentError(err.data());
  if (plugin->logger_) plugin->api_->set_logger(plugin->checker_, &Trampoline, plugin.get());
  return plugin;
}

void DupreadyPlugin::Check(const DupContext& dup, std::string_view rpc_err,
                           std::string_view reply, ReadinessVerdict* out) {
  dupready_dup_context ctx = {dup.app_name.c_str(), dup.remote_cluster_name.c_str(),
                              dup.remote_app_name.c_str(), dup.partition_count,
                              dup.remote_replica_count};
  const std::string err_name(rpc_err);
  dupready_verdict v;
  int rc = api_->check(checker_, &ctx, err_name.c_str(),
                       reinterpret_cast<const uint8_t*>(reply.data()), reply.size(), &v);
  if (rc != 0) {
    *out = ReadinessVerdict{false, -1, "ERR_INVALID_PARAMETERS", "", v.message};
    return;
  }
  out->ready = v.ready != 0;
  out->partition = v.partition;
  out->error = v.error;
  out->rule = v.rule;
  out->message = v.message;
}

absl::Status DupreadyPlugin::Reload() {
  std::vector<char> err(kErrCap);
  if (api_->reload(checker_, err.data(), err.size()) == 0) return absl::OkStatus();
  return absl::InvalidArgumentError(err.data());
}

absl::Status DupreadyPlugin::ReloadFrom(const std::string& rules_path,
                                        const std::string& shadow_path) {
  std::vector<char> err(kErrCap);
  if (api_->reload_from(checker_, rules_path.c_str(), shadow_path.c_str(), err.data(),
                        err.size()) == 0) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(err.data());
}

std::string DupreadyPlugin::StatsJson() {
  int64_t n = api_->stats_json(checker_, nullptr, 0);
  for (int attempt = 0; n >= 0 && attempt < 4; ++attempt) {
    std::string buf(static_cast<size_t>(n) + 256, '\0');  // counters may grow meanwhile
    int64_t got = api_->stats_json(checker_, buf.data(), buf.size());
    if (got >= 0 && static_cast<size_t>(got) < buf.size()) {
      buf.resize(static_cast<size_t>(got));
      return buf;
    }
    n = got;
  }
  return "{}";
}

}  // namespace dupready
