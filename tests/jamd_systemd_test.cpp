// The jamd program under a service manager, without systemd: the test plays its part. It
// listens on its own AF_UNIX datagram socket (NOTIFY_SOCKET) for what jamd tells it, sets
// WATCHDOG_USEC, and passes jamd listening sockets as socket activation does (LISTEN_FDS,
// LISTEN_PID, LISTEN_FDNAMES). Skipped when jamd was built without libsystemd.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <tuple>

#include "support/client.hpp"
#include "support/files.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// The service manager's end of NOTIFY_SOCKET: every datagram jamd sends, in order.
class NotifySocket {
 public:
  NotifySocket() : path_((temp_dir() / "notify").string()) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof address.sun_path - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot bind " + path_);
    }
  }
  ~NotifySocket() { ::close(fd_); }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  /// The variable that points jamd at this socket.
  std::string variable() const { return "NOTIFY_SOCKET=" + path_; }

  /// The next datagram, or nullopt when none comes within `timeout`.
  std::optional<std::string> next(std::chrono::milliseconds timeout = 10s) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(n));
  }

  /// The first datagram from now on that holds `text`, skipping the others (at most
  /// `timeout` in all); nullopt when none does.
  std::optional<std::string> wait_for(const std::string& text,
                                      std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto message = next(left);
      if (!message) return std::nullopt;
      if (message->find(text) != std::string::npos) return message;
    }
  }

  /// How many datagrams holding `text` come within `duration`.
  int count(const std::string& text, std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    int seen = 0;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return seen;
      auto message = next(left);
      if (!message) return seen;
      if (message->find(text) != std::string::npos) ++seen;
    }
  }

 private:
  std::string path_;
  int fd_ = -1;
};

/// A listening TCP socket on 127.0.0.1 (or ::1 for AF_INET6), a free port, as a socket unit
/// would open it.
class ListeningSocket {
 public:
  explicit ListeningSocket(int family = AF_INET) {
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_storage address{};
    if (family == AF_INET6) {
      auto& v6 = reinterpret_cast<sockaddr_in6&>(address);
      v6.sin6_family = AF_INET6;
      v6.sin6_addr = in6addr_loopback;
    } else {
      reinterpret_cast<sockaddr_in&>(address) = loopback();
    }
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error(family == AF_INET6 ? "cannot listen on ::1"
                                                  : "cannot listen on 127.0.0.1");
    }
    // The port is at the same offset in both families.
    port_ = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  ~ListeningSocket() { ::close(fd_); }
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;

  int fd() const { return fd_; }
  std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

/// CLOCK_MONOTONIC in µs, as MONOTONIC_USEC= carries it.
long long monotonic_usec() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<long long>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1'000;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

/// Skips every test when jamd cannot talk to a service manager.
class SystemdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!JAMD_WITH_SYSTEMD) {
      GTEST_SKIP() << "jamd was built without libsystemd (JAMD_SYSTEMD): it sends no "
                      "notification and adopts no socket";
    }
  }
};

class JamdNotify : public SystemdTest {
 protected:
  NotifySocket manager_;
};

// READY=1 once jamd listens, with a STATUS= naming its addresses.
TEST_F(JamdNotify, SaysReadyWithItsAddressesOnceItListens) {
  Jamd jamd(with_config(R"("admin": {"listen": "127.0.0.1:0"})"),
            Launch{.environment = {manager_.variable()}});
  const auto ready = manager_.next();
  ASSERT_TRUE(ready) << jamd.log();
  EXPECT_THAT(*ready, HasSubstr("READY=1\n"));
  EXPECT_THAT(*ready, HasSubstr("STATUS=serving on 127.0.0.1:" + std::to_string(jamd.port()) +
                                ", admin on 127.0.0.1:" + std::to_string(jamd.admin_port())));
  Client client(jamd.port());  // it listened before it said so
  client.send("TIME\r\n");
  EXPECT_THAT(client.line().value_or(""), HasSubstr("JAM "));
}

// SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1 with a STATUS= saying whether the
// file was applied or refused, and why.
TEST_F(JamdNotify, ReloadSaysReloadingThenReadyWithWhetherItApplied) {
  const std::string path = temp_file(config_text());
  Jamd jamd({"--config", path}, Launch{.environment = {manager_.variable()}});
  ASSERT_TRUE(manager_.wait_for("READY=1")) << jamd.log();

  write_file(path, config_text(R"("limits": {"max_connections": 500})"));
  const long long before = monotonic_usec();
  jamd.signal(SIGHUP);
  const auto reloading = manager_.next();
  const long long after = monotonic_usec();
  ASSERT_TRUE(reloading) << jamd.log();
  EXPECT_THAT(*reloading, HasSubstr("RELOADING=1\n"));
  std::smatch usec;
  ASSERT_TRUE(std::regex_search(*reloading, usec, std::regex("MONOTONIC_USEC=(\\d+)")))
      << *reloading;
  EXPECT_GE(std::stoll(usec[1]), before);
  EXPECT_LE(std::stoll(usec[1]), after);
  const auto applied = manager_.next();
  ASSERT_TRUE(applied) << jamd.log();
  EXPECT_THAT(*applied, HasSubstr("READY=1\n"));
  EXPECT_THAT(*applied, HasSubstr("STATUS=reload applied: " + path));

  write_file(path, R"({"limits": {"max_connections": "many"}})");
  jamd.signal(SIGHUP);
  const auto reloading_again = manager_.next();
  ASSERT_TRUE(reloading_again) << jamd.log();
  EXPECT_THAT(*reloading_again, HasSubstr("RELOADING=1\n"));
  const auto refused_reload = manager_.next();
  ASSERT_TRUE(refused_reload) << jamd.log();
  EXPECT_THAT(*refused_reload, HasSubstr("READY=1\n"));
  EXPECT_THAT(*refused_reload, HasSubstr("STATUS=reload refused"));
  EXPECT_THAT(*refused_reload, HasSubstr("limits.max_connections"));  // why, shortly
  Client client(jamd.port());  // the previous config serves on
  client.send("TIME\r\n");
  EXPECT_THAT(client.line().value_or(""), HasSubstr("JAM "));
}

// SIGTERM: STOPPING=1, with the sessions left to drain.
TEST_F(JamdNotify, SaysStoppingWithTheSessionsLeftToDrain) {
  Jamd jamd(with_config(), Launch{.environment = {manager_.variable()}});
  ASSERT_TRUE(manager_.wait_for("READY=1")) << jamd.log();
  Client client(jamd.port());
  client.send("TIME\r\n");
  ASSERT_THAT(client.line().value_or(""), HasSubstr("JAM "));  // admitted
  jamd.signal(SIGTERM);
  const auto stopping = manager_.wait_for("STOPPING=1");
  ASSERT_TRUE(stopping) << jamd.log();
  EXPECT_THAT(*stopping, HasSubstr("STATUS=stopping: draining 1 session"));
  EXPECT_EQ(jamd.wait_exit(), 0);
}

// WATCHDOG_USEC: WATCHDOG=1 at half of it (400 ms: every 200 ms), from the I/O threads.
TEST_F(JamdNotify, PingsTheWatchdogAtHalfItsTimeout) {
  Jamd jamd(with_config(), Launch{.environment = {manager_.variable(), "WATCHDOG_USEC=400000"}});
  ASSERT_TRUE(manager_.wait_for("READY=1")) << jamd.log();
  const int pings = manager_.count("WATCHDOG=1", 1200ms);
  EXPECT_GE(pings, 3) << jamd.log();   // about 6; a loaded machine may delay some
  EXPECT_LE(pings, 12) << jamd.log();  // not a ping per millisecond either
  EXPECT_THAT(jamd.log(), HasSubstr("watchdog: notifying systemd every 200 ms (timeout 400 ms)"));
}

// Without WATCHDOG_USEC, no pings: the manager runs no watchdog for jamd.
TEST_F(JamdNotify, SendsNoPingWithoutAWatchdog) {
  Jamd jamd(with_config(), Launch{.environment = {manager_.variable()}});
  ASSERT_TRUE(manager_.wait_for("READY=1")) << jamd.log();
  EXPECT_EQ(manager_.count("WATCHDOG=1", 700ms), 0);
  EXPECT_THAT(jamd.log(), Not(HasSubstr("watchdog")));
}

