// `dupready doctor` against fake source and follower metas on 127.0.0.1, over the corpus's
// followers (testdata/corpus): one source table per corpus case, several duplications per
// table in mixed statuses, followers in two clusters reached through forwarding non-leaders,
// a cluster that is down and one missing from the map. Every row is what `probe` says for the
// same follower and context, byte for byte, and what the corpus's own reference expects. Then
// the fallback for older metas, the Pegasus config, the filter, hostile listings, time bounds
// and usage errors.
#include "tools/cli/doctor.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/json/json.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/rpc/testing/serve_fake_meta.h"
#include "meta_integration/wire/pegasus_admin_codec.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "tools/cli/probe.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using Kind = FakeMetaBehavior::Kind;
using Status = pegasus_wire::duplication_status;

using Outcome = testing::CommandOutcome;
Outcome Doctor(const std::vector<std::string>& args) {
  return testing::RunCommand(RunDoctor, args);
}

Outcome Probe(const std::vector<std::string>& args) { return testing::RunCommand(RunProbe, args); }

std::vector<std::string> Join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// A corpus case with a Thrift reply, and the duplication context it is judged in.
struct CorpusCase {
  std::string name;
  std::string remote_cluster;
  int32_t partition_count = 0;  // the source table's
  int32_t replicas = -1;
  pegasus_wire::query_cfg_response reply;
};

std::vector<CorpusCase> CorpusCases() {
  absl::StatusOr<std::string> cases = ReadWholeFileBounded("testdata/corpus/CASES.tsv", 1 << 20);
  EXPECT_TRUE(cases.ok());
  std::vector<CorpusCase> out;
  for (absl::string_view line : absl::StrSplit(*cases, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 3 || f[0].empty() || f[0][0] == '#' || f[0] == "case") continue;
    if (f[1].find("thrift") == std::string::npos) continue;  // a failed call: no reply to serve
    CorpusCase c;
    c.name = f[0];
    absl::StatusOr<std::string> bytes =
        ReadWholeFileBounded("testdata/corpus/" + c.name + ".reply.bin", 64 << 20);
    EXPECT_TRUE(bytes.ok()) << c.name;
    absl::StatusOr<pegasus_wire::query_cfg_response> reply = DecodeQueryCfgResponse(
        reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
    EXPECT_TRUE(reply.ok()) << c.name;
    c.reply = *reply;
    std::vector<std::string> flags = absl::StrSplit(f[2], ' ', absl::SkipEmpty());
    for (size_t i = 0; i + 1 < flags.size(); i += 2) {
      if (flags[i] == "--remote-cluster") c.remote_cluster = flags[i + 1];
      if (flags[i] == "--partition-count") {
        EXPECT_TRUE(absl::SimpleAtoi(flags[i + 1], &c.partition_count));
      }
      if (flags[i] == "--remote-replica-count") {
        EXPECT_TRUE(absl::SimpleAtoi(flags[i + 1], &c.replicas));
      }
    }
    out.push_back(std::move(c));
  }
  EXPECT_GE(out.size(), 40u);
  return out;
}

// testdata/corpus/EXPECTED.tsv: case -> rules file -> "ready error partition rule", for the
// Thrift form (what doctor is served).
std::map<std::string, std::map<std::string, std::string>> CorpusExpected() {
  absl::StatusOr<std::string> text =
      ReadWholeFileBounded("testdata/corpus/EXPECTED.tsv", 1 << 20);
  EXPECT_TRUE(text.ok());
  std::map<std::string, std::map<std::string, std::string>> out;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 7 || f[0][0] == '#' || f[0] == "case") continue;
    const std::vector<std::string> forms = absl::StrSplit(f[2], ',');
    if (std::find(forms.begin(), forms.end(), "thrift") == forms.end()) continue;
    out[f[0]][f[1]] = absl::StrCat(f[3], " ", f[4], " ", f[5], " ", f[6] == "-" ? "" : f[6]);
  }
  return out;
}

// The world: a source cluster (a leader behind a forwarding non-leader), each follower cluster
// likewise, a cluster whose metas refuse connections, and a name the map does not know.
struct World {
  std::unique_ptr<FakeMetaServer> source, source_forwarder;
  std::map<std::string, std::unique_ptr<FakeMetaServer>> leaders, forwarders;
  std::string dead_metas;  // two closed ports
  std::vector<std::string> cluster_flags;
  int ds_app = 0, other = 0;  // duplications listed, by status
};

