// Stress test of libdupready_plugin.so through dupready_host.h: checker threads run while
// another thread reloads good and bad rule files thousands of times. Every verdict must be
// exactly what one complete rule set says, and the counters must add up. Meant to run under
// --config=tsan as well:  tools/bazel test --config=tsan //meta_integration/plugin:plugin_stress_test
#include <stdio.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/host/dupready_host.h"
#include "meta_integration/testing/plugin_test_main.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace {

constexpr int kCheckerThreads = 4;
// About 3 s alone on 2 cores, with or without TSan; slower when other tests share the CPUs.
constexpr int kReloads = 2000;
constexpr auto kGiveUpAfter = std::chrono::seconds(120);

// Writes `text` to `path` atomically (temp file + rename), as an operator should.
void Publish(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  testing::WriteFile(tmp, text);
  ASSERT_EQ(std::rename(tmp.c_str(), path.c_str()), 0);
}

// `n` partitions of `replicas` replicas, each with a primary and no secondary.
std::string EncodedReply(int n, int replicas) {
  QueryConfigResponse resp;
  resp.set_err("ERR_OK");
  resp.set_app_id(3);
  resp.set_partition_count(n);
  for (int i = 0; i < n; ++i) {
    PartitionConfig* p = resp.add_partitions();
    p->set_pidx(i);
    p->set_ballot(3);
    p->set_max_replica_count(replicas);
    p->mutable_primary()->set_host("10.0.0." + std::to_string(i + 1));
    p->mutable_primary()->set_port(34801);
  }
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(resp);
  EXPECT_TRUE(reply.ok()) << reply.status();
  absl::StatusOr<std::string> bytes =
      reply.ok() ? EncodeQueryCfgResponse(*reply) : absl::StatusOr<std::string>(reply.status());
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::string();
}

// What a verdict must be, whole.
struct Expected {
  int ready;
  int partition;
  std::string error, rule, message;
};

bool Matches(const host::Verdict& v, const Expected& e) {
  return v.ready == (e.ready != 0) && v.partition == e.partition && e.error == v.error &&
         e.rule == v.rule && e.message == v.message;
}

std::string Show(const host::Verdict& v) {
  std::ostringstream s;
  s << "{ready=" << v.ready << " partition=" << v.partition << " error=" << v.error
    << " rule=" << v.rule << " message=" << v.message << "}";
  return s.str();
}

std::atomic<int64_t> g_disagreements_logged{0};
std::atomic<int64_t> g_reload_errors_logged{0};

void CountingLogger(int level, const char* msg) {
  if (level == DUPREADY_LOG_WARNING && std::strstr(msg, "shadow rules disagree") != nullptr)
    g_disagreements_logged.fetch_add(1);
  if (level == DUPREADY_LOG_ERROR) g_reload_errors_logged.fetch_add(1);
}

// True when `err` holds "<...file>:<line>:<col>:".
bool HasLocation(const char* err, const char* file) {
  for (const char* at = std::strstr(err, file); at != nullptr; at = std::strstr(at + 1, file)) {
    const char* p = at + std::strlen(file);
    bool ok = true;
    for (int part = 0; ok && part < 2; ++part) {
      ok = *p == ':' && std::isdigit(static_cast<unsigned char>(p[1]));
      for (++p; ok && std::isdigit(static_cast<unsigned char>(*p));) ++p;
    }
    if (ok && *p == ':') return true;
  }
  return false;
}

int64_t StatOf(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  at += key.size() + 3;
  if (json.compare(at, 4, "true") == 0) return 1;
  if (json.compare(at, 5, "false") == 0) return 0;
  return std::strtoll(json.c_str() + at, nullptr, 10);
}

