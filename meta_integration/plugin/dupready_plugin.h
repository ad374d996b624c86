/* Copyright 2026 The dupready Authors.
 *
 * dupready_plugin.h: the C interface of libdupready_plugin.so, the readiness check a Pegasus
 * meta server loads (dlopen) to decide when a duplication may move from DS_APP to DS_LOG.
 *
 *   char err[512];
 *   dupready_checker *c = dupready_open("rules/default.rules", NULL, err, sizeof err);
 *   if (c == NULL) { log(err); ... }          // the duplication must not advance
 *   dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
 *   dupready_verdict v;
 *   dupready_check(c, &dup, "ERR_OK", reply_bytes, reply_len, &v);
 *   if (v.ready) { alter the status to DS_LOG } else { log v.error, v.rule, v.message }
 *   ...
 *   if (dupready_reload(c, err, sizeof err) != 0) log(err);   // old rules stay in force
 *   dupready_close(c);
 *
 * Conventions (as LevelDB's c.h):
 *   - Handles are opaque; the caller owns what it passes in and the buffers it gives.
 *   - Errors come back through (err, err_cap): on failure the text is written there,
 *     NUL-terminated and cut to err_cap - 1 bytes; err may be NULL or err_cap 0 to ignore it.
 *   - No function throws or aborts, whatever the input; NULL arguments are reported.
 *   - Strings are NUL-terminated UTF-8; a NULL context string reads as "".
 *   - Every string the library returns or logs (verdict fields, err, log messages) is valid
 *     UTF-8 without control characters, whatever the rule files, paths and replies held: a
 *     control character or a byte that is not UTF-8 is written as an escape, \xNN (\n and \r
 *     for line ends, \u{XXXX} for C1 and bidirectional controls; a tab stays). In the stats
 *     JSON, strings are JSON-escaped and each byte that is not UTF-8 becomes U+FFFD.
 *   - Names in the dup context longer than 4096 bytes (Limits::max_string_bytes) give a
 *     not-ready ERR_INVALID_DATA verdict, as does a reply beyond the bounds the rules were
 *     costed for (see rules/README.md, "Limits and budgets").
 *
 * ABI version 1 is the first block below, and it never changes; later versions may only add
 * functions. Check dupready_abi_version() after dlopen.
 */

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_DUPREADY_PLUGIN_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_DUPREADY_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#if defined(DUPREADY_PLUGIN_BUILD)
#define DUPREADY_EXPORT __attribute__((visibility("default")))
#else
#define DUPREADY_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ABI version 1 ------------------------------------------------------------------- */

#define DUPREADY_ABI_VERSION 1u

typedef struct dupready_checker dupready_checker; /* opaque */

/* The duplication as the source cluster knows it. */
typedef struct {
  const char *app_name; /* source table */
  const char *remote_cluster_name;
  const char *remote_app_name;
  int32_t partition_count; /* the source table's */
  int32_t remote_replica_count;
} dupready_dup_context;

typedef struct {
  int32_t ready;      /* 1 ready, 0 not ready */
  int32_t partition;  /* first failing partition; -1 if table-level or ready */
  char error[64];     /* Pegasus error name, "ERR_OK" when ready */
  char rule[128];     /* deciding rule, "" when ready (or when no rule decided: an
                         undecodable reply) */
  char message[1024]; /* explanation, NUL-terminated, truncated to fit */
} dupready_verdict;

/* Returns DUPREADY_ABI_VERSION of the library actually loaded. */
DUPREADY_EXPORT uint32_t dupready_abi_version(void);

/* Loads the rules in force from `rules_path` and, when `shadow_rules_path` is neither NULL
 * nor "", the shadow rules (evaluated beside, reported, never enforced). Returns NULL and
 * writes why to err (with file:line:col for a wrong rule file) on failure. Release the
 * result with dupready_close.
 *
 * `rules_path` may instead be a ZooKeeper URI,
 *   zk://HOST:PORT[,HOST:PORT...]/PATH[?cache=DIR&session_timeout_ms=N&connect_timeout_ms=N&id=NAME]
 * (`dupready push` puts rule bundles there): the rules, and the shadow rules, are then those
 * of the bundle PATH/current names, followed as it changes; `shadow_rules_path` must be NULL
 * or "". Opening waits up to connect_timeout_ms (default 10000) for ZooKeeper; without it,
 * or without a bundle that loads, it starts from the bundle cached in DIR, else fails. A
 * ZooKeeper client runs inside the checker on threads of its own; checks never wait for it. */
DUPREADY_EXPORT dupready_checker *dupready_open(const char *rules_path,
                                                const char *shadow_rules_path, char *err,
                                                size_t err_cap);

