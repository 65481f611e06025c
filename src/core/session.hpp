#pragma once

// Internal to the core: one client connection.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "core/line_parser.hpp"
#include "core/worker.hpp"

namespace jamd::core {

/// "address:port", with IPv6 addresses in brackets.
std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint);

/// One client. It reads only when it has nothing left to send, so a session holds at most one
/// batch of replies, one operation is in flight at a time, and a client that does not read
/// stops being read (back-pressure). It lives as long as a pending operation holds it.
class Session : public std::enable_shared_from_this<Session>, public SessionHook {
 public:
  using Clock = std::chrono::steady_clock;

  Session(boost::asio::ip::tcp::socket socket, Worker& worker);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  /// Closes the session if its deadline (idle or linger) has passed.
  void check_deadline(Clock::time_point now);
  /// Finishes the write in flight, if any, then closes.
  void drain();
  /// Closes the socket at once; pending operations end with operation_aborted.
  void close();

 private:
  enum class State { reading, writing, lingering, closed };

  /// Logs "<event>: <peer>" at debug level; costs nothing at higher levels.
  void log_debug(std::string_view event) const;
  void wait_readable();
  void on_readable();
  void process(std::string_view input);
  void send();
  void on_sent(boost::system::error_code error);
  void after_send();
  /// Stops sending and waits, discarding input, for the client to close (see kLinger).
  void linger();
  void discard_input();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::endpoint peer_;  // kept for the log: the socket forgets it when closed
  Worker& worker_;
  LineParser parser_;
  std::string out_;          // replies not yet sent
  Clock::time_point since_;  // the last complete line while reading; the linger start after
  State state_ = State::reading;
  bool close_after_send_ = false;
};

}  // namespace jamd::core
