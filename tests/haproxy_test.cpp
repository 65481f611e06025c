// jamd behind the real HAProxy (Debian's 2.6), which sends PROXY headers: the clients'
// own addresses, not HAProxy's, are what the access rules and the per-client limits see. Test
// clients bind to 127.0.0.x to look like other hosts; HAProxy connects to jamd from 127.0.0.1.
// HAProxy writes only good headers: the truncated, oversized and malformed ones are sent by the
// test itself, playing the proxy, in proxy_test.cpp (the core) and in JamdProxy below.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "core/proxy_header_writer.hpp"
#include "support/client.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace jamd::test {
namespace {

using namespace std::string_literals;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Optional;

/// HAProxy in the foreground, forwarding its port on 127.0.0.1 to jamd at `backend` with
/// `server_options` (send-proxy-v2, send-proxy); stopped by its PID.
class Haproxy {
 public:
  Haproxy(std::uint16_t backend, const std::string& server_options) : port_(free_port()) {
    const std::string config = temp_file(
        "global\n  maxconn 256\n"
        "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 10s\n"
        "  timeout server 10s\n"
        "frontend in\n  bind 127.0.0.1:" +
            std::to_string(port_) +
            "\n  default_backend jamd\n"
            "backend jamd\n  server jamd 127.0.0.1:" +
            std::to_string(backend) + " " + server_options + "\n",
        "haproxy.cfg");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execlp("haproxy", "haproxy", "-db", "-q", "-f", config.c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {  // until it listens, at most 5 s
      try {
        Client probe(port_);
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(10ms);
      }
    }
    throw std::runtime_error("haproxy did not start");
  }
  ~Haproxy() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  Haproxy(const Haproxy&) = delete;
  Haproxy& operator=(const Haproxy&) = delete;

  /// A client from `source` (127.0.0.2, ...) to HAProxy's port.
  Client from(const std::string& source) const { return Client(port_, "127.0.0.1", 0, source); }

 private:
  std::uint16_t port_;
  pid_t pid_ = -1;
};

/// jamd with `extra` config members, on 2 threads, logging each session.
Jamd jamd_with(const std::string& extra) {
  return Jamd(
      with_config(R"("logging": {"level": "debug"})" + (extra.empty() ? "" : ", " + extra)));
}

/// jamd trusting 127.0.0.1 as its proxy, with `extra` config members.
Jamd proxied_jamd(const std::string& extra, const std::string& timeout_s = "3") {
  return jamd_with(R"("proxy_protocol": {"trusted": ["127.0.0.1"], "timeout_s": )" + timeout_s +
                   "}" + (extra.empty() ? "" : ", " + extra));
}

// 13, 14. Through HAProxy's send-proxy-v2: a client denied by address is denied, the others
// are served, and the log names the client's own address and port.
TEST(Haproxy, ClientsDeniedByAddressThroughItAreDenied) {
  Jamd jamd = proxied_jamd(R"("access": {"deny": ["127.0.0.3"]})");
  Haproxy haproxy(jamd.port(), "send-proxy-v2");
  Client denied = haproxy.from("127.0.0.3");
  const std::string port = std::to_string(denied.local_port());
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  Client allowed = haproxy.from("127.0.0.2");
  allowed.send("TIME\r\n");
  EXPECT_THAT(allowed.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(
      jamd.wait_for_log("session opened: 127.0.0.2:" + std::to_string(allowed.local_port())))
      << jamd.log();
  EXPECT_TRUE(
      jamd.wait_for_log("refused 127.0.0.3:" + port + ": access denied (deny 127.0.0.3/32)"))
      << jamd.log();
}

// 15, 14. The per-client limits count HAProxy's clients, not HAProxy: a second session of
// one client is refused while another client is served.
TEST(Haproxy, PerClientLimitsCountTheRealClients) {
  Jamd jamd = proxied_jamd(R"("limits": {"max_connections_per_client": 1})");
  Haproxy haproxy(jamd.port(), "send-proxy-v2");
  Client first = haproxy.from("127.0.0.2");
  first.send("TIME\r\n");
  ASSERT_THAT(first.line(), Optional(MatchesRegex("JAM ..:..:..")));
  Client second = haproxy.from("127.0.0.2");
  EXPECT_THAT(second.rest(), Optional("ERR too many connections from your address\r\n"s));
  Client other = haproxy.from("127.0.0.3");
  other.send("TIME\r\n");
  EXPECT_THAT(other.line(), Optional(MatchesRegex("JAM ..:..:..")));
  first.send("QUIT\r\n");
  EXPECT_THAT(first.rest(), Optional(""s));
}

// 14. HAProxy's version 1 header (send-proxy) works alike.
TEST(Haproxy, SendProxyVersion1GivesTheClientsAddress) {
  Jamd jamd = proxied_jamd(R"("access": {"deny": ["127.0.0.3"]})");
  Haproxy haproxy(jamd.port(), "send-proxy");
  Client denied = haproxy.from("127.0.0.3");
  EXPECT_THAT(denied.rest(), Optional("ERR access denied\r\n"s));
  Client allowed = haproxy.from("127.0.0.4");
  allowed.send("TIME\r\n");
  EXPECT_THAT(allowed.line(), Optional(MatchesRegex("JAM ..:..:..")));
  EXPECT_TRUE(jamd.wait_for_log("session opened: 127.0.0.4:")) << jamd.log();
}

// 14. A jamd that does not trust HAProxy reads its v2 header as ordinary input: one bad-bytes
// error, then the QUIT in the header's signature ends the session.
TEST(Haproxy, AnUntrustedHaproxysHeaderIsAnErrorAndQuit) {
  Jamd jamd = jamd_with(R"("proxy_protocol": {"trusted": ["10.0.0.1"]})");
  Haproxy haproxy(jamd.port(), "send-proxy-v2");
  Client c = haproxy.from("127.0.0.2");
  c.send("TIME\r\n");
  EXPECT_THAT(c.rest(), Optional("ERR request must be UTF-8 text without control characters\r\n"s));
}

// 14. A trusted connection that sends no header, but a request, is closed without a reply, and
// the log says why; a header that comes too late is closed the same way.
TEST(JamdProxy, ATrustedConnectionWithoutAHeaderIsClosed) {
  Jamd jamd = proxied_jamd("", "0.3");
  Client direct(jamd.port());
  direct.send("TIME\r\n");
  EXPECT_THAT(direct.rest(), Optional(""s));
  EXPECT_TRUE(jamd.wait_for_log("bad PROXY header (not a PROXY header)")) << jamd.log();
  Client silent(jamd.port());
  EXPECT_THAT(silent.rest(), Optional(""s));
  EXPECT_TRUE(jamd.wait_for_log("no PROXY header within 0.3 s")) << jamd.log();
}

// 14. From an address that is not trusted, a version 1 header is a line like any other: PROXY
// is an unknown command, and the session goes on.
TEST(JamdProxy, AV1HeaderFromAnUntrustedAddressIsAnUnknownCommand) {
  Jamd jamd = jamd_with(R"("proxy_protocol": {"trusted": ["10.0.0.1"]})");
  Client c(jamd.port());
  c.send("PROXY TCP4 192.0.2.7 127.0.0.1 5555 45000\r\nTIME\r\n");
  EXPECT_THAT(c.line(), Optional("ERR unknown command 'PROXY'"s));
  EXPECT_THAT(c.line(), Optional(MatchesRegex("JAM ..:..:..")));
}

// 14. From an address that is not trusted, a version 2 header is ordinary input: its
// signature holds "\r\n\r\n\0\r\nQUIT\n", so it gets one bad-bytes error, then QUIT closes.
TEST(JamdProxy, AV2HeaderFromAnUntrustedAddressIsAnErrorAndQuit) {
  Jamd jamd = jamd_with(R"("proxy_protocol": {"trusted": ["10.0.0.1"]})");
  Client c(jamd.port());
  const core::Peer source{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 7}, 5555};
  c.send(core::proxy_v2_header(source, source) + "TIME\r\n");
  EXPECT_THAT(c.rest(), Optional("ERR request must be UTF-8 text without control characters\r\n"s));
}

}  // namespace
}  // namespace jamd::test