/* Re-reads both rule files (on a zk:// source: PATH/current, and loads the bundle it names
 * if that is not the one in force). Returns 0 when the new rules are in force. Otherwise returns
 * non-zero, the rules in force (and shadow rules) stay as they were, and err says why,
 * located. Files are read whole, validated, then swapped in at once. Refused as well: a file
 * that changes while it is being read or while the set is being assembled (read it again
 * once written), rules that put no rule in force (an empty or truncated file), and running
 * out of memory. Thread-safe, also with concurrent checks; concurrent reloads are
 * serialized. */
DUPREADY_EXPORT int dupready_reload(dupready_checker *c, char *err, size_t err_cap);

/* Checks a follower. `rpc_err` is the RPC's error name (NULL means "ERR_OK"); when it is not
 * ERR_OK the reply is ignored and may be NULL/0. Otherwise `reply` is the query_cfg_response
 * as Pegasus marshals it (binary Thrift, Pegasus's dialect). Returns 0 whenever *out holds a
 * verdict; an undecodable reply, or one with a negative or repeated partition index, gives
 * ready = 0, error "ERR_INVALID_DATA" and a message naming what is wrong and where. Returns
 * non-zero only for misuse: c, dup or out NULL, or reply NULL with reply_len > 0 (then *out,
 * when not NULL, is a not-ready ERR_INVALID_PARAMETERS verdict). Thread-safe: any number of
 * threads may check, also during a reload; each check sees one complete rule set. */
DUPREADY_EXPORT int dupready_check(dupready_checker *c, const dupready_dup_context *dup,
                                   const char *rpc_err, const uint8_t *reply, size_t reply_len,
                                   dupready_verdict *out);

/* Frees the checker. NULL is allowed. REQUIRES: no other call on `c` is running or follows. */
DUPREADY_EXPORT void dupready_close(dupready_checker *c);

/* ---- Additions (still ABI version 1: added functions only) ---------------------------- */

#define DUPREADY_LOG_INFO 0
#define DUPREADY_LOG_WARNING 1
#define DUPREADY_LOG_ERROR 2

/* Receives one message (NUL-terminated, no trailing newline) at a DUPREADY_LOG_* level. It
 * may be called from any thread that calls into the checker, concurrently; it must not call
 * dupready_close on the checker. */
typedef void (*dupready_log_fn)(void *ctx, int level, const char *msg);

/* Sets (fn != NULL) or removes (fn == NULL) the logger. Without one, messages are dropped;
 * they are still counted in the stats. Logged: reloads (info, or error with the reason) and
 * every disagreement between the shadow rules and the rules in force (warning). Thread-safe. */
DUPREADY_EXPORT void dupready_set_logger(dupready_checker *c, dupready_log_fn fn, void *ctx);

/* Like dupready_reload, but from new paths. On success the new paths are the ones later
 * dupready_reload calls read; on failure nothing changes. NULL or "" shadow path: no shadow
 * rules. Either kind of source may replace the other: a zk:// URI (see dupready_open) or a
 * rule file. */
DUPREADY_EXPORT int dupready_reload_from(dupready_checker *c, const char *rules_path,
                                         const char *shadow_rules_path, char *err,
                                         size_t err_cap);

/* Writes the counters as one JSON object (NUL-terminated) into buf:
 *   {"abi_version":1,"rules_path":"...","rules_hash":"...","shadow_rules_path":"...",
 *    "shadow_rules_hash":"...","checks":N,"ready":N,"not_ready":N,"invalid_data":N,
 *    "incomplete_context":N,"failures_by_rule":{"rule":N,...},"shadow_checks":N,
 *    "shadow_disagreements":N,"reloads_ok":N,"reloads_failed":N,"last_reload_ok":true,
 *    "last_reload_error":"...","source":{"kind":"files"}}
 * or, on a zk:// source, "source":{"kind":"zookeeper","uri":"...","meta_id":"...",
 *    "connected":true,"session_state":"connected","sessions":N,"bundle":"bundle-NNNNNNNNNN",
 *    "content_hash":"...","from_cache":false,"attempted_bundle":"...","last_load_ok":true,
 *    "last_load_error":"...","loads_ok":N,"loads_failed":N,"report_error":"..."}
 * (on such a source, reloads_ok and reloads_failed count the bundles put in force after the
 * first and those that did not load).
 * incomplete_context counts the checks whose dupready_dup_context had an empty (or NULL) name
 * or a partition_count below 1: the host must give every value, and the rules see what it
 * gave (a message shows such a value as "<unset: dup.NAME>"); the first is also logged as a
 * warning. failures_by_rule counts, for each rule in force, the not-ready verdicts it decided
 * since those rules came into force (it restarts at each successful reload); the other
 * counters count since open. Returns the length of the whole JSON text (without the NUL);
 * when that is >= cap, writes "" instead (if cap > 0) so a caller can retry with a bigger
 * buffer. Returns -1 when c is NULL, or buf is NULL with cap > 0. Thread-safe. */
DUPREADY_EXPORT int64_t dupready_stats_json(dupready_checker *c, char *buf, size_t cap);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DUPREADY_META_INTEGRATION_PLUGIN_DUPREADY_PLUGIN_H_ */
