/* A shared library that looks like libdupready_plugin.so from the outside, for the adapter's
 * load tests. Built three ways (see BUILD): FAKE_ABI sets what dupready_abi_version returns;
 * FAKE_WITHOUT_STATS leaves out dupready_stats_json. Nothing here is ever called but the
 * version function. */
#include <stddef.h>
#include <stdint.h>

#include "dupready_plugin.h"

uint32_t dupready_abi_version(void) { return FAKE_ABI; }

dupready_checker *dupready_open(const char *rules_path, const char *shadow_rules_path, char *err,
                                size_t err_cap) {
  (void)rules_path;
  (void)shadow_rules_path;
  (void)err;
  (void)err_cap;
  return NULL;
}

int dupready_reload(dupready_checker *c, char *err, size_t err_cap) {
  (void)c;
  (void)err;
  (void)err_cap;
  return 1;
}

int dupready_check(dupready_checker *c, const dupready_dup_context *dup, const char *rpc_err,
                   const uint8_t *reply, size_t reply_len, dupready_verdict *out) {
  (void)c;
  (void)dup;
  (void)rpc_err;
  (void)reply;
  (void)reply_len;
  (void)out;
  return 1;
}

void dupready_close(dupready_checker *c) { (void)c; }

void dupready_set_logger(dupready_checker *c, dupready_log_fn fn, void *ctx) {
  (void)c;
  (void)fn;
  (void)ctx;
}

int dupready_reload_from(dupready_checker *c, const char *rules_path,
                         const char *shadow_rules_path, char *err, size_t err_cap) {
  (void)c;
  (void)rules_path;
  (void)shadow_rules_path;
  (void)err;
  (void)err_cap;
  return 1;
}

#if !defined(FAKE_WITHOUT_STATS)
int64_t dupready_stats_json(dupready_checker *c, char *buf, size_t cap) {
  (void)c;
  (void)buf;
  (void)cap;
  return -1;
}
#endif
