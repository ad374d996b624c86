// A client of the meta servers' RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX: tries the metas in
// order, follows forwards to the leader, and bounds every step by a deadline.
#include "meta_integration/rpc/meta_client.h"

#include <algorithm>
#include <atomic>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "meta_integration/wire/wire_text.h"
#include "meta_integration/rpc/socket_io.h"

namespace dupready {
namespace {

constexpr int kMaxMetas = 64;
// No attempt gets less than this, even when the deadline is near (the deadline still holds).
constexpr absl::Duration kMinAttempt = absl::Milliseconds(20);

std::atomic<int32_t> next_seqid{1};

// The leader a ERR_FORWARD_TO_OTHERS reply names in its one partition's primary, if any:
// hp_primary when the meta sent it (as Pegasus reads it), else the rpc_address.
bool LeaderOf(const MetaReply& reply, MetaAddress* leader) {
  if (reply.response.partitions.empty()) return false;
  const pegasus_wire::partition_configuration& pc = reply.response.partitions[0];
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

// Replies after which the next meta is asked.
bool AskNext(const MetaReply& reply) {
  if (reply.transport_err != "ERR_OK" || !reply.has_result) return true;
  const std::string& err = reply.response.err.name();
  return err == "ERR_FORWARD_TO_OTHERS" || err == "ERR_SERVICE_NOT_ACTIVE" ||
         err == "ERR_UNDER_RECOVERY";
}

std::string Outcome(const MetaReply& reply) {
  if (reply.transport_err != "ERR_OK") return absl::StrCat("transport error ", reply.transport_err);
  if (!reply.has_result) return "replied without a result";
  return absl::StrCat("answered ", reply.response.err.name());
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

absl::StatusOr<MetaReply> CallMeta(const MetaAddress& meta, const std::string& request,
                                   absl::Time deadline, const MetaRpcLimits& limits) {
  absl::StatusOr<UniqueFd> fd = ConnectTcp(meta.host, meta.port, deadline);
  if (!fd.ok()) return fd.status();
  if (absl::Status s = SendAll(fd->get(), request.data(), request.size(), deadline); !s.ok())
    return s;
  uint8_t prefix[4];
  if (absl::Status s = RecvExact(fd->get(), prefix, sizeof(prefix), deadline); !s.ok()) return s;
  // The length is checked against the limit before the buffer is allocated.
  absl::StatusOr<uint32_t> total = DecodeReplyLength(prefix, limits);
  if (!total.ok()) return total.status();
  std::string frame(*total, '\0');
  std::copy(prefix, prefix + 4, frame.begin());
  if (absl::Status s = RecvExact(fd->get(), &frame[4], *total - 4, deadline); !s.ok()) return s;
  return DecodeQueryConfigReply(reinterpret_cast<const uint8_t*>(frame.data()), frame.size(),
                                limits);
}

absl::StatusOr<MetaAnswer> QueryPartitionConfig(const std::vector<MetaAddress>& metas,
                                                const std::string& app_name,
                                                const MetaQueryOptions& options) {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(std::max<int64_t>(options.timeout_ms, 1));
  MetaAnswer answer;
  bool have_fallback = false;  // a reply after which the next meta was asked
  MetaAnswer fallback;
  bool timed_out = false;
  int forwards = 0;
  std::set<std::string> asked;

  for (size_t i = 0; i < metas.size(); ++i) {
    MetaAddress target = metas[i];
    // Follow forwards from this list entry until a final answer or a dead end.
    for (;;) {
      const std::string name = target.ToString();
      if (!asked.insert(name).second) {
        answer.attempts.push_back({name, "already asked; skipped"});
        break;
      }
      const absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) {
        answer.attempts.push_back({name, "not asked: the timeout was used up"});
        timed_out = true;
        break;
      }
      // An equal share of what is left for this meta and the ones after it in the list.
      const int64_t share = static_cast<int64_t>(metas.size() - i);
      const absl::Time attempt_deadline =
          std::min(deadline, absl::Now() + std::max(left / share, kMinAttempt));
      const int32_t seqid = next_seqid.fetch_add(1);
      absl::StatusOr<std::string> request = EncodeQueryConfigCall(
          app_name, seqid,
          static_cast<uint32_t>(absl::ToInt64Milliseconds(attempt_deadline - absl::Now())));
      if (!request.ok()) return request.status();
      absl::StatusOr<MetaReply> reply = CallMeta(target, *request, attempt_deadline, options.limits);
      if (!reply.ok()) {
        if (absl::IsDeadlineExceeded(reply.status())) timed_out = true;
        answer.attempts.push_back({name, std::string(reply.status().message())});
        break;
      }
      if (reply->seqid != seqid) {
        answer.attempts.push_back(
            {name, absl::StrCat("bad reply: seqid ", reply->seqid, ", expected ", seqid)});
        break;
      }
      if (!AskNext(*reply)) {
        answer.attempts.push_back({name, Outcome(*reply)});
        answer.meta = name;
        answer.reply = *std::move(reply);
        return answer;
      }
      MetaAddress leader;
      const bool forward = reply->has_result && reply->transport_err == "ERR_OK" &&
                           reply->response.err.name() == "ERR_FORWARD_TO_OTHERS" &&
                           LeaderOf(*reply, &leader);
      answer.attempts.push_back(
          {name, forward ? absl::StrCat(Outcome(*reply), ", leader ", leader.ToString())
                         : Outcome(*reply)});
      have_fallback = true;
      fallback.meta = name;
      fallback.reply = *std::move(reply);
      if (!forward) break;
      if (forwards >= options.max_forwards) {
        answer.attempts.push_back({leader.ToString(), absl::StrCat("not asked: already followed ",
                                                                   forwards, " forwards")});
        break;
      }
      ++forwards;
      target = leader;
    }
  }
  if (have_fallback) {
    fallback.attempts = std::move(answer.attempts);
    return fallback;
  }
  const std::string what = absl::StrCat("no meta server answered (", DescribeAttempts(answer.attempts), ")");
  return timed_out ? absl::DeadlineExceededError(what) : absl::UnavailableError(what);
}

}  // namespace dupready
