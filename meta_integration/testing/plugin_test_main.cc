// Copyright 2026 The dupready Authors.
//
// main() for the tests that load the real plugin: gtest's flags, then the plugin's path.
#include "meta_integration/testing/plugin_test_main.h"

#include "gtest/gtest.h"

namespace dupready {
namespace testonly {
namespace {

const char* g_plugin_path = nullptr;

}  // namespace

const char* PluginPath() { return g_plugin_path; }

}  // namespace testonly
}  // namespace dupready

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);  // removes gtest's flags from argv
  if (argc > 1) dupready::testonly::g_plugin_path = argv[1];
  return RUN_ALL_TESTS();
}
