// The plugin's share of "no rule file, reply or input within the limits can take a meta
// server's memory or time", through the C interface: every hostile rule set of
// engine/testing/hostile_rules.h is refused by dupready_open and by dupready_reload_from (the
// rules in force staying) within a second of CPU and 200 MiB of peak RSS, each in a child
// process; every string the interface returns or logs is UTF-8 without control characters;
// and the reply bounds the engine costs rules for are the ones the reply decoder enforces.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/common/limits.h"
#include "engine/common/safe_text.h"
#include "engine/testing/child_usage.h"
#include "engine/testing/files.h"
#include "engine/testing/hostile_rules.h"
#include "gtest/gtest.h"
#include "meta_integration/plugin/dupready_plugin.h"
#include "meta_integration/wire/pegasus_wire_check.h"
#include "meta_integration/wire/testing/wire_writer.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

using testing::ChildUsage;
using testing::CopyFile;
using testing::TempDir;

// UTF-8 throughout, and no control character but a tab.
bool CleanText(std::string_view s) {
  bool clean = true;
  ScanText(s, [&](const TextPiece& p) {
    clean = clean && (p.kind == TextPiece::Kind::kPlain ||
                      (p.kind == TextPiece::Kind::kControl && p.code_point == '\t'));
  });
  return clean;
}

TEST(BoundedPluginTest, TheEngineIsCostedForTheRepliesTheDecoderAccepts) {
  const Limits engine;
  const PegasusWireLimits wire;
  EXPECT_EQ(engine.max_partitions, wire.max_partitions);
  EXPECT_EQ(engine.max_addresses_per_list, wire.max_addresses_per_list);
  EXPECT_EQ(engine.max_string_bytes, wire.max_string_bytes);
  EXPECT_EQ(static_cast<size_t>(engine.max_host_bytes), kMaxHostBytes);
}

TEST(BoundedPluginTest, HostileRuleSetsAreRefusedByOpenAndReload) {
  const std::string good = CopyFile("rules/default.rules", TempDir() + "/good.rules");
  for (const testing::RuleSetMaker& maker : testing::HostileRuleSets()) {
    // Written here, so that the children measure the refusal alone.
    const std::string root = maker.make().WriteUnder(TempDir() + "/" + maker.name);
    const ChildUsage open = testing::RunInChild([&] {
      char err[4096];
      dupready_checker* c = dupready_open(root.c_str(), nullptr, err, sizeof err);
      if (c != nullptr) {
        dupready_close(c);
        return 3;
      }
      return CleanText(err) && err[0] != '\0' ? 1 : 2;
    });
    std::printf("open   %-30s exit %d, cpu %.3f s, wall %.3f s, peak RSS %ld KiB\n",
                maker.name.c_str(), open.exit_code, open.cpu_seconds, open.wall_seconds,
                open.max_rss_kib);
    EXPECT_EQ(open.exit_code, 1) << maker.name;  // refused, with a clean message
    EXPECT_LT(open.cpu_seconds, testing::kMaxSeconds) << maker.name;
    EXPECT_LT(open.max_rss_kib, testing::kMaxRssKiB) << maker.name;

    const ChildUsage reload = testing::RunInChild([&] {
      char err[4096];
      dupready_checker* c = dupready_open(good.c_str(), nullptr, err, sizeof err);
      if (c == nullptr) return 4;
      const int rc = dupready_reload_from(c, root.c_str(), nullptr, err, sizeof err);
      // The default rules stay in force: a reply that fails them still fails.
      dupready_dup_context dup = {"a", "b", "c", 4, 3};
      dupready_verdict v;
      dupready_check(c, &dup, "ERR_TIMEOUT", nullptr, 0, &v);
      dupready_close(c);
      if (rc == 0) return 3;
      if (v.ready || std::string(v.rule) != "remote_call_ok") return 5;
      return CleanText(err) && err[0] != '\0' ? 1 : 2;
    });
    std::printf("reload %-30s exit %d, cpu %.3f s, wall %.3f s, peak RSS %ld KiB\n",
                maker.name.c_str(), reload.exit_code, reload.cpu_seconds, reload.wall_seconds,
                reload.max_rss_kib);
    EXPECT_EQ(reload.exit_code, 1) << maker.name;
    EXPECT_LT(reload.cpu_seconds, testing::kMaxSeconds) << maker.name;
    EXPECT_LT(reload.max_rss_kib, testing::kMaxRssKiB) << maker.name;
  }
}

