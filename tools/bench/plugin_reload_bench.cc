// plugin_reload_bench: checks through libdupready_plugin.so's C interface on several threads
// while another thread reloads rules as fast as it can. Measures what a meta server's checking
// threads feel of reloads: whether a check slept (a voluntary context switch: it blocked, on
// a lock or anything else), and how long checks take with and without reloads in flight.
//
//   plugin_reload_bench --plugin PATH/libdupready_plugin.so (--rules A --rules-b B | --large N)
//                       [--reloads N] [--threads N] [--partitions N]
//
// Reloads alternate between A and B with dupready_reload_from; --large N writes two generated
// files of N and N - 1 rules (overlay_gen.h) to $TMPDIR and alternates between them. The plugin
// loads them with the default limits, whose cost budget refuses generated files past a few
// hundred rules; what a reload of 100,000 rules costs a check is measured at the engine level,
// by load_bench's reload/generated100000 scenarios. Prints one line per phase:
//   PLUGIN_RELOAD phase=quiet|reloading rules=A,B reloads=N checks=N slept=N preempted=N
//     check_p50_us=X check_p999_us=X check_max_us=X quiet_check_max_us=X
// where quiet_check_max_us is the longest check whose thread was neither blocked nor
// preempted (preemption is the scheduler's, not the plugin's: 2 cores, more threads).
// Exits 1 if any check slept while reloads ran.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "meta_integration/host/dupready_host.h"
#include "tools/bench/bench_data.h"
#include "tools/bench/overlay_gen.h"

namespace dupready {
namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Flags {
  std::string plugin, rules_a, rules_b;
  int reloads = 10000;
  int threads = 4;
  int partitions = 256;
  int large = 0;
};

bool ParseFlags(int argc, char** argv, Flags* f) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--plugin" && has_value) {
      f->plugin = argv[++i];
    } else if (a == "--rules" && has_value) {
      f->rules_a = argv[++i];
    } else if (a == "--rules-b" && has_value) {
      f->rules_b = argv[++i];
    } else if (a == "--reloads" && has_value) {
      f->reloads = std::atoi(argv[++i]);
    } else if (a == "--threads" && has_value) {
      f->threads = std::atoi(argv[++i]);
    } else if (a == "--large" && has_value) {
      f->large = std::atoi(argv[++i]);
    } else if (a == "--partitions" && has_value) {
      f->partitions = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "plugin_reload_bench: unknown or incomplete flag '%s'\n", a.c_str());
      return false;
    }
  }
  if (f->large > 1 && f->rules_a.empty() && f->rules_b.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp != nullptr ? tmp : "/tmp";
    f->rules_a = dir + "/plugin_reload_bench_a.rules";
    f->rules_b = dir + "/plugin_reload_bench_b.rules";
    for (const auto& [path, n] : {std::pair{f->rules_a, f->large}, {f->rules_b, f->large - 1}}) {
      std::FILE* out = std::fopen(path.c_str(), "w");
      const std::string text = LargeRuleFile(n);
      if (out == nullptr || std::fwrite(text.data(), 1, text.size(), out) != text.size() ||
          std::fclose(out) != 0) {
        std::fprintf(stderr, "plugin_reload_bench: cannot write %s\n", path.c_str());
        return false;
      }
    }
  }
  if (f->plugin.empty() || f->rules_a.empty() || f->rules_b.empty() || f->reloads < 1 ||
      f->threads < 1 || f->threads > 64 || f->partitions < 1 || f->partitions > 65536) {
    std::fprintf(stderr,
                 "usage: plugin_reload_bench --plugin SO (--rules A --rules-b B | --large N) "
                 "[--reloads N] "
                 "[--threads 1..64] [--partitions 1..65536]\n");
    return false;
  }
  return true;
}

struct Sample {
  float ns;
  bool slept;
  bool preempted;
};

void ContextSwitches(long* voluntary, long* involuntary) {
  struct rusage u;
  getrusage(RUSAGE_THREAD, &u);
  *voluntary = u.ru_nvcsw;
  *involuntary = u.ru_nivcsw;
}

double Percentile(std::vector<float> v, double q) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k] / 1e3;
}

