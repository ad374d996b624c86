// Replays testdata/corpus: every case, in every form it has, under every shipped rule file,
// through `dupready check` (in-process), must give the reference verdict of EXPECTED.tsv, and
// all forms of a case must agree byte for byte. Also: the Thrift replies decode to the
// snapshot and re-encode to the same bytes, the shell files parse to what the shell can carry
// of the snapshot, and the checked-in corpus is exactly what the generator makes.
#include <dirent.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/json/json.h"
#include "engine/snapshot/snapshot_json.h"
#include "engine/testing/files.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"
#include "tools/cli/check.h"
#include "tools/cli/flags.h"
#include "tools/cli/input.h"
#include "tools/cli/testing/input_flags.h"
#include "tools/corpus/corpus.h"
#include "tools/corpus/corpus_model.h"
#include "tools/corpus/reference.h"

namespace dupready {
namespace corpus {
namespace {

using testing::InputFlags;
using testing::ReadFile;

constexpr char kDir[] = "testdata/corpus/";

std::vector<std::string> ListDirectory(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
  }
  return names;
}

struct CaseRow {
  std::string name;
  std::vector<std::string> forms;
  std::vector<std::string> flags;
};

struct Expected {
  bool ready;
  std::string error;
  int64_t partition;
  std::string rule;
};

// Lines of a TSV file, comments skipped, each split on tabs.
std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n')) {
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(absl::StrSplit(line, '\t'));
  }
  return rows;
}

std::vector<CaseRow> ReadCases() {
  std::vector<CaseRow> cases;
  for (const auto& row : ReadTsv(std::string(kDir) + "CASES.tsv")) {
    EXPECT_EQ(row.size(), 4u) << row[0];
    if (row.size() != 4) continue;
    cases.push_back({row[0], absl::StrSplit(row[1], ','), absl::StrSplit(row[2], ' ')});
  }
  return cases;
}

// (case, rules file, form) -> the expected verdict and the row's forms (which must all print
// the same report).
struct ExpectedRow {
  Expected verdict;
  std::string forms;
};
using ExpectedMap = std::map<std::tuple<std::string, std::string, std::string>, ExpectedRow>;

ExpectedMap ReadExpected() {
  ExpectedMap out;
  for (const auto& row : ReadTsv(std::string(kDir) + "EXPECTED.tsv")) {
    EXPECT_EQ(row.size(), 7u) << row[0];
    if (row.size() != 7) continue;
    Expected e{row[3] == "true", row[4], std::stoll(row[5]), row[6] == "-" ? "" : row[6]};
    for (absl::string_view form : absl::StrSplit(row[2], ',')) {
      EXPECT_TRUE(out.emplace(std::make_tuple(row[0], row[1], std::string(form)),
                              ExpectedRow{e, row[2]})
                      .second)
          << "twice in EXPECTED.tsv: " << row[0] << " " << row[1] << " " << form;
    }
  }
  return out;
}

std::string FileOf(const std::string& name, const std::string& form) {
  const char* suffix = form == "snapshot" ? ".snapshot.json"
                       : form == "shell"  ? ".shell.json"
                                          : ".reply.bin";
  return kDir + name + suffix;
}

std::string Diff(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  std::string report;
  google::protobuf::util::MessageDifferencer d;
  d.ReportDifferencesToString(&report);
  return d.Compare(a, b) ? "" : report.substr(0, 2000);
}

std::map<std::string, CaseModel> CaseModels() {
  std::map<std::string, CaseModel> out;
  for (CaseModel& m : BuildCases()) out.emplace(m.name, std::move(m));
  return out;
}

TEST(CorpusTest, CheckedInCorpusIsWhatTheGeneratorMakes) {
  absl::StatusOr<std::map<std::string, std::string>> files = GenerateCorpus();
  ASSERT_TRUE(files.ok()) << files.status();
  for (const auto& [name, content] : *files)
    EXPECT_TRUE(ReadFile(kDir + name) == content)
        << name << " is stale: run tools/bazel run //tools/corpus:make_corpus -- --out "
        << "testdata/corpus";
  for (const std::string& name : ListDirectory(kDir))
    EXPECT_EQ(files->count(name), 1u) << "testdata/corpus/" << name << " is not generated";
}

