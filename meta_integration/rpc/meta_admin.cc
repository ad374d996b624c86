// The duplication-listing RPCs through the meta client's ask loop: encode the request, decode
// each result once, hand back the answer typed.
#include "meta_integration/rpc/meta_admin.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/pegasus_admin_codec.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

// Asks `rpc` with `args`; `decode` reads a result's bytes into a Response.
template <typename Response, typename Decode>
absl::StatusOr<AdminAnswer<Response>> Ask(const std::vector<MetaAddress>& metas, const char* rpc,
                                           absl::StatusOr<std::string> args, Decode decode,
                                           const MetaQueryOptions& options) {
  if (!args.ok()) return args.status();
  MetaRpcSpec spec;
  spec.rpc = rpc;
  spec.args = *std::move(args);
  spec.find_leader_by_query_config = true;
  Response last;  // the last result read: the answer's, when it has one (MetaRpcSpec::read)
  spec.read = [&](const RawMetaReply& reply, std::string* err, MetaAddress*,
                  bool* has_leader) -> absl::Status {
    absl::StatusOr<Response> r = decode(reinterpret_cast<const uint8_t*>(reply.result.data()),
                                        reply.result.size(), options.limits.wire);
    if (!r.ok()) return LocateResultError(reply, r.status());
    if (!IsSafeErrorName(r->err.name()))
      return LocateResultError(reply, absl::InvalidArgumentError(
                                          "the response's err is not [A-Za-z0-9_]+"));
    *err = r->err.name();
    *has_leader = false;  // these replies never name the leader
    last = *std::move(r);
    return absl::OkStatus();
  };
  absl::StatusOr<RawMetaAnswer> raw = AskMetas(metas, spec, options);
  if (!raw.ok()) return raw.status();
  AdminAnswer<Response> answer;
  answer.meta = std::move(raw->meta);
  answer.address = std::move(raw->address);
  answer.transport_err = raw->reply.transport_err;
  answer.attempts = std::move(raw->attempts);
  if (raw->reply.has_result) {
    answer.has_result = true;
    answer.response = std::move(last);
  }
  return answer;
}

}  // namespace

absl::StatusOr<AdminAnswer<pegasus_wire::duplication_list_response>> ListDuplications(
    const std::vector<MetaAddress>& metas, const MetaQueryOptions& options) {
  pegasus_wire::duplication_list_request request;
  request.__set_app_name_pattern("");
  request.__set_match_type(pegasus_wire::pattern_match_type::PMT_MATCH_ALL);
  return Ask<pegasus_wire::duplication_list_response>(
      metas, kListDuplicationRpc, EncodeDuplicationListRequest(request),
      [](const uint8_t* d, size_t n, const PegasusWireLimits& l) {
        return DecodeDuplicationListResponse(d, n, l);
      },
      options);
}

absl::StatusOr<AdminAnswer<pegasus_wire::configuration_list_apps_response>> ListApps(
    const std::vector<MetaAddress>& metas, const MetaQueryOptions& options) {
  pegasus_wire::configuration_list_apps_request request;
  request.__set_status(pegasus_wire::app_status::AS_AVAILABLE);
  return Ask<pegasus_wire::configuration_list_apps_response>(
      metas, kListAppsRpc, EncodeListAppsRequest(request),
      [](const uint8_t* d, size_t n, const PegasusWireLimits& l) {
        return DecodeListAppsResponse(d, n, l);
      },
      options);
}

absl::StatusOr<AdminAnswer<pegasus_wire::duplication_query_response>> QueryDuplication(
    const std::vector<MetaAddress>& metas, const std::string& app_name,
    const MetaQueryOptions& options) {
  if (app_name.size() > static_cast<size_t>(options.limits.wire.max_string_bytes))
    return absl::InvalidArgumentError(
        absl::StrCat("app name of ", app_name.size(), " bytes is too long"));
  pegasus_wire::duplication_query_request request;
  request.__set_app_name(app_name);
  return Ask<pegasus_wire::duplication_query_response>(
      metas, kQueryDuplicationRpc, EncodeDuplicationQueryRequest(request),
      [](const uint8_t* d, size_t n, const PegasusWireLimits& l) {
        return DecodeDuplicationQueryResponse(d, n, l);
      },
      options);
}

}  // namespace dupready
