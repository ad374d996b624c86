// Copyright 2026 The dupready Authors.
//
// doctor.h: `dupready doctor`, every duplication of a source cluster judged in one command.
//
//   dupready doctor --meta H:P[,H:P...] (--cluster NAME=H:P[,H:P...] ... | --pegasus-config FILE)
//                   --rules FILE [--app-pattern RE] [--all] [--format text|json]
//                   [--timeout-ms N] [--parallel N]
//
// It asks the source cluster's metas for its duplications (duplication_listing.h: the listing
// RPC, or on older metas one question per table), then, for each duplication in DS_APP (every
// status with --all), asks the follower cluster's metas, found by the duplication's remote
// cluster name, for the follower table and judges it exactly as `probe` would with the context
// the source holds: app name, remote cluster, remote app name (the source's when unset), the
// source table's partition count, remote_replica_count. Nothing is typed by hand.
//
// Time: every question to a cluster (the listing, each fallback query, each follower) takes at
// most --timeout-ms (default 10000), and --parallel (default 4, at most 64) of them run at
// once; so doctor ends within about --timeout-ms x (2 + ceil(T / P) + ceil(F / P)) for T
// tables asked one by one (only on metas without the listing RPC) and F followers judged.
//
// Exit codes: 0 every judged duplication is ready (also when none is), 1 one is not, 2 bad
// usage, rules or cluster map, or the source cluster cannot be asked (the message says why and
// where). A follower cluster that is not in the map, or does not answer, is a row that is not
// ready, naming the cluster or each address and why.

#ifndef DUPREADY_TOOLS_CLI_DOCTOR_H_
#define DUPREADY_TOOLS_CLI_DOCTOR_H_

#include <ostream>
#include <string>
#include <vector>

namespace dupready {

// Runs `doctor` with `args` (the words after "doctor"); returns the exit code.
int RunDoctor(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kDoctorUsage[];

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_DOCTOR_H_