TEST(CorpusTest, EveryShippedRuleFileHasExpectedVerdicts) {
  std::set<std::string> known;
  for (const RuleFileInfo& r : AllRuleFiles()) known.insert(r.path);
  std::set<std::string> shipped;
  for (const std::string dir : {"rules/", "rules/examples/"})
    for (const std::string& name : ListDirectory(dir))
      if (absl::EndsWith(name, ".rules")) shipped.insert(dir + name);
  EXPECT_EQ(shipped, known) << "a shipped rule file needs a reference in tools/corpus/reference.cc";

  const std::vector<CaseRow> cases = ReadCases();
  EXPECT_GE(cases.size(), 30u);
  const auto expected = ReadExpected();
  size_t forms = 0;
  for (const CaseRow& c : cases) {
    forms += c.forms.size();
    for (const std::string& rules : known)
      for (const std::string& form : c.forms)
        EXPECT_EQ(expected.count({c.name, rules, form}), 1u) << c.name << " " << rules << " " << form;
  }
  EXPECT_EQ(expected.size(), forms * known.size());
}

// The corpus holds what faithful readings need: every max_replica_count
// Pegasus can decode around the edges, and the shell's repeated "invalid host_port" rows.
TEST(CorpusTest, CoversReplicaCountsAndRepeatedShellKeys) {
  std::set<int32_t> counts;
  int repeated_keys = 0, old_server_shells = 0;
  for (const CaseModel& m : BuildCases()) {
    for (const model::PartitionConfig& p : m.partitions) counts.insert(p.max_replica_count);
    if (!m.has_shell()) continue;
    const std::string shell = ReadFile(FileOf(m.name, "shell"));
    size_t n = 0;
    for (size_t at = shell.find("\"invalid host_port\": {"); at != std::string::npos;
         at = shell.find("\"invalid host_port\": {", at + 1))
      ++n;
    if (n >= 2) ++repeated_keys;
    if (!m.host_ports) ++old_server_shells;
  }
  for (int32_t n : {-1, 0, 1, 2, 3, 4, 5}) EXPECT_EQ(counts.count(n), 1u) << n;
  EXPECT_GE(repeated_keys, 2);
  EXPECT_GE(old_server_shells, 3);
}

// `dupready check --format json` in-process; returns the exit code and stdout.
std::pair<int, std::string> Check(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = RunCheck(args, out, err);
  EXPECT_TRUE(code == 0 || code == 1) << absl::StrJoin(args, " ") << "\n" << err.str();
  return {code, out.str()};
}

bool ShowsNoReplica(const CaseModel& c) {
  if (c.partitions.empty()) return false;
  for (const model::PartitionConfig& p : c.partitions)
    if (p.primary.valid() || !p.secondaries.empty()) return false;
  return true;
}

TEST(CorpusTest, EveryFormGivesTheExpectedVerdictUnderEveryRuleFile) {
  const auto expected = ReadExpected();
  const std::map<std::string, CaseModel> models = CaseModels();
  int checks = 0;
  for (const CaseRow& c : ReadCases()) {
    ASSERT_EQ(c.forms[0], "snapshot") << c.name;
    for (const RuleFileInfo& rules : AllRuleFiles()) {
      SCOPED_TRACE(c.name + " under " + rules.path);
      std::map<std::string, std::string> output_of_row;  // forms of a row -> its report
      for (const std::string& form : c.forms) {
        auto it = expected.find({c.name, rules.path, form});
        ASSERT_NE(it, expected.end()) << form;
        const Expected& want = it->second.verdict;
        std::vector<std::string> args = {"--rules", rules.path, "--input", FileOf(c.name, form),
                                         "--input-format", form, "--format", "json"};
        if (form != "snapshot") args.insert(args.end(), c.flags.begin(), c.flags.end());
        const auto [code, output] = Check(args);
        ++checks;
        Diagnostics diags;
        std::optional<JsonValue> v = ParseJson(output, "stdout", &diags);
        ASSERT_TRUE(v && v->is_object()) << form << ": " << output;
        const JsonValue* ready = v->Find("ready");
        const JsonValue* error = v->Find("error");
        const JsonValue* rule = v->Find("rule");
        const JsonValue* partition = v->Find("partition");
        int64_t pidx = -2;
        ASSERT_TRUE(ready && error && rule && partition && partition->AsInt64(&pidx)) << output;
        EXPECT_EQ(ready->bool_value(), want.ready) << form;
        EXPECT_EQ(code, want.ready ? 0 : 1) << form;
        EXPECT_EQ(error->string_value(), want.error) << form;
        EXPECT_EQ(rule->string_value(), want.rule) << form;
        EXPECT_EQ(pidx, want.partition) << form;
        // Every form of a row must read as the same follower: the whole report (verdict,
        // messages, failures by rule, follower name) is identical, but for the notes. Only a
        // shell form that lost an old server's addresses has a row of its own.
        const std::string report = output.substr(0, output.find(",\"notes\":["));
        auto [first, fresh] = output_of_row.emplace(it->second.forms, report);
        if (!fresh) EXPECT_EQ(report, first->second) << form;
        // The shell form notes that it may have lost the addresses exactly when it shows no
        // replica at all, which is what an old server's table looks like there.
        const bool none_shown = form == "shell" && ShowsNoReplica(ShellView(models.at(c.name)));
        EXPECT_EQ(output.find("shows no replica") != std::string::npos, none_shown) << output;
        if (form == "shell" && it->second.forms == "shell") EXPECT_TRUE(none_shown);
      }
    }
  }
  EXPECT_GT(checks, 500);
}

