// ReplySpec -> query_cfg_response (as a current Pegasus server fills it) -> wire bytes.
#include "meta_integration/reply_builder.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "engine/common/strings.h"
#include "meta_integration/pegasus_codec.h"

namespace dupready {
namespace {

using pegasus_wire::host_port;
using pegasus_wire::rpc_address;

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-' || c == '_';
}

// Splits "host:port"; REQUIRES CheckAddressText(text).ok() and a non-empty text.
void Split(std::string_view text, std::string* host, uint16_t* port) {
  size_t colon = text.rfind(':');
  *host = std::string(text.substr(0, colon));
  uint32_t p = 0;
  for (char c : text.substr(colon + 1)) p = p * 10 + static_cast<uint32_t>(c - '0');
  *port = static_cast<uint16_t>(p);
}

// The IPv4 literal "a.b.c.d" in host order, or false.
bool ParseIpv4(const std::string& host, uint32_t* out) {
  unsigned a, b, c, d;
  char tail;
  if (std::sscanf(host.c_str(), "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4) return false;
  if (a > 255 || b > 255 || c > 255 || d > 255) return false;
  *out = (a << 24) | (b << 16) | (c << 8) | d;
  return true;
}

absl::Status ToWire(const std::string& text, const std::string& where, rpc_address* rpc,
                    host_port* hp) {
  if (text.empty()) {
    *rpc = rpc_address();
    *hp = host_port();
    return absl::OkStatus();
  }
  if (absl::Status s = CheckAddressText(text); !s.ok())
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", s.message()));
  std::string host;
  uint16_t port;
  Split(text, &host, &port);
  uint32_t ip;
  *rpc = ParseIpv4(host, &ip) ? rpc_address::Ipv4(ip, port) : rpc_address();
  *hp = host_port(host, port);
  return absl::OkStatus();
}

absl::Status ToWireList(const std::vector<std::string>& texts, const std::string& where,
                        std::vector<rpc_address>* rpcs, std::vector<host_port>* hps) {
  rpcs->resize(texts.size());
  hps->resize(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    absl::Status s = ToWire(texts[i], absl::StrCat(where, "[", i, "]"), &(*rpcs)[i], &(*hps)[i]);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckAddressText(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "' has no ':port'"));
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.empty() || host.size() > 255)
    return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "': bad host length"));
  for (char c : host) {
    if (!IsHostChar(c))
      return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "': bad host character"));
  }
  if (port.empty() || port.size() > 5)
    return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "': bad port"));
  uint32_t p = 0;
  for (char c : port) {
    if (c < '0' || c > '9')
      return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "': bad port"));
    p = p * 10 + static_cast<uint32_t>(c - '0');
  }
  if (p > 65535)
    return absl::InvalidArgumentError(absl::StrCat("address '", Av(text), "': port over 65535"));
  return absl::OkStatus();
}

absl::StatusOr<pegasus_wire::query_cfg_response> BuildReply(const ReplySpec& spec) {
  pegasus_wire::query_cfg_response reply;
  reply.__set_err(pegasus_wire::error_code(spec.err));
  reply.__set_app_id(spec.app_id);
  reply.__set_partition_count(spec.partition_count);
  reply.__set_is_stateful(spec.is_stateful);
  reply.__isset.partitions = true;
  reply.partitions.resize(spec.partitions.size());
  for (size_t i = 0; i < spec.partitions.size(); ++i) {
    const ReplyPartitionSpec& in = spec.partitions[i];
    pegasus_wire::partition_configuration& pc = reply.partitions[i];
    const std::string where = absl::StrCat("partitions[", i, "]");
    pc.__set_pid(pegasus_wire::gpid(spec.app_id, in.pidx));
    pc.__set_ballot(in.ballot);
    pc.__set_max_replica_count(in.max_replica_count);
    pc.__set_last_committed_decree(in.last_committed_decree);
    pc.__set_partition_flags(in.partition_flags);
    absl::Status s = ToWire(in.primary, where + ".primary", &pc.primary, &pc.hp_primary);
    if (s.ok())
      s = ToWireList(in.secondaries, where + ".secondaries", &pc.secondaries, &pc.hp_secondaries);
    if (s.ok())
      s = ToWireList(in.last_drops, where + ".last_drops", &pc.last_drops, &pc.hp_last_drops);
    if (!s.ok()) return s;
    pc.__isset.primary = pc.__isset.secondaries = pc.__isset.last_drops = true;
    pc.__isset.hp_primary = pc.__isset.hp_secondaries = pc.__isset.hp_last_drops = true;
  }
  return reply;
}

absl::StatusOr<std::string> EncodeReplySpec(const ReplySpec& spec) {
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = BuildReply(spec);
  if (!reply.ok()) return reply.status();
  return EncodeQueryCfgResponse(*reply);
}

}  // namespace dupready