// Table src_<case> (the case's partition count) holds: #1 in DS_APP to the case's follower;
// every 4th a #2 in DS_LOG to the same; by i % 6: #3 DS_APP to the dead cluster (1), #4 DS_APP
// to a cluster not in the map (2), #5 DS_APP without remote_app_name or replica count, as a
// meta before 2.6 lists it, whose follower has the source table's name (3).
std::unique_ptr<World> BuildWorld(const std::vector<CorpusCase>& cases,
                                  FakeMetaBehavior source = FakeMetaBehavior()) {
  auto w = std::make_unique<World>();
  std::map<std::string, FakeMetaBehavior> followers;
  for (size_t i = 0; i < cases.size(); ++i) {
    const CorpusCase& c = cases[i];
    const std::string table = "src_" + c.name;
    FakeTable t = SourceTable(table, static_cast<int32_t>(100 + i), c.partition_count);
    t.duplications.push_back(Duplication(1, Status::DS_APP, c.remote_cluster, c.name, c.replicas));
    followers[c.remote_cluster].configs[c.name] = c.reply;
    ++w->ds_app;
    if (i % 4 == 0) {
      t.duplications.push_back(
          Duplication(2, Status::DS_LOG, c.remote_cluster, c.name, c.replicas));
      ++w->other;
    }
    if (i % 6 == 1) t.duplications.push_back(Duplication(3, Status::DS_APP, "dead_dc", c.name, 3));
    if (i % 6 == 2) t.duplications.push_back(Duplication(4, Status::DS_APP, "nowhere", c.name, 3));
    if (i % 6 == 3) {
      t.duplications.push_back(Duplication(5, Status::DS_APP, c.remote_cluster));
      followers[c.remote_cluster].configs[table] = c.reply;
    }
    w->ds_app += (i % 6 >= 1 && i % 6 <= 3) ? 1 : 0;
    source.tables.push_back(std::move(t));
  }
  source.tables.push_back(SourceTable("quiet", 7, 8));  // no duplications
  FakeTable dropping = SourceTable("dropping", 8, 8);   // not listed: not available
  dropping.info.__set_status(pegasus_wire::app_status::AS_DROPPING);
  dropping.duplications.push_back(Duplication(9, Status::DS_APP, "target_cluster", "x", 3));
  source.tables.push_back(std::move(dropping));

  w->source = ServeFakeMeta(source);
  FakeMetaBehavior sf;
  sf.kind = Kind::kForward;
  sf.leader = w->source->address();
  w->source_forwarder = ServeFakeMeta(sf);
  for (auto& [cluster, behavior] : followers) {
    w->leaders[cluster] = ServeFakeMeta(behavior);
    FakeMetaBehavior fb;
    fb.kind = Kind::kForward;
    fb.leader = w->leaders[cluster]->address();
    w->forwarders[cluster] = ServeFakeMeta(fb);
    // The map names only the non-leader: reaching the leader takes its forward.
    const std::string flag =
        absl::StrCat(cluster, "=", w->forwarders[cluster]->address().ToString());
    w->cluster_flags.insert(w->cluster_flags.end(), {"--cluster", flag});
  }
  absl::StatusOr<int> dead1 = ClosedLoopbackPort(), dead2 = ClosedLoopbackPort();
  EXPECT_TRUE(dead1.ok() && dead2.ok());
  w->dead_metas = absl::StrCat("127.0.0.1:", *dead1, ",127.0.0.1:", *dead2);
  w->cluster_flags.insert(w->cluster_flags.end(), {"--cluster", "dead_dc=" + w->dead_metas});
  return w;
}

const JsonValue* Member(const JsonValue& v, const char* key) {
  const JsonValue* m = v.Find(key);
  EXPECT_NE(m, nullptr) << key;
  return m;
}

std::string Str(const JsonValue& row, const char* key) {
  const JsonValue* m = Member(row, key);
  return m && m->is_string() ? m->string_value() : "";
}

int64_t Int(const JsonValue& row, const char* key) {
  const JsonValue* m = Member(row, key);
  int64_t v = -999;
  if (m) {
    EXPECT_TRUE(m->AsInt64(&v)) << key;
  }
  return v;
}

