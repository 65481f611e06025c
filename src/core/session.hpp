#pragma once

// Internal to the core: one client connection, from accept to close. The listeners create
// sessions (through SessionList::admit); the sweep and the drain reach them by posting to
// their strand.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/asio_types.hpp"
#include "core/coarse_clock.hpp"
#include "core/dispatcher.hpp"
#include "core/grants.hpp"
#include "core/http_handler.hpp"
#include "core/line_parser.hpp"
#include "core/live_config_slot.hpp"
#include "core/log_limiter.hpp"
#include "core/session_list.hpp"
#include "core/tally.hpp"

namespace jamd::core {

class HttpExchange;

/// Why a read or write that failed with `error` ends a session: the client's end of stream,
/// reset or gone (`client`), or anything else the socket reports (`error`: a timeout of the
/// kernel's, an unreachable host).
Closing ended_by(const boost::system::error_code& error);

/// What the server gives the sessions of one listener, and the acceptors that admit them.
/// Owned by the server, which outlives them.
struct SessionHost {
  const LiveConfigSlot& config;
  SessionList& list;
  Tally& tally;
  Listener listener;
  /// What answers a first line that is an HTTP request (the admin port); nullptr: such a
  /// line closes the session (the public port's guard against cross-protocol requests).
  const HttpHandler* http = nullptr;
  std::atomic<std::size_t> lingering{0};  ///< refused connections lingering (refusal.hpp)
  LogLimiter accept_log{};                ///< accept failures
  LogLimiter refusal_log{};               ///< clients refused at accept
  LogLimiter foreign_log{};               ///< clients that speak another protocol
};

/// One client. It reads only when it has nothing left to send, and answers at most
/// max_output_bytes of replies per batch: a client that does not read stops being read
/// (back-pressure), and a deep pipeline is served in turns with the other sessions. It has
/// one operation in flight at a time (a read, a wait to write, or its next turn), and
/// everything it does runs on its socket's strand.
class Session : public std::enable_shared_from_this<Session>, public SessionHook {
 public:
  using Clock = std::chrono::steady_clock;

  /// A session for the accepted `socket` of the client at `peer`, admitted under the config
  /// numbered `admitted_under`.
  Session(Socket socket, const Peer& peer, SessionHost& host, std::uint64_t admitted_under);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// The client's address. Thread-safe: it never changes.
  const Peer& peer() const { return peer_; }
  /// The strand that everything below must be called on. Thread-safe.
  Socket::executor_type executor() { return socket_.get_executor(); }
  /// True when the deadline of the session's state (idle, send or linger) has passed by
  /// `now`. Thread-safe: the sweep asks it before it posts check_deadline().
  bool due(Clock::time_point now, const Limits& limits) const;

  /// Starts serving, with the bytes the client sent before its session began (what came
  /// after a PROXY header).
  void start(std::string_view first = {});
  /// Closes the session if its deadline has passed, unless a slow client is still reading.
  void check_deadline(Clock::time_point now);
  /// Serves on until a batch of input leaves no line unanswered, then closes after its
  /// replies, reading and dropping what the client sends after them (so that a line on its
  /// way meets no reset). An idle session waits for its next line: the drain deadline, not
  /// the drain, ends one that never sends it.
  void drain();
  /// Sends the access-denied error after the replies of the current batch, then closes: a
  /// reload's address rules deny the client.
  void revoke();
  /// Closes the socket at once, for `reason` unless one was decided before; the operation in
  /// flight ends with operation_aborted.
  void close(Closing reason);

 private:
  /// Where the session is. Read by the sweep from any thread, so atomic; see state().
  enum class State : std::uint8_t {
    reading,              ///< waiting for input; the idle deadline runs
    queued,               ///< input left over from a full batch waits for its next turn
    writing,              ///< waiting for the client to take replies; the send deadline runs
    closing,              ///< writing its last replies, then closes (lingers if input waits)
    closing_then_linger,  ///< writing its last replies while the client is still sending
    lingering,            ///< write side shut: discards input until the client closes
    closed,
  };

  /// Records why the session ends, unless a reason was recorded before: the first one wins.
  void decide(Closing reason);
  /// The one accessor of state_, on the strand and in the sweep alike.
  State state() const { return state_.load(std::memory_order_relaxed); }
  void set_state(State state) { state_.store(state, std::memory_order_relaxed); }
  static std::optional<Clock::duration> timeout_of(State state, const Limits& limits);
  /// Restarts the clock of the deadlines.
  void touch(Clock::time_point now = coarse_steady_now());
  /// Logs "<what>: <peer>" as a line of `event` at debug level; costs nothing at higher levels.
  void log_debug(const log::Event<2>& event, std::string_view what) const;

  /// Waits for input; on_read() serves it.
  void read();
  void on_read(boost::system::error_code error, std::size_t n);
  /// Answers what it can of `input` under one snapshot of the config, keeps the rest for
  /// the next turn, and sends the replies.
  void serve(std::string_view input);
  /// Answers lines from the front of `input` until it is used up, the batch's replies are
  /// full or a line ends the session. Returns true when a complete line came.
  bool answer(std::string_view& input, const LiveConfig& config);
  /// Serves the input left over from the last batch.
  void resume();
  /// Drops a client that speaks another protocol: no reply, the connection just closes.
  void refuse_foreign(std::string_view line);
  /// Serves the connection as one HTTP request from its request `line` on, `rest` being the
  /// bytes after that line (the admin port).
  void start_http(std::string_view line, std::string_view& rest);
  /// Feeds `input` to the HTTP request; once it is answered the session closes.
  void serve_http(std::string_view input);

  void send();
  /// Bytes sent that the client has not taken yet, as the kernel counts them (TIOCOUTQ).
  std::uint32_t replies_in_flight();
  /// True when the client took replies from the socket since the last send() or call.
  bool client_took_replies();
  void after_send();
  /// Closes once the replies are sent: at once when the client has sent nothing more, else
  /// lingers.
  void close_or_linger();
  /// Shuts the write side and discards input until the client closes (see kLinger).
  void linger();
  void discard_input();

  Socket socket_;
  SessionHost& host_;
  Peer peer_;  // kept for the dispatcher and the log: the socket forgets it when closed
  std::atomic<State> state_{State::reading};
  std::uint64_t admitted_under_;    // the config's version
  std::optional<Closing> closing_;  // why it ends, once that is decided; counted as it goes
  bool first_line_ = true;          // a first line that is no command may be HTTP
  bool draining_ = false;           // the server is stopping: see drain()
  // Bytes sent but not yet taken by the client, when send() or the sweep last looked.
  std::uint32_t in_flight_ = 0;
  // The commands peer_ may run under the config numbered grants_version_ (0: none yet).
  // Worked out on the first batch and after a reload, so a line only looks them up.
  Grants grants_;
  std::uint64_t grants_version_ = 0;
  // Reading: since the last complete line; writing: since the last progress; lingering:
  // since it began. The sweep reads it from any thread.
  std::atomic<Clock::time_point> since_;
  LineParser parser_;
  // What Asio reads into: a few lines. A longer read continues in the thread's buffer.
  std::array<char, 128> inbox_;
  std::string out_;                     // replies not yet sent
  std::string pending_;                 // input read but not yet answered, when a batch was full
  std::unique_ptr<HttpExchange> http_;  // once the first line was an HTTP request
};

}  // namespace jamd::core
