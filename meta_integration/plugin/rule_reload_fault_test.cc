// Fault injection on the rule files behind a reload: files that vanish, cannot be read, come
// back truncated, or change while a reload reads them. In every case the reload either fails
// and the rules in force stay (same hash, same verdicts), or takes a complete, consistent set.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/plugin/dupready_plugin.h"
#include "meta_integration/plugin/plugin_checker.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/testing/hardening_test_util.h"

namespace dupready {
namespace {

using testonly::FollowerReply;
using testonly::JsonField;
using testing::FreshDir;
using testing::ReadFile;
using testing::WriteFile;

// The seed: 4 partitions, one replica each. legacy.rules says not ready, default.rules ready.
const std::string& SeedReply() {
  static const std::string* reply = new std::string(FollowerReply(4, 1, 0));
  return *reply;
}

const DupContextView kSeed{"dup_test", "target_cluster", "dup_test_3", 4, 1};

// What a checker currently enforces: the hash of its rules and its verdict on the seed.
struct InForce {
  std::string hash;
  std::string error;  // the verdict's error on the seed
  bool operator==(const InForce& o) const { return hash == o.hash && error == o.error; }
};

InForce Observe(PluginChecker* c) {
  CheckScratch scratch;
  const std::string& reply = SeedReply();
  c->Check(kSeed, "ERR_OK", reinterpret_cast<const uint8_t*>(reply.data()), reply.size(),
           &scratch);
  return InForce{JsonField(c->StatsJson(), "rules_hash"), scratch.verdict().error};
}

// A directory holding copies of the shipped default.rules and legacy.rules (as root.rules).
struct RuleDir {
  explicit RuleDir(const std::string& name) : dir(FreshDir(name)) {
    WriteFile(base(), ReadFile("rules/default.rules"));
    WriteFile(root(), ReadFile("rules/legacy.rules"));  // extend "default.rules"
  }
  std::string root() const { return dir + "/root.rules"; }
  std::string base() const { return dir + "/default.rules"; }
  std::string dir;
};

TEST(RuleReloadFaultTest, VanishedFilesKeepTheRulesInForceThroughTheCInterface) {
  RuleDir d("vanish");
  char err[1024];
  dupready_checker* c = dupready_open(d.root().c_str(), nullptr, err, sizeof err);
  ASSERT_NE(c, nullptr) << err;
  dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  const std::string& reply = SeedReply();
  auto verdict = [&] {
    dupready_verdict v;
    EXPECT_EQ(dupready_check(c, &dup, "ERR_OK", reinterpret_cast<const uint8_t*>(reply.data()),
                             reply.size(), &v),
              0);
    return std::string(v.error);
  };
  ASSERT_EQ(verdict(), "ERR_NOT_ENOUGH_MEMBER");  // legacy rules

  for (const std::string& gone : {d.root(), d.base()}) {
    const std::string text = ReadFile(gone);
    ASSERT_EQ(::unlink(gone.c_str()), 0);
    EXPECT_NE(dupready_reload(c, err, sizeof err), 0);
    EXPECT_NE(std::string(err).find(gone), std::string::npos) << err;
    EXPECT_NE(std::string(err).find("the rules in force stay"), std::string::npos) << err;
    EXPECT_EQ(verdict(), "ERR_NOT_ENOUGH_MEMBER") << "after " << gone << " vanished";
    WriteFile(gone, text);
  }
  // Once the files are back and fixed, a reload takes them.
  WriteFile(d.root(), "extend \"default.rules\"\n");
  ASSERT_EQ(dupready_reload(c, err, sizeof err), 0) << err;
  EXPECT_EQ(verdict(), "ERR_OK");
  dupready_close(c);
}

TEST(RuleReloadFaultTest, UnreadableFilesKeepTheRulesInForce) {
  RuleDir d("unreadable");
  // The reader the checker uses: from disk, or a refusal injected for one path.
  std::mutex mu;
  std::string refuse;  // guarded by mu
  const FileReader disk = DiskFileReader(Limits().max_file_bytes);
  FileReader read = [&](const std::string& path) -> absl::StatusOr<std::string> {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (path == refuse) return absl::PermissionDeniedError(path + ": Permission denied");
    }
    return disk(path);
  };
  absl::StatusOr<std::unique_ptr<PluginChecker>> c =
      PluginChecker::OpenWithReader(d.root(), "", Limits(), read);
  ASSERT_TRUE(c.ok()) << c.status();
  const InForce before = Observe(c->get());
  ASSERT_EQ(before.error, "ERR_NOT_ENOUGH_MEMBER");

