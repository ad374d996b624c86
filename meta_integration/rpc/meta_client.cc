// A client of a Pegasus meta server's RPCs: tries the metas in order, follows forwards to the
// leader, and bounds every step by a deadline; RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX on top.
#include "meta_integration/rpc/meta_client.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "meta_integration/rpc/socket_io.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

constexpr int kMaxMetas = 64;
// No attempt gets less than this, even when the deadline is near (the deadline still holds).
constexpr absl::Duration kMinAttempt = absl::Milliseconds(20);

std::atomic<int32_t> next_seqid{1};

// The leader a ERR_FORWARD_TO_OTHERS query_cfg_response names in its one partition's primary,
// if any: hp_primary when the meta sent it (as Pegasus reads it), else the rpc_address.
bool LeaderOf(const pegasus_wire::query_cfg_response& response, MetaAddress* leader) {
  if (response.partitions.empty()) return false;
  const pegasus_wire::partition_configuration& pc = response.partitions[0];
  if (pc.__isset.hp_primary) {
    const pegasus_wire::host_port& hp = pc.hp_primary;
    if (hp.type() != pegasus_wire::HostType::kIpv4 || !IsSafeHost(hp.host()) || hp.port() == 0)
      return false;
    leader->host = hp.host();
    leader->port = hp.port();
    return true;
  }
  const pegasus_wire::rpc_address& a = pc.primary;
  if (a.type() != pegasus_wire::HostType::kIpv4 || a.port() == 0) return false;
  const uint32_t ip = a.ipv4();
  leader->host = absl::StrCat(ip >> 24, ".", (ip >> 16) & 0xFF, ".", (ip >> 8) & 0xFF, ".", ip & 0xFF);
  leader->port = a.port();
  return true;
}

// Decodes a query_cfg_response result, located in its frame.
absl::StatusOr<pegasus_wire::query_cfg_response> QueryConfigResult(const RawMetaReply& reply,
                                                                   const MetaRpcLimits& limits) {
  absl::StatusOr<pegasus_wire::query_cfg_response> r = DecodeQueryCfgResponse(
      reinterpret_cast<const uint8_t*>(reply.result.data()), reply.result.size(), limits.wire);
  if (!r.ok()) return LocateResultError(reply, r.status());
  return r;
}

// Errors of the response after which the next meta is asked.
bool AskNext(const std::string& err) {
  return err == "ERR_FORWARD_TO_OTHERS" || err == "ERR_SERVICE_NOT_ACTIVE" ||
         err == "ERR_UNDER_RECOVERY";
}

std::string Outcome(const RawMetaReply& reply, const std::string& err) {
  if (reply.transport_err != "ERR_OK") return absl::StrCat("transport error ", reply.transport_err);
  return absl::StrCat("answered ", err);
}

// Asks `meta` which meta leads, with the query-configuration RPC (whose forward names it).
bool FindLeader(const MetaAddress& meta, absl::Time deadline, const MetaRpcLimits& limits,
                MetaAddress* leader) {
  const int32_t seqid = next_seqid.fetch_add(1);
  absl::StatusOr<std::string> request = EncodeQueryConfigCall(
      "", seqid, static_cast<uint32_t>(std::max<int64_t>(
                     absl::ToInt64Milliseconds(deadline - absl::Now()), 1)));
  if (!request.ok()) return false;
  absl::StatusOr<RawMetaReply> reply = CallMeta(meta, kQueryConfigRpc, *request, deadline, limits);
  if (!reply.ok() || reply->seqid != seqid || !reply->has_result) return false;
  absl::StatusOr<pegasus_wire::query_cfg_response> r = QueryConfigResult(*reply, limits);
  return r.ok() && r->err.name() == "ERR_FORWARD_TO_OTHERS" && LeaderOf(*r, leader);
}

}  // namespace