JsonValue ParseOrDie(const std::string& text) {
  Diagnostics diags;
  std::optional<JsonValue> doc = ParseJson(text, "doctor.json", &diags);
  EXPECT_TRUE(doc.has_value()) << text;
  return doc ? *doc : JsonValue();
}

// probe's verdict for one row's follower and context, and the context flags it took.
Outcome ProbeRow(const World& w, const JsonValue& row, const CorpusCase& c,
                 const std::string& rules, const std::string& format) {
  const std::string cluster = Str(row, "remote_cluster");
  std::vector<std::string> args = {
      "--meta", w.forwarders.at(cluster)->address().ToString(), "--app",
      Str(row, "remote_app_name"), "--source-app", Str(row, "app_name"), "--remote-cluster",
      cluster, "--partition-count", absl::StrCat(c.partition_count), "--rules", rules,
      "--format", format};
  if (Int(row, "dupid") != 5 && c.replicas >= 0)  // #5 has no replica count, as before 2.6
    args.insert(args.end(), {"--remote-replica-count", absl::StrCat(c.replicas)});
  return Probe(args);
}

TEST(DoctorTest, EveryDuplicationOfTheCorpusIsWhatProbeSays) {
  const std::vector<CorpusCase> cases = CorpusCases();
  std::map<std::string, const CorpusCase*> by_table;
  for (const CorpusCase& c : cases) by_table["src_" + c.name] = &c;
  const auto expected = CorpusExpected();
  auto w = BuildWorld(cases);
  const std::vector<std::string> rule_files = {"rules/default.rules", "rules/legacy.rules",
                                               "rules/examples/backup_cluster_strict.rules"};
  for (const std::string& rules : rule_files) {
    const std::vector<std::string> base = Join(
        {"--meta", w->source_forwarder->address().ToString(), "--rules", rules,
         "--timeout-ms", "5000"},
        w->cluster_flags);
    Outcome json = Doctor(Join(base, {"--format", "json"}));
    Outcome text = Doctor(base);
    ASSERT_EQ(json.code, 1) << json.err;  // the dead and unknown clusters are not ready
    ASSERT_EQ(text.code, 1) << text.err;
    // The source's non-leader was asked for the leader, then the leader listed.
    EXPECT_NE(json.err.find(absl::StrCat("tables listed by ", w->source->address().ToString(),
                                         " with RPC_CM_LIST_DUPLICATION")),
              std::string::npos)
        << json.err;
    JsonValue doc = ParseOrDie(json.out);
    const JsonValue* rows = Member(doc, "duplications");
    ASSERT_TRUE(rows && rows->is_array());
    EXPECT_EQ(rows->items().size(), static_cast<size_t>(w->ds_app)) << rules;
    EXPECT_EQ(Int(doc, "not_judged"), w->other);
    EXPECT_EQ(Int(*Member(doc, "source"), "tables"), static_cast<int64_t>(cases.size()) + 1);

    bool seen_ready = false;
    int judged_by_rules = 0;
    for (const JsonValue& row : rows->items()) {
      const std::string table = Str(row, "app_name");
      const int64_t dupid = Int(row, "dupid");
      const std::string what = absl::StrCat(rules, " ", table, "#", dupid);
      const bool ready = Member(row, "ready")->bool_value();
      EXPECT_FALSE(seen_ready && !ready) << what << ": not ready after ready";
      seen_ready = seen_ready || ready;
      EXPECT_EQ(Str(row, "status"), "DS_APP") << what;
      ASSERT_TRUE(by_table.count(table)) << what;
      const CorpusCase& c = *by_table[table];
      if (dupid == 4) {  // the cluster the map does not have
        EXPECT_EQ(Str(row, "error"), "ERR_CLUSTER_NOT_FOUND") << what;
        EXPECT_EQ(Str(row, "message"), "cluster nowhere is not in the --cluster flags") << what;
        EXPECT_EQ(Str(row, "rule"), "") << what;
        continue;
      }
      if (dupid == 3) {  // the cluster that is down: probe cannot ask it either
        Outcome p = Probe({"--meta", w->dead_metas, "--app", c.name, "--rules", rules,
                           "--partition-count", absl::StrCat(c.partition_count),
                           "--remote-cluster", "dead_dc"});
        EXPECT_EQ(p.code, 2);
        EXPECT_EQ(Str(row, "error"), "ERR_NETWORK_FAILURE") << what;
        EXPECT_EQ("dupready probe: " + Str(row, "message").substr(strlen("cluster dead_dc: ")) +
                      "\n",
                  p.err)
            << what;
        for (absl::string_view meta : absl::StrSplit(w->dead_metas, ','))
          EXPECT_NE(Str(row, "message").find(absl::StrCat(meta, ": connection refused")),
                    std::string::npos)
              << Str(row, "message");
        continue;
      }
      ++judged_by_rules;
      EXPECT_EQ(Str(row, "remote_app_name"), dupid == 5 ? table : c.name) << what;
      EXPECT_EQ(Str(row, "follower_meta"), w->leaders.at(c.remote_cluster)->address().ToString());
      // Byte for byte: probe's verdict fields are the row's.
      Outcome p = ProbeRow(*w, row, c, rules, "json");
      EXPECT_EQ(p.code, ready ? 0 : 1) << what << ": " << p.err;
      const size_t end = p.out.find(",\"failures\":");
      ASSERT_NE(end, std::string::npos) << p.out;
      const std::string verdict = p.out.substr(1, end - 1);  // "ready":..,"message":".."
      EXPECT_NE(json.out.find(absl::StrCat("\"remote_app_name\":",
                                           JsonQuote(Str(row, "remote_app_name")), ",", verdict,
                                           ",\"follower_meta\":")),
                std::string::npos)
          << what << "\nprobe: " << verdict;
      // And the corpus's reference, where it has one for these rules.
      auto e = expected.find(c.name);
      if (e != expected.end() && e->second.count(rules)) {
        EXPECT_EQ(absl::StrCat(ready ? "true" : "false", " ", Str(row, "error"), " ",
                               Int(row, "partition"), " ", Str(row, "rule")),
                  e->second.at(rules))
            << what;
      }
      // Text: the partition map under a verdict that is not ready is probe's.
      if (!ready) {
        Outcome pt = ProbeRow(*w, row, c, rules, "text");
        const size_t map = pt.out.find("partition map (");
        if (map == std::string::npos) {
          EXPECT_EQ(text.out.find(absl::StrCat(table, "#", dupid, " -> ")), std::string::npos);
          continue;
        }
        const std::string block =
            absl::StrCat("\n", table, "#", dupid, " -> ", c.remote_cluster, ".",
                         Str(row, "remote_app_name"), ", ", Str(row, "error"), ":\n",
                         pt.out.substr(map));
        EXPECT_NE(text.out.find(block), std::string::npos) << what << "\n" << block;
      }
    }
    EXPECT_GE(judged_by_rules, static_cast<int>(cases.size()));
    int ready_rows = 0;
    for (const JsonValue& row : rows->items()) ready_rows += Member(row, "ready")->bool_value();
    EXPECT_EQ(Int(doc, "judged"), w->ds_app);
    EXPECT_EQ(Int(doc, "judged_ready"), ready_rows);
    EXPECT_EQ(Int(doc, "judged_not_ready"), w->ds_app - ready_rows);
    // The text has one line per row, the same count as JSON.
    EXPECT_NE(text.out.find(absl::StrCat("\n", w->ds_app, " duplications of ",
                                         cases.size() + 1, " tables judged: ")),
              std::string::npos)
        << text.out;
  }
  // The dropping table was never asked about; each follower leader saw only its tables.
  for (const auto& [cluster, leader] : w->leaders)
    for (const std::string& app : leader->apps_asked()) EXPECT_NE(app, "x");
}

