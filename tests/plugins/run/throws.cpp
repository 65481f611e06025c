// throws: a fixture plugin in C++, through jamd/plugin.hpp, whose code throws where plugin.hpp
// must catch: in run (the client gets ERR internal error, the log names the exception) and in
// a constructor (the start or reload fails with the exception's text).

#include <stdexcept>

#include <jamd/plugin.hpp>

namespace {

using jamd::plugin::After;
using jamd::plugin::Args;
using jamd::plugin::Options;
using jamd::plugin::Reply;

/// Throws from run, after half a reply that jamd must discard.
class Boom final : public jamd::plugin::Command {
 public:
  explicit Boom(Options&) {}

  After run(Args, Reply& reply) const override {
    reply.append("half a reply");
    throw std::runtime_error("boom");
  }
};

/// Cannot be made.
class Fragile final : public jamd::plugin::Command {
 public:
  explicit Fragile(Options&) { throw std::runtime_error("fragile refuses to be made"); }

  After run(Args, Reply&) const override { return After::keep_open; }
};

void setup(jamd::plugin::Setup& plugin) {
  plugin.add<Boom>("boom", "", "throws std::runtime_error(\"boom\")", 0, 0);
  plugin.add<Fragile>("fragile", "", "its constructor throws", 0, 0);
}

}  // namespace

JAMD_CPP_PLUGIN("throws", "1.0.0", setup);