class JamdSocketActivation : public SystemdTest {
 protected:
  /// The variables of socket activation beyond LISTEN_FDS and LISTEN_PID (Launch sets them).
  static std::vector<std::string> names(const std::string& names) {
    return {"LISTEN_FDNAMES=" + names};
  }
};

// Sockets named "jamd" and "admin" take the place of port and admin.listen: jamd serves on
// them, says so, and binds neither port of its config.
TEST_F(JamdSocketActivation, ServesOnThePassedSocketsAndBindsNoneOfItsOwn) {
  const ListeningSocket main;
  const ListeningSocket admin;
  const std::uint16_t config_port = free_port();
  const std::uint16_t config_admin_port = free_port();
  const std::string admin_listen = "127.0.0.1:" + std::to_string(config_admin_port);
  Jamd jamd({"--config", temp_file(config_text(R"("admin": {"listen": ")" + admin_listen + "\"}")),
             "--port", std::to_string(config_port)},
            Launch{.environment = names("jamd:admin"), .listen_fds = {main.fd(), admin.fd()}});
  EXPECT_EQ(jamd.port(), main.port());
  EXPECT_EQ(jamd.admin_port(), admin.port());
  Client client(main.port());
  client.send("TIME\r\n");
  EXPECT_THAT(client.line().value_or(""), HasSubstr("JAM "));
  Client operator_client(admin.port());
  operator_client.send("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_THAT(operator_client.rest().value_or(""), HasSubstr("200"));
  const std::string log = jamd.log();
  EXPECT_THAT(log, HasSubstr("adopted socket 'jamd' (descriptor 3) from systemd: 127.0.0.1:" +
                             std::to_string(main.port())));
  EXPECT_THAT(log, HasSubstr("adopted socket 'admin' (descriptor 4) from systemd: 127.0.0.1:" +
                             std::to_string(admin.port())));
  EXPECT_TRUE(refused(config_port));
  EXPECT_TRUE(refused(config_admin_port));
}

// Several sockets named "jamd", IPv4 and IPv6: jamd serves on each.
TEST_F(JamdSocketActivation, ServesOnEverySocketNamedJamdIpv4AndIpv6) {
  const ListeningSocket first;
  const ListeningSocket second;
  const ListeningSocket v6(AF_INET6);
  Jamd jamd(with_config(), Launch{.environment = names("jamd:jamd:jamd"),
                                  .listen_fds = {first.fd(), second.fd(), v6.fd()}});
  for (const auto& [host, port, shown] : {std::tuple{"127.0.0.1", first.port(), "127.0.0.1"},
                                          std::tuple{"127.0.0.1", second.port(), "127.0.0.1"},
                                          std::tuple{"::1", v6.port(), "[::1]"}}) {
    Client client(port, host);
    client.send("TIME\r\n");
    EXPECT_THAT(client.line().value_or(""), HasSubstr("JAM ")) << host << " port " << port;
    EXPECT_THAT(jamd.log(),
                HasSubstr(std::string("listening on ") + shown + ":" + std::to_string(port)));
  }
}

// A reload never rebinds: port and bind changes mean nothing to a socket-activated jamd, so it
// does not warn that they need a restart.
TEST_F(JamdSocketActivation, AReloadNeitherRebindsNorWarnsOfARestart) {
  const ListeningSocket main;
  const std::string path = temp_file(config_text());
  Jamd jamd({"--config", path}, Launch{.environment = names("jamd"), .listen_fds = {main.fd()}});
  const std::uint16_t other_port = free_port();
  write_file(path, R"({"port": )" + std::to_string(other_port) +
                       R"(, "bind": ["127.0.0.1", "::1"], "threads": 2})");
  jamd.signal(SIGHUP);
  ASSERT_TRUE(jamd.wait_for_log("reloaded " + path)) << jamd.log();
  EXPECT_THAT(jamd.log(), Not(HasSubstr("restart")));
  EXPECT_TRUE(refused(other_port));
  Client client(main.port());
  client.send("TIME\r\n");
  EXPECT_THAT(client.line().value_or(""), HasSubstr("JAM "));
}