TEST(CorpusTest, ShellAndThriftFormsReadAsTheSnapshot) {
  const std::map<std::string, CaseModel> models = CaseModels();
  for (const CaseRow& c : ReadCases()) {
    SCOPED_TRACE(c.name);
    const Flags no_flags = InputFlags({});
    const Flags context = InputFlags(c.flags);
    absl::StatusOr<FollowerSnapshot> snap =
        ParseFollower(ReadFile(FileOf(c.name, "snapshot")), c.name, "snapshot", no_flags);
    ASSERT_TRUE(snap.ok()) << snap.status();
    ASSERT_EQ(models.count(c.name), 1u);
    for (const std::string& form : c.forms) {
      if (form == "snapshot") continue;
      absl::StatusOr<FollowerSnapshot> other =
          ParseFollower(ReadFile(FileOf(c.name, form)), c.name, form, context);
      ASSERT_TRUE(other.ok()) << form << ": " << other.status();
      // What the shell can say: no last_drops, decrees or flags, always stateful, and no
      // addresses at all from an old server.
      const FollowerSnapshot want =
          form == "shell" ? ToSnapshot(ShellView(models.at(c.name))) : *snap;
      EXPECT_EQ(Diff(want, *other), "") << form;
      // Format detection picks the same reader.
      absl::StatusOr<FollowerSnapshot> detected =
          ParseFollower(ReadFile(FileOf(c.name, form)), c.name, "auto", context);
      ASSERT_TRUE(detected.ok()) << form << ": " << detected.status();
      EXPECT_EQ(Diff(*other, *detected), "") << form;
    }
  }
}

TEST(CorpusTest, ThriftRoundTripIsIdentity) {
  std::map<std::string, bool> host_ports;
  for (const CaseModel& m : BuildCases()) host_ports[m.name] = m.host_ports;
  int replies = 0;
  for (const CaseRow& c : ReadCases()) {
    if (std::find(c.forms.begin(), c.forms.end(), "thrift") == c.forms.end()) continue;
    SCOPED_TRACE(c.name);
    ++replies;
    const std::string bytes = ReadFile(FileOf(c.name, "thrift"));
    absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(
        ReadFile(FileOf(c.name, "snapshot")), c.name);
    ASSERT_TRUE(snap.ok()) << snap.status();

    // decode -> proto is the snapshot's response ...
    absl::StatusOr<pegasus_wire::query_cfg_response> reply =
        DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ASSERT_TRUE(reply.ok()) << reply.status();
    absl::StatusOr<QueryConfigResponse> decoded = ReplyToProto(*reply);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(Diff(snap->response(), *decoded), "");
    // ... and hp_* presence survives decoding: present exactly on current servers.
    for (const auto& pc : reply->partitions)
      ASSERT_EQ(pc.__isset.hp_primary && pc.__isset.hp_secondaries, host_ports[c.name]);

    // encode(decode(bytes)) == bytes.
    absl::StatusOr<std::string> again = EncodeQueryCfgResponse(*reply);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_TRUE(*again == bytes) << "re-encoding changed " << bytes.size() << " bytes into "
                                 << again->size();

    // The project's own proto -> reply -> bytes matches the generator's independent encoder.
    ReplyOptions options;
    options.fill_host_port = host_ports[c.name];
    absl::StatusOr<pegasus_wire::query_cfg_response> built =
        ProtoToReply(snap->response(), options);
    ASSERT_TRUE(built.ok()) << built.status();
    absl::StatusOr<std::string> encoded = EncodeQueryCfgResponse(*built);
    ASSERT_TRUE(encoded.ok()) << encoded.status();
    EXPECT_TRUE(*encoded == bytes) << "ProtoToReply + Encode differ from the corpus's bytes";
  }
  EXPECT_GE(replies, 30);
}

}  // namespace
}  // namespace corpus
}  // namespace dupready
