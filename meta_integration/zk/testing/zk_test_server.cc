// ZkTestServer: writes a zoo.cfg, forks Java running ZooKeeperServerMain in its own process
// group, polls `srvr` until the server serves, and kills the group to stop it.
#include "meta_integration/zk/testing/zk_test_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace dupready {
namespace {

constexpr char kJava[] = "/usr/bin/java";
// Debian's libzookeeper-java (its manifest names the other jars it needs) and, so the
// server's warnings reach its log instead of SLF4J's no-op default, libslf4j-java's simple
// logger (both are dependencies of the `zookeeper` package).
constexpr char kClassPath[] = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar";
constexpr char kMainClass[] = "org.apache.zookeeper.server.ZooKeeperServerMain";
// Ports below Linux's default ephemeral range (32768-60999): nothing is auto-assigned there.
constexpr int kMinPort = 20000;
constexpr int kMaxPort = 32000;

std::string TempRoot() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr && *dir ? dir : "/tmp";
}

absl::Status ErrnoError(const std::string& what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// A port in [kMinPort, kMaxPort) that 127.0.0.1 can bind right now.
absl::StatusOr<int> PickPort() {
  std::random_device seed;
  std::mt19937 rng(seed() ^ static_cast<unsigned>(::getpid()));
  std::uniform_int_distribution<int> dist(kMinPort, kMaxPort - 1);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = dist(rng);
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return ErrnoError("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    ::close(fd);
    if (free) return port;
  }
  return absl::UnavailableError("no free 127.0.0.1 port found for ZooKeeper");
}

// Sends one of ZooKeeper's four-letter commands and returns the answer ("" on any failure).
std::string AskServer(int port, const char* command) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  const absl::Time deadline = absl::Now() + absl::Seconds(2);
  auto wait_for = [&](short events) {
    const int64_t ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (ms <= 0) return false;
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(ms)) == 1 && (p.revents & (events | POLLHUP)) != 0;
  };
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  bool ok = rc == 0 || (errno == EINPROGRESS && wait_for(POLLOUT));
  if (ok) {
    int err = 0;
    socklen_t len = sizeof(err);
    ok = ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
  }
  ok = ok && ::send(fd, command, 4, MSG_NOSIGNAL) == 4;
  while (ok && answer.size() < 65536 && wait_for(POLLIN)) {
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

// Whether the socket listening on `port` belongs to process `pid`: the server that answers
// could otherwise be another test's that picked the same port a moment earlier. Java listens
// on an IPv6 socket (127.0.0.1 as ::ffff:127.0.0.1), so both tables are read.
bool OwnsListeningPort(pid_t pid, int port) {
  char wanted[8];
  std::snprintf(wanted, sizeof(wanted), ":%04X", port);
  std::string inode;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream tcp(table);
    std::string line;
    std::getline(tcp, line);  // the header
    while (std::getline(tcp, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, node;
      fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> node;
      if (absl::EndsWith(local, wanted) && state == "0A") inode = node;  // 0A: LISTEN
    }
  }
  if (inode.empty()) return false;
  const std::string target = "socket:[" + inode + "]";
  const std::string fd_dir = absl::StrCat("/proc/", pid, "/fd");
  DIR* dir = ::opendir(fd_dir.c_str());
  if (dir == nullptr) return false;
  bool found = false;
  while (dirent* entry = ::readdir(dir)) {
    char link[256];
    const std::string path = fd_dir + "/" + entry->d_name;
    ssize_t n = ::readlink(path.c_str(), link, sizeof(link) - 1);
    if (n > 0 && target == std::string(link, static_cast<size_t>(n))) {
      found = true;
      break;
    }
  }
  ::closedir(dir);
  return found;
}

}  // namespace

ZkTestServer::ZkTestServer(Options options, std::string dir, int port)
    : options_(options),
      dir_(std::move(dir)),
      port_(port),
      hosts_(absl::StrCat("127.0.0.1:", port)) {}

ZkTestServer::~ZkTestServer() { Stop().IgnoreError(); }

absl::StatusOr<std::unique_ptr<ZkTestServer>> ZkTestServer::Create(const Options& options) {
  absl::Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::string tmpl = TempRoot() + "/zk.XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) return ErrnoError("mkdtemp " + tmpl);
    absl::StatusOr<int> port = PickPort();
    if (!port.ok()) return port.status();
    std::ofstream cfg(tmpl + "/zoo.cfg");
    cfg << "tickTime=" << options.tick_ms << "\n"
        << "dataDir=" << tmpl << "/data\n"
        << "clientPort=" << *port << "\n"
        << "clientPortAddress=127.0.0.1\n"
        // The admin HTTP server would take port 8080 in every test at once.
        << "admin.enableServer=false\n"
        // Tests open more than the default 60 connections from 127.0.0.1.
        << "maxClientCnxns=0\n"
        // `srvr` tells when it serves; `dump` lists live sessions (ExpireSession).
        << "4lw.commands.whitelist=srvr,dump\n"
        // A throw-away server: no fsync per write, a small preallocated log.
        << "forceSync=no\n"
        << "preAllocSize=4096\n";
    cfg.close();
    if (!cfg) return absl::InternalError("cannot write " + tmpl + "/zoo.cfg");
    std::unique_ptr<ZkTestServer> server(new ZkTestServer(options, tmpl, *port));
    last = server->Start();
    if (last.ok()) return server;
    // Only a server that died (the port was taken meanwhile) is worth another port.
    if (last.code() != absl::StatusCode::kAborted) return last;
  }
  return last;
}