std::string MetaAddress::ToString() const {
  if (host.find(':') != std::string::npos) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<std::vector<MetaAddress>> ParseMetaList(std::string_view list) {
  std::vector<MetaAddress> out;
  // Debian's abseil has its own string_view: work in absl::string_view here.
  for (absl::string_view item : absl::StrSplit(absl::string_view(list.data(), list.size()), ',')) {
    item = absl::StripAsciiWhitespace(item);
    MetaAddress a;
    absl::string_view port;
    if (absl::ConsumePrefix(&item, "[")) {  // [v6]:port
      const size_t close = item.find(']');
      if (close == absl::string_view::npos)
        return absl::InvalidArgumentError(absl::StrCat("'[", item, "': missing ']'"));
      a.host = std::string(item.substr(0, close));
      absl::string_view rest = item.substr(close + 1);
      if (!rest.empty() && !absl::ConsumePrefix(&rest, ":"))
        return absl::InvalidArgumentError(absl::StrCat("'", item, "': expected ':' after ']'"));
      port = rest;
    } else if (const size_t colon = item.rfind(':'); colon != absl::string_view::npos) {
      a.host = std::string(item.substr(0, colon));
      port = item.substr(colon + 1);
      if (port.empty()) return absl::InvalidArgumentError(absl::StrCat("'", item, "': empty port"));
    } else {
      a.host = std::string(item);
    }
    if (a.host.empty())
      return absl::InvalidArgumentError(absl::StrCat("'", item, "': empty host in the meta list"));
    if (!port.empty() && (!absl::SimpleAtoi(port, &a.port) || a.port < 1 || a.port > 65535))
      return absl::InvalidArgumentError(absl::StrCat("'", port, "' is not a port (1-65535)"));
    out.push_back(std::move(a));
    if (out.size() > kMaxMetas)
      return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxMetas, " meta addresses"));
  }
  return out;
}

std::string DescribeAttempts(const std::vector<MetaAttempt>& attempts) {
  return absl::StrJoin(attempts, "; ", [](std::string* out, const MetaAttempt& a) {
    absl::StrAppend(out, a.meta, ": ", a.outcome);
  });
}

absl::StatusOr<RawMetaReply> CallMeta(const MetaAddress& meta, std::string_view rpc,
                                      const std::string& request, absl::Time deadline,
                                      const MetaRpcLimits& limits) {
  absl::StatusOr<UniqueFd> fd = ConnectTcp(meta.host, meta.port, deadline);
  if (!fd.ok()) return fd.status();
  if (absl::Status s = SendAll(fd->get(), request.data(), request.size(), deadline); !s.ok())
    return s;
  uint8_t prefix[4];
  if (absl::Status s = RecvExact(fd->get(), prefix, sizeof(prefix), deadline); !s.ok()) return s;
  // The length is checked against the limit; the frame then grows with the bytes that arrive.
  absl::StatusOr<uint32_t> total = DecodeReplyLength(prefix, limits);
  if (!total.ok()) return total.status();
  std::string frame(reinterpret_cast<const char*>(prefix), sizeof(prefix));
  if (absl::Status s = RecvAppend(fd->get(), &frame, *total, deadline); !s.ok()) return s;
  return DecodeMetaReply(reinterpret_cast<const uint8_t*>(frame.data()), frame.size(), rpc,
                         limits);
}

