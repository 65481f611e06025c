#include "support/client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace jamd::test {

Client::Client(std::uint16_t port, const std::string& host, int receive_buffer,
               const std::string& source) {
  sockaddr_storage address{};
  socklen_t length = 0;
  if (auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
      inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    length = sizeof *v4;
  } else {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) != 1) throw std::invalid_argument(host);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    length = sizeof *v6;
  }
  fd_ = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }  // segments as the test sends them
  if (!source.empty()) {
    sockaddr_storage local = address;
    int bound = -1;
    if (local.ss_family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&local);
      v4->sin_port = 0;
      if (inet_pton(AF_INET, source.c_str(), &v4->sin_addr) == 1) {
        bound = ::bind(fd_, reinterpret_cast<sockaddr*>(&local), length);
      }
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&local);
      v6->sin6_port = 0;
      if (inet_pton(AF_INET6, source.c_str(), &v6->sin6_addr) == 1) {
        bound = ::bind(fd_, reinterpret_cast<sockaddr*>(&local), length);
      }
    }
    if (bound != 0) {
      const int error = errno;
      ::close(fd_);
      throw std::runtime_error("bind to " + source + ": " + std::strerror(error));
    }
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    const int error = errno;
    ::close(fd_);
    throw std::runtime_error("connect to " + host + ":" + std::to_string(port) + ": " +
                             std::strerror(error));
  }
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

Client::Client(Client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      closed_(other.closed_) {}

std::uint16_t Client::local_port() const {
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length) != 0) return 0;
  return ntohs(local.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&local)->sin_port
                                          : reinterpret_cast<sockaddr_in6*>(&local)->sin6_port);
}

void Client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void Client::shutdown_write() {
  ::shutdown(fd_, SHUT_WR);
}

bool Client::fill(std::chrono::steady_clock::time_point deadline) {
  if (closed_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  pollfd p{fd_, POLLIN, 0};
  if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[4096];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<std::string> Client::line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto end = buffer_.find('\n'); end != std::string::npos) {
      std::string line = buffer_.substr(0, end + 1);
      buffer_.erase(0, end + 1);
      if (line.ends_with("\r\n")) line.resize(line.size() - 2);
      return line;
    }
    if (!fill(deadline)) return std::nullopt;
  }
}

std::optional<std::string> Client::rest(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (fill(deadline)) {
  }
  if (!closed_) return std::nullopt;
  return std::exchange(buffer_, {});
}

bool Client::silent_for(std::chrono::milliseconds quiet) {
  return buffer_.empty() && !fill(std::chrono::steady_clock::now() + quiet) && !closed_;
}

std::size_t Client::unsent() const {
  int unsent = 0;
  return ::ioctl(fd_, TIOCOUTQ, &unsent) == 0 ? static_cast<std::size_t>(unsent) : 0;
}

std::size_t flood(Client& client, const std::string& line, std::size_t max_lines,
                  std::chrono::milliseconds budget, std::chrono::milliseconds patience) {
  std::string chunk;
  for (int i = 0; i < 1024; ++i) chunk += line;
  const std::size_t total = max_lines * line.size();
  const auto deadline = std::chrono::steady_clock::now() + budget;
  std::size_t sent = 0;
  while (sent < total && std::chrono::steady_clock::now() < deadline) {
    const std::size_t at = sent % chunk.size();
    const std::size_t size = std::min(chunk.size() - at, total - sent);
    const ssize_t n = ::send(client.fd(), chunk.data() + at, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
      break;
    } else if (pollfd p{client.fd(), POLLOUT, 0};
               ::poll(&p, 1, static_cast<int>(patience.count())) == 0) {
      break;  // full all along: the server is not reading
    }
  }
  return sent;
}

}  // namespace jamd::test
