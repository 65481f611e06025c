#include "core/acceptor.hpp"

#include <array>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include "core/replies.hpp"

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
    spdlog::warn("IPv6 is not available here: listening on IPv4 only");
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

}  // namespace

Acceptor::Acceptor(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                   SessionHost& sessions)
    : io_(io), acceptor_(Strand(io)), backoff_(acceptor_.get_executor()), sessions_(sessions) {
  listen(acceptor_, host, port);
}

void Acceptor::start() {
  boost::asio::post(acceptor_.get_executor(), [this] { accept(); });
}

void Acceptor::close() {
  boost::asio::post(acceptor_.get_executor(), [this] {
    error_code ignored;
    acceptor_.close(ignored);
    backoff_.cancel();
  });
}

void Acceptor::accept() {
  // Each client gets a strand of its own; any I/O thread may run it.
  acceptor_.async_accept(Strand(io_), peer_, [this](error_code error, Socket socket) {
    on_accept(error, std::move(socket));
  });
}

void Acceptor::on_accept(error_code error, Socket socket) {
  if (!acceptor_.is_open()) return;  // closed by close()
  if (out_of_resources(error)) {
    sessions_.accept_log.warn("accept failed: {}; pausing accepts for {} ms", error.message(),
                              kAcceptBackoff.count());
    backoff_.expires_after(kAcceptBackoff);
    backoff_.async_wait([this](error_code e) {
      if (!e) accept();
    });
    return;
  }
  if (error) {
    sessions_.accept_log.warn("accept failed: {}", error.message());
  } else {
    admit(std::move(socket));
  }
  accept();
}

void Acceptor::admit(Socket socket) {
  const auto config = sessions_.config.take();
  const Peer peer = to_peer(peer_);
  // Decided before the session list is asked, so that a denied client takes no slot. No
  // rules (the default): nothing to look at.
  if (!config->access.empty()) {
    const AddressRules::Decision decision = config->access.decide(peer);
    if (!decision.admitted) {
      sessions_.refusal_log.warn("refused {}: access denied ({})", peer.to_string(),
                                 decision.reason());
      return refuse(std::move(socket), replies::access_denied);
    }
  }
  const std::size_t limit = config->limits.max_connections;
  std::shared_ptr<Session> session;
  const auto admission = sessions_.list.admit(limit, [&] {
    session = std::make_shared<Session>(std::move(socket), peer, sessions_);
    return session;
  });
  switch (admission) {
    case SessionList::Admission::admitted:
      boost::asio::dispatch(session->executor(), [session] { session->start(); });
      return;
    case SessionList::Admission::full:
      sessions_.refusal_log.warn("refused {}: {} connections are open", peer.to_string(), limit);
      return refuse(std::move(socket), replies::too_many_connections);
    case SessionList::Admission::draining:
      return;  // the socket closes
  }
}

void Acceptor::refuse(Socket socket, void (*reply)(std::string&)) {
  // A fresh socket's send buffer has room for one line: no need to wait. What the client sent
  // already (telnet negotiates at once) is read first: closing with unread input would reset
  // the connection and could destroy the reply.
  std::string line;
  reply(line);
  error_code ignored;
  socket.non_blocking(true, ignored);
  socket.send(boost::asio::buffer(line), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  std::array<char, 512> discard;
  socket.receive(boost::asio::buffer(discard), 0, ignored);
}  // the socket closes here

}  // namespace jamd::core
