#include "core/session.hpp"

#include <sys/ioctl.h>

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>

#include "core/http_exchange.hpp"
#include "core/http_probe.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"
#include "core/thread_counters.hpp"

namespace jamd::core {
namespace {

using boost::asio::ip::tcp;
using boost::system::error_code;

// After its last reply a session stops sending and reads until the client closes, for at
// most this long: closing with unread input would send a reset that can destroy replies the
// client has not read yet (the "lingering close" of Apache and nginx).
constexpr auto kLinger = std::chrono::seconds(2);

// Bytes of reply buffer a session keeps between batches.
constexpr std::size_t kKeptOutputCapacity = 2048;

// Reads per wake-up while lingering, so that a flood cannot hold the thread.
constexpr int kLingerReads = 4;

/// Where a read longer than a session's inbox goes on: one buffer per thread, for the
/// sessions it runs in turn. A batch is answered before the handler returns.
std::array<char, 16 * 1024>& scratch() {
  thread_local std::array<char, 16 * 1024> buffer;
  return buffer;
}

}  // namespace

Closing ended_by(const error_code& error) {
  const bool client = error == boost::asio::error::eof ||
                      error == boost::asio::error::connection_reset ||
                      error == boost::asio::error::broken_pipe ||
                      error == boost::asio::error::operation_aborted;  // closed by jamd already
  return client ? Closing::client : Closing::error;
}

Session::Session(Socket socket, const Peer& peer, SessionHost& host, std::uint64_t admitted_under)
    : socket_(std::move(socket)),
      host_(host),
      peer_(peer),
      admitted_under_(admitted_under),
      since_(coarse_steady_now()) {}

Session::~Session() {
  host_.tally.close(closing_.value_or(Closing::shutdown));  // never closed: the server stopped
  host_.list.remove(*this);
  log_debug(log::session_close, "session closed");
}

void Session::touch(Clock::time_point now) {
  since_.store(now, std::memory_order_relaxed);
}

std::optional<Session::Clock::duration> Session::timeout_of(State state, const Limits& limits) {
  const auto seconds = [](double s) -> std::optional<Clock::duration> {
    if (s <= 0) return std::nullopt;  // switched off
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  switch (state) {
    case State::reading:
    case State::queued:
      return seconds(limits.idle_timeout_s);
    case State::writing:
    case State::closing:
    case State::closing_then_linger:
      return seconds(limits.send_timeout_s);
    case State::lingering:
      return kLinger;
    case State::closed:
      break;
  }
  return std::nullopt;
}

bool Session::due(Clock::time_point now, const Limits& limits) const {
  const auto timeout = timeout_of(state(), limits);
  return timeout && now - since_.load(std::memory_order_relaxed) >= *timeout;
}

void Session::log_debug(const log::Event<2>& event, std::string_view what) const {
  if (log::enabled(log::Level::debug)) log::debug(event, "{}: {}", what, peer_.to_string());
}

void Session::start(std::string_view first) {
  error_code ignored;
  // Every handler below reads and writes with synchronous calls (read_some, write_some): on
  // a non-blocking socket they return would_block instead of waiting, so none blocks a thread.
  socket_.non_blocking(true, ignored);
  socket_.set_option(tcp::no_delay(true), ignored);  // replies are batched by the session
  log_debug(log::session_open, "session opened");
  bool revoked = false;
  {
    // A reload that came between the admission and now did not see this session: its rules
    // are decided here instead.
    const auto config = host_.config.take();
    revoked = config.version() != admitted_under_ && !config->access.decide(peer_).admitted;
  }
  if (revoked) {
    set_state(State::queued);  // nothing in flight yet, as for a session waiting its turn
    return revoke();
  }
  draining_ = host_.list.draining();  // admitted by a stop's last accepts
  if (first.empty()) return read();
  // Served as input left over from a batch is: in its own turn.
  pending_.assign(first);
  set_state(State::queued);
  resume();
}

void Session::read() {
  socket_.async_read_some(
      boost::asio::buffer(inbox_),
      [self = shared_from_this()](error_code error, std::size_t n) { self->on_read(error, n); });
}

void Session::on_read(error_code error, std::size_t n) {
  // Only revoke() makes a reading session closing: it cancelled this read to send its error.
  if (state() == State::closing) return send();
  if (error) return close(ended_by(error));  // end of stream, reset, or closed already
  if (state() == State::closed) return;      // closed after the bytes came
  if (state() == State::lingering) return discard_input();
  // The inbox holds a few lines; a longer batch continues in the thread's buffer.
  auto& buffer = scratch();
  std::copy_n(inbox_.begin(), n, buffer.begin());
  if (n == inbox_.size()) {
    n += socket_.read_some(boost::asio::buffer(buffer.data() + n, buffer.size() - n), error);
    if (error && error != boost::asio::error::would_block) return close(ended_by(error));
  }
  ThreadCounters::add(thread_counters().received_bytes, n);
  serve(std::string_view(buffer.data(), n));
}

void Session::serve(std::string_view input) {
  if (http_) {
    serve_http(input);
    return send();
  }
  {
    const auto config = host_.config.take();
    if (config.version() != grants_version_) {  // the first batch, or the first after a reload
      config->dispatcher_for(host_.listener).grant(peer_, grants_);
      grants_version_ = config.version();
    }
    // A complete line restarts the idle deadline; a first reply to send, the send deadline.
    if (answer(input, *config) || !out_.empty()) touch();
  }
  if (state() == State::closed) return;  // refused as another protocol
  if (state() == State::reading) {
    pending_.assign(input);  // what a full batch left over
    if (draining_ && pending_.empty() && !parser_.in_line()) {
      decide(Closing::shutdown);
      set_state(State::closing_then_linger);
    }
  }
  send();
}

bool Session::answer(std::string_view& input, const LiveConfig& config) {
  const Context context{peer_, host_.listener, grants_};
  const Dispatcher& dispatcher = config.dispatcher_for(host_.listener);
  const std::size_t max_line_bytes = config.max_line_bytes_for(host_.listener);
  bool complete_line = false;
  while (out_.size() < config.limits.max_output_bytes) {
    const auto status = parser_.next(input, max_line_bytes);
    if (status == LineParser::Status::need_more) break;
    if (status == LineParser::Status::too_long) {
      replies::line_too_long(out_);
      decide(Closing::line_too_long);
      set_state(State::closing_then_linger);  // the rest of the line is likely on its way
      break;
    }
    complete_line = true;
    const std::string_view line = parser_.line();
    const Outcome outcome = dispatcher.dispatch(context, line, out_);
    if (outcome.kind == Outcome::Kind::not_a_command) {
      // Checked only once no command matched, so that a configured name always wins.
      if (first_line_ && looks_like_http(line)) {
        if (host_.http != nullptr && is_http_request_line(line)) {
          start_http(line, input);
        } else {
          refuse_foreign(line);
        }
        break;
      }
      dispatcher.answered_unknown();
      replies::not_a_command(out_, line, outcome.command);
    }
    first_line_ = false;
    // A withheld reply closes as QUIT does; here is where the two can be told apart.
    if (outcome.ends_session()) {
      decide(outcome.kind == Outcome::Kind::withheld ? Closing::clock_refused : Closing::quit);
      set_state(parser_.nothing_after_line(input) ? State::closing : State::closing_then_linger);
      break;
    }
  }
  return complete_line;
}

void Session::refuse_foreign(std::string_view line) {
  host_.foreign_log.warn(log::foreign_protocol, "closed {}: it speaks HTTP, not jamd (\"{}\")",
                         peer_.to_string(), sanitize(line));
  close(Closing::http_probe);
}

void Session::start_http(std::string_view line, std::string_view& rest) {
  http_ = std::make_unique<HttpExchange>(*host_.http);
  // The line parser took the request line apart from its end: Beast reads it whole again.
  std::string request(line);
  request.append("\r\n").append(parser_.after_terminator(rest));
  rest = {};
  serve_http(request);
}

void Session::serve_http(std::string_view input) {
  // Only the answer restarts the deadlines: a header trickling in is idle, as a line is.
  if (http_->feed(input, out_) == HttpExchange::Status::need_more) return;
  // Connection: close, as QUIT closes: after the reply.
  decide(Closing::quit);
  set_state(State::closing);
  touch();
}

void Session::resume() {
  if (state() != State::queued) return;  // closed while waiting for its turn
  set_state(State::reading);
  const std::string input = std::exchange(pending_, {});
  serve(input);
}

void Session::send() {
  if (!out_.empty()) {
    // Most replies fit the socket buffer: try at once, and wait only for what is left.
    error_code error;
    const std::size_t n = socket_.write_some(boost::asio::buffer(out_), error);
    if (error && error != boost::asio::error::would_block) return close(ended_by(error));
    ThreadCounters::add(thread_counters().sent_bytes, n);
    out_.erase(0, n);
    if (n > 0) touch();  // progress restarts the send deadline
  }
  if (out_.empty()) return after_send();
  if (state() == State::reading) set_state(State::writing);  // a closing session stays closing
  ThreadCounters::add(thread_counters().held_back);
  in_flight_ = replies_in_flight();
  socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](error_code error) {
    if (!error) self->send();
  });
}

