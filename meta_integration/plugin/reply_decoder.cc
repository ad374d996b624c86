// Copyright 2026 The dupready Authors.
//
// Reply bytes -> FollowerFacts in one walk: each partition the wire walk completes becomes a
// PartitionFact at once; the reply's own fields are taken when the walk ends.

#include "meta_integration/plugin/reply_decoder.h"

#include "meta_integration/wire/pegasus_reply_walk.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

// Fills the facts' partitions as the walk hands them over. The first partition that cannot
// become facts is remembered, not reported at once: the walk goes on, because an error in the
// bytes further on takes precedence (the generated-code path decodes before it builds).
class FactsSink : public ReplySink {
 public:
  // `end`: the end of the reply, whose bytes the hosts are.
  FactsSink(FollowerFacts* facts, Ipv4Texts* texts, const uint8_t* end)
      : facts_(facts), texts_(texts), end_(reinterpret_cast<const char*>(end)) {}

  // The first partition that could not become facts, or OK.
  const absl::Status& status() const { return status_; }

  void PartitionsBegin(int32_t count) override {
    // A repeated partitions field replaces the earlier list, facts and errors alike. `count`
    // is bounded by the walk (max_partitions, and the bytes left) before it gets here.
    facts_->partitions.clear();
    facts_->wide.clear();
    facts_->addresses.clear();
    facts_->pidx_in_order = true;
    facts_->longest_list = 0;
    facts_->longest_host = 0;
    texts_->Reset();
    status_ = absl::OkStatus();
    facts_->partitions.reserve(static_cast<size_t>(count));
    facts_->wide.reserve(static_cast<size_t>(count));
  }

  void Partition(int32_t index, const WirePartition& p) override {
    if (!status_.ok()) return;
    AddressFact primary;
    if (!(p.has_hp_primary
              ? HostPortFact(p.hp_primary.type, p.hp_primary.host, p.hp_primary.port, &primary,
                             end_)
              : RpcAddressFact(p.primary, texts_, &primary))) {
      status_ = BadAddress(index, p.has_hp_primary ? "hp_primary" : "primary");
      return;
    }
    int secondaries, drops;
    if (!List(p.has_hp_secondaries, p.hp_secondaries, p.secondaries, secondaries_, &secondaries)) {
      status_ = BadAddress(index, p.has_hp_secondaries ? "hp_secondaries" : "secondaries");
      return;
    }
    if (!List(p.has_hp_last_drops, p.hp_last_drops, p.last_drops, drops_, &drops)) {
      status_ = BadAddress(index, p.has_hp_last_drops ? "hp_last_drops" : "last_drops");
      return;
    }
    AppendPartition(facts_, p.partition_index(), p.ballot, p.max_replica_count, primary,
                    secondaries_, secondaries, drops_, drops, p.last_committed_decree,
                    p.partition_flags);
  }

 private:
  // One address list as facts: the host_ports when the reply has them, else the rpc_addresses.
  bool List(bool use_hp, const WireHostPortList& hp, const WireRpcAddressList& rpc,
            AddressFact* out, int* count) {
    *count = use_hp ? hp.count : rpc.count;
    if (*count > kMaxAddressesPerList) return false;
    if (use_hp) {
      WireHostPortReader read(hp);
      for (int i = 0; i < *count; ++i) {
        const WireHostPort h = read.Next();
        if (!HostPortFact(h.type, h.host, h.port, &out[i], end_)) return false;
      }
      return true;
    }
    for (int i = 0; i < *count; ++i)
      if (!RpcAddressFact(rpc.at(i), texts_, &out[i])) return false;
    return true;
  }

  FollowerFacts* const facts_;
  Ipv4Texts* const texts_;
  const char* const end_;
  absl::Status status_;
  AddressFact secondaries_[kMaxAddressesPerList];
  AddressFact drops_[kMaxAddressesPerList];
};

}  // namespace

absl::Status ReplyDecoder::Decode(const DupContextView& dup, std::string_view rpc_err,
                                  const uint8_t* data, size_t len, FollowerFacts* facts,
                                  const PegasusWireLimits& limits) {
  StartFacts(dup, rpc_err, facts);
  if (rpc_err != "ERR_OK") {
    if (!IsSafeErrorName(rpc_err)) return absl::InvalidArgumentError("rpc_err: not an error name");
    facts->response_err = "ERR_OK";  // the reply of a failed call is not read
    return absl::OkStatus();
  }
  ipv4_texts_.Reset();
  FactsSink sink(facts, &ipv4_texts_, data + len);
  WireResponse top;
  if (absl::Status walked = WalkQueryCfgResponse(data, len, limits, &sink, &top); !walked.ok()) {
    return walked;
  }
  if (!IsSafeErrorName(top.err)) {
    return absl::InvalidArgumentError("query_cfg_response.err: not an error name");
  }
  if (!sink.status().ok()) return sink.status();
  facts->response_err = top.err;
  facts->app_id = top.app_id;
  facts->response_partition_count = top.partition_count;
  facts->is_stateful = top.is_stateful;
  return absl::OkStatus();
}

}  // namespace dupready
