#include "core/session.hpp"

#include <sys/ioctl.h>

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "core/coarse_clock.hpp"
#include "core/http_probe.hpp"
#include "core/replies.hpp"
#include "core/text.hpp"

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

}  // namespace

std::string to_string(const tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {  // a v4 client of a dual-stack socket
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  }
  return (address.is_v6() ? "[" + address.to_string() + "]" : address.to_string()) + ":" +
         std::to_string(endpoint.port());
}

Session::Session(Socket socket, const tcp::endpoint& peer, Hub& hub)
    : socket_(std::move(socket)), peer_(peer), hub_(hub), since_(coarse_steady_now()) {}

Session::~Session() {
  hub_.remove(*this);
  log_debug("session closed");
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
      return seconds(limits.idle_timeout_s);
    case State::writing:
      return seconds(limits.send_timeout_s);
    case State::lingering:
      return kLinger;
    case State::closed:
      break;
  }
  return std::nullopt;
}

bool Session::due(Clock::time_point now, const Limits& limits) const {
  const auto timeout = timeout_of(state_.load(std::memory_order_relaxed), limits);
  return timeout && now - since_.load(std::memory_order_relaxed) >= *timeout;
}

void Session::log_debug(std::string_view event) const {
  if (spdlog::should_log(spdlog::level::debug)) spdlog::debug("{}: {}", event, to_string(peer_));
}

void Session::start() {
  error_code ignored;
  socket_.non_blocking(true, ignored);
  socket_.set_option(tcp::no_delay(true), ignored);  // replies are batched by the session
  log_debug("session opened");
  read();
}

void Session::read() {
  socket_.async_read_some(
      boost::asio::buffer(inbox_),
      [self = shared_from_this()](error_code error, std::size_t n) { self->on_read(error, n); });
}

void Session::on_read(error_code error, std::size_t n) {
  if (error) return close();  // end of stream, reset, or closed already: nothing left to send
  if (state_ == State::closed) return;  // closed after the bytes came
  if (state_ == State::lingering) return discard_input();
  // The inbox holds a few lines; a longer batch continues in the thread's buffer.
  auto& buffer = Hub::read_buffer();
  std::copy_n(inbox_.begin(), n, buffer.begin());
  if (n == inbox_.size()) {
    const auto more = boost::asio::buffer(buffer.data() + n, buffer.size() - n);
    n += socket_.read_some(more, error);
    if (error && error != boost::asio::error::would_block) return close();
  }
  serve(std::string_view(buffer.data(), n));
}

void Session::serve(std::string_view input) {
  process(input);
  if (state_ == State::closed) return;
  if (!close_after_send_) {
    pending_.assign(input);
  } else if (!input.empty()) {
    // More than the "\n" of QUIT's "\r\n" came after it: the client may still be sending.
    const auto status = parser_.next(input, hub_.runtime().limits.max_line_bytes);
    more_input_ = status != LineParser::Status::need_more || parser_.in_line();
  }
  send();
}

void Session::process(std::string_view& input) {
  const Runtime& runtime = hub_.runtime();
  bool complete_line = false;
  while (!close_after_send_ && out_.size() < runtime.limits.max_output_bytes) {
    const auto status = parser_.next(input, runtime.limits.max_line_bytes);
    if (status == LineParser::Status::need_more) break;
    if (status == LineParser::Status::too_long) {
      replies::line_too_long(out_);
      close_after_send_ = true;
      more_input_ = true;  // the rest of the line is likely on its way
      break;
    }
    complete_line = true;
    if (std::exchange(first_line_, false) && looks_like_http(parser_.line()) &&
        !runtime.dispatcher->knows(parser_.line())) {
      return refuse_foreign(parser_.line());
    }
    close_after_send_ = runtime.dispatcher->dispatch(parser_.line(), out_) == After::close;
  }
  if (complete_line) touch();
}

void Session::refuse_foreign(std::string_view line) {
  hub_.foreign_log().warn("closed {}: it speaks HTTP, not jamd (\"{}\")", to_string(peer_),
                          sanitize(line));
  close();
}

void Session::resume() {
  if (state_ != State::reading) return;  // closed while waiting for its turn
  const std::string input = std::exchange(pending_, {});
  serve(input);
}

void Session::send() {
  if (!out_.empty()) {
    // Most replies fit the socket buffer: try at once, and wait only for what is left.
    error_code error;
    const std::size_t n = socket_.write_some(boost::asio::buffer(out_), error);
    if (error && error != boost::asio::error::would_block) return close();
    out_.erase(0, n);
    if (n > 0 || state_ != State::writing) touch();  // restarts the send timer
  }
  if (out_.empty()) return after_send();
  state_.store(State::writing, std::memory_order_relaxed);
  client_read_some();  // notes the bytes in flight
  socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](error_code error) {
    if (!error) self->send();
  });
}

bool Session::client_read_some() {
  // The kernel wakes a writer only when half its send buffer is free: with a big buffer and
  // a slow reader, the writes stall long after the reads. Bytes in flight do not.
  int in_flight = 0;
  if (::ioctl(socket_.native_handle(), TIOCOUTQ, &in_flight) != 0) return true;
  const auto now = static_cast<std::uint32_t>(in_flight);
  return std::exchange(in_flight_, now) > now;
}

void Session::after_send() {
  // A deep pipeline leaves a large buffer behind: give it back, so idle sessions stay small.
  if (out_.capacity() > kKeptOutputCapacity) std::string().swap(out_);
  if (close_after_send_) return linger();
  state_.store(State::reading, std::memory_order_relaxed);
  if (pending_.empty()) return read();
  // The rest of a full batch waits its turn behind the other sessions.
  boost::asio::post(socket_.get_executor(), [self = shared_from_this()] { self->resume(); });
}

void Session::linger() {
  // A client that has sent nothing past its last line gets an orderly close at once, as
  // nginx does; only one that may still be sending is waited for.
  int unread = 0;
  if (!more_input_ && ::ioctl(socket_.native_handle(), FIONREAD, &unread) == 0 && unread == 0) {
    return close();
  }
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  state_.store(State::lingering, std::memory_order_relaxed);
  touch();
  read();
}

void Session::discard_input() {
  auto& buffer = Hub::read_buffer();
  error_code error;
  for (int i = 0; i < kLingerReads && !error; ++i)
    socket_.read_some(boost::asio::buffer(buffer), error);
  if (!error || error == boost::asio::error::would_block) return read();
  close();  // the client closed
}

void Session::check_deadline(Clock::time_point now) {
  if (!due(now, hub_.runtime().limits)) return;
  if (state_ == State::reading) {
    log_debug("session idle: closing");
  } else if (state_ == State::writing) {
    if (client_read_some()) return touch(now);  // slow, but reading: the timer starts again
    log_debug("client reads no replies: closing");
  }
  close();
}

void Session::drain() {
  if (state_ == State::writing) {
    close_after_send_ = true;
  } else if (state_ == State::reading) {
    close();
  }
}

void Session::close() {
  if (state_ == State::closed) return;
  state_.store(State::closed, std::memory_order_relaxed);
  error_code ignored;
  socket_.close(ignored);  // its pending operation ends with operation_aborted, and frees it
}

}  // namespace jamd::core
