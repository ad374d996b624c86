// Copyright 2026 The dupready Authors.
//
// doctor_report.h: how `dupready doctor` prints what it found, one row per duplication of the
// source cluster: text for people (one line each, the ones not ready first, then the partition
// map of each follower that is not ready), or one JSON object for tools:
//
//   NOT READY  orders#1  DS_APP  -> c2.orders_bak  ERR_NOT_ENOUGH_MEMBER  rule enough_members,
//                                    first failing partition 0: partition 0 has no secondary
//   READY      users#2   DS_APP  -> c2.users       4 partitions pass
//
//   {"duplications":[{"app_name":"orders","dupid":1,"status":"DS_APP","remote_cluster":"c2",
//     "remote_app_name":"orders_bak","ready":false,"error":"ERR_NOT_ENOUGH_MEMBER",
//     "rule":"enough_members","partition":0,"message":"...","follower_meta":"10.1.0.1:34601"}],
//    "judged":2,"judged_ready":1,"judged_not_ready":1,"not_judged":0,"source":{...},
//    "rules":..,"rules_hash":..}
//
// (The text line is one line; it is wrapped here.) In both, ready/error/rule/partition/message
// are the verdict `probe` gives for the same follower and context, byte for byte.

#ifndef DUPREADY_TOOLS_CLI_DOCTOR_REPORT_H_
#define DUPREADY_TOOLS_CLI_DOCTOR_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "meta_integration/rpc/duplication_listing.h"

namespace dupready {

// One duplication and what doctor found about its follower.
struct DoctorRow {
  SourceDuplication dup;
  bool ready = false;
  std::string error;       // a Pegasus error name; "ERR_OK" when ready
  std::string rule;        // the deciding rule; "" when ready or when no rule judged (the
                           // follower cluster is unknown or did not answer)
  int32_t partition = -1;  // the first failing partition; -1 for table-level outcomes
  std::string message;
  int64_t partitions_checked = 0;
  std::string follower_meta;  // the meta whose reply was judged; "" when none
  std::string partition_map;  // drawn under a verdict that is not ready, as check draws it
};

struct DoctorSummary {
  std::string source_meta;  // the meta that listed the duplications
  std::string listed_by;    // kListedByListDuplication or kListedByQueryDuplication
  int tables = 0;
  int not_judged = 0;       // duplications in statuses doctor was not asked to judge
  std::string rules_path;
  std::string rules_hash;
};

// Orders rows as both reports print them: not ready first, then by table name and dupid.
void SortRows(std::vector<DoctorRow>* rows);

std::string DoctorText(const std::vector<DoctorRow>& rows, const DoctorSummary& summary);
std::string DoctorJson(const std::vector<DoctorRow>& rows, const DoctorSummary& summary);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_DOCTOR_REPORT_H_
