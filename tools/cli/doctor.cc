// `dupready doctor`: list the source cluster's duplications, ask each follower cluster as
// `probe` does (a few at a time), judge every answer with the code `check` and `probe` share.
#include "tools/cli/doctor.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "meta_integration/rpc/duplication_listing.h"
#include "meta_integration/rpc/parallel.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "re2/re2.h"
#include "tools/cli/check.h"
#include "tools/cli/cluster_map.h"
#include "tools/cli/doctor_report.h"
#include "tools/cli/partition_map.h"
#include "tools/cli/probe.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kDoctorUsage[] =
    "usage: dupready doctor --meta HOST:PORT[,HOST:PORT...] --rules FILE\n"
    "                       (--cluster NAME=HOST:PORT[,HOST:PORT...] ... | --pegasus-config FILE)\n"
    "                       [--app-pattern RE] [--all] [--format text|json]\n"
    "                       [--timeout-ms N] [--parallel N]\n"
    "Lists every duplication of the source cluster at --meta and judges each one in DS_APP\n"
    "(every status with --all) as `probe` would, with the context the source holds. Follower\n"
    "clusters are found by name in --cluster flags or in FILE's [pegasus.clusters] section (a\n"
    "Pegasus config). --app-pattern keeps the tables whose whole name matches RE (RE2 syntax).\n"
    "Each question to a cluster takes at most --timeout-ms (default 10000); --parallel (default\n"
    "4, at most 64) run at once.\n"
    "Exit codes: 0 every judged duplication is ready, 1 one is not, 2 bad usage, rules or\n"
    "cluster map, or the source cluster cannot be asked.\n";

namespace {

constexpr int64_t kDefaultTimeoutMs = 10000;
constexpr int64_t kMaxTimeoutMs = 10 * 60 * 1000;
constexpr int64_t kDefaultParallel = 4;

struct DoctorOptions {
  std::vector<MetaAddress> source;
  ClusterMap clusters;
  std::string clusters_from;  // for messages: "--cluster flags" or "[pegasus.clusters] of FILE"
  std::unique_ptr<RE2> app_pattern;
  bool all = false;
  std::string format = "text";
  int64_t timeout_ms = kDefaultTimeoutMs;
  int parallel = kDefaultParallel;
  std::string rules_path;
};

// Reads and checks every flag but the integers (ParseSubcommand checks those); a usage error
// names the flag.
absl::StatusOr<DoctorOptions> ParseOptions(const Flags& flags) {
  DoctorOptions o;
  for (const char* required : {"meta", "rules"}) {
    if (!flags.Has(required) || flags.Get(required).empty())
      return absl::InvalidArgumentError(absl::StrCat("--", required, " is required"));
  }
  absl::StatusOr<std::vector<MetaAddress>> source = ParseMetaList(flags.Get("meta"));
  if (!source.ok()) return source.status();
  o.source = *std::move(source);
  o.rules_path = flags.Get("rules");
  const bool by_flag = flags.Has("cluster"), by_file = flags.Has("pegasus-config");
  if (by_flag == by_file)
    return absl::InvalidArgumentError(
        "give the follower clusters with --cluster NAME=HOST:PORT flags or --pegasus-config "
        "FILE, one of the two");
  if (by_flag) {
    o.clusters_from = "the --cluster flags";
    for (const std::string& c : flags.GetAll("cluster"))
      if (absl::Status s = AddClusterFlag(c, &o.clusters); !s.ok()) return s;
  } else {
    o.clusters_from = absl::StrCat("[pegasus.clusters] of ", flags.Get("pegasus-config"));
    absl::StatusOr<ClusterMap> m = ReadPegasusClusters(flags.Get("pegasus-config"));
    if (!m.ok()) return m.status();
    o.clusters = *std::move(m);
  }
  if (flags.Has("app-pattern")) {
    RE2::Options re_options;
    re_options.set_log_errors(false);
    o.app_pattern = std::make_unique<RE2>(flags.Get("app-pattern"), re_options);
    if (!o.app_pattern->ok())
      return absl::InvalidArgumentError(
          absl::StrCat("--app-pattern: ", o.app_pattern->error()));
  }
  o.all = flags.Has("all");
  o.format = flags.Get("format", "text");
  if (o.format != "text" && o.format != "json")
    return absl::InvalidArgumentError(
        absl::StrCat("--format must be text or json, not '", o.format, "'"));
  o.timeout_ms = flags.Int("timeout-ms");
  o.parallel = static_cast<int>(flags.Int("parallel"));
  return o;
}

// The row of a duplication whose follower cannot be judged by the rules.
DoctorRow Unjudged(const SourceDuplication& d, std::string error, std::string message) {
  DoctorRow r;
  r.dup = d;
  r.error = std::move(error);
  r.message = std::move(message);
  return r;
}

// Judges the follower's answer as probe does (FollowerSnapshotOf, Judge, the partition map).
DoctorRow JudgeAnswer(const RuleSet& rules, const SourceDuplication& d, const FollowerQuery& q,
                      const absl::StatusOr<MetaAnswer>& answer) {
  if (!answer.ok()) {
    // No meta of the follower cluster replied: what Pegasus's own check would see as a failed
    // call (a timeout, or a connection that could not be made).
    const bool timed_out = absl::IsDeadlineExceeded(answer.status());
    return Unjudged(d, timed_out ? "ERR_TIMEOUT" : "ERR_NETWORK_FAILURE",
                    absl::StrCat("cluster ", d.remote_cluster, ": ", answer.status().message()));
  }
  absl::StatusOr<FollowerSnapshot> snap = FollowerSnapshotOf(*answer, q);
  absl::StatusOr<Judgement> j =
      snap.ok() ? Judge(rules, *snap, SourceListingFor) : absl::StatusOr<Judgement>(snap.status());
  if (!j.ok()) {
    DoctorRow r = Unjudged(d, "ERR_INVALID_DATA",
                           absl::StrCat(answer->meta, ": ", j.status().message()));
    r.follower_meta = answer->meta;
    return r;
  }
  DoctorRow r;
  r.dup = d;
  r.ready = j->verdict.ready;
  r.error = j->verdict.error;
  r.rule = j->verdict.rule;
  r.partition = j->verdict.partition;
  r.message = j->verdict.message;
  r.partitions_checked = j->verdict.partitions_checked;
  r.follower_meta = answer->meta;
  if (!r.ready && DrawsPartitionMap(*j, /*map=*/false))
    r.partition_map = PartitionMapText(rules, j->facts);
  return r;
}

}  // namespace