  // chmod 000 denies reads to everyone but root (tests often run as root, where it does not).
  if (::geteuid() != 0) {
    ASSERT_EQ(::chmod(d.base().c_str(), 0), 0);
    absl::Status s = (*c)->Reload();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;  // located at the extend
    EXPECT_NE(s.message().find("Permission denied"), absl::string_view::npos) << s;
    EXPECT_TRUE(Observe(c->get()) == before);
    ASSERT_EQ(::chmod(d.base().c_str(), 0644), 0);
  } else {
    std::printf("running as root: chmod 000 does not deny reads; injecting the refusal\n");
  }
  // The refusal, injected: for the root file, then for the file it extends.
  for (const std::string& path : {d.root(), d.base()}) {
    {
      std::lock_guard<std::mutex> lock(mu);
      refuse = path;
    }
    absl::Status s = (*c)->Reload();
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find(path + ": Permission denied"), absl::string_view::npos) << s;
    EXPECT_TRUE(Observe(c->get()) == before) << path;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    refuse.clear();
  }
  // A directory where the file was (what `mkdir` in the wrong place leaves behind).
  const std::string text = ReadFile(d.root());
  ASSERT_EQ(::unlink(d.root().c_str()), 0);
  ASSERT_EQ(::mkdir(d.root().c_str(), 0755), 0);
  absl::Status s = (*c)->Reload();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("root.rules: not a regular file"), absl::string_view::npos) << s;
  EXPECT_TRUE(Observe(c->get()) == before);
  ASSERT_EQ(::rmdir(d.root().c_str()), 0);
  WriteFile(d.root(), text);
  EXPECT_TRUE((*c)->Reload().ok());
}

TEST(RuleReloadFaultTest, AFileWithNoRuleIsRefused) {
  // A rule file truncated to nothing (a writer between its truncate and its write) would put
  // no rule in force and let every duplication advance: the engine refuses to load it.
  RuleDir d("empty");
  absl::StatusOr<std::unique_ptr<PluginChecker>> c = PluginChecker::Open(d.root(), "");
  ASSERT_TRUE(c.ok()) << c.status();
  const InForce before = Observe(c->get());
  for (const std::string text : {"", "\n\n", "# only a comment\n", "extend \"default.rules\"\n"
                                 "unfinal remote_call_ok, remote_answer_ok, primary_alive, "
                                 "partition_count_matches \"test\"\n"
                                 "disable remote_call_ok\ndisable remote_answer_ok\n"
                                 "disable partition_count_matches\ndisable primary_alive\n"
                                 "disable enough_members\ndisable secondaries_alive\n"}) {
    WriteFile(d.root(), text);
    absl::Status s = (*c)->Reload();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_NE(s.message().find("puts no rule in force"), absl::string_view::npos) << s;
    EXPECT_TRUE(Observe(c->get()) == before) << "'" << text << "'";
  }
  // And at open: no checker without rules.
  EXPECT_FALSE(PluginChecker::Open(d.root(), "").ok());
}

// Offsets where a rule begins ("table ...", "partition ..." or "final ..." at the start of a
// line).
std::vector<size_t> RuleStarts(const std::string& text) {
  std::vector<size_t> starts;
  for (size_t at = 0; at < text.size(); at = text.find('\n', at) + 1) {
    if (text.compare(at, 6, "table ") == 0 || text.compare(at, 10, "partition ") == 0 ||
        text.compare(at, 6, "final ") == 0)
      starts.push_back(at);
    if (text.find('\n', at) == std::string::npos) break;
  }
  return starts;
}

TEST(RuleReloadFaultTest, TruncatedTextsNeverLoadARuleCutInItsCondition) {
  // The reader returns the first `cut` bytes of default.rules: a file cut short by a writer.
  const std::string full = ReadFile("rules/default.rules");
  std::mutex mu;
  size_t cut = full.size();  // guarded by mu
  FileReader read = [&](const std::string&) -> absl::StatusOr<std::string> {
    std::lock_guard<std::mutex> lock(mu);
    return full.substr(0, cut);
  };
  absl::StatusOr<std::unique_ptr<PluginChecker>> c =
      PluginChecker::OpenWithReader("t.rules", "", Limits(), read);
  ASSERT_TRUE(c.ok()) << c.status();
  InForce in_force = Observe(c->get());
  const std::vector<size_t> starts = RuleStarts(full);
  ASSERT_GE(starts.size(), 5u);
  int rejected = 0, accepted = 0;
  for (size_t n = 0; n < full.size(); ++n) {
    {
      std::lock_guard<std::mutex> lock(mu);
      cut = n;
    }
    const absl::Status s = (*c)->Reload();
    const InForce now = Observe(c->get());
    if (!s.ok()) {
      ++rejected;
      EXPECT_TRUE(now == in_force) << "a failed reload changed the rules at cut " << n;
      continue;
    }
    ++accepted;
    // What loaded is exactly the cut text, and the cut is not inside a rule's condition: the
    // last rule that starts before the cut has reached its `else` (or `suffices`).
    auto expected = RuleSet::FromText("t.rules", full.substr(0, n));
    ASSERT_TRUE(expected.ok());
    EXPECT_EQ(now.hash, "\"" + (*expected)->hash() + "\"");
    size_t last = std::string::npos;
    for (size_t at : starts)
      if (at < n) last = at;
    if (last != std::string::npos) {
      const std::string rule = full.substr(last, n - last);
      EXPECT_TRUE(rule.find(" else") != std::string::npos ||
                  rule.find("\n  else") != std::string::npos ||
                  rule.find("suffices") != std::string::npos)
          << "a rule cut in its condition loaded, cut at " << n << ":\n" << rule;
    }
    in_force = now;
  }
  std::printf("default.rules cut at each of %zu offsets: %d rejected, %d loaded (cut between "
              "rules or in a message)\n",
              full.size(), rejected, accepted);
  EXPECT_GT(rejected, accepted);
}