// The first n corpus cases (fewer servers and probes for the tests below).
std::vector<CorpusCase> FirstCases(size_t n) {
  std::vector<CorpusCase> all = CorpusCases();
  all.resize(std::min(n, all.size()));
  return all;
}

std::vector<std::string> Base(const World& w, const std::string& rules = "rules/default.rules") {
  return Join({"--meta", w.source_forwarder->address().ToString(), "--rules", rules,
               "--timeout-ms", "5000"},
              w.cluster_flags);
}

TEST(DoctorTest, AnOlderSourceMetaGivesTheSameRowsByTable) {
  const std::vector<CorpusCase> cases = FirstCases(12);
  auto current = BuildWorld(cases);
  FakeMetaBehavior old;
  old.unknown_rpcs = {kListDuplicationRpc};
  auto older = BuildWorld(cases, old);
  for (const char* format : {"text", "json"}) {
    Outcome a = Doctor(Join(Base(*current, "rules/legacy.rules"), {"--format", format}));
    Outcome b = Doctor(Join(Base(*older, "rules/legacy.rules"),
                            {"--format", format, "--parallel", "3"}));
    EXPECT_EQ(a.code, 1) << a.err;
    EXPECT_EQ(b.code, a.code) << b.err;
    EXPECT_NE(b.err.find("with RPC_CM_LIST_APPS + RPC_CM_QUERY_DUPLICATION"), std::string::npos)
        << b.err;
    // The worlds differ in their ports; rows, verdicts and maps do not.
    auto strip = [](std::string text, const World& w) {
      std::vector<std::pair<std::string, std::string>> ports;
      for (const auto& [cluster, leader] : w.leaders)
        ports.emplace_back(leader->address().ToString(), "LEADER_" + cluster);
      ports.emplace_back(w.source->address().ToString(), "SOURCE");
      for (absl::string_view dead : absl::StrSplit(w.dead_metas, ','))
        ports.emplace_back(std::string(dead), "DEAD");
      for (const auto& [from, to] : ports) {
        for (size_t at; (at = text.find(from)) != std::string::npos;)
          text.replace(at, from.size(), to);
      }
      const std::string listed = "\"listed_by\":\"RPC_CM_LIST_APPS + RPC_CM_QUERY_DUPLICATION\"";
      if (size_t at = text.find(listed); at != std::string::npos)
        text.replace(at, listed.size(), "\"listed_by\":\"RPC_CM_LIST_DUPLICATION\"");
      return text;
    };
    EXPECT_EQ(strip(b.out, *older), strip(a.out, *current)) << format;
    EXPECT_NE(a.out.find("ERR_NOT_ENOUGH_MEMBER"), std::string::npos);
  }
  // The older source was asked the listing RPC once, then the tables one by one; the
  // dropping table was not among them.
  std::vector<std::string> asked = older->source->apps_asked();
  EXPECT_EQ(asked.size(), 2 * (cases.size() + 1));  // text and json runs, + the quiet table
  for (const std::string& app : asked) EXPECT_NE(app, "dropping");
}

