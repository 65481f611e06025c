// thread-models: the jamd protocol served the minimum way over one of four thread models, to
// measure the choice (docs/thread-models.md). Every model runs the same connection code; only
// the executor a socket is bound to differs:
//   per-thread       N io_contexts, one thread each, sockets dealt round-robin (jamd's model)
//   shared-strand    one io_context run by N threads, a strand per connection (Asio's server3)
//   shared-nostrand  one io_context run by N threads, no strand: safe only because a
//                    connection has exactly one operation in flight at any time
//   shared-shards    one io_context run by N threads, N strands, connections dealt to them
//                    round-robin: per-thread's partition without fixing a shard to a thread

#include <time.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

namespace {

using boost::asio::ip::tcp;
using boost::system::error_code;

enum class Model { per_thread, shared_strand, shared_nostrand, shared_shards };

struct NamedModel {
  std::string_view name;
  Model model;
};
constexpr NamedModel kModels[] = {{"per-thread", Model::per_thread},
                                  {"shared-strand", Model::shared_strand},
                                  {"shared-nostrand", Model::shared_nostrand},
                                  {"shared-shards", Model::shared_shards}};

constexpr std::size_t kMaxLine = 1024;

// Scratch space for reads, one per thread as in jamd: idle connections hold no buffer.
thread_local std::array<char, 16 * 1024> t_read_buffer;

/// "JAM hh:mm:ss\r\n" in local time, formatted once a second per thread, as jamd does.
std::string_view time_reply() {
  struct Cached {
    time_t second = -1;
    char text[24] = {};
    std::size_t length = 0;
  };
  thread_local Cached cached;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME_COARSE, &now);
  if (now.tv_sec != cached.second) {
    std::tm tm{};
    localtime_r(&now.tv_sec, &tm);
    const int n = std::snprintf(cached.text, sizeof cached.text, "JAM %02d:%02d:%02d\r\n",
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached.second = now.tv_sec;
    cached.length = static_cast<std::size_t>(n);
  }
  return {cached.text, cached.length};
}

/// One client: wait for readability, read what is there, answer every line, write.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : socket_(std::move(socket)) {}

  boost::asio::any_io_executor executor() { return socket_.get_executor(); }

  void start() {
    error_code ignored;
    socket_.non_blocking(true, ignored);
    socket_.set_option(tcp::no_delay(true), ignored);
    wait_readable();
  }

 private:
  void wait_readable() {
    // The handler runs on the socket's executor: an io_context's, or a strand.
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code error) {
      if (!error) self->on_readable();
    });
  }

  void on_readable() {
    error_code error;
    const std::size_t n = socket_.read_some(boost::asio::buffer(t_read_buffer), error);
    if (error == boost::asio::error::would_block) return wait_readable();
    if (error) return;  // end of stream or reset: the last handle goes, the socket closes
    if (!serve(std::string_view(t_read_buffer.data(), n))) return;
    send();
  }

  /// Appends a reply for every complete line; keeps a partial one. False: line too long.
  bool serve(std::string_view input) {
    while (!input.empty()) {
      const auto end = input.find('\n');
      if (end == std::string_view::npos) {
        partial_.append(input);
        return partial_.size() <= kMaxLine;
      }
      std::string_view line = input.substr(0, end);
      input.remove_prefix(end + 1);
      if (!partial_.empty()) line = partial_.append(line);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line == "TIME") {
        out_.append(time_reply());
      } else {
        out_.append("ERR unknown command\r\n");
      }
      partial_.clear();
    }
    return true;
  }

  void send() {
    // Most replies fit the socket buffer: write at once, fall back to async_write for the rest.
    error_code error;
    const std::size_t n = socket_.write_some(boost::asio::buffer(out_), error);
    if (error && error != boost::asio::error::would_block) return;
    out_.erase(0, n);
    if (out_.empty()) return wait_readable();
    boost::asio::async_write(socket_, boost::asio::buffer(out_),
                             [self = shared_from_this()](error_code e, std::size_t) {
                               if (e) return;
                               self->out_.clear();
                               self->wait_readable();
                             });
  }

  tcp::socket socket_;
  std::string partial_;
  std::string out_;
};

struct Options {
  Model model = Model::per_thread;
  unsigned threads = 1;
  unsigned short port = 23100;
};

[[noreturn]] void usage(int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "usage: thread-models [--model per-thread|shared-strand|shared-nostrand|\n"
               "                                      shared-shards] [--threads N] [--port P]\n");
  std::exit(status);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help") usage(0);
    if (i + 1 >= argc) usage(2);
    const std::string_view value = argv[++i];
    if (flag == "--model") {
      const auto* found = std::find_if(std::begin(kModels), std::end(kModels),
                                       [&](const auto& model) { return model.name == value; });
      if (found == std::end(kModels)) usage(2);
      o.model = found->model;
    } else if (flag == "--threads") {
      o.threads = static_cast<unsigned>(std::max(1, std::atoi(value.data())));
    } else if (flag == "--port") {
      o.port = static_cast<unsigned short>(std::atoi(value.data()));
    } else {
      usage(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const bool per_thread = o.model == Model::per_thread;
  // jamd's workers use a concurrency hint of 1; a shared io_context is told its thread count.
  std::deque<boost::asio::io_context> ios;
  for (unsigned i = 0; i < (per_thread ? o.threads : 1); ++i) {
    ios.emplace_back(per_thread ? 1 : static_cast<int>(o.threads));
  }
  // Without work, the run() of an io_context that has no socket yet would return at once.
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards;
  for (auto& io : ios) guards.push_back(boost::asio::make_work_guard(io));
  auto& home = ios.front();  // the acceptor and the signals live here
  tcp::acceptor acceptor(home, tcp::endpoint(tcp::v4(), o.port));
  std::size_t next = 0;
  std::vector<boost::asio::strand<boost::asio::io_context::executor_type>> shards;
  for (unsigned i = 0; i < o.threads; ++i) shards.push_back(boost::asio::make_strand(home));

  // The executor a new connection is bound to: this is the whole difference between models.
  const auto executor_for_next = [&]() -> boost::asio::any_io_executor {
    if (o.model == Model::shared_strand) return boost::asio::make_strand(home);
    if (o.model == Model::shared_shards) return shards[next++ % shards.size()];
    return ios[next++ % ios.size()].get_executor();
  };
  std::function<void()> accept = [&] {
    acceptor.async_accept(executor_for_next(), [&](error_code error, tcp::socket socket) {
      if (error == boost::asio::error::operation_aborted) return;
      // Other accept errors are re-armed at once: fine for an experiment, not for jamd (trap 6).
      if (!error) {
        auto connection = std::make_shared<Connection>(std::move(socket));
        // Start on the connection's own executor (its thread, or its strand).
        boost::asio::post(connection->executor(), [connection] { connection->start(); });
      }
      accept();
    });
  };
  accept();

  boost::asio::signal_set signals(home, SIGINT, SIGTERM);
  signals.async_wait([&](error_code, int) {
    for (auto& io : ios) io.stop();
  });

  const auto* named = std::find_if(std::begin(kModels), std::end(kModels),
                                   [&](const auto& model) { return model.model == o.model; });
  std::fprintf(stderr, "thread-models: port %u, %u thread(s), model %s\n",
               acceptor.local_endpoint().port(), o.threads, named->name.data());
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < o.threads; ++i) {
    auto& io = ios[per_thread ? i : 0];
    threads.emplace_back([&io] { io.run(); });
  }
  for (auto& t : threads) t.join();
  return 0;
}
