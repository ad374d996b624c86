// The benchmark's paths from a reply to a verdict: Pegasus's (generated decode + hand-written
// check), the plugin's (PluginChecker::Check) and facts from a decoded struct.
#include "tools/bench/reply_paths.h"

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <exception>
#include <utility>

namespace dupready {
namespace bench {

bool GeneratedDecode(const std::string& bytes, pegasus_wire::query_cfg_response* reply) {
  using ::apache::thrift::transport::TMemoryBuffer;
  try {
    // OBSERVE: the buffer only reads the bytes; Thrift's API wants a non-const pointer.
    auto buffer = std::make_shared<TMemoryBuffer>(
        reinterpret_cast<uint8_t*>(const_cast<char*>(bytes.data())),
        static_cast<uint32_t>(bytes.size()), TMemoryBuffer::OBSERVE);
    ::apache::thrift::protocol::TBinaryProtocolT<TMemoryBuffer> protocol(buffer);
    pegasus_wire::query_cfg_response decoded;
    decoded.read(&protocol);
    *reply = std::move(decoded);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

absl::StatusOr<std::unique_ptr<PluginPath>> PluginPath::Open(RuleSetKind kind,
                                                             const RuleFiles& files) {
  absl::StatusOr<std::unique_ptr<PluginChecker>> checker =
      PluginChecker::OpenWithReader(RuleFiles::PathOf(kind), "", Limits(), files.reader());
  if (!checker.ok()) return checker.status();
  return std::unique_ptr<PluginPath>(new PluginPath(*std::move(checker)));
}

const Verdict& PluginPath::Check(const DupContextView& dup, const std::string& bytes) {
  checker_->Check(dup, "ERR_OK", reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                  &scratch_);
  return scratch_.verdict();
}

bool DecodedEnginePath::BuildFacts(const DupContextView& dup,
                                   const pegasus_wire::query_cfg_response& reply) {
  return builder_.Build(dup, "ERR_OK", &reply, &facts_).ok() &&
         CheckPartitionIndices(facts_).ok();
}

const Verdict& DecodedEnginePath::Check(const DupContextView& dup,
                                        const pegasus_wire::query_cfg_response& reply) {
  if (!BuildFacts(dup, reply)) {
    verdict_.Reset();
    verdict_.ready = false;
    verdict_.error = "ERR_INVALID_DATA";
    return verdict_;
  }
  rules_->Check(facts_, &scratch_, &verdict_);
  return verdict_;
}

}  // namespace bench
}  // namespace dupready
