#include "core/readiness.hpp"

#include <sys/epoll.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "core/session.hpp"

namespace jamd::core {

Readiness::Readiness(boost::asio::io_context& io) : epoll_(io) {
  const int fd = ::epoll_create1(EPOLL_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::system_category(), "epoll_create1");
  epoll_.assign(fd);
}

void Readiness::start() {
  wait();
}

void Readiness::stop() {
  boost::system::error_code ignored;
  epoll_.close(ignored);
}

void Readiness::watch(int fd, Session& session) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP;
  event.data.ptr = &session;
  ::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_ADD, fd, &event);
}

void Readiness::unwatch(int fd) {
  epoll_event ignored{};
  ::epoll_ctl(epoll_.native_handle(), EPOLL_CTL_DEL, fd, &ignored);
}

void Readiness::wait() {
  epoll_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                    [this](boost::system::error_code error) {
                      if (!error) dispatch();
                    });
}

void Readiness::dispatch() {
  // Re-armed first, so that an exception from a session cannot leave the others unserved.
  wait();
  std::array<epoll_event, 64> events;
  const int count = ::epoll_wait(epoll_.native_handle(), events.data(), events.size(), 0);
  // A session's handler may close only that session, and its memory outlives this loop.
  for (int i = 0; i < count; ++i) static_cast<Session*>(events[i].data.ptr)->on_readable();
}

}  // namespace jamd::core