int RunDoctor(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = {"doctor", kDoctorUsage,
                          /*with_value=*/
                          {"meta", "pegasus-config", "rules", "app-pattern", "format"},
                          /*switches=*/{"all"},
                          /*repeatable=*/{"cluster"},
                          /*ints=*/{{"timeout-ms", kDefaultTimeoutMs, 1, kMaxTimeoutMs},
                                    {"parallel", kDefaultParallel, 1, kMaxParallel}}};
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  absl::StatusOr<DoctorOptions> opts = ParseOptions(flags);
  if (!opts.ok()) return Fail(cmd, opts.status().message(), err);
  // Bad rules fail before the network is touched.
  absl::StatusOr<std::unique_ptr<const RuleSet>> rules = LoadRuleFile(opts->rules_path);
  if (!rules.ok()) {
    err << rules.status().message() << "\n";
    return 2;
  }

  ListingOptions listing_options;
  listing_options.query.timeout_ms = opts->timeout_ms;
  listing_options.parallel = opts->parallel;
  if (opts->app_pattern)
    listing_options.want_table = [re = opts->app_pattern.get()](const std::string& name) {
      return RE2::FullMatch(name, *re);
    };
  absl::StatusOr<SourceListing> listing = ListSourceDuplications(opts->source, listing_options);
  if (!listing.ok())
    return Fail(cmd, absl::StrCat("the source cluster: ", listing.status().message()), err);
  err << "dupready doctor: " << listing->tables << " tables listed by " << listing->meta
      << " with " << listing->listed_by << " (" << DescribeAttempts(listing->attempts) << ")\n";
  for (const std::string& note : listing->notes) err << "dupready doctor: " << note << "\n";

  // The duplications to judge, and the question for each follower.
  std::vector<const SourceDuplication*> chosen;
  std::vector<std::optional<FollowerQuery>> queries;
  DoctorSummary summary;
  for (const SourceDuplication& d : listing->duplications) {
    if (!opts->all && d.status != pegasus_wire::duplication_status::DS_APP) {
      ++summary.not_judged;
      continue;
    }
    chosen.push_back(&d);
    auto cluster = opts->clusters.find(d.remote_cluster);
    if (cluster == opts->clusters.end()) {
      queries.emplace_back();
      continue;
    }
    FollowerQuery q;
    q.metas = cluster->second;
    q.remote_app = d.remote_app_name;
    q.source_app = d.app_name;
    q.remote_cluster = d.remote_cluster;
    q.partition_count = d.partition_count;
    q.remote_replica_count = d.remote_replica_count;
    queries.push_back(std::move(q));
  }
  MetaQueryOptions query_options;
  query_options.timeout_ms = opts->timeout_ms;
  std::vector<absl::StatusOr<MetaAnswer>> answers(chosen.size(),
                                                  absl::UnknownError("not asked"));
  RunParallel(chosen.size(), opts->parallel, [&](size_t i) {
    if (queries[i]) answers[i] = AskFollower(*queries[i], query_options);
  });

  std::vector<DoctorRow> rows;
  for (size_t i = 0; i < chosen.size(); ++i) {
    const SourceDuplication& d = *chosen[i];
    if (!queries[i]) {
      rows.push_back(Unjudged(d, "ERR_CLUSTER_NOT_FOUND",
                              absl::StrCat("cluster ", d.remote_cluster, " is not in ",
                                           opts->clusters_from)));
      continue;
    }
    rows.push_back(JudgeAnswer(**rules, d, *queries[i], answers[i]));
  }
  SortRows(&rows);
  summary.source_meta = listing->meta;
  summary.listed_by = listing->listed_by;
  summary.tables = listing->tables;
  summary.rules_path = opts->rules_path;
  summary.rules_hash = (*rules)->hash();
  out << (opts->format == "json" ? DoctorJson(rows, summary) : DoctorText(rows, summary));
  for (const DoctorRow& r : rows)
    if (!r.ready) return 1;
  return 0;
}

}  // namespace dupready