TEST(DoctorTest, ThePegasusConfigIsTheClusterMap) {
  const std::vector<CorpusCase> cases = FirstCases(2);  // no duplication to an unknown cluster
  auto w = BuildWorld(cases);
  std::string config =
      "; a meta server's config\n[apps..default]\nrun = true  # comment\n\n[pegasus.clusters]\n";
  for (const auto& [cluster, forwarder] : w->forwarders)
    absl::StrAppend(&config, "  ", cluster, " = ", forwarder->address().ToString(), "\n");
  absl::StrAppend(&config, "dead_dc = ", w->dead_metas, "   ; down\n[replication]\nx = 1\n");
  const std::string path = testing::TempPath("config.ini");
  testing::WriteFile(path, config);
  const std::vector<std::string> common = {"--meta", w->source_forwarder->address().ToString(),
                                           "--rules", "rules/legacy.rules", "--all"};
  Outcome by_flags = Doctor(Join(common, w->cluster_flags));
  Outcome by_file = Doctor(Join(common, {"--pegasus-config", path}));
  EXPECT_EQ(by_file.code, by_flags.code) << by_file.err;
  EXPECT_EQ(by_file.out, by_flags.out);
  EXPECT_NE(by_file.out.find("DS_LOG"), std::string::npos);  // --all judged it

  // A cluster the file does not name; a malformed file.
  testing::WriteFile(path, "[pegasus.clusters]\ntarget_cluster = " +
                               w->forwarders["target_cluster"]->address().ToString());
  Outcome missing = Doctor(Join(common, {"--pegasus-config", path, "--format", "json"}));
  EXPECT_NE(missing.out.find(absl::StrCat("\"error\":\"ERR_CLUSTER_NOT_FOUND\",\"rule\":\"\","
                                          "\"partition\":-1,\"message\":\"cluster dead_dc is not "
                                          "in [pegasus.clusters] of ", path, "\"")),
            std::string::npos)
      << missing.out;
  testing::WriteFile(path, "[pegasus.clusters]\nc2 = 10.0.0.1:34601\nc3 = 10.0.0.2\n");
  Outcome bad = Doctor(Join(common, {"--pegasus-config", path}));
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, absl::StrCat("dupready doctor: ", path,
                                  ":3: cluster c3: '10.0.0.2' has no port (Pegasus requires "
                                  "HOST:PORT)\n"));
  EXPECT_TRUE(bad.out.empty());
}