absl::StatusOr<RawMetaAnswer> AskMetas(const std::vector<MetaAddress>& metas,
                                       const MetaRpcSpec& spec, const MetaQueryOptions& options) {
  const absl::Time deadline =
      absl::Now() + absl::Milliseconds(std::max<int64_t>(options.timeout_ms, 1));
  RawMetaAnswer answer;
  std::optional<RawMetaAnswer> fallback;  // the last reply after which the next meta was asked
  bool timed_out = false;
  int forwards = 0;
  std::set<std::string> asked;

  for (size_t i = 0; i < metas.size(); ++i) {
    MetaAddress target = metas[i];
    // Follow forwards from this list entry until a final answer or a dead end.
    for (;;) {
      const std::string name = target.ToString();
      if (!asked.insert(name).second) {
        answer.attempts.push_back({name, "already asked; skipped", ""});
        break;
      }
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) {
        answer.attempts.push_back({name, "not asked: the timeout was used up", ""});
        timed_out = true;
        break;
      }
      // An equal share of what is left for this meta and the ones after it in the list.
      const int64_t share = static_cast<int64_t>(metas.size() - i);
      const absl::Time attempt_deadline =
          std::min(deadline, absl::Now() + std::max(left / share, kMinAttempt));
      const int32_t seqid = next_seqid.fetch_add(1);
      absl::StatusOr<std::string> request = EncodeMetaCall(
          spec.rpc, spec.args, seqid,
          static_cast<uint32_t>(absl::ToInt64Milliseconds(attempt_deadline - absl::Now())));
      if (!request.ok()) return request.status();
      absl::StatusOr<RawMetaReply> reply =
          CallMeta(target, spec.rpc, *request, attempt_deadline, options.limits);
      if (!reply.ok()) {
        if (absl::IsDeadlineExceeded(reply.status())) timed_out = true;
        answer.attempts.push_back({name, std::string(reply.status().message()), ""});
        break;
      }
      if (reply->seqid != seqid) {
        answer.attempts.push_back(
            {name, absl::StrCat("bad reply: seqid ", reply->seqid, ", expected ", seqid),
             reply->transport_err});
        break;
      }
      std::string err;
      MetaAddress leader;
      bool has_leader = false;
      if (reply->has_result) {
        if (absl::Status s = spec.read(*reply, &err, &leader, &has_leader); !s.ok()) {
          answer.attempts.push_back({name, std::string(s.message()), reply->transport_err});
          break;
        }
      }
      if (reply->has_result && !AskNext(err)) {
        answer.attempts.push_back({name, Outcome(*reply, err), reply->transport_err});
        answer.meta = name;
        answer.address = target;
        answer.err = std::move(err);
        answer.reply = *std::move(reply);
        return answer;
      }
      const bool forward_to_others = reply->has_result && err == "ERR_FORWARD_TO_OTHERS";
      std::string how;
      if (forward_to_others && !has_leader && spec.find_leader_by_query_config) {
        has_leader = FindLeader(target, attempt_deadline, options.limits, &leader);
        how = absl::StrCat(" (asked with ", kQueryConfigRpc, ")");
      }
      const bool forward = forward_to_others && has_leader;
      const std::string outcome = Outcome(*reply, err);
      answer.attempts.push_back(
          {name, forward ? absl::StrCat(outcome, ", leader ", leader.ToString(), how) : outcome,
           reply->transport_err});
      fallback = RawMetaAnswer{name, target, *std::move(reply), std::move(err), {}};
      if (!forward) break;
      if (forwards >= options.max_forwards) {
        answer.attempts.push_back({leader.ToString(),
                                   absl::StrCat("not asked: already followed ", forwards,
                                                " forwards"),
                                   ""});
        break;
      }
      ++forwards;
      target = leader;
    }
  }
  if (fallback) {
    fallback->attempts = std::move(answer.attempts);
    return *std::move(fallback);
  }
  const std::string what =
      absl::StrCat("no meta server answered (", DescribeAttempts(answer.attempts), ")");
  return timed_out ? absl::DeadlineExceededError(what) : absl::UnavailableError(what);
}

absl::StatusOr<MetaAnswer> QueryPartitionConfig(const std::vector<MetaAddress>& metas,
                                                const std::string& app_name,
                                                const MetaQueryOptions& options) {
  absl::StatusOr<std::string> args = EncodeQueryConfigArgs(app_name, options.limits.wire);
  if (!args.ok()) return args.status();
  MetaRpcSpec spec;
  spec.rpc = kQueryConfigRpc;
  spec.args = *std::move(args);
  pegasus_wire::query_cfg_response last;  // the last response read (see MetaRpcSpec::read)
  spec.read = [&](const RawMetaReply& reply, std::string* err, MetaAddress* leader,
                  bool* has_leader) -> absl::Status {
    absl::StatusOr<pegasus_wire::query_cfg_response> r = QueryConfigResult(reply, options.limits);
    if (!r.ok()) return r.status();
    *err = r->err.name();
    *has_leader = *err == "ERR_FORWARD_TO_OTHERS" && LeaderOf(*r, leader);
    last = *std::move(r);
    return absl::OkStatus();
  };
  absl::StatusOr<RawMetaAnswer> raw = AskMetas(metas, spec, options);
  if (!raw.ok()) return raw.status();
  MetaAnswer answer;
  answer.meta = std::move(raw->meta);
  answer.attempts = std::move(raw->attempts);
  answer.reply.transport_err = raw->reply.transport_err;
  answer.reply.seqid = raw->reply.seqid;
  if (raw->reply.has_result) {
    answer.reply.has_result = true;
    answer.reply.response_bytes = std::move(raw->reply.result);
    answer.reply.response = std::move(last);
  }
  return answer;
}

}  // namespace dupready
