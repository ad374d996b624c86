// BundleStore: the ZooKeeper side of rule bundles: storing, moving `current` by
// compare-and-set, rolling back, and the plugins' ephemeral reports.
#include "meta_integration/bundles/bundle_store.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace dupready {

bool IsBundleName(absl::string_view name) {
  constexpr absl::string_view kPrefix = "bundle-";
  if (name.size() != kPrefix.size() + 10 || name.substr(0, kPrefix.size()) != kPrefix) return false;
  return std::all_of(name.begin() + kPrefix.size(), name.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

BundleStore::BundleStore(ZkClient* zk, BundleSource source, absl::Duration timeout, Limits limits)
    : zk_(zk), source_(std::move(source)), timeout_(timeout), limits_(limits) {}

absl::Status BundleStore::InitLayout() {
  for (const std::string& path : {source_.bundles_path(), source_.metas_path()}) {
    if (absl::Status s = zk_->EnsurePath(path, Deadline()); !s.ok()) return s;
  }
  absl::StatusOr<std::string> made =
      zk_->Create(source_.current_path(), "", ZkCreateMode::kPersistent, Deadline());
  if (!made.ok() && !absl::IsAlreadyExists(made.status())) return made.status();
  return absl::OkStatus();
}

absl::StatusOr<BundleStore::Current> BundleStore::ReadCurrent(bool watch) {
  absl::StatusOr<ZkNode> node = zk_->Get(source_.current_path(), Deadline(), watch);
  if (!node.ok()) {
    if (absl::IsNotFound(node.status())) {
      return absl::NotFoundError(absl::StrCat(
          source_.current_path(), " does not exist: nothing was pushed to ", source_.path, " yet"));
    }
    return node.status();
  }
  if (!node->data.empty() && !IsBundleName(node->data)) {
    return absl::InvalidArgumentError(absl::StrCat(
        source_.current_path(), " holds '", absl::CHexEscape(node->data.substr(0, 64)), "' (",
        node->data.size(), " bytes), which is not a bundle name (bundle-NNNNNNNNNN)"));
  }
  return Current{node->data, node->stat.version};
}

absl::StatusOr<bundles::Bundle> BundleStore::ReadBundle(const std::string& name) {
  if (!IsBundleName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", absl::CHexEscape(name), "' is not a bundle name (bundle-NNNNNNNNNN)"));
  }
  absl::StatusOr<ZkNode> node = zk_->Get(BundlePath(name), Deadline());
  if (!node.ok()) return node.status();
  absl::StatusOr<bundles::Bundle> bundle = DecodeBundle(node->data, limits_);
  if (!bundle.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(BundlePath(name), ": ", bundle.status().message()));
  }
  return bundle;
}

absl::StatusOr<std::vector<std::string>> BundleStore::ListBundles() {
  absl::StatusOr<std::vector<std::string>> children =
      zk_->Children(source_.bundles_path(), Deadline());
  if (!children.ok()) return children.status();
  std::vector<std::string> names;
  for (std::string& c : *children) {
    if (IsBundleName(c)) names.push_back(std::move(c));
  }
  // Ten-digit sequence numbers: lexical order is creation order.
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status CheckBundleFitsNode(const bundles::Bundle& bundle) {
  const size_t size = bundle.ByteSizeLong();
  if (size > static_cast<size_t>(kZkMaxNodeBytes)) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the bundle is ", size, " bytes encoded; a ZooKeeper node holds at most ", kZkMaxNodeBytes,
        " (the server's jute.maxbuffer, less room for the request): make "
        "the rule files smaller"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> BundleStore::Store(const bundles::Bundle& bundle) {
  if (absl::Status s = CheckBundleFitsNode(bundle); !s.ok()) return s;
  const std::string bytes = EncodeBundle(bundle);
  absl::StatusOr<std::string> path = zk_->Create(source_.bundles_path() + "/bundle-", bytes,
                                                 ZkCreateMode::kPersistentSequential, Deadline());
  if (!path.ok()) return path.status();
  return path->substr(source_.bundles_path().size() + 1);
}

absl::Status BundleStore::MoveCurrent(const std::string& name, int32_t expected_version) {
  absl::StatusOr<ZkStat> set = zk_->Set(source_.current_path(), name, expected_version, Deadline());
  if (set.ok()) return absl::OkStatus();
  if (!absl::IsAborted(set.status())) return set.status();
  absl::StatusOr<Current> now = ReadCurrent();
  return absl::AbortedError(absl::StrCat(
      source_.current_path(), " moved meanwhile: ",
      now.ok() ? absl::StrCat(now->name.empty() ? "(none)" : now->name, " is in force now")
               : absl::StrCat("and cannot be read again (", now.status().message(), ")"),
      ", so ", name, " was not put in force"));
}

absl::StatusOr<BundleStore::PushResult> BundleStore::Push(bundles::Bundle bundle) {
  absl::StatusOr<Current> current = ReadCurrent();
  if (absl::IsNotFound(current.status())) {  // the first push under this path
    if (absl::Status s = InitLayout(); !s.ok()) return s;
    current = ReadCurrent();
  }
  if (!current.ok()) return current.status();
  bundle.set_previous(current->name);
  absl::StatusOr<std::string> name = Store(bundle);
  if (!name.ok()) return name.status();
  if (absl::Status s = MoveCurrent(*name, current->version); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(s.message(), " (another push or rollback won; ",
                                               *name, " stays in the history)"));
  }
  return PushResult{*name, current->name};
}

absl::StatusOr<BundleStore::RollbackResult> BundleStore::Rollback(const std::string& to) {
  absl::StatusOr<Current> current = ReadCurrent();
  if (!current.ok()) return current.status();
  if (current->name.empty())
    return absl::FailedPreconditionError(
        absl::StrCat("no bundle is in force under ", source_.path));
  std::string target = to;
  if (target.empty()) {
    absl::StatusOr<bundles::Bundle> in_force = ReadBundle(current->name);
    if (in_force.ok()) target = in_force->previous();
  }
  if (target.empty()) {
    // No record of what came before: the newest older bundle that loads.
    absl::StatusOr<std::vector<std::string>> names = ListBundles();
    if (!names.ok()) return names.status();
    for (auto it = names->rbegin(); it != names->rend(); ++it) {
      if (*it >= current->name) continue;
      absl::StatusOr<bundles::Bundle> b = ReadBundle(*it);
      if (b.ok() && LoadBundle(*b, limits_).ok()) {
        target = *it;
        break;
      }
    }
    if (target.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "nothing to roll back to: ", current->name,
          " records no previous bundle and no older bundle loads; name one with --to"));
    }
  }
  if (target == current->name)
    return absl::FailedPreconditionError(absl::StrCat(target, " is already in force"));
  absl::StatusOr<bundles::Bundle> bundle = ReadBundle(target);
  if (!bundle.ok()) return bundle.status();
  if (absl::StatusOr<LoadedBundle> loaded = LoadBundle(*bundle, limits_); !loaded.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        target, " does not load, so it is not put in force: ", loaded.status().message()));
  }
  if (absl::Status s = MoveCurrent(target, current->version); !s.ok()) return s;
  return RollbackResult{current->name, target};
}

