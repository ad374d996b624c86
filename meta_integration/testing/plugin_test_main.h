// Copyright 2026 The dupready Authors.
//
// plugin_test_main.h (tests only): the main() of a gtest binary whose first argument is the
// path of libdupready_plugin.so, as a BUILD file passes it:
//
//   cc_test(..., args = ["$(rootpath //meta_integration/plugin:libdupready_plugin.so)"],
//           deps = ["//meta_integration/testing:plugin_test_main", ...])
//
//   ASSERT_NE(testonly::PluginPath(), nullptr);
//   host::Plugin::Load(testonly::PluginPath(), &plugin, &error);

#ifndef DUPREADY_META_INTEGRATION_TESTING_PLUGIN_TEST_MAIN_H_
#define DUPREADY_META_INTEGRATION_TESTING_PLUGIN_TEST_MAIN_H_

namespace dupready {
namespace testonly {

// The plugin's path from the command line, or null when the test was run without one.
const char* PluginPath();

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_PLUGIN_TEST_MAIN_H_
