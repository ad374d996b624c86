// `dupready status`: the bundle in force, the last bundles, and what each plugin instance
// says it runs, as text or JSON; the exit code says whether every instance runs `current`.
#include "tools/cli/bundle/status.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/json/json.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/bundles/bundle_store.h"
#include "tools/cli/bundle/bundle_source.h"

namespace dupready {

const char kStatusUsage[] =
    "usage: dupready status ZK_URI [--format text|json] [--history N] [--timeout-ms N]\n"
    "Shows the bundle in force, the last N bundles (default 10, newest first) and, for each\n"
    "plugin instance (meta server), the bundle it runs and whether its last load succeeded.\n"
    "Exit codes: 0 every instance runs the bundle in force; 1 one does not (each is named);\n"
    "2 bad usage, or ZooKeeper unreachable within --timeout-ms (default 10000).\n";

namespace {

struct BundleLine {
  std::string name;
  absl::StatusOr<bundles::Bundle> bundle = absl::UnknownError("");
};

struct MetaLine {
  BundleStore::MetaEntry entry;
  bool on_current = false;
};

struct Status {
  std::string source;
  BundleLine current;               // name "" when nothing is in force
  std::vector<BundleLine> history;  // newest first
  size_t total_bundles = 0;
  std::vector<MetaLine> metas;
};

// Text of unknown origin for a terminal: control characters other than newline escaped.
std::string Printable(absl::string_view s) {
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || u == 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(u, absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Indented(absl::string_view text, absl::string_view indent) {
  return absl::StrReplaceAll(Printable(text), {{"\n", absl::StrCat("\n", indent)}});
}

absl::StatusOr<Status> Collect(BundleStore& store, size_t history_len) {
  Status st;
  st.source = store.source().uri;
  absl::StatusOr<BundleStore::Current> current = store.ReadCurrent();
  if (!current.ok() && !absl::IsNotFound(current.status())) return current.status();
  if (current.ok()) st.current.name = current->name;
  if (!st.current.name.empty()) st.current.bundle = store.ReadBundle(st.current.name);

  absl::StatusOr<std::vector<std::string>> names = store.ListBundles();
  if (!names.ok() && !absl::IsNotFound(names.status())) return names.status();
  if (names.ok()) {
    st.total_bundles = names->size();
    for (auto it = names->rbegin(); it != names->rend() && st.history.size() < history_len; ++it)
      st.history.push_back(BundleLine{*it, store.ReadBundle(*it)});
  }

  absl::StatusOr<std::vector<BundleStore::MetaEntry>> metas = store.ListMetas();
  if (!metas.ok() && !absl::IsNotFound(metas.status())) return metas.status();
  if (metas.ok()) {
    for (BundleStore::MetaEntry& e : *metas) {
      MetaLine line{std::move(e), false};
      const auto& r = line.entry.report;
      line.on_current =
          r.ok() && r->bundle() == st.current.name &&
          (!st.current.bundle.ok() || r->content_hash() == st.current.bundle->content_hash());
      st.metas.push_back(std::move(line));
    }
  }
  return st;
}

std::vector<std::string> NotOnCurrent(const Status& st) {
  std::vector<std::string> ids;
  for (const MetaLine& m : st.metas) {
    if (!m.on_current) ids.push_back(m.entry.id);
  }
  return ids;
}

std::string BundleText(const BundleLine& b) {
  if (b.bundle.ok()) return Printable(DescribeBundle(*b.bundle));
  return Indented(b.bundle.status().message(), "      ");
}

void WriteText(const Status& st, std::ostream& out) {
  out << "source   " << st.source << "\n";
  out << "current  "
      << (st.current.name.empty() ? "(none: nothing was pushed)"
                                  : absl::StrCat(st.current.name, "  ", BundleText(st.current)))
      << "\n";
  out << "history  (newest first, " << st.history.size() << " of " << st.total_bundles << ")\n";
  for (const BundleLine& b : st.history) {
    out << (b.name == st.current.name ? "  * " : "    ") << b.name << "  " << BundleText(b) << "\n";
  }
  out << "metas    (" << st.metas.size() << ")\n";
  for (const MetaLine& m : st.metas) {
    out << "  " << m.entry.id << "  ";
    if (!m.entry.report.ok()) {
      out << "UNREADABLE: " << Indented(m.entry.report.status().message(), "      ") << "\n";
      continue;
    }
    const bundles::MetaReport& r = *m.entry.report;
    out << (r.bundle().empty() ? "(no rules)" : r.bundle()) << "  "
        << r.content_hash().substr(0, 12) << (r.from_cache() ? "  (from its cache)" : "")
        << (m.on_current ? "  ok" : "  NOT ON CURRENT") << "  " << Printable(r.host()) << " pid "
        << r.pid() << "\n";
    if (!r.load_ok()) {
      out << "      last load (" << Printable(r.attempted_bundle())
          << ") failed: " << Indented(r.error(), "      ") << "\n";
    }
  }
  const std::vector<std::string> behind = NotOnCurrent(st);
  if (behind.empty()) {
    out << "result   every meta (" << st.metas.size() << ") runs "
        << (st.current.name.empty() ? "no bundle" : st.current.name) << "\n";
  } else {
    out << "result   " << behind.size() << " of " << st.metas.size() << " metas do not run "
        << (st.current.name.empty() ? "no bundle" : st.current.name) << ": ";
    for (size_t i = 0; i < behind.size(); ++i) out << (i ? ", " : "") << behind[i];
    out << "\n";
  }
}

std::string BundleJson(const BundleLine& b) {
  std::string out = absl::StrCat("{\"name\":", JsonQuote(b.name));
  if (b.bundle.ok()) {
    absl::StrAppend(&out, ",\"content_hash\":", JsonQuote(b.bundle->content_hash()),
                    ",\"created_unix_ms\":", b.bundle->created_unix_ms(),
                    ",\"author\":", JsonQuote(b.bundle->author()),
                    ",\"message\":", JsonQuote(b.bundle->message()),
                    ",\"root\":", JsonQuote(b.bundle->root()),
                    ",\"shadow_root\":", JsonQuote(b.bundle->shadow_root()),
                    ",\"previous\":", JsonQuote(b.bundle->previous()),
                    ",\"dupready_version\":", JsonQuote(b.bundle->dupready_version()));
  } else {
    absl::StrAppend(&out, ",\"error\":", JsonQuote(std::string(b.bundle.status().message())));
  }
  return out + "}";
}

void WriteJson(const Status& st, std::ostream& out) {
  out << "{\"source\":" << JsonQuote(st.source)
      << ",\"current\":" << (st.current.name.empty() ? "null" : BundleJson(st.current))
      << ",\"bundles\":" << st.total_bundles << ",\"history\":[";
  for (size_t i = 0; i < st.history.size(); ++i) out << (i ? "," : "") << BundleJson(st.history[i]);
  out << "],\"metas\":[";
  for (size_t i = 0; i < st.metas.size(); ++i) {
    const MetaLine& m = st.metas[i];
    out << (i ? "," : "") << "{\"id\":" << JsonQuote(m.entry.id)
        << ",\"on_current\":" << (m.on_current ? "true" : "false");
    if (m.entry.report.ok()) {
      const bundles::MetaReport& r = *m.entry.report;
      out << ",\"bundle\":" << JsonQuote(r.bundle())
          << ",\"content_hash\":" << JsonQuote(r.content_hash())
          << ",\"rules_hash\":" << JsonQuote(r.rules_hash())
          << ",\"from_cache\":" << (r.from_cache() ? "true" : "false")
          << ",\"load_ok\":" << (r.load_ok() ? "true" : "false")
          << ",\"attempted_bundle\":" << JsonQuote(r.attempted_bundle())
          << ",\"error\":" << JsonQuote(r.error()) << ",\"host\":" << JsonQuote(r.host())
          << ",\"pid\":" << r.pid() << ",\"updated_unix_ms\":" << r.updated_unix_ms()
          << ",\"dupready_version\":" << JsonQuote(r.dupready_version());
    } else {
      out << ",\"unreadable\":" << JsonQuote(std::string(m.entry.report.status().message()));
    }
    out << "}";
  }
  out << "],\"all_on_current\":" << (NotOnCurrent(st).empty() ? "true" : "false") << "}\n";
}

}  // namespace

int RunStatus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Subcommand cmd = BundleCommand("status", kStatusUsage, {"format"}, 1);
  cmd.ints.push_back({"history", 10, 0, 1000});
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::string format = flags.Get("format", "text");
  if (format != "text" && format != "json")
    return Fail(cmd, absl::StrCat("--format is text or json, not '", format, "'"), err);
  absl::StatusOr<OpenedSource> src =
      OpenBundleSource(flags.positional()[0], flags.Int("timeout-ms"));
  if (!src.ok()) return Fail(cmd, src.status().message(), err);
  absl::StatusOr<Status> st = Collect(*src->store, static_cast<size_t>(flags.Int("history")));
  if (!st.ok()) return Fail(cmd, st.status().message(), err);
  if (format == "json") {
    WriteJson(*st, out);
  } else {
    WriteText(*st, out);
  }
  return NotOnCurrent(*st).empty() ? 0 : 1;
}

}  // namespace dupready
