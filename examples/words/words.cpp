// words: commands that take words, a jamd plugin in C++ through jamd/plugin.hpp.
//
//   "plugins":  [ { "path": "words" } ],
//   "commands": [ { "name": "ECHO", "type": "words.echo", "upper": true },
//                 { "name": "REVERSE", "type": "words.reverse" } ]
//
//   ECHO hello world     ->  HELLO WORLD
//   REVERSE hello world  ->  world hello

#include <string>

#include <jamd/plugin.hpp>

namespace {

using jamd::plugin::After;
using jamd::plugin::Args;
using jamd::plugin::Options;
using jamd::plugin::Reply;

/// Its words again, joined by one space; in capitals with "upper": true.
class Echo final : public jamd::plugin::Command {
 public:
  explicit Echo(Options& options) : upper_(options.boolean("upper", false)) {}

  After run(Args args, Reply& reply) const override {
    std::string text;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0) text += ' ';
      text += args[i];
    }
    if (upper_) {
      for (char& c : text) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
    }
    reply.append(text);
    return After::keep_open;
  }

 private:
  bool upper_;
};

/// Its words in the opposite order.
class Reverse final : public jamd::plugin::Command {
 public:
  explicit Reverse(Options&) {}

  After run(Args args, Reply& reply) const override {
    for (std::size_t i = args.size(); i-- > 0;) {
      reply.append(args[i]);
      if (i > 0) reply.append(" ");
    }
    return After::keep_open;
  }
};

void setup(jamd::plugin::Setup& plugin) {
  plugin.add<Echo>("echo", "word...", "replies with its words", 1, JAMD_MAX_ARGS);
  plugin.add<Reverse>("reverse", "word...", "replies with its words in reverse order", 1,
                      JAMD_MAX_ARGS);
}

}  // namespace

JAMD_CPP_PLUGIN("words", "1.0.0", setup);