// A reader over the disk that runs `hook` (once) just before it reads `when` in a reload.
struct HookedReader {
  FileReader reader() {
    return [this](const std::string& path) -> absl::StatusOr<std::string> {
      std::function<void()> run;
      {
        std::lock_guard<std::mutex> lock(mu);
        if (path == when && hook) std::swap(run, hook);
      }
      if (run) run();
      return disk(path);
    };
  }
  void Arm(const std::string& path, std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mu);
    when = path;
    hook = std::move(f);
  }
  const FileReader disk = DiskFileReader(Limits().max_file_bytes);
  std::mutex mu;
  std::string when;            // guarded by mu
  std::function<void()> hook;  // guarded by mu
};

std::string FreshHash(const std::string& root) {
  auto r = RuleSet::Load(root, DiskFileReader(Limits().max_file_bytes));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? "\"" + (*r)->hash() + "\"" : "";
}

TEST(RuleReloadFaultTest, RootRewrittenWhileItsBaseIsReadIsRejected) {
  RuleDir d("root_rewritten");
  HookedReader hooked;
  absl::StatusOr<std::unique_ptr<PluginChecker>> c =
      PluginChecker::OpenWithReader(d.root(), "", Limits(), hooked.reader());
  ASSERT_TRUE(c.ok()) << c.status();
  const InForce before = Observe(c->get());
  // The reload has read root.rules (legacy); the operator then saves a new root.rules before
  // the reload reads default.rules. Taking legacy + base would be a set no longer on disk.
  hooked.Arm(d.base(), [&] { WriteFile(d.root(), "extend \"default.rules\"\n"); });
  absl::Status s = (*c)->Reload();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_NE(s.message().find("root.rules: changed while the rules were being loaded"),
            absl::string_view::npos)
      << s;
  EXPECT_TRUE(Observe(c->get()) == before);
  // The next reload sees both files settled and takes them.
  ASSERT_TRUE((*c)->Reload().ok());
  EXPECT_EQ(Observe(c->get()).hash, FreshHash(d.root()));
  EXPECT_EQ(Observe(c->get()).error, "ERR_OK");
}

TEST(RuleReloadFaultTest, BaseRewrittenBeforeItIsReadGivesWhatIsOnDisk) {
  RuleDir d("base_rewritten");
  HookedReader hooked;
  absl::StatusOr<std::unique_ptr<PluginChecker>> c =
      PluginChecker::OpenWithReader(d.root(), "", Limits(), hooked.reader());
  ASSERT_TRUE(c.ok()) << c.status();
  // default.rules changes before the reload reaches it: the set read is the set on disk.
  hooked.Arm(d.root(), [&] {
    WriteFile(d.base(), ReadFile(d.base()) + "\n# reviewed\n");
  });
  ASSERT_TRUE((*c)->Reload().ok());
  EXPECT_EQ(Observe(c->get()).hash, FreshHash(d.root()));
}

TEST(RuleReloadFaultTest, AFileReadTwiceMustReadTheSame) {
  // The rules in force and the shadow rules both extend default.rules; it changes between
  // the two loads, so the pair would judge with two different bases.
  RuleDir d("read_twice");
  const std::string shadow = d.dir + "/shadow.rules";
  WriteFile(shadow, ReadFile("rules/strict.rules"));
  HookedReader hooked;
  absl::StatusOr<std::unique_ptr<PluginChecker>> c =
      PluginChecker::OpenWithReader(d.root(), shadow, Limits(), hooked.reader());
  ASSERT_TRUE(c.ok()) << c.status();
  const InForce before = Observe(c->get());
  hooked.Arm(shadow, [&] {
    WriteFile(d.base(), ReadFile(d.base()) + "\n# reviewed\n");
  });
  absl::Status s = (*c)->Reload();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("default.rules: changed while the rules were being loaded"),
            absl::string_view::npos)
      << s;
  EXPECT_TRUE(Observe(c->get()) == before);
}

}  // namespace
}  // namespace dupready