// Runs `threads` checkers until `done` returns true; returns every check's sample.
template <typename Done>
std::vector<Sample> CheckUntil(const dupready::host::Checker& c, const std::string& reply,
                               const dupready_dup_context& dup, int threads, Done done) {
  std::vector<std::vector<Sample>> per(static_cast<size_t>(threads));
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<Sample>& out = per[static_cast<size_t>(t)];
      out.reserve(1 << 20);
      dupready::host::Verdict v;  // reused: a ready verdict's strings fit without allocating
      long vol0, inv0, vol1, inv1;
      while (!stop.load(std::memory_order_relaxed) && out.size() < (1u << 22)) {
        ContextSwitches(&vol0, &inv0);
        const Clock::time_point t0 = Clock::now();
        c.Check(dup, "ERR_OK", reply.data(), reply.size(), &v);
        const Clock::time_point t1 = Clock::now();
        ContextSwitches(&vol1, &inv1);
        if (!v.ready) wrong.fetch_add(1);
        out.push_back(Sample{std::chrono::duration<float, std::nano>(t1 - t0).count(),
                             vol1 != vol0, inv1 != inv0});
      }
    });
  }
  done();
  stop = true;
  for (std::thread& t : pool) t.join();
  if (wrong.load() != 0) {
    std::fprintf(stderr, "plugin_reload_bench: %d checks were not ready\n", wrong.load());
    std::exit(2);
  }
  std::vector<Sample> all;
  for (const std::vector<Sample>& p : per) all.insert(all.end(), p.begin(), p.end());
  return all;
}

// Prints the phase's line; returns the number of checks that slept.
int64_t Report(const char* phase, const Flags& f, int reloads, const std::vector<Sample>& s) {
  std::vector<float> all, quiet;
  int64_t slept = 0, preempted = 0;
  for (const Sample& x : s) {
    all.push_back(x.ns);
    slept += x.slept;
    preempted += x.preempted;
    if (!x.slept && !x.preempted) quiet.push_back(x.ns);
  }
  std::printf(
      "PLUGIN_RELOAD phase=%s rules=%s,%s reloads=%d threads=%d partitions=%d checks=%zu "
      "slept=%lld preempted=%lld check_p50_us=%.2f check_p999_us=%.2f check_max_us=%.1f "
      "quiet_check_max_us=%.1f\n",
      phase, f.rules_a.c_str(), f.rules_b.c_str(), reloads, f.threads, f.partitions, s.size(),
      static_cast<long long>(slept), static_cast<long long>(preempted), Percentile(all, 0.5),
      Percentile(all, 0.999), Percentile(all, 1.0), Percentile(quiet, 1.0));
  std::fflush(stdout);
  return slept;
}

int Main(int argc, char** argv) {
  Flags f;
  if (!ParseFlags(argc, argv, &f)) return 2;
  std::shared_ptr<const dupready::host::Plugin> plugin;
  std::unique_ptr<dupready::host::Checker> c;
  std::string err;
  if (!dupready::host::Plugin::Load(f.plugin, &plugin, &err) ||
      !dupready::host::Checker::Open(plugin, f.rules_a, "", &c, &err)) {
    std::fprintf(stderr, "plugin_reload_bench: %s\n", err.c_str());
    return 2;
  }
  const FollowerTable table = MakeTable(f.partitions, Health::kHealthy);
  const std::string reply = EncodeTable(table);
  const dupready_dup_context dup{table.app_name.c_str(), table.remote_cluster_name.c_str(),
                                 table.remote_app_name.c_str(), table.partition_count, 0};

  const Clock::time_point reload_start = Clock::now();
  int reloads = 0;
  bool reload_failed = false;
  std::vector<Sample> busy = CheckUntil(*c, reply, dup, f.threads, [&] {
    for (; reloads < f.reloads; ++reloads) {
      const std::string& path = reloads % 2 == 0 ? f.rules_b : f.rules_a;
      if (!c->ReloadFrom(path, "", &err)) {
        std::fprintf(stderr, "plugin_reload_bench: reload %d failed: %s\n", reloads,
                     err.c_str());
        reload_failed = true;
        return;
      }
    }
  });
  const auto reload_time = Clock::now() - reload_start;
  // The same checks with no reload in flight, for as long (1 to 10 s), as the baseline.
  const Clock::duration quiet_time = std::min<Clock::duration>(
      std::max<Clock::duration>(reload_time, std::chrono::seconds(1)), std::chrono::seconds(10));
  std::vector<Sample> quiet = CheckUntil(*c, reply, dup, f.threads,
                                         [&] { std::this_thread::sleep_for(quiet_time); });
  Report("quiet", f, 0, quiet);
  const int64_t slept = Report("reloading", f, reloads, busy);
  if (reload_failed) return 2;
  return slept == 0 ? 0 : 1;
}

}  // namespace
}  // namespace bench
}  // namespace dupready

int main(int argc, char** argv) { return dupready::bench::Main(argc, argv); }
