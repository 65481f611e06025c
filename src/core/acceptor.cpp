#include "core/acceptor.hpp"

#include <sys/socket.h>

#include <stdexcept>
#include <string>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "core/proxy_handshake.hpp"
#include "core/refusal.hpp"
#include "core/replies.hpp"
#include "log/log.hpp"

namespace jamd::core {
namespace {

using boost::asio::ip::tcp;
using boost::system::error_code;

// How long accepting pauses when the process is out of descriptors or memory: re-arming at
// once would spin a core, not re-arming would stop accepting forever.
constexpr auto kAcceptBackoff = std::chrono::milliseconds(200);

bool out_of_resources(const error_code& error) {
  return error == boost::asio::error::no_descriptors || error.value() == ENFILE ||
         error == boost::asio::error::no_buffer_space || error.value() == ENOMEM;
}

void listen(boost::asio::basic_socket_acceptor<tcp, Strand>& acceptor, const std::string& host,
            std::uint16_t port) {
  error_code error;
  const auto address = boost::asio::ip::make_address(host, error);
  if (error) throw std::runtime_error("bind address '" + host + "' is not an IP address");
  const tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), error);
  if (error == boost::asio::error::address_family_not_supported && host == "::") {
    log::warn(log::ipv6_unavailable, "IPv6 is not available here: listening on IPv4 only");
    return listen(acceptor, "0.0.0.0", port);
  }
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error && address.is_v6()) acceptor.set_option(boost::asio::ip::v6_only(false), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
  if (error) {
    throw std::runtime_error("cannot listen on " + to_peer(endpoint).to_string() + ": " +
                             error.message());
  }
}

/// The protocol of `descriptor`, checked to be a listening TCP socket: what passed for one by
/// mistake (a UDP socket, a socket not yet listening) would otherwise fail only at accept.
tcp protocol_of_listening(int descriptor) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  int type = 0;
  int listening = 0;
  socklen_t size = sizeof type;
  const bool tcp_listening =
      ::getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
      (address.ss_family == AF_INET || address.ss_family == AF_INET6) &&
      ::getsockopt(descriptor, SOL_SOCKET, SO_TYPE, &type, &size) == 0 && type == SOCK_STREAM &&
      ::getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 && listening;
  if (!tcp_listening) {
    throw std::runtime_error("descriptor " + std::to_string(descriptor) +
                             " is not a listening TCP socket");
  }
  return address.ss_family == AF_INET6 ? tcp::v6() : tcp::v4();
}

}  // namespace

Acceptor::Acceptor(boost::asio::io_context& io, int descriptor, SessionHost& sessions)
    : io_(io), acceptor_(Strand(io)), backoff_(acceptor_.get_executor()), sessions_(sessions) {
  error_code error;
  acceptor_.assign(protocol_of_listening(descriptor), descriptor, error);
  if (error) {
    throw std::runtime_error("cannot adopt descriptor " + std::to_string(descriptor) + ": " +
                             error.message());
  }
}

Acceptor::Acceptor(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                   SessionHost& sessions)
    : io_(io), acceptor_(Strand(io)), backoff_(acceptor_.get_executor()), sessions_(sessions) {
  listen(acceptor_, host, port);
}

void Acceptor::start() {
  boost::asio::post(acceptor_.get_executor(), [this] { accept(); });
}

void Acceptor::close(std::function<void()> closed) {
  boost::asio::post(acceptor_.get_executor(), [this, closed = std::move(closed)] {
    admit_queue();
    error_code ignored;
    acceptor_.close(ignored);
    if (backoff_.cancel() > 0) end_pause();
    if (closed) closed();
  });
}

void Acceptor::admit_queue() {
  error_code error;
  acceptor_.non_blocking(true, error);
  // Bounded by the longest queue the kernel keeps; out of descriptors, it ends sooner.
  for (int i = 0; i < boost::asio::socket_base::max_listen_connections && !error; ++i) {
    Socket socket{Strand(io_)};
    tcp::endpoint endpoint;
    acceptor_.accept(socket, endpoint, error);
    if (!error) admit(std::move(socket), endpoint);
  }
}

void Acceptor::accept() {
  // Each client gets a strand of its own; any I/O thread may run it.
  acceptor_.async_accept(Strand(io_), peer_, [this](error_code error, Socket socket) {
    on_accept(error, std::move(socket));
  });
}

