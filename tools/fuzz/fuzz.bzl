"""fuzz_target: one libFuzzer target, replayed over its corpus as an ordinary test.

fuzz_target(name = "x_fuzzer", srcs = ["x_fuzzer.cc"], deps = [...], corpus = [...]) makes
  :x_fuzzer_lib     the target (defines LLVMFuzzerTestOneInput),
  :x_fuzzer_replay  a cc_test that runs every file of the corpus through it (bazel test //...),
  :x_fuzzer         with --config=fuzz (clang, -fsanitize=fuzzer), the libFuzzer binary;
                    otherwise the replay driver, so //... always builds.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library", "cc_test")

def fuzz_target(name, srcs, deps = [], corpus = [], data = []):
    cc_library(
        name = name + "_lib",
        testonly = True,
        srcs = srcs,
        deps = deps,
        alwayslink = True,
    )
    cc_test(
        name = name + "_replay",
        size = "small",
        deps = [
            ":" + name + "_lib",
            "//tools/fuzz:replay_main",
        ],
        data = corpus + data,
        args = ["$(rootpaths %s)" % c for c in corpus],
    )
    cc_binary(
        name = name,
        testonly = True,
        deps = [":" + name + "_lib"] + select({
            "//tools/fuzz:fuzzing": [],
            "//conditions:default": ["//tools/fuzz:replay_main"],
        }),
        linkopts = select({
            "//tools/fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        data = data,
    )