std::uint32_t Session::replies_in_flight() {
  int in_flight = 0;
  if (::ioctl(socket_.native_handle(), TIOCOUTQ, &in_flight) != 0) return 0;
  return static_cast<std::uint32_t>(in_flight);
}

bool Session::client_took_replies() {
  // The kernel wakes a writer only when half its send buffer is free: with a big buffer and
  // a slow reader, the writes stall long after the reads. Bytes in flight do not.
  const std::uint32_t now = replies_in_flight();
  return std::exchange(in_flight_, now) > now;
}

void Session::after_send() {
  // A deep pipeline leaves a large buffer behind: give it back, so idle sessions stay small.
  if (out_.capacity() > kKeptOutputCapacity) std::string().swap(out_);
  switch (state()) {
    case State::closing:
      return close_or_linger();
    case State::closing_then_linger:
      return linger();
    default:
      break;
  }
  if (pending_.empty()) {
    set_state(State::reading);
    return read();
  }
  // The rest of a full batch waits its turn behind the other sessions.
  set_state(State::queued);
  boost::asio::post(socket_.get_executor(), [self = shared_from_this()] { self->resume(); });
}

void Session::close_or_linger() {
  // A client that has sent nothing past its last line gets an orderly close at once, as
  // nginx does; only one that may still be sending is waited for.
  int unread = 0;
  if (::ioctl(socket_.native_handle(), FIONREAD, &unread) == 0 && unread == 0) {
    return close(Closing::quit);  // the reason was decided when it began closing
  }
  linger();
}