TEST(DoctorTest, TheAppPatternKeepsWholeNames) {
  auto w = BuildWorld(FirstCases(12));
  Outcome o = Doctor(Join(Base(*w), {"--app-pattern", "src_healthy_[0-9]+p_[0-9]r", "--format",
                                     "json"}));
  JsonValue doc = ParseOrDie(o.out);
  // 1p_1r, 8p_2r, 4p_3r, 16p_5r and 1024p_3r; not the names that only start so.
  EXPECT_EQ(Int(*Member(doc, "source"), "tables"), 5) << o.out;
  for (const JsonValue& row : Member(doc, "duplications")->items()) {
    const std::string app = Str(row, "app_name");
    EXPECT_EQ(app.rfind("src_healthy_", 0), 0u) << app;
    EXPECT_EQ(app.find("old_server"), std::string::npos) << app;  // the whole name must match
  }
  Outcome bad = Doctor(Join(Base(*w), {"--app-pattern", "src_(unclosed"}));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--app-pattern: missing )"), std::string::npos) << bad.err;
  EXPECT_EQ(w->source->requests(), 1);  // the bad pattern asked nothing
}

TEST(DoctorTest, HostileListingsExitTwoWithTheirPlace) {
  pegasus_wire::duplication_list_response good;
  good.app_states["orders"].app_name = "orders";
  good.app_states["orders"].partition_count = 8;
  good.app_states["orders"].duplications[1] = Duplication(1, Status::DS_APP, "c2", "t", 3);
  const std::string bytes = *EncodeDuplicationListResponse(good);
  pegasus_wire::duplication_list_response bad_name = good;
  bad_name.app_states["orders"].duplications[1].remote = "c2\x1b[31m";
  struct Case {
    const char* what;
    FakeMetaBehavior behavior;
    std::string error;
  } cases[] = {
      {"truncated", {}, "duplication_list_response.app_states[\"orders\"].duplications[1]"},
      {"huge count", {}, "duplication_list_response.app_states: map of 2147483647 elements "
                         "exceeds the remaining 1 bytes at offset 3"},
      {"frame cut short", {}, "the connection closed after "},
      {"unsafe name", {}, "duplication_list_response.app_states[\"orders\"].duplications[1]: "
                          "remote is not 1 to 256 bytes of [A-Za-z0-9_.:-]"},
  };
  cases[0].behavior.raw_results[kListDuplicationRpc] = bytes.substr(0, bytes.size() - 30);
  cases[1].behavior.raw_results[kListDuplicationRpc] =
      std::string("\x0d\x00\x03\x0b\x0c\x7f\xff\xff\xff\x00", 10);
  cases[2].behavior.tables = {SourceTable("orders", 3, 8)};
  cases[2].behavior.claimed_reply_bytes = 1 << 20;
  cases[3].behavior.raw_results[kListDuplicationRpc] = *EncodeDuplicationListResponse(bad_name);
  for (Case& c : cases) {
    auto meta = ServeFakeMeta(c.behavior);
    Outcome o = Doctor({"--meta", meta->address().ToString(), "--rules", "rules/default.rules",
                        "--cluster", "c2=127.0.0.1:1", "--timeout-ms", "2000"});
    EXPECT_EQ(o.code, 2) << c.what << ": " << o.err;
    EXPECT_TRUE(o.out.empty()) << c.what;
    EXPECT_EQ(o.err.rfind("dupready doctor: the source cluster: ", 0), 0u) << o.err;
    EXPECT_NE(o.err.find(c.error), std::string::npos) << c.what << ": " << o.err;
    EXPECT_EQ(o.err.find('\x1b'), std::string::npos) << c.what;  // nothing unprintable passes
  }
}

