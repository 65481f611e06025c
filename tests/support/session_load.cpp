#include "support/session_load.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <regex>

#include "support/client.hpp"

namespace jamd::test {

SessionResult run_session(std::uint16_t port, const std::string& source) {
  SessionResult result{std::chrono::steady_clock::now(), {}, {}, 0};
  try {
    Client client = Client::from(source, port);
    result.port = client.local_port();
    client.send("TIME\r\n");
    const auto reply = client.line(2s);
    static const std::regex time(R"(JAM [0-2][0-9]:[0-5][0-9]:[0-6][0-9])");
    if (!reply) {
      result.failure = "no reply to TIME";
    } else if (!std::regex_match(*reply, time)) {
      result.failure = "TIME got '" + *reply + "'";
    } else {
      client.send("QUIT\r\n");
      const auto rest = client.rest(2s);
      if (!rest) result.failure = "not closed after QUIT";
      if (rest && !rest->empty()) result.failure = "after QUIT got '" + *rest + "'";
    }
  } catch (const std::exception& e) {
    result.failure = e.what();
  }
  result.end = std::chrono::steady_clock::now();
  return result;
}

SessionLoad::SessionLoad(std::uint16_t port, const std::string& source, unsigned clients,
                         std::size_t max_sessions, std::chrono::milliseconds budget,
                         std::chrono::milliseconds pause) {
  const auto deadline = std::chrono::steady_clock::now() + budget;
  for (unsigned i = 0; i < clients; ++i) {
    clients_.emplace_back([=, this] {
      while (!stopping_ && std::chrono::steady_clock::now() < deadline &&
             started_.fetch_add(1) < max_sessions) {
        SessionResult result = run_session(port, source);
        {
          const std::lock_guard lock(mutex_);
          results_.push_back(std::move(result));
        }
        std::this_thread::sleep_for(pause);
      }
    });
  }
}

SessionLoad::~SessionLoad() {
  stop();
}

bool SessionLoad::wait_ended(std::size_t count, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ended() < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::size_t SessionLoad::ended() const {
  const std::lock_guard lock(mutex_);
  return results_.size();
}

std::vector<SessionResult> SessionLoad::stop() {
  stopping_ = true;
  for (auto& client : clients_) {
    if (client.joinable()) client.join();
  }
  const std::lock_guard lock(mutex_);
  return results_;
}

std::vector<SessionResult> failures(const std::vector<SessionResult>& results) {
  std::vector<SessionResult> failed;
  std::copy_if(results.begin(), results.end(), std::back_inserter(failed),
               [](const SessionResult& r) { return !r.failure.empty(); });
  return failed;
}

}  // namespace jamd::test