void CollectLog(void* ctx, int, const char* msg) {
  static_cast<std::vector<std::string>*>(ctx)->push_back(msg);
}

TEST(BoundedPluginTest, EveryStringThatCrossesTheInterfaceIsCleanUtf8) {
  const std::string good = CopyFile("rules/default.rules", TempDir() + "/clean.rules");
  char err[1024];
  dupready_checker* c = dupready_open(good.c_str(), nullptr, err, sizeof err);
  ASSERT_NE(c, nullptr) << err;
  std::vector<std::string> log;
  dupready_set_logger(c, CollectLog, &log);

  // A remote app name that retitles a terminal and is not UTF-8, in the message of the rule
  // that fails on a reply saying the app does not exist.
  testonly::WireWriter reply;
  reply.Field(testonly::kTStruct, 1).String("ERR_APP_NOT_EXIST").Stop();
  dupready_dup_context dup = {"app", "cluster", "x\x1b]0;owned\x07\xff\xc3", 4, 3};
  dupready_verdict v;
  ASSERT_EQ(dupready_check(c, &dup, nullptr, reply.data(), reply.size(), &v), 0);
  EXPECT_EQ(std::string(v.rule), "remote_answer_ok");
  EXPECT_TRUE(CleanText(v.message)) << v.message;
  EXPECT_NE(std::string(v.message).find("x\\x1b]0;owned\\x07\\xff\\xc3"), std::string::npos)
      << v.message;

  // A path of the same kind, in err and in the log.
  const std::string bad = TempDir() + "/no\x1b[2Jsuch\xff.rules";
  EXPECT_NE(dupready_reload_from(c, bad.c_str(), nullptr, err, sizeof err), 0);
  EXPECT_TRUE(CleanText(err)) << err;
  EXPECT_NE(std::string(err).find("no\\x1b[2Jsuch\\xff.rules"), std::string::npos) << err;
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.back().find("no\\x1b[2Jsuch\\xff.rules"), std::string::npos) << log.back();
  for (const std::string& m : log) EXPECT_TRUE(CleanText(m)) << m;

  // The stats JSON: JSON-escaped, bytes that are not UTF-8 replaced (here in the path of the
  // rules in force).
  const std::string odd = CopyFile("rules/default.rules", TempDir() + "/odd\xff\x1b.rules");
  ASSERT_EQ(dupready_reload_from(c, odd.c_str(), nullptr, err, sizeof err), 0) << err;
  char stats[8192];
  ASSERT_GT(dupready_stats_json(c, stats, sizeof stats), 0);
  EXPECT_TRUE(CleanText(stats)) << stats;
  EXPECT_NE(std::string(stats).find("odd\\ufffd\\u001b.rules"), std::string::npos) << stats;

  // Names longer than the bound the rules were costed for: not ready, not evaluated.
  const std::string long_name(Limits().max_string_bytes + 1, 'a');
  dupready_dup_context big = {long_name.c_str(), "cluster", "app", 4, 3};
  ASSERT_EQ(dupready_check(c, &big, "ERR_TIMEOUT", nullptr, 0, &v), 0);
  EXPECT_EQ(v.ready, 0);
  EXPECT_EQ(std::string(v.error), "ERR_INVALID_DATA");
  EXPECT_NE(std::string(v.message).find("exceeds 4096"), std::string::npos) << v.message;
  dupready_close(c);
}

}  // namespace
}  // namespace dupready