TEST(DoctorTest, ASourceThatCannotBeAskedExitsTwo) {
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  FakeMetaBehavior ib;
  ib.kind = Kind::kNotActive;
  auto inactive = ServeFakeMeta(ib);
  Outcome down = Doctor({"--meta", absl::StrCat("127.0.0.1:", *closed), "--rules",
                         "rules/default.rules", "--cluster", "c2=127.0.0.1:1"});
  EXPECT_EQ(down.code, 2);
  EXPECT_NE(down.err.find(absl::StrCat("no meta server answered (127.0.0.1:", *closed,
                                       ": connection refused)")),
            std::string::npos)
      << down.err;
  Outcome not_active = Doctor({"--meta", inactive->address().ToString(), "--rules",
                               "rules/default.rules", "--cluster", "c2=127.0.0.1:1"});
  EXPECT_EQ(not_active.code, 2);
  EXPECT_NE(not_active.err.find("answered ERR_SERVICE_NOT_ACTIVE"), std::string::npos)
      << not_active.err;
}

TEST(DoctorTest, ASilentFollowerClusterCostsTheTimeoutPerRound) {
  FakeMetaBehavior source;
  FakeTable t = SourceTable("orders", 3, 4);
  for (int i = 1; i <= 6; ++i) t.duplications.push_back(Duplication(i, Status::DS_APP, "quiet_dc"));
  source.tables = {t};
  auto s = ServeFakeMeta(source);
  FakeMetaBehavior silent;
  silent.kind = Kind::kSilent;
  auto quiet = ServeFakeMeta(silent);
  const absl::Time start = absl::Now();
  Outcome o = Doctor({"--meta", s->address().ToString(), "--rules", "rules/default.rules",
                      "--cluster", "quiet_dc=" + quiet->address().ToString(), "--timeout-ms",
                      "300", "--parallel", "3", "--format", "json"});
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(o.code, 1) << o.err;
  // 6 followers, 3 at a time: two rounds of 300 ms, and the listing.
  EXPECT_GE(took, absl::Milliseconds(600));
  EXPECT_LT(took, absl::Milliseconds(300 * (2 + 2) + 500));
  JsonValue doc = ParseOrDie(o.out);
  ASSERT_EQ(Member(doc, "duplications")->items().size(), 6u);
  for (const JsonValue& row : Member(doc, "duplications")->items()) {
    EXPECT_EQ(Str(row, "error"), "ERR_TIMEOUT");
    EXPECT_NE(Str(row, "message").find(quiet->address().ToString() +
                                       ": timed out waiting for the reply"),
              std::string::npos)
        << Str(row, "message");
  }
}

TEST(DoctorTest, BadUsageExitsTwoBeforeAnyCall) {
  FakeMetaBehavior source;
  auto s = ServeFakeMeta(source);
  const std::string meta = s->address().ToString();
  struct Case {
    std::vector<std::string> args;
    const char* err;
  } cases[] = {
      {{"--rules", "rules/default.rules", "--cluster", "c=h:1"}, "--meta is required"},
      {{"--meta", meta, "--cluster", "c=h:1"}, "--rules is required"},
      {{"--meta", meta, "--rules", "rules/default.rules"}, "one of the two"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1",
        "--pegasus-config", "x.ini"},
       "one of the two"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c"},
       "is not NAME=HOST:PORT"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1", "--cluster",
        "c=h:2"},
       "--cluster c is given twice"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c d=h:1"},
       "'c d' is not 1 to 256 bytes"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:0"}, "not a port"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--pegasus-config", "no/such.ini"},
       "cannot read the Pegasus config"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1", "--parallel",
        "65"},
       "--parallel must be an integer from 1 to 64"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1", "--timeout-ms",
        "0"},
       "--timeout-ms must be"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1", "--format",
        "xml"},
       "--format must be text or json"},
      {{"--meta", meta, "--rules", "nope.rules", "--cluster", "c=h:1"}, "cannot read rule file"},
      {{"--meta", meta, "--rules", "rules/default.rules", "--cluster", "c=h:1", "extra"},
       "unexpected argument 'extra'"},
  };
  for (const Case& c : cases) {
    Outcome o = Doctor(c.args);
    EXPECT_EQ(o.code, 2) << c.err;
    EXPECT_NE(o.err.find(c.err), std::string::npos) << c.err << ": " << o.err;
  }
  EXPECT_EQ(s->requests(), 0);
  Outcome help = Doctor({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_EQ(help.out, kDoctorUsage);
}

}  // namespace
}  // namespace dupready