/// What a socket-activated jamd whose sockets and config disagree does: it should exit 1.
struct Refusal {
  std::optional<int> exit_code;
  std::string output;
};

Refusal start_refused(const std::string& config, const std::string& fd_names, std::size_t sockets) {
  std::vector<std::unique_ptr<ListeningSocket>> passed;
  std::vector<int> fds;
  for (std::size_t i = 0; i < sockets; ++i) {
    passed.push_back(std::make_unique<ListeningSocket>());
    fds.push_back(passed.back()->fd());
  }
  Launch launch{.wait_listening = false, .listen_fds = fds};
  if (!fd_names.empty()) launch.environment = {"LISTEN_FDNAMES=" + fd_names};
  Jamd jamd({"--config", temp_file(config)}, launch);
  const auto exit_code = jamd.wait_exit();
  return {exit_code, jamd.log()};
}

// Each disagreement refuses to start, naming both sides.
TEST_F(JamdSocketActivation, RefusesASocketOfAnotherName) {
  const Refusal refusal = start_refused(config_text(), "jamd:web", 2);
  EXPECT_EQ(refusal.exit_code, 1);
  EXPECT_THAT(refusal.output, HasSubstr("socket 4 is named 'web', but jamd serves only sockets "
                                        "named 'jamd' (its port) and 'admin'"));
  EXPECT_THAT(refusal.output, HasSubstr("sockets passed: 3 'jamd', 4 'web'"));
}

TEST_F(JamdSocketActivation, RefusesUnnamedSockets) {
  const Refusal refusal = start_refused(config_text(), "", 1);  // no FileDescriptorName=
  EXPECT_EQ(refusal.exit_code, 1);
  EXPECT_THAT(refusal.output, HasSubstr("socket 3 is named 'unknown'"));
}

TEST_F(JamdSocketActivation, RefusesAnAdminSocketWithoutAnAdminListener) {
  const Refusal refusal = start_refused(config_text(), "jamd:admin", 2);
  EXPECT_EQ(refusal.exit_code, 1);
  EXPECT_THAT(refusal.output, HasSubstr("socket 4 is named 'admin', but the config has no admin "
                                        "listener (admin.listen is \"\")"));
}

TEST_F(JamdSocketActivation, RefusesAnAdminListenerWithoutAnAdminSocket) {
  const Refusal refusal =
      start_refused(config_text(R"("admin": {"listen": "127.0.0.1:0"})"), "jamd", 1);
  EXPECT_EQ(refusal.exit_code, 1);
  EXPECT_THAT(refusal.output, HasSubstr("the config has an admin listener (admin.listen is "
                                        "\"127.0.0.1:0\"), but no socket is named 'admin'"));
  EXPECT_THAT(refusal.output, HasSubstr("sockets passed: 3 'jamd'"));
}

TEST_F(JamdSocketActivation, RefusesToStartWithoutASocketNamedJamd) {
  const Refusal refusal =
      start_refused(config_text(R"("admin": {"listen": "127.0.0.1:0"})"), "admin", 1);
  EXPECT_EQ(refusal.exit_code, 1);
  EXPECT_THAT(refusal.output, HasSubstr("no socket is named 'jamd', but jamd needs one"));
  EXPECT_THAT(refusal.output, HasSubstr("sockets passed: 3 'admin'"));
}

// What is passed must be a listening TCP socket: a UDP one is refused before serving.
TEST_F(JamdSocketActivation, RefusesASocketThatIsNotAListeningTcpSocket) {
  const int udp = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  Jamd jamd(with_config(),
            Launch{.wait_listening = false, .environment = names("jamd"), .listen_fds = {udp}});
  EXPECT_EQ(jamd.wait_exit(), 1);
  EXPECT_THAT(jamd.log(), HasSubstr("descriptor 3 is not a listening TCP socket"));
  ::close(udp);
}

}  // namespace
}  // namespace jamd::test
