// The words of jamd's notifications to a service manager, and the matching of passed sockets
// with the config: plain values, no socket (jamd_systemd_test runs the real ones).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/service_notify.hpp"
#include "app/socket_activation.hpp"

namespace jamd::app {
namespace {

using ::testing::HasSubstr;

TEST(ServiceStatus, NamesEveryAddressAndTheAdminListener) {
  EXPECT_EQ(serving_status({"[::]:45000"}, ""), "serving on [::]:45000");
  EXPECT_EQ(serving_status({"0.0.0.0:45000", "[::1]:45000"}, "127.0.0.1:45001"),
            "serving on 0.0.0.0:45000 and [::1]:45000, admin on 127.0.0.1:45001");
  EXPECT_EQ(serving_status({"a:1", "b:2", "c:3"}, ""), "serving on a:1, b:2 and c:3");
}

TEST(ServiceStatus, IsOneLineCutWholeCharactersOnly) {
  EXPECT_EQ(status_line("bad.json: line 3\nexpected '}'"), "bad.json: line 3 expected '}'");
  EXPECT_EQ(status_line("abcdef", 4), "abcd...");
  EXPECT_EQ(status_line("abcd", 4), "abcd");
  // "é" is two bytes: a cut inside it drops it whole, a cut after it keeps it.
  EXPECT_EQ(status_line("abcé", 4), "abc...");
  EXPECT_EQ(status_line("abcéf", 5), "abcé...");
}

AdminSettings admin_at(const std::string& listen) {
  AdminSettings admin;
  admin.listen = listen;
  admin.address = listen.empty() ? "" : listen.substr(0, listen.find(':'));
  return admin;
}

TEST(SocketActivation, SortsTheSocketsByName) {
  const AdoptedSockets none = adopt_sockets({}, admin_at("127.0.0.1:45001"));
  EXPECT_TRUE(none.empty());  // not socket-activated: the config's addresses serve
  const AdoptedSockets sockets =
      adopt_sockets({{3, "jamd"}, {4, "admin"}, {5, "jamd"}}, admin_at("127.0.0.1:45001"));
  EXPECT_EQ(sockets.main_descriptors(), (std::vector<int>{3, 5}));
  EXPECT_EQ(sockets.admin_descriptor(), 4);
  EXPECT_EQ(adopt_sockets({{3, "jamd"}}, admin_at("")).admin_descriptor(), -1);
}

TEST(SocketActivation, RefusesTwoAdminSockets) {
  try {
    adopt_sockets({{3, "jamd"}, {4, "admin"}, {5, "admin"}}, admin_at("127.0.0.1:45001"));
    FAIL() << "two admin sockets were taken";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("two sockets are named 'admin'"));
    EXPECT_THAT(e.what(), HasSubstr("3 'jamd', 4 'admin', 5 'admin'"));
  }
}

}  // namespace
}  // namespace jamd::app