absl::StatusOr<std::vector<BundleStore::MetaEntry>> BundleStore::ListMetas() {
  absl::StatusOr<std::vector<std::string>> ids = zk_->Children(source_.metas_path(), Deadline());
  if (!ids.ok()) return ids.status();
  std::sort(ids->begin(), ids->end());
  std::vector<MetaEntry> out;
  for (const std::string& id : *ids) {
    const std::string path = source_.metas_path() + "/" + id;
    absl::StatusOr<ZkNode> node = zk_->Get(path, Deadline());
    if (absl::IsNotFound(node.status())) continue;  // its plugin went away meanwhile
    MetaEntry entry{id, absl::UnknownError(""), 0};
    if (!node.ok()) {
      entry.report = node.status();
    } else {
      entry.session = node->stat.ephemeral_owner;
      bundles::MetaReport report;
      if (!report.ParseFromArray(node->data.data(), static_cast<int>(node->data.size()))) {
        entry.report = absl::InvalidArgumentError(
            absl::StrCat(path, ": its ", node->data.size(), " bytes are not a meta report"));
      } else if (report.id() != id) {
        entry.report = absl::InvalidArgumentError(absl::StrCat(
            path, ": the report names another id, '", absl::CHexEscape(report.id()), "'"));
      } else {
        entry.report = std::move(report);
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

absl::Status BundleStore::WriteMetaReport(const bundles::MetaReport& report) {
  if (!IsValidNodeName(report.id()))
    return absl::InvalidArgumentError(absl::StrCat("'", report.id(), "' is not a meta id"));
  const std::string path = source_.metas_path() + "/" + report.id();
  const std::string bytes = report.SerializeAsString();
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<ZkStat> stat = zk_->Exists(path, Deadline());
    if (stat.ok() && stat->ephemeral_owner == zk_->session_id() && stat->ephemeral_owner != 0) {
      return zk_->Set(path, bytes, stat->version, Deadline()).status();
    }
    if (stat.ok()) {
      // Left by an earlier session of this id (it goes when that session expires): replace it.
      absl::Status gone = zk_->Delete(path, stat->version, Deadline());
      if (!gone.ok() && !absl::IsNotFound(gone) && !absl::IsAborted(gone)) return gone;
      continue;
    }
    if (!absl::IsNotFound(stat.status())) return stat.status();
    absl::StatusOr<std::string> made =
        zk_->Create(path, bytes, ZkCreateMode::kEphemeral, Deadline());
    if (made.ok()) return absl::OkStatus();
    if (absl::IsNotFound(made.status())) {
      // PATH/metas itself is missing: nothing was pushed yet. Make the layout, try again.
      if (absl::Status s = InitLayout(); !s.ok()) return s;
      continue;
    }
    if (!absl::IsAlreadyExists(made.status())) return made.status();
  }
  return absl::AbortedError(absl::StrCat(path, ": another session keeps writing this id"));
}

}  // namespace dupready
