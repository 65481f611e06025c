#pragma once

// Internal to the core: read readiness for the sessions of one worker.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace jamd::core {

class Session;

/// Tells sessions when their sockets are readable, from a level-triggered epoll set of the
/// worker's own that the worker's io_context watches. A socket is added once and stays while
/// its session reads: Asio's async_wait would re-arm its edge-triggered registration with an
/// epoll_ctl for every request, a third system call beside the recv and the send.
class Readiness {
 public:
  explicit Readiness(boost::asio::io_context& io);

  /// Starts calling Session::on_readable(); stop() ends it, so that the io_context can run out.
  void start();
  void stop();

  /// Reports the socket `fd` to `session` whenever it is readable, until unwatch(fd) or until
  /// the socket is closed.
  void watch(int fd, Session& session);
  void unwatch(int fd);

 private:
  void wait();
  void dispatch();

  boost::asio::posix::stream_descriptor epoll_;
};

}  // namespace jamd::core