absl::Status ZkTestServer::Start() {
  if (running()) return absl::OkStatus();
  if (absl::Status s = Spawn(); !s.ok()) return s;
  absl::Status s = WaitServing(absl::Now() + options_.start_deadline);
  if (!s.ok()) Stop().IgnoreError();
  return s;
}

absl::Status ZkTestServer::Spawn() {
  const std::string cfg = dir_ + "/zoo.cfg";
  const std::string log = dir_ + "/server.log";
  std::vector<std::string> args = {
      kJava,
      "-Xmx256m",
      // Start fast: the client compiler only, the serial collector, no perf-data file in /tmp.
      "-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC",
      "-XX:-UsePerfData",
      "-Xshare:auto",
      "-Djava.awt.headless=true",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
      "-Dorg.slf4j.simpleLogger.logFile=System.err",
      "-cp",
      kClassPath,
      kMainClass,
      cfg,
  };
  // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return ErrnoError("open " + log);
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    ::close(log_fd);
    return ErrnoError("open /dev/null");
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    ::close(null_fd);
    return ErrnoError("fork");
  }
  if (pid == 0) {
    ::setsid();
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
    ::dup2(null_fd, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    // No descriptor of the test (a ZooKeeper client's socket, say) may live on in the server:
    // a connection the test closes must close.
    ::syscall(SYS_close_range, 3u, ~0u, 0u);
    ::execve(kJava, argv.data(), environ);
    ::_exit(127);
  }
  ::close(log_fd);
  ::close(null_fd);
  pid_ = pid;
  return absl::OkStatus();
}

absl::Status ZkTestServer::WaitServing(absl::Time deadline) {
  while (absl::Now() < deadline) {
    int wstatus = 0;
    if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::AbortedError(absl::StrCat("ZooKeeper on port ", port_, " exited (status ",
                                             wstatus, ") before serving; its log ends:\n",
                                             LogTail()));
    }
    if (absl::StrContains(AskServer(port_, "srvr"), "Mode: standalone")) {
      if (OwnsListeningPort(pid_, port_)) return absl::OkStatus();
      return absl::AbortedError(absl::StrCat("another process serves port ", port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("ZooKeeper on port ", port_, " did not serve within ",
                   absl::FormatDuration(options_.start_deadline), "; its log ends:\n", LogTail()));
}

absl::Status ZkTestServer::Stop() {
  if (!running()) return absl::OkStatus();
  const pid_t pid = pid_;
  pid_ = -1;
  if (::kill(-pid, SIGKILL) != 0 && errno != ESRCH) return ErrnoError("kill");
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0) {
    if (errno != EINTR) return ErrnoError("waitpid");
  }
  return absl::OkStatus();
}

absl::Status ZkTestServer::ExpireSession(int64_t session_id, const std::string& password) {
  clientid_t id;
  if (password.size() != sizeof(id.passwd))
    return absl::InvalidArgumentError("a session password has 16 bytes");
  id.client_id = session_id;
  std::memcpy(id.passwd, password.data(), sizeof(id.passwd));
  char hex[32];
  std::snprintf(hex, sizeof(hex), "0x%llx", static_cast<unsigned long long>(session_id));
  auto alive = [&] {
    const std::string dump = AskServer(port_, "dump");
    return dump.empty() || dump.find(hex) != std::string::npos;  // "" : cannot tell yet
  };
  zoo_set_debug_level(static_cast<ZooLogLevel>(0));
  const absl::Time deadline = absl::Now() + options_.start_deadline;
  // The session's owner may take it back (reconnect) before the twin's close reaches the
  // server; then the close ends nothing. Check with `dump` and try again until it is gone.
  while (absl::Now() < deadline) {
    zhandle_t* twin = zookeeper_init(hosts_.c_str(), nullptr, 4000, &id, nullptr, 0);
    if (twin == nullptr) return ErrnoError("zookeeper_init");
    const absl::Time attach_by = absl::Now() + absl::Seconds(10);
    while (zoo_state(twin) != ZOO_CONNECTED_STATE && absl::Now() < attach_by)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    zookeeper_close(twin);  // closing a connected handle ends its session on the server
    const absl::Time settle = absl::Now() + absl::Seconds(2);
    while (alive() && absl::Now() < settle)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!alive()) return absl::OkStatus();
  }
  return absl::DeadlineExceededError(absl::StrCat("session ", hex, " is still alive"));
}

std::string ZkTestServer::LogTail(size_t bytes) const {
  std::ifstream in(dir_ + "/server.log", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string all = s.str();
  return all.size() <= bytes ? all : all.substr(all.size() - bytes);
}

absl::StatusOr<std::unique_ptr<ZkClient>> ConnectTestClient(
    const ZkTestServer& server, std::function<void(const ZkEvent&)> on_event,
    int session_timeout_ms) {
  ZkClient::Options options;
  options.hosts = server.hosts();
  options.session_timeout_ms = session_timeout_ms;
  options.on_event = std::move(on_event);
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
  if (!zk.ok()) return zk.status();
  if (absl::Status s = (*zk)->WaitConnected(absl::Now() + absl::Seconds(60)); !s.ok()) return s;
  return zk;
}

absl::StatusOr<ZkTestServer*> SharedZkTestServer() {
  static std::mutex mu;
  static std::unique_ptr<ZkTestServer> server;
  static absl::Status failed;
  std::lock_guard<std::mutex> lock(mu);
  if (server != nullptr) return server.get();
  if (!failed.ok()) return failed;  // do not pay for a second failing start
  absl::StatusOr<std::unique_ptr<ZkTestServer>> created = ZkTestServer::Create();
  if (!created.ok()) {
    failed = created.status();
    return failed;
  }
  server = *std::move(created);
  return server.get();
}

}  // namespace dupready
