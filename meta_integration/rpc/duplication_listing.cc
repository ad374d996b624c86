// Lists a source cluster's duplications: RPC_CM_LIST_DUPLICATION, or on metas without it
// RPC_CM_LIST_APPS and RPC_CM_QUERY_DUPLICATION per table; checks every value it keeps.
#include "meta_integration/rpc/duplication_listing.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "meta_integration/rpc/meta_admin.h"
#include "meta_integration/rpc/parallel.h"
#include "meta_integration/wire/pegasus_admin_codec.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

constexpr int32_t kMaxPartitionCount = 65536;
constexpr int32_t kMaxReplicaCount = 64;
constexpr size_t kMaxHintBytes = 200;

// Text from the source meta that only goes into messages: printable ASCII, at most 200 bytes.
std::string Printable(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, kMaxHintBytes)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (text.size() > kMaxHintBytes) out += "...";
  return out;
}

absl::Status Bad(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// A table of the listing, checked.
struct Table {
  std::string name;
  int32_t app_id = 0;
  int32_t partition_count = 0;
};

absl::Status CheckTable(const std::string& where, const Table& t) {
  if (t.partition_count < 1 || t.partition_count > kMaxPartitionCount)
    return Bad(where, absl::StrCat("partition_count ", t.partition_count, " is not in [1, ",
                                   kMaxPartitionCount, "]"));
  return absl::OkStatus();
}

std::string NameError() {
  return absl::StrCat("is not 1 to ", kMaxNameBytes, " bytes of [A-Za-z0-9_.:-]");
}

// Appends `e`, a duplication of `t` found at `where`, once its values are checked.
absl::Status AddEntry(const std::string& where, const Table& t,
                      const pegasus_wire::duplication_entry& e,
                      std::vector<SourceDuplication>* out) {
  SourceDuplication d;
  d.app_name = t.name;
  d.app_id = t.app_id;
  d.partition_count = t.partition_count;
  d.dupid = e.dupid;
  d.status = static_cast<int32_t>(e.status);
  d.status_name = DuplicationStatusName(d.status);
  if (!IsSafeName(e.remote)) return Bad(where, absl::StrCat("remote ", NameError()));
  d.remote_cluster = e.remote;
  // Before Pegasus 2.6 there is no remote_app_name: the follower has the source's name.
  d.remote_app_name = t.name;
  if (e.__isset.remote_app_name && !e.remote_app_name.empty()) {
    if (!IsSafeName(e.remote_app_name))
      return Bad(where, absl::StrCat("remote_app_name ", NameError()));
    d.remote_app_name = e.remote_app_name;
  }
  if (e.__isset.remote_replica_count) {
    if (e.remote_replica_count < 0 || e.remote_replica_count > kMaxReplicaCount)
      return Bad(where, absl::StrCat("remote_replica_count ", e.remote_replica_count,
                                     " is not in [0, ", kMaxReplicaCount, "]"));
    d.remote_replica_count = e.remote_replica_count;
  }
  out->push_back(std::move(d));
  return absl::OkStatus();
}

bool Wanted(const ListingOptions& options, const std::string& name) {
  return !options.want_table || options.want_table(name);
}

bool AnyHandlerNotFound(const std::vector<MetaAttempt>& attempts) {
  for (const MetaAttempt& a : attempts)
    if (a.transport_err == "ERR_HANDLER_NOT_FOUND") return true;
  return false;
}

// The metas replied, but not with a listing.
template <typename Response>
absl::Status NoListing(const char* rpc, const AdminAnswer<Response>& a, const std::string& hint) {
  std::string what = a.has_result ? absl::StrCat("answered ", a.response.err.name())
                                  : absl::StrCat("transport error ", a.transport_err);
  if (!hint.empty()) absl::StrAppend(&what, " (", Printable(hint), ")");
  return absl::FailedPreconditionError(absl::StrCat(rpc, ": the source cluster's metas gave no "
                                                    "listing; the last, ", a.meta, ", ", what,
                                                    " (", DescribeAttempts(a.attempts), ")"));
}

absl::Status FromListDuplication(const pegasus_wire::duplication_list_response& r,
                                 const ListingOptions& options, SourceListing* listing) {
  int index = 0;
  for (const auto& [name, state] : r.app_states) {
    constexpr char kAt[] = "duplication_list_response.app_states";
    if (!IsSafeName(name)) return Bad(absl::StrCat(kAt, "[#", index, "]"), "the key " + NameError());
    ++index;
    const std::string where = absl::StrCat(kAt, "[\"", name, "\"]");
    if (state.app_name != name)
      return Bad(where, absl::StrCat("app_name '", Printable(state.app_name),
                                     "' is not the table's name"));
    if (!Wanted(options, name)) continue;
    const Table t{name, state.appid, state.partition_count};
    if (absl::Status s = CheckTable(where, t); !s.ok()) return s;
    ++listing->tables;
    for (const auto& [dupid, entry] : state.duplications) {
      const std::string entry_at = absl::StrCat(where, ".duplications[", dupid, "]");
      if (entry.dupid != dupid)
        return Bad(entry_at, absl::StrCat("dupid ", entry.dupid, " is not its key"));
      if (absl::Status s = AddEntry(entry_at, t, entry, &listing->duplications); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

// RPC_CM_LIST_APPS, then RPC_CM_QUERY_DUPLICATION for each table kept.
absl::Status FromQueryDuplication(const std::vector<MetaAddress>& metas,
                                  const ListingOptions& options, SourceListing* listing) {
  absl::StatusOr<AdminAnswer<pegasus_wire::configuration_list_apps_response>> apps =
      ListApps(metas, options.query);
  if (!apps.ok()) return apps.status();
  listing->attempts.insert(listing->attempts.end(), apps->attempts.begin(), apps->attempts.end());
  if (!apps->has_result || apps->response.err.name() != "ERR_OK")
    return NoListing(kListAppsRpc, *apps, apps->response.hint_message);
  listing->meta = apps->meta;

  std::vector<Table> tables;
  for (size_t i = 0; i < apps->response.infos.size(); ++i) {
    const pegasus_wire::app_info& info = apps->response.infos[i];
    const std::string where = absl::StrCat("configuration_list_apps_response.infos[", i, "]");
    if (!IsSafeName(info.app_name)) return Bad(where, "app_name " + NameError());
    // Only available tables have duplications to list (as RPC_CM_LIST_DUPLICATION does).
    if (info.status != pegasus_wire::app_status::AS_AVAILABLE) continue;
    if (!Wanted(options, info.app_name)) continue;
    const Table t{info.app_name, info.app_id, info.partition_count};
    if (absl::Status s = CheckTable(where, t); !s.ok()) return s;
    tables.push_back(t);
  }
  listing->tables = static_cast<int>(tables.size());

  // The meta that listed the tables leads (it may be one a forward led to): ask it first.
  std::vector<MetaAddress> ordered = {apps->address};
  for (const MetaAddress& m : metas)
    if (m.ToString() != apps->meta) ordered.push_back(m);
  using Answer = absl::StatusOr<AdminAnswer<pegasus_wire::duplication_query_response>>;
  std::vector<Answer> answers(tables.size(), absl::UnknownError("not asked"));
  RunParallel(tables.size(), options.parallel, [&](size_t i) {
    answers[i] = QueryDuplication(ordered, tables[i].name, options.query);
  });

  for (size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    const std::string what = absl::StrCat(kQueryDuplicationRpc, " for table ", t.name);
    if (!answers[i].ok())
      return absl::Status(answers[i].status().code(),
                          absl::StrCat(what, ": ", answers[i].status().message()));
    const AdminAnswer<pegasus_wire::duplication_query_response>& a = *answers[i];
    if (a.has_result && a.response.err.name() == "ERR_APP_NOT_EXIST") {
      listing->notes.push_back(absl::StrCat("table ", t.name, " was dropped while listing"));
      continue;
    }
    if (!a.has_result || a.response.err.name() != "ERR_OK") {
      absl::Status s = NoListing(kQueryDuplicationRpc, a, "");
      return absl::Status(s.code(), absl::StrCat("table ", t.name, ": ", s.message()));
    }
    if (a.response.appid != t.app_id)
      return absl::FailedPreconditionError(absl::StrCat(
          what, ": app id ", a.response.appid, ", but ", kListAppsRpc, " said ", t.app_id,
          ": the table was recreated while listing; ask again"));
    const std::string where = absl::StrCat("duplication_query_response(", t.name, ").entry_list");
    for (size_t j = 0; j < a.response.entry_list.size(); ++j) {
      if (absl::Status s = AddEntry(absl::StrCat(where, "[", j, "]"), t, a.response.entry_list[j],
                                    &listing->duplications);
          !s.ok())
        return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SourceListing> ListSourceDuplications(const std::vector<MetaAddress>& metas,
                                                     const ListingOptions& options) {
  SourceListing listing;
  absl::StatusOr<AdminAnswer<pegasus_wire::duplication_list_response>> list =
      ListDuplications(metas, options.query);
  if (!list.ok()) return list.status();
  listing.attempts = list->attempts;
  if (list->has_result && list->response.err.name() == "ERR_OK") {
    listing.meta = list->meta;
    listing.listed_by = kListedByListDuplication;
    if (absl::Status s = FromListDuplication(list->response, options, &listing); !s.ok())
      return absl::Status(s.code(), absl::StrCat("the listing from ", list->meta, ": ", s.message()));
  } else if (AnyHandlerNotFound(list->attempts)) {
    listing.listed_by = kListedByQueryDuplication;
    if (absl::Status s = FromQueryDuplication(metas, options, &listing); !s.ok()) {
      if (!absl::IsInvalidArgument(s)) return s;
      return absl::InvalidArgumentError(
          absl::StrCat("the listing from ", listing.meta, ": ", s.message()));
    }
  } else {
    return NoListing(kListDuplicationRpc, *list, list->response.hint_message);
  }
  std::stable_sort(listing.duplications.begin(), listing.duplications.end(),
                   [](const SourceDuplication& a, const SourceDuplication& b) {
                     return a.app_name != b.app_name ? a.app_name < b.app_name : a.dupid < b.dupid;
                   });
  return listing;
}

}  // namespace dupready
