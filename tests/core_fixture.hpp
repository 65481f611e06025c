#pragma once

// The core_test program's fixture: the real network core on a loopback port, serving a fake
// dispatcher that echoes.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/server.hpp"
#include "support/client.hpp"

namespace jamd::core::test_fixture {

using test::Client;

/// "OK <line>" for every line, nothing for an empty one, and BYE ends the session, as does
/// WITHHOLD, which withholds its reply; PEER gets "OK <the client's address and port>". A line
/// whose first word is "NO" or "POST" is not a command.
class EchoDispatcher final : public Dispatcher {
 public:
  explicit EchoDispatcher(std::string prefix = "OK") : prefix_(std::move(prefix)) {}

  Outcome dispatch(const Context& context, std::string_view line, std::string& out) const override {
    if (line.empty()) return {Outcome::Kind::replied, {}};
    if (line == "BYE") return {Outcome::Kind::close, line};
    if (line == "WITHHOLD") return {Outcome::Kind::withheld, line};
    if (line == "PEER") {
      out.append(prefix_).append(" ").append(context.client.to_string()).append("\r\n");
      return {Outcome::Kind::replied, line};
    }
    const std::string_view word = line.substr(0, line.find(' '));
    if (word == "NO" || word == "POST") return {Outcome::Kind::not_a_command, word};
    out.append(prefix_).append(" ").append(line).append("\r\n");
    return {Outcome::Kind::replied, word};
  }

 private:
  std::string prefix_;
};

/// "OK <line>" for every line, but "WAIT" holds its I/O thread until release() (at most 10 s).
class BlockingDispatcher final : public Dispatcher {
 public:
  Outcome dispatch(const Context&, std::string_view line, std::string& out) const override {
    if (line == "WAIT") {
      std::unique_lock lock(mutex_);
      released_cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; });
    }
    out.append("OK ").append(line).append("\r\n");
    return {Outcome::Kind::replied, line};
  }

  void release() {
    const std::lock_guard lock(mutex_);
    released_ = true;
    released_cv_.notify_all();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable released_cv_;
  bool released_ = false;
};

/// The limits of config/jamd.json, with `changes` made by the test.
inline Limits limits(const std::function<void(Limits&)>& changes = {}) {
  Limits limits{.max_connections = 10000,
                .max_line_bytes = 1024,
                .max_output_bytes = 65536,
                .idle_timeout_s = 300,
                .send_timeout_s = 30,
                .drain_timeout_s = 2};
  if (changes) changes(limits);
  return limits;
}

/// A config of `limits`, `access` rules, `proxy` settings and `admin` settings whose
/// dispatcher echoes with `prefix`.
inline std::shared_ptr<const LiveConfig> live_config(Limits limits, std::string prefix = "OK",
                                                     AddressRules access = {},
                                                     ProxyProtocol proxy = {},
                                                     AdminConfig admin = {}) {
  return std::make_shared<const LiveConfig>(
      LiveConfig{limits, std::make_shared<EchoDispatcher>(std::move(prefix)), std::move(access),
                 std::move(proxy), std::move(admin)});
}

/// A running core on an ephemeral loopback port.
class Core : public ::testing::Test {
 protected:
  void start(Limits limits = test_fixture::limits()) {
    server_ = std::make_unique<Server>(Listen{{"127.0.0.1"}, 0}, Threads{2}, live_config(limits));
    server_->start();
  }
  void SetUp() override { start(); }
  Client client() { return Client(server_->port()); }

  std::unique_ptr<Server> server_;
};

}  // namespace jamd::core::test_fixture
