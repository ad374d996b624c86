/* Tests libdupready_plugin.so through its C interface only, from plain C, the way a host
 * would: dlopen, dlsym, every function, including misuse. Replies are written byte by byte in
 * Pegasus's Thrift dialect, independently of the project's codec.
 *
 * Usage: dupready_plugin_c_test PATH/TO/libdupready_plugin.so   (run from the runfiles root,
 * where rules/ is; scratch files go to $TEST_TMPDIR). */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta_integration/plugin/dupready_plugin.h"

static int failures = 0;
#define EXPECT(cond)                                                          \
  do {                                                                        \
    if (!(cond)) {                                                            \
      fprintf(stderr, "%s:%d: EXPECT failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                             \
    }                                                                         \
  } while (0)

/* The ABI, looked up by name. */
static uint32_t (*p_abi_version)(void);
static dupready_checker *(*p_open)(const char *, const char *, char *, size_t);
static int (*p_reload)(dupready_checker *, char *, size_t);
static int (*p_reload_from)(dupready_checker *, const char *, const char *, char *, size_t);
static int (*p_check)(dupready_checker *, const dupready_dup_context *, const char *,
                      const uint8_t *, size_t, dupready_verdict *);
static void (*p_close)(dupready_checker *);
static void (*p_set_logger)(dupready_checker *, dupready_log_fn, void *);
static int64_t (*p_stats_json)(dupready_checker *, char *, size_t);

static void *must_sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (p == NULL) {
    fprintf(stderr, "dlsym(%s): %s\n", name, dlerror());
    exit(2);
  }
  return p;
}

/* ---- Thrift binary, by hand ---- */
typedef struct {
  uint8_t b[4096];
  size_t n;
} buf_t;

static void put8(buf_t *w, uint8_t v) { w->b[w->n++] = v; }
static void put16(buf_t *w, int16_t v) {
  put8(w, (uint8_t)((uint16_t)v >> 8));
  put8(w, (uint8_t)v);
}
static void put32(buf_t *w, int32_t v) {
  for (int s = 24; s >= 0; s -= 8) put8(w, (uint8_t)((uint32_t)v >> s));
}
static void put64(buf_t *w, int64_t v) {
  for (int s = 56; s >= 0; s -= 8) put8(w, (uint8_t)((uint64_t)v >> s));
}
static void field(buf_t *w, uint8_t type, int16_t id) {
  put8(w, type);
  put16(w, id);
}
enum { T_STOP = 0, T_BOOL = 2, T_I32 = 8, T_I64 = 10, T_STRING = 11, T_STRUCT = 12, T_LIST = 15 };

static int64_t rpc_address(uint32_t ip, uint16_t port) {
  return (int64_t)(((uint64_t)ip << 32) | ((uint64_t)port << 16) | 1u);
}

/* A query_cfg_response: `n` partitions of `replicas` configured replicas, each with a live
 * primary and `secondaries` live secondaries; partition i has index pidx[i] (i when pidx is
 * NULL). */
static void write_reply_indexed(buf_t *w, int n, int replicas, int secondaries, const int *pidx) {
  w->n = 0;
  field(w, T_STRUCT, 1); /* err: error_code, a string on the wire */
  put32(w, 6);
  memcpy(w->b + w->n, "ERR_OK", 6);
  w->n += 6;
  field(w, T_I32, 2);
  put32(w, 3); /* app_id */
  field(w, T_I32, 3);
  put32(w, n);
  field(w, T_BOOL, 4);
  put8(w, 1);
  field(w, T_LIST, 5);
  put8(w, T_STRUCT);
  put32(w, n);
  for (int i = 0; i < n; ++i) {
    field(w, T_STRUCT, 1); /* gpid: app_id low, partition_index high */
    put64(w, (int64_t)(((uint64_t)(uint32_t)(pidx != NULL ? pidx[i] : i) << 32) | 3u));
    field(w, T_I64, 2);
    put64(w, 3);
    field(w, T_I32, 3);
    put32(w, replicas);
    field(w, T_STRUCT, 4);
    put64(w, rpc_address(0x0A000001u + (uint32_t)i, 34801));
    field(w, T_LIST, 5);
    put8(w, T_STRUCT);
    put32(w, secondaries);
    for (int k = 0; k < secondaries; ++k) put64(w, rpc_address(0x0A000101u + (uint32_t)k, 34801));
    field(w, T_LIST, 6);
    put8(w, T_STRUCT);
    put32(w, 0);
    field(w, T_I64, 7);
    put64(w, 100);
    field(w, T_I32, 8);
    put32(w, 0);
    put8(w, T_STOP);
  }
  put8(w, T_STOP);
}

static void write_reply(buf_t *w, int n, int replicas, int secondaries) {
  write_reply_indexed(w, n, replicas, secondaries, NULL);
}

/* ---- files ---- */
static char tmpdir[1024];

static void path_in_tmp(char *out, size_t cap, const char *name) {
  snprintf(out, cap, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  static char storage[4][65536];
  static int next = 0;
  char *out = storage[next++ % 4];
  size_t n = fread(out, 1, sizeof(storage[0]) - 1, f);
  out[n] = '\0';
  fclose(f);
  return out;
}

/* ---- a logger that remembers ---- */
typedef struct {
  int calls;
  int last_level;
  char last[2048];
} log_sink;

static void remember(void *ctx, int level, const char *msg) {
  log_sink *s = (log_sink *)ctx;
  s->calls++;
  s->last_level = level;
  snprintf(s->last, sizeof(s->last), "%s", msg);
}

static const dupready_dup_context kDup = {"dup_test", "target_cluster", "dup_test_3", 4, 1};

/* True when err holds "<file>:<line>:<col>:" somewhere. */
static int has_location(const char *err, const char *file) {
  for (const char *at = strstr(err, file); at != NULL; at = strstr(at + 1, file)) {
    const char *p = at + strlen(file);
    int ok = 1;
    for (int part = 0; ok && part < 2; ++part) {
      ok = *p == ':' && p[1] >= '0' && p[1] <= '9';
      for (++p; ok && *p >= '0' && *p <= '9';) ++p;
    }
    if (ok && *p == ':') return 1;
  }
  return 0;
}

static dupready_verdict check(dupready_checker *c, const buf_t *reply) {
  dupready_verdict v;
  memset(&v, 0x7f, sizeof(v)); /* garbage: every field must be written */
  EXPECT(p_check(c, &kDup, "ERR_OK", reply->b, reply->n, &v) == 0);
  return v;
}

static int64_t stat_of(dupready_checker *c, const char *key) {
  static char json[8192];
  int64_t n = p_stats_json(c, json, sizeof(json));
  EXPECT(n > 0 && (size_t)n < sizeof(json));
  char pat[128];
  snprintf(pat, sizeof(pat), "\"%s\":", key);
  const char *at = strstr(json, pat);
  if (at == NULL) return -999;
  at += strlen(pat);
  if (strncmp(at, "true", 4) == 0) return 1;
  if (strncmp(at, "false", 5) == 0) return 0;
  return strtoll(at, NULL, 10);
}

static void test_open_errors(void) {
  char err[512];
  char bad[1100];

  EXPECT(p_open(NULL, NULL, err, sizeof(err)) == NULL);
  EXPECT(strstr(err, "NULL") != NULL);

  EXPECT(p_open("no/such/file.rules", NULL, err, sizeof(err)) == NULL);
  EXPECT(strstr(err, "no/such/file.rules") != NULL);
  EXPECT(p_open("no/such/file.rules", NULL, NULL, 0) == NULL); /* err ignored */

  /* A tiny buffer is still NUL-terminated; a one-byte buffer holds just the NUL. */
  char tiny[8];
  memset(tiny, 'x', sizeof(tiny));
  EXPECT(p_open("no/such/file.rules", NULL, tiny, sizeof(tiny)) == NULL);
  EXPECT(strlen(tiny) == sizeof(tiny) - 1);
  memset(tiny, 'x', sizeof(tiny));
  EXPECT(p_open("no/such/file.rules", NULL, tiny, 1) == NULL);
  EXPECT(tiny[0] == '\0' && tiny[1] == 'x');

  /* A wrong rule file: the error is located, file:line:col. */
  path_in_tmp(bad, sizeof(bad), "bad.rules");
  write_file(bad, "# a rule with a typo\ntable t:\n  require rpc_er == ERR_OK\n  else ERR_TIMEOUT \"x\"\n");
  EXPECT(p_open(bad, NULL, err, sizeof(err)) == NULL);
  char where[1200];
  snprintf(where, sizeof(where), "%s:3:", bad);
  EXPECT(strstr(err, where) != NULL);
  EXPECT(has_location(err, bad));
  if (strstr(err, where) == NULL) fprintf(stderr, "  err was: %s\n", err);

  /* A wrong shadow file fails the open too. */
  EXPECT(p_open("rules/default.rules", bad, err, sizeof(err)) == NULL);
  EXPECT(strstr(err, "shadow") != NULL);
}

static void test_checks(void) {
  char err[512];
  buf_t reply;
  dupready_checker *c = p_open("rules/legacy.rules", NULL, err, sizeof(err));
  EXPECT(c != NULL);
  if (c == NULL) {
    fprintf(stderr, "  open: %s\n", err);
    return;
  }
  EXPECT(err[0] == '\0');

  /* The seed: one replica per partition, no secondaries. Legacy rules: stuck. */
  write_reply(&reply, 4, 1, 0);
  dupready_verdict v = check(c, &reply);
  EXPECT(v.ready == 0);
  EXPECT(strcmp(v.error, "ERR_NOT_ENOUGH_MEMBER") == 0);
  EXPECT(strcmp(v.rule, "enough_members") == 0);
  EXPECT(v.partition == 0);
  EXPECT(strstr(v.message, "partition 0") != NULL);

  /* Three replicas with one secondary each: ready under either rule set. */
  write_reply(&reply, 4, 3, 1);
  v = check(c, &reply);
  EXPECT(v.ready == 1 && v.partition == -1);
  EXPECT(strcmp(v.error, "ERR_OK") == 0 && v.rule[0] == '\0' && v.message[0] == '\0');

  /* Every truncation of a good reply is an ERR_INVALID_DATA verdict, never a crash. */
  size_t full = reply.n;
  for (size_t len = 0; len < full; ++len) {
    dupready_verdict t;
    EXPECT(p_check(c, &kDup, NULL, reply.b, len, &t) == 0);
    EXPECT(t.ready == 0);
    EXPECT(strcmp(t.error, "ERR_INVALID_DATA") == 0);
    EXPECT(strstr(t.message, "target_cluster.dup_test_3") != NULL);
    EXPECT(strlen(t.message) < sizeof(t.message));
  }
  /* Trailing garbage too. */
  reply.b[reply.n++] = 0x55;
  v = check(c, &reply);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_DATA") == 0);
  reply.n = full;

  /* Too few partitions: a table rule decides, partition -1. */
  write_reply(&reply, 3, 3, 1);
  v = check(c, &reply);
  EXPECT(v.ready == 0 && v.partition == -1);
  EXPECT(strcmp(v.error, "ERR_INCONSISTENT_STATE") == 0);

  /* A failed RPC: the reply is ignored, even NULL. */
  EXPECT(p_check(c, &kDup, "ERR_TIMEOUT", NULL, 0, &v) == 0);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_TIMEOUT") == 0);
  EXPECT(strcmp(v.rule, "remote_call_ok") == 0);
  EXPECT(p_check(c, &kDup, "ERR_TIMEOUT", (const uint8_t *)"junk", 4, &v) == 0);
  EXPECT(strcmp(v.error, "ERR_TIMEOUT") == 0);
  /* An RPC error that is not an error name is bad data, not a crash. */
  EXPECT(p_check(c, &kDup, "no such error!", NULL, 0, &v) == 0);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_DATA") == 0);

  /* NULL strings in the context read as "". */
  dupready_dup_context blank = {NULL, NULL, NULL, 4, 0};
  write_reply(&reply, 4, 3, 1);
  EXPECT(p_check(c, &blank, "ERR_OK", reply.b, reply.n, &v) == 0);
  EXPECT(v.ready == 1);

  /* Misuse: non-zero, and a not-ready verdict when there is somewhere to put it. */
  EXPECT(p_check(NULL, &kDup, "ERR_OK", reply.b, reply.n, &v) != 0);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_PARAMETERS") == 0);
  EXPECT(p_check(c, NULL, "ERR_OK", reply.b, reply.n, &v) != 0);
  EXPECT(v.ready == 0);
  EXPECT(p_check(c, &kDup, "ERR_OK", reply.b, reply.n, NULL) != 0);
  EXPECT(p_check(c, &kDup, "ERR_OK", NULL, 5, &v) != 0);
  EXPECT(v.ready == 0);
  /* A NULL reply of length 0 is merely an empty (undecodable) reply. */
  EXPECT(p_check(c, &kDup, "ERR_OK", NULL, 0, &v) == 0);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_DATA") == 0);

  /* Counters: every check above that returned 0. */
  EXPECT(stat_of(c, "checks") == (int64_t)full + 9);
  EXPECT(stat_of(c, "checks") == stat_of(c, "ready") + stat_of(c, "not_ready"));
  EXPECT(stat_of(c, "invalid_data") == (int64_t)full + 3);
  EXPECT(stat_of(c, "enough_members") == 1);
  EXPECT(stat_of(c, "remote_call_ok") == 2);
  EXPECT(stat_of(c, "reloads_ok") == 0);

  /* Stats buffer protocol. */
  int64_t len = p_stats_json(c, NULL, 0);
  EXPECT(len > 0);
  char *json = malloc((size_t)len + 1);
  EXPECT(p_stats_json(c, json, (size_t)len) == len && json[0] == '\0'); /* too small: "" */
  EXPECT(p_stats_json(c, json, (size_t)len + 1) == len && strlen(json) == (size_t)len);
  EXPECT(json[0] == '{' && json[len - 1] == '}');
  EXPECT(strstr(json, "\"abi_version\":1") != NULL);
  EXPECT(strstr(json, "\"rules_hash\":\"") != NULL);
  free(json);
  EXPECT(p_stats_json(NULL, NULL, 0) == -1);
  EXPECT(p_stats_json(c, NULL, 5) == -1);

  p_close(c);
  p_close(NULL);
}

static void test_reload(void) {
  char err[2048];
  char active[1100], def[1100], legacy[1100], missing[1100];
  buf_t reply;
  path_in_tmp(def, sizeof(def), "default.rules");
  path_in_tmp(legacy, sizeof(legacy), "legacy.rules");
  path_in_tmp(active, sizeof(active), "active.rules");
  path_in_tmp(missing, sizeof(missing), "missing.rules");
  write_file(def, read_file("rules/default.rules"));
  write_file(legacy, read_file("rules/legacy.rules")); /* extends "default.rules" beside it */
  write_file(active, read_file("rules/default.rules"));

  dupready_checker *c = p_open(active, NULL, err, sizeof(err));
  EXPECT(c != NULL);
  if (c == NULL) return;
  log_sink sink = {0, -1, ""};
  p_set_logger(c, remember, &sink);
  p_set_logger(NULL, remember, &sink); /* ignored */

  write_reply(&reply, 4, 1, 0);
  EXPECT(check(c, &reply).ready == 1);

  /* A bad file: non-zero, old rules stay, the error is located. */
  write_file(active, "table t:\n  require rpc_err == ERR_OK\n  else ERR_NOT_A_THING \"x\"\n"
                     "partition p:\n  require size(secondaries >= 1\n");
  EXPECT(p_reload(c, err, sizeof(err)) != 0);
  EXPECT(has_location(err, active)); /* active.rules:LINE:COL: error: ... */
  EXPECT(strstr(err, "rules in force stay") != NULL);
  if (!has_location(err, active)) fprintf(stderr, "  err was: %s\n", err);
  EXPECT(!has_location("x.rules:3: error", "x.rules") && has_location("x.rules:3:7: e", "x.rules"));
  EXPECT(check(c, &reply).ready == 1);
  EXPECT(stat_of(c, "reloads_failed") == 1 && stat_of(c, "last_reload_ok") == 0);
  EXPECT(sink.calls >= 1 && sink.last_level == DUPREADY_LOG_ERROR);

  /* A good, different file at the same path: in force. */
  write_file(active, read_file("rules/legacy.rules"));
  EXPECT(p_reload(c, err, sizeof(err)) == 0);
  EXPECT(err[0] == '\0');
  dupready_verdict v = check(c, &reply);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_NOT_ENOUGH_MEMBER") == 0);
  EXPECT(stat_of(c, "reloads_ok") == 1 && stat_of(c, "last_reload_ok") == 1);
  EXPECT(sink.last_level == DUPREADY_LOG_INFO);

  /* reload_from: a missing file changes nothing; a good one switches paths. */
  EXPECT(p_reload_from(c, missing, NULL, err, sizeof(err)) != 0);
  EXPECT(strstr(err, "missing.rules") != NULL);
  EXPECT(check(c, &reply).ready == 0);
  EXPECT(p_reload_from(c, NULL, NULL, err, sizeof(err)) != 0);
  EXPECT(p_reload_from(NULL, def, NULL, err, sizeof(err)) != 0);
  EXPECT(p_reload(NULL, err, sizeof(err)) != 0);
  EXPECT(p_reload_from(c, def, NULL, err, sizeof(err)) == 0);
  EXPECT(check(c, &reply).ready == 1);
  /* dupready_reload now reads the new path: breaking the old one does not matter. */
  write_file(active, "garbage");
  EXPECT(p_reload(c, err, sizeof(err)) == 0);
  EXPECT(check(c, &reply).ready == 1);

  /* Shadow rules: legacy in shadow of default; they disagree on this follower. */
  int before = sink.calls;
  EXPECT(p_reload_from(c, def, legacy, err, sizeof(err)) == 0);
  v = check(c, &reply);
  EXPECT(v.ready == 1); /* the rules in force decide */
  EXPECT(sink.calls == before + 2); /* the reload, then the disagreement */
  EXPECT(sink.last_level == DUPREADY_LOG_WARNING);
  EXPECT(strstr(sink.last, "shadow rules disagree") != NULL);
  EXPECT(strstr(sink.last, "ERR_NOT_ENOUGH_MEMBER") != NULL);
  EXPECT(stat_of(c, "shadow_disagreements") == 1 && stat_of(c, "shadow_checks") == 1);
  /* Agreement is silent. */
  write_reply(&reply, 4, 3, 1);
  EXPECT(check(c, &reply).ready == 1);
  EXPECT(sink.calls == before + 2 && stat_of(c, "shadow_checks") == 2);

  /* Without a logger, disagreements are only counted. */
  p_set_logger(c, NULL, NULL);
  write_reply(&reply, 4, 1, 0);
  EXPECT(check(c, &reply).ready == 1);
  EXPECT(sink.calls == before + 2 && stat_of(c, "shadow_disagreements") == 2);
  p_close(c);
}

/* Partition indices are data: negative or repeated ones are ERR_INVALID_DATA. A context with
 * an empty name or no partition count is judged as given, counted, and logged once. */
static void test_indices_and_context(void) {
  char err[512];
  buf_t reply;
  dupready_checker *c = p_open("rules/default.rules", NULL, err, sizeof(err));
  EXPECT(c != NULL);
  if (c == NULL) return;
  log_sink sink = {0, -1, ""};
  p_set_logger(c, remember, &sink);

  const int negative[] = {0, 1, -1, 3};
  write_reply_indexed(&reply, 4, 3, 1, negative);
  dupready_verdict v = check(c, &reply);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_DATA") == 0);
  EXPECT(strstr(v.message, "partitions[2] has partition index -1") != NULL);
  const int repeated[] = {0, 1, 2, 1};
  write_reply_indexed(&reply, 4, 3, 1, repeated);
  v = check(c, &reply);
  EXPECT(v.ready == 0 && strcmp(v.error, "ERR_INVALID_DATA") == 0);
  EXPECT(strstr(v.message, "partitions[3] repeats partition index 1 of partitions[1]") != NULL);
  const int shuffled[] = {3, 1, 2, 0};
  write_reply_indexed(&reply, 4, 3, 1, shuffled);
  EXPECT(check(c, &reply).ready == 1);
  EXPECT(stat_of(c, "invalid_data") == 2);
  EXPECT(stat_of(c, "incomplete_context") == 0 && sink.calls == 0);

  /* No names and no partition count: judged as given, counted each time, logged once. */
  const dupready_dup_context blank = {NULL, "", "dup_test_3", 0, 0};
  write_reply(&reply, 4, 3, 1);
  EXPECT(p_check(c, &blank, "ERR_OK", reply.b, reply.n, &v) == 0);
  EXPECT(v.ready == 0 && strcmp(v.rule, "partition_count_matches") == 0);
  EXPECT(strstr(v.message, "the source has <unset: dup.partition_count>") != NULL);
  EXPECT(sink.calls == 1 && sink.last_level == DUPREADY_LOG_WARNING);
  EXPECT(strstr(sink.last, "dup.app_name, dup.remote_cluster_name, dup.partition_count") != NULL);
  if (sink.calls != 1) fprintf(stderr, "  log: %s\n", sink.last);
  EXPECT(p_check(c, &blank, "ERR_OK", reply.b, reply.n, &v) == 0);
  EXPECT(stat_of(c, "incomplete_context") == 2 && sink.calls == 1);
  EXPECT(check(c, &reply).ready == 1); /* a whole context is not counted */
  EXPECT(stat_of(c, "incomplete_context") == 2);
  p_close(c);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s libdupready_plugin.so\n", argv[0]);
    return 2;
  }
  const char *t = getenv("TEST_TMPDIR");
  snprintf(tmpdir, sizeof(tmpdir), "%s", t != NULL ? t : "/tmp");

  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (lib == NULL) {
    fprintf(stderr, "dlopen(%s): %s\n", argv[1], dlerror());
    return 2;
  }
  *(void **)&p_abi_version = must_sym(lib, "dupready_abi_version");
  *(void **)&p_open = must_sym(lib, "dupready_open");
  *(void **)&p_reload = must_sym(lib, "dupready_reload");
  *(void **)&p_reload_from = must_sym(lib, "dupready_reload_from");
  *(void **)&p_check = must_sym(lib, "dupready_check");
  *(void **)&p_close = must_sym(lib, "dupready_close");
  *(void **)&p_set_logger = must_sym(lib, "dupready_set_logger");
  *(void **)&p_stats_json = must_sym(lib, "dupready_stats_json");
  /* Nothing else is exported: the engine stays hidden (RuleSet::Load as mangled with Debian's
   * abseil; exported_symbols_test checks the whole list). */
  EXPECT(dlsym(lib, "_ZN8dupready7RuleSet4LoadERKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEERKSt8functionIFN4absl7debian38StatusOrIS6_EES8_EERKNS_6LimitsEPNS_11DiagnosticsE") == NULL);

  EXPECT(p_abi_version() == DUPREADY_ABI_VERSION);
  test_open_errors();
  test_checks();
  test_reload();
  test_indices_and_context();

  dlclose(lib);
  if (failures != 0) {
    fprintf(stderr, "%d expectation(s) failed\n", failures);
    return 1;
  }
  printf("all C ABI checks passed\n");
  return 0;
}