TEST(PluginStressTest, ChecksStayConsistentAcrossReloads) {
  ASSERT_NE(testonly::PluginPath(), nullptr);
  std::shared_ptr<const host::Plugin> plugin;
  std::string err;
  ASSERT_TRUE(host::Plugin::Load(testonly::PluginPath(), &plugin, &err)) << err;

  // Files: stable copies of the shipped rules, a bad file, and `active`, replaced by rename.
  const std::string def = testing::TempPath("default.rules");
  const std::string legacy = testing::TempPath("legacy.rules");
  const std::string bad = testing::TempPath("bad.rules");
  const std::string active = testing::TempPath("active.rules");
  const std::string missing = testing::TempPath("missing.rules");
  const std::string def_text = testing::ReadFile("rules/default.rules");
  // legacy.rules extends "default.rules".
  const std::string legacy_text = testing::ReadFile("rules/legacy.rules");
  const std::string bad_text = "table t:\n  require rpc_err == ERR_OK\n  else ERR_TIMEOUT \"x\"\n"
                               "partition p:\n  require size(secondaries) >= \n  else ERR_BUSY \"y\"\n";
  ASSERT_FALSE(def_text.empty());
  Publish(def, def_text);
  Publish(legacy, legacy_text);
  Publish(bad, bad_text);
  Publish(active, def_text);

  std::unique_ptr<host::Checker> c;
  ASSERT_TRUE(host::Checker::Open(plugin, active, "", &c, &err)) << err;
  c->SetLogger(CountingLogger);

  // Replies and what each rule set says about them.
  const std::string single = EncodedReply(4, 1);  // the seed
  const std::string triple = EncodedReply(4, 3);  // 3 replicas, no secondary
  const std::string truncated = single.substr(0, single.size() / 2);
  const Expected ready{1, -1, "ERR_OK", "", ""};
  const Expected legacy_single{0, 0, "ERR_NOT_ENOUGH_MEMBER", "enough_members",
                               "partition 0 has no secondary"};
  const Expected default_triple{0, 0, "ERR_NOT_ENOUGH_MEMBER", "enough_members",
                                "partition 0 has no secondary, with 3 replicas configured"};
  const Expected legacy_triple = legacy_single;
  const dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 1};

  std::atomic<bool> stop{false};
  std::atomic<int64_t> checks{0}, ready_seen{0}, bad_verdicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kCheckerThreads; ++t) {
    threads.emplace_back([&, t] {
      host::Verdict v;
      for (int64_t i = t; !stop.load(std::memory_order_relaxed); ++i) {
        const std::string* reply = i % 5 == 4 ? &truncated : (i % 2 == 0 ? &single : &triple);
        bool ok = c->Check(dup, "ERR_OK", reply->data(), reply->size(), &v);
        checks.fetch_add(1, std::memory_order_relaxed);
        if (v.ready) ready_seen.fetch_add(1, std::memory_order_relaxed);
        if (reply == &truncated) {
          ok = ok && !v.ready && v.error == "ERR_INVALID_DATA" && v.partition == -1 &&
               v.rule.empty() && !v.message.empty();
        } else if (reply == &single) {
          ok = ok && (Matches(v, ready) || Matches(v, legacy_single));
        } else {
          // Both sets fail it at the same rule; only the message tells them apart.
          ok = ok && (Matches(v, default_triple) || Matches(v, legacy_triple));
        }
        if (!ok && bad_verdicts.fetch_add(1) < 5) ADD_FAILURE() << "inconsistent verdict " << Show(v);
      }
    });
  }
  // A reader of the counters, concurrently with everything else.
  threads.emplace_back([&] {
    std::string json;
    while (!stop.load(std::memory_order_relaxed)) {
      if (!c->StatsJson(&json) || json.empty() || json[0] != '{') {
        ADD_FAILURE() << "StatsJson gave " << json;
        return;
      }
    }
  });

  // The reloader: rename-and-reload, reload_from other files, shadows, bad and missing files.
  int64_t reloads_ok = 0, reloads_failed = 0;
  bool last_ok = true;
  const auto deadline = std::chrono::steady_clock::now() + kGiveUpAfter;
  int i = 0;
  for (; i < kReloads && std::chrono::steady_clock::now() < deadline; ++i) {
    bool ok = false;
    bool want_ok = true;
    switch (i % 6) {
      case 0:
        Publish(active, legacy_text);
        ok = c->ReloadFrom(active, "", &err);
        break;
      case 1:
        Publish(active, bad_text);
        ok = c->Reload(&err);
        want_ok = false;
        break;
      case 2:
        ok = c->ReloadFrom(def, legacy, &err);  // with shadow
        break;
      case 3:
        ok = c->ReloadFrom(missing, "", &err);
        want_ok = false;
        break;
      case 4:
        ok = c->ReloadFrom(legacy, def, &err);
        break;
      case 5:
        ok = c->ReloadFrom(bad, "", &err);
        want_ok = false;
        break;
    }
    // Not ASSERT: the other threads must be joined before the test returns.
    bool as_wanted = ok == want_ok;
    if (!ok && as_wanted) {
      // A wrong file is located ("<path>:<line>:<col>: error: ..."); a missing one named.
      as_wanted = i % 6 == 3 ? err.find("missing.rules") != std::string::npos
                             : HasLocation(err.c_str(), "bad.rules") ||
                                   HasLocation(err.c_str(), "active.rules");
    }
    if (!as_wanted) {
      ADD_FAILURE() << "reload " << i << (ok ? " succeeded" : " failed") << ": " << err;
      break;
    }
    if (ok) {
      ++reloads_ok;
    } else {
      ++reloads_failed;
    }
    last_ok = ok;
  }
  stop.store(true);
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(bad_verdicts.load(), 0);
  EXPECT_EQ(i, kReloads) << "gave up after " << kGiveUpAfter.count() << " s";
  EXPECT_GT(ready_seen.load(), 0);
  EXPECT_GT(checks.load() - ready_seen.load(), 0);

  std::string stats;
  ASSERT_TRUE(c->StatsJson(&stats));
  ASSERT_FALSE(stats.empty());
  EXPECT_EQ(StatOf(stats, "checks"), checks.load()) << stats;
  EXPECT_EQ(StatOf(stats, "ready"), ready_seen.load()) << stats;
  EXPECT_EQ(StatOf(stats, "ready") + StatOf(stats, "not_ready"), checks.load()) << stats;
  EXPECT_EQ(StatOf(stats, "reloads_ok"), reloads_ok) << stats;
  EXPECT_EQ(StatOf(stats, "reloads_failed"), reloads_failed) << stats;
  EXPECT_EQ(StatOf(stats, "last_reload_ok"), last_ok ? 1 : 0) << stats;
  EXPECT_EQ(StatOf(stats, "shadow_disagreements"), g_disagreements_logged.load()) << stats;
  EXPECT_EQ(g_reload_errors_logged.load(), reloads_failed);
  EXPECT_GT(g_disagreements_logged.load(), 0);
  std::printf("%d reloads (%lld ok, %lld failed), %lld checks, %lld ready\n%s\n", i,
              static_cast<long long>(reloads_ok), static_cast<long long>(reloads_failed),
              static_cast<long long>(checks.load()), static_cast<long long>(ready_seen.load()),
              stats.c_str());

}

}  // namespace
}  // namespace dupready
