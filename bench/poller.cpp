#include "bench/poller.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <string>

namespace jamd::bench {

Poller::Poller() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (fd_ < 0) throw std::runtime_error("epoll_create1 failed");
}

Poller::~Poller() {
  ::close(fd_);
}

void Poller::add(int fd, std::uint32_t events, std::uint32_t id) {
  epoll_event event{};
  event.events = events;
  event.data.u32 = id;
  if (::epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
    throw std::runtime_error("epoll_ctl add: errno " + std::to_string(errno));
  }
}

void Poller::modify(int fd, std::uint32_t events, std::uint32_t id) {
  epoll_event event{};
  event.events = events;
  event.data.u32 = id;
  ::epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &event);
}

std::span<const epoll_event> Poller::wait(int timeout_ms) {
  const int n = ::epoll_wait(fd_, events_.data(), static_cast<int>(events_.size()), timeout_ms);
  return {events_.data(), static_cast<std::size_t>(std::max(n, 0))};
}

int wait_ms(std::int64_t now_ns, std::int64_t deadline_ns, int cap_ms) {
  const std::int64_t left = deadline_ns - now_ns;
  if (left <= 0) return 0;
  return static_cast<int>(std::min<std::int64_t>((left + 999'999) / 1'000'000, cap_ms));
}

}  // namespace jamd::bench
