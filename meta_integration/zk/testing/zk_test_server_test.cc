// ZkTestServer: serves, stops (no process left), restarts on the same port, and dies with the
// process that started it even when that process never runs its destructors.
#include "meta_integration/zk/testing/zk_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"

namespace dupready {
namespace {

bool Accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

// Gone, or a zombie waiting for whoever inherited it.
bool Dead(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return true;
  const size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
}

bool DiesWithin(pid_t pid, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (Dead(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Dead(pid);
}

TEST(ZkTestServerTest, StopsAndStartsAgainOnTheSamePort) {
  absl::StatusOr<std::unique_ptr<ZkTestServer>> zk = ZkTestServer::Create();
  ASSERT_TRUE(zk.ok()) << zk.status();
  const int port = (*zk)->port();
  EXPECT_EQ((*zk)->hosts(), "127.0.0.1:" + std::to_string(port));
  EXPECT_GE(port, 20000);
  EXPECT_LT(port, 32000);
  EXPECT_TRUE(Accepts(port));
  const pid_t first = (*zk)->pid();
  ASSERT_GT(first, 0);

  ASSERT_TRUE((*zk)->Stop().ok());
  EXPECT_FALSE((*zk)->running());
  EXPECT_TRUE(Dead(first));  // reaped by Stop: no /proc entry at all
  EXPECT_FALSE(Accepts(port));
  EXPECT_TRUE((*zk)->Stop().ok());  // idempotent

  ASSERT_TRUE((*zk)->Start().ok()) << (*zk)->LogTail();
  EXPECT_EQ((*zk)->port(), port);
  EXPECT_TRUE(Accepts(port));
  EXPECT_NE((*zk)->pid(), first);
}

// A test binary that crashes runs no destructor: the server must still go.
TEST(ZkTestServerTest, DiesWithTheProcessThatStartedIt) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    absl::StatusOr<std::unique_ptr<ZkTestServer>> zk = ZkTestServer::Create();
    int64_t pid = zk.ok() ? (*zk)->pid() : -1;
    ssize_t written = ::write(pipe_fds[1], &pid, sizeof(pid));
    ::_exit(written == sizeof(pid) ? 0 : 1);  // no destructors: as if it had crashed
  }
  ::close(pipe_fds[1]);
  int64_t server = -1;
  ASSERT_EQ(::read(pipe_fds[0], &server, sizeof(server)), static_cast<ssize_t>(sizeof(server)));
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_GT(server, 0) << "the child could not start a server";
  EXPECT_TRUE(DiesWithin(static_cast<pid_t>(server), std::chrono::seconds(30)))
      << "server " << server << " outlived the process that started it";
}

}  // namespace
}  // namespace dupready
