#include "support/haproxy.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "support/client.hpp"
#include "support/process.hpp"

namespace jamd::test {

HaproxyProcess::HaproxyProcess(const std::string& text, std::uint16_t port) : port_(port) {
  std::tie(pid_, log_fd_) = spawn("haproxy", {"-db", "-f", temp_file(text, "haproxy.cfg")});
  reader_ = std::thread([this] {
    std::string partial;
    char chunk[4096];
    ssize_t n;
    while ((n = ::read(log_fd_, chunk, sizeof chunk)) > 0) {
      const auto now = Clock::now();
      partial.append(chunk, static_cast<std::size_t>(n));
      const std::lock_guard lock(mutex_);
      for (std::size_t end; (end = partial.find('\n')) != std::string::npos;) {
        lines_.push_back({now, partial.substr(0, end)});
        partial.erase(0, end + 1);
      }
    }
  });
  bool exited = false;
  for (const auto deadline = Clock::now() + 10s; !exited && Clock::now() < deadline;) {
    try {
      Client probe(port_);
      return;
    } catch (const std::exception&) {
      exited = ::waitpid(pid_, nullptr, WNOHANG) == pid_;  // it refused the config
      if (!exited) std::this_thread::sleep_for(10ms);      // not listening yet
    }
  }
  if (!exited) {  // the destructor does not run for a constructor that throws
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  reader_.join();
  ::close(log_fd_);
  throw std::runtime_error("haproxy did not listen on port " + std::to_string(port_) + ":\n" +
                           log());
}

HaproxyProcess::~HaproxyProcess() {
  // SIGTERM is HAProxy's hard stop: it closes every connection and exits at once.
  ::kill(pid_, SIGTERM);
  bool reaped = false;
  for (int i = 0; i < 500 && !reaped; ++i) {  // at most 5 s
    reaped = ::waitpid(pid_, nullptr, WNOHANG) == pid_;
    if (!reaped) std::this_thread::sleep_for(10ms);
  }
  if (!reaped) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  reader_.join();
  ::close(log_fd_);
}

std::optional<HaproxyProcess::Clock::time_point> HaproxyProcess::wait_for_log(
    const std::string& text, std::chrono::milliseconds timeout, Clock::time_point since) const {
  const auto deadline = Clock::now() + timeout;
  do {
    {
      const std::lock_guard lock(mutex_);
      for (const Line& line : lines_) {
        if (line.at >= since && line.text.find(text) != std::string::npos) return line.at;
      }
    }
    std::this_thread::sleep_for(10ms);
  } while (Clock::now() < deadline);
  return std::nullopt;
}

std::string HaproxyProcess::log() const {
  const std::lock_guard lock(mutex_);
  std::string text;
  for (const Line& line : lines_) text += line.text + "\n";
  return text;
}

std::string haproxy_command(const std::string& path, const std::string& command) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) throw std::invalid_argument(path);
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("haproxy runtime API at " + path + ": " + std::strerror(error));
  }
  const std::string line = command + "\n";
  const bool sent = ::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == ssize_t(line.size());
  std::string answer;
  char chunk[4096];
  ssize_t n = 0;
  // One command per connection: HAProxy answers, then closes.
  for (pollfd p{fd, POLLIN, 0};
       sent && ::poll(&p, 1, 5000) > 0 && (n = ::read(fd, chunk, sizeof chunk)) > 0;) {
    answer.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

std::optional<std::string> stat_field(const std::string& show_stat, const std::string& backend,
                                      const std::string& server, const std::string& field) {
  const auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
    return fields;
  };
  std::istringstream stat(show_stat);
  std::string header;
  if (!std::getline(stat, header) || !header.starts_with("# ")) return std::nullopt;
  const std::vector<std::string> names = split(header.substr(2));
  const auto column = std::find(names.begin(), names.end(), field);
  if (column == names.end()) return std::nullopt;
  const auto at = static_cast<std::size_t>(column - names.begin());
  for (std::string line; std::getline(stat, line);) {
    if (!line.starts_with(backend + "," + server + ",")) continue;
    const std::vector<std::string> fields = split(line);
    return at < fields.size() ? std::optional(fields[at]) : std::nullopt;
  }
  return std::nullopt;
}

ConfigCheck check_haproxy_config(const std::string& text) {
  const Outcome outcome =
      capture("timeout 10 haproxy -c -f '" + temp_file(text, "haproxy.cfg") + "' 2>&1");
  return {outcome.exit_code == 0, outcome.output};
}

}  // namespace jamd::test