void Acceptor::on_accept(error_code error, Socket socket) {
  if (!error) admit(std::move(socket), peer_);  // even if close() came since: it connected before
  if (!acceptor_.is_open()) return;             // closed by close()
  if (out_of_resources(error)) {
    sessions_.accept_log.warn(log::accept_paused, "accept failed: {}; pausing accepts for {} ms",
                              error.message(), kAcceptBackoff.count());
    return pause();
  }
  if (error) sessions_.accept_log.warn(log::accept_failed, "accept failed: {}", error.message());
  accept();
}

void Acceptor::pause() {
  paused_at_ = std::chrono::steady_clock::now();
  backoff_.expires_after(kAcceptBackoff);
  backoff_.async_wait([this](error_code e) {
    if (e) return;  // cancelled by close(), which counted the pause
    end_pause();
    accept();
  });
}

void Acceptor::end_pause() {
  const auto paused = std::chrono::steady_clock::now() - paused_at_;
  Tally::add(sessions_.tally.accept_paused_ns,
             static_cast<std::uint64_t>(
                 std::chrono::duration_cast<std::chrono::nanoseconds>(paused).count()));
}

void Acceptor::admit(Socket socket, const tcp::endpoint& endpoint) {
  const Peer peer = to_peer(endpoint);
  double timeout_s = 0;
  {
    const auto config = sessions_.config.take();
    // The PROXY protocol is the public port's: an operator connects to the admin port itself.
    if (sessions_.listener == Listener::admin || !config->proxy.trusts(peer))
      return admit(std::move(socket), peer, {});
    timeout_s = config->proxy.timeout_s;
  }
  read_proxy_header(std::move(socket), peer, timeout_s, sessions_,
                    [this](Socket proxied, const Peer& client, std::string_view first) {
                      admit(std::move(proxied), client, first);
                    });
}

void Acceptor::admit(Socket socket, const Peer& peer, std::string_view first) {
  const auto config = sessions_.config.take();
  // Decided before the session list is asked, so that a denied client takes no slot. No
  // rules (the default): nothing to look at.
  if (!config->access.empty()) {
    const AddressRules::Decision decision = config->access.decide(peer);
    if (!decision.admitted) {
      sessions_.refusal_log.warn(log::refused_access_denied, "refused {}: access denied ({})",
                                 peer.to_string(), decision.reason());
      return refuse(std::move(socket), Refusal::access_denied, replies::access_denied);
    }
  }
  const Limits limits = config->limits_for(sessions_.listener);
  std::shared_ptr<Session> session;
  const auto admission = sessions_.list.admit(peer, limits, [&] {
    session = std::make_shared<Session>(std::move(socket), peer, sessions_, config.version());
    return session;
  });
  switch (admission) {
    case SessionList::Admission::admitted:
      Tally::add(sessions_.tally.accepted);
      boost::asio::dispatch(session->executor(),
                            [session, first = std::string(first)] { session->start(first); });
      return;
    case SessionList::Admission::full:
      sessions_.refusal_log.warn(log::refused_max_connections,
                                 "refused {}: {} connections are open{}", peer.to_string(),
                                 limits.max_connections,
                                 sessions_.listener == Listener::admin ? " on the admin port" : "");
      return refuse(std::move(socket), Refusal::max_connections, replies::too_many_connections);
    case SessionList::Admission::per_client_limit:
      sessions_.refusal_log.warn(
          log::refused_per_client_limit,
          "refused {}: its address has {} sessions open (limits.max_connections_per_client)",
          peer.to_string(), limits.max_connections_per_client);
      return refuse(std::move(socket), Refusal::per_client_limit, replies::too_many_from_client);
    case SessionList::Admission::per_client_rate:
      sessions_.refusal_log.warn(log::refused_per_client_rate,
                                 "refused {}: its address opens more than {} connections a "
                                 "second (limits.new_connections_per_client_per_s)",
                                 peer.to_string(), limits.new_connections_per_client_per_s);
      return refuse(std::move(socket), Refusal::per_client_rate, replies::too_fast_from_client);
  }
}

void Acceptor::refuse(Socket socket, Refusal reason, void (*reply)(std::string&)) {
  sessions_.tally.refuse(reason);
  std::string line;
  reply(line);
  core::refuse(std::move(socket), line, sessions_.lingering);
}

}  // namespace jamd::core
