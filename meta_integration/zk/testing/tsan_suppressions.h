// Copyright 2026 The dupready Authors.
//
// tsan_suppressions.h (tests only): what ThreadSanitizer must not report inside the ZooKeeper
// C client, for test binaries with more than one ZooKeeper handle. Include it in exactly one
// .cc of the test binary (it defines the hook ThreadSanitizer reads at start-up):
//
//   #include "meta_integration/zk/testing/tsan_suppressions.h"
//
// libzookeeper_mt formats a server's address for its messages into one static buffer
// (format_endpoint_info), from every handle's I/O thread. Two handles write it at once. The
// buffer is 134 bytes, each address at most 53 with its NUL, and the rest stays zero, so a
// reader always finds a NUL inside it; the text only feeds log lines, which ZkClient discards.
// Nothing of ours is suppressed.

#ifndef DUPREADY_META_INTEGRATION_ZK_TESTING_TSAN_SUPPRESSIONS_H_
#define DUPREADY_META_INTEGRATION_ZK_TESTING_TSAN_SUPPRESSIONS_H_

extern "C" const char* __tsan_default_suppressions() { return "race:format_endpoint_info\n"; }

#endif  // DUPREADY_META_INTEGRATION_ZK_TESTING_TSAN_SUPPRESSIONS_H_
