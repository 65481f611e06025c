#pragma once

// Internal to the core: one client connection.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "core/coarse_clock.hpp"
#include "core/hub.hpp"
#include "core/line_parser.hpp"

namespace jamd::core {

/// "address:port", with IPv6 addresses in brackets.
std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint);

/// One client. It reads only when it has nothing left to send, and answers at most
/// max_output_bytes of replies per batch: a client that does not read stops being read
/// (back-pressure), and a deep pipeline is served in turns with the other sessions. It has
/// one operation in flight at a time (a read, a wait to write, or its next turn), which owns
/// it, and everything it does runs on its socket's strand.
class Session : public std::enable_shared_from_this<Session>, public SessionHook {
 public:
  using Clock = std::chrono::steady_clock;

  /// A session for the accepted `socket` of the client at `peer`.
  Session(Socket socket, const boost::asio::ip::tcp::endpoint& peer, Hub& hub);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// The strand that everything below must be called on. Thread-safe.
  Socket::executor_type executor() { return socket_.get_executor(); }
  /// True when the deadline of the session's state (idle, send or linger) has passed by
  /// `now`. Thread-safe: the hub's sweep asks it before it posts check_deadline().
  bool due(Clock::time_point now, const Limits& limits) const;

  /// Starts serving.
  void start();
  /// Closes the session if its deadline has passed, unless a slow client is still reading.
  void check_deadline(Clock::time_point now);
  /// Finishes the write in flight, if any, then closes.
  void drain();
  /// Closes the socket at once; pending operations end with operation_aborted.
  void close();

 private:
  enum class State { reading, writing, lingering, closed };

  /// How long a session may stay in `state` without progress; none if it may stay forever.
  static std::optional<Clock::duration> timeout_of(State state, const Limits& limits);

  /// Restarts the clock of the deadlines.
  void touch(Clock::time_point now = coarse_steady_now());
  /// Logs "<event>: <peer>" at debug level; costs nothing at higher levels.
  void log_debug(std::string_view event) const;
  /// Waits for input; on_read() serves it.
  void read();
  void on_read(boost::system::error_code error, std::size_t n);
  /// Answers the lines of `input` and sends the replies; keeps what is left for the next turn.
  void serve(std::string_view input);
  /// Dispatches lines from the front of `input` until it is used up or a batch is full.
  void process(std::string_view& input);
  /// Serves the input left over from the last batch.
  void resume();
  /// Drops a client that speaks another protocol: no reply, the connection just closes.
  void refuse_foreign(std::string_view line);
  void send();
  /// True when the client has taken replies from the socket since the last call.
  bool client_read_some();
  void after_send();
  /// Closes once the replies are sent: at once when the client has sent nothing more, else
  /// after it closes too, discarding its input (see kLinger).
  void linger();
  void discard_input();

  Socket socket_;
  boost::asio::ip::tcp::endpoint peer_;  // kept for the log: the socket forgets it when closed
  Hub& hub_;
  LineParser parser_;
  std::array<char, 128> inbox_;  // what Asio reads into: a few lines; more go to the thread's
                                 // buffer, shared by all sessions
  std::string out_;              // replies not yet sent
  std::string pending_;          // input read but not yet served, when a batch was full
  std::atomic<Clock::time_point> since_;  // reading: the last complete line; writing: the
                                          // last progress; lingering: its start. The hub's
                                          // sweep reads it from any thread.
  std::uint32_t in_flight_ = 0;  // bytes sent but not yet taken by the client, when last seen
  std::atomic<State> state_{State::reading};  // read by the sweep too, like since_
  bool close_after_send_ = false;
  bool first_line_ = true;
  bool more_input_ = false;  // the client sent more than the session will read
};

}  // namespace jamd::core
