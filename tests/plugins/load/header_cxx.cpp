// header_cxx: jamd/plugin.h and plugin.hpp with every warning an error, built as C++17
// (header_cxx17) and as C++20 (header_cxx20); its type "standard" replies the __cplusplus
// that it was built with, and takes the options "loud" and "words" to use the getters.
#include <string>

#include <jamd/plugin.h>
#include <jamd/plugin.hpp>

namespace {

class Standard final : public jamd::plugin::Command {
 public:
  explicit Standard(jamd::plugin::Options& options)
      : loud_(options.boolean("loud", false)), words_(options.integer("words", 1, 1, 3)) {}
  jamd::plugin::After run(jamd::plugin::Args, jamd::plugin::Reply& reply) const override {
    const std::string standard = std::to_string(__cplusplus);
    for (std::int64_t i = 0; i < words_; ++i) {
      if (i > 0) reply.append(" ");
      reply.append(standard);
    }
    if (loud_) reply.append("!");
    return jamd::plugin::After::keep_open;
  }

 private:
  bool loud_;
  std::int64_t words_;
};

void setup(jamd::plugin::Setup& plugin) {
  plugin.add<Standard>("standard", "", "replies the C++ standard it was built with", 0, 0);
}

}  // namespace

JAMD_CPP_PLUGIN(JAMD_HEADER_CHECK_NAME, "1.0.0", setup);