void Session::linger() {
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  set_state(State::lingering);
  touch();
  read();
}

void Session::discard_input() {
  auto& buffer = scratch();
  error_code error;
  for (int i = 0; i < kLingerReads && !error; ++i) {
    socket_.read_some(boost::asio::buffer(buffer), error);
  }
  if (!error || error == boost::asio::error::would_block) return read();
  close(Closing::client);  // the client closed; the reason was decided when it began closing
}

void Session::check_deadline(Clock::time_point now) {
  {
    const auto config = host_.config.take();
    if (!due(now, config->limits)) return;
  }
  switch (state()) {
    case State::reading:
    case State::queued:
      log_debug(log::session_idle, "session idle: closing");
      return close(Closing::idle_timeout);
    case State::writing:
    case State::closing:
    case State::closing_then_linger:
      if (client_took_replies()) return touch(now);  // slow, but reading: the timer restarts
      log_debug(log::session_stalled, "client reads no replies: closing");
      return close(Closing::send_timeout);
    case State::lingering:
    case State::closed:
      break;
  }
  close(Closing::client);  // lingered long enough; the reason was decided when it began
}

void Session::drain() {
  // Closing it now, between two of its lines, would lose the next one if it is on its way:
  // serve() closes it after that line.
  draining_ = true;
}

void Session::revoke() {
  const State was = state();
  switch (was) {
    case State::reading:
    case State::queued:
    case State::writing:
      break;
    default:
      return;  // closing already
  }
  pending_.clear();
  replies::access_denied(out_);
  decide(Closing::access_revoked);
  set_state(State::closing);
  log_debug(log::session_revoked, "access revoked: closing");
  error_code ignored;
  switch (was) {
    case State::reading:
      return static_cast<void>(socket_.cancel(ignored));  // on_read() sends
    case State::queued:
      return send();  // the turn it waits for finds it closing, and does nothing
    default:
      return;  // the wait for the client to read sends it after the replies before it
  }
}

void Session::decide(Closing reason) {
  if (!closing_) closing_ = reason;
}

void Session::close(Closing reason) {
  if (state() == State::closed) return;
  decide(reason);
  set_state(State::closed);
  error_code ignored;
  socket_.close(ignored);  // its pending operation ends with operation_aborted, and frees it
}

}  // namespace jamd::core
