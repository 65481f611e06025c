#include "plugins/plugin_file.hpp"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace jamd::plugins {
namespace {

constexpr std::string_view kRebuild = ": rebuild it against this jamd's jamd/plugin.h";

/// dlerror()'s text without the path it often starts with, which the caller names anyway.
std::string dl_problem(const std::string& path) {
  const char* text = dlerror();
  std::string problem = text != nullptr ? text : "unknown error";
  if (problem.starts_with(path + ": ")) problem.erase(0, path.size() + 2);
  return problem;
}

/// Checks the descriptor's fields in the order in which each one makes the next readable.
void check_descriptor(const jamd_plugin_v1& d) {
  if (d.magic != JAMD_PLUGIN_MAGIC) {
    throw PluginError(fmt::format(
        "not a jamd plugin: its descriptor starts with {:#010x}, where plugin.h puts {:#010x}",
        d.magic, JAMD_PLUGIN_MAGIC));
  }
  if (d.abi_major != JAMD_PLUGIN_ABI_MAJOR || d.abi_minor > JAMD_PLUGIN_ABI_MINOR) {
    // Of the same major, a later jamd would load it as it is: say so too.
    const bool newer_minor = d.abi_major == JAMD_PLUGIN_ABI_MAJOR;
    throw PluginError(fmt::format("built for plugin ABI {}.{}, this jamd loads {}.0 to {}.{}{}{}",
                                  d.abi_major, d.abi_minor, JAMD_PLUGIN_ABI_MAJOR,
                                  JAMD_PLUGIN_ABI_MAJOR, JAMD_PLUGIN_ABI_MINOR,
                                  newer_minor ? ": use a jamd that loads it, or" : "",
                                  newer_minor ? kRebuild.substr(1) : kRebuild));
  }
  // Every minor of this major so far has the descriptor of 1.0.
  if (d.struct_size != sizeof(jamd_plugin_v1)) {
    throw PluginError(fmt::format("its descriptor is {} bytes, but plugin ABI {}.{} makes it {}{}",
                                  d.struct_size, d.abi_major, d.abi_minor, sizeof(jamd_plugin_v1),
                                  kRebuild));
  }
  if (d.name == nullptr || !is_plugin_name(d.name)) {
    throw PluginError(fmt::format(
        "its name '{}' is not a plugin name: a lowercase letter, then up to 31 lowercase "
        "letters, digits or '_'",
        d.name == nullptr ? "" : d.name));
  }
  if (d.version == nullptr) throw PluginError("its descriptor has no version");
  if (d.init == nullptr) throw PluginError("its descriptor has no init function");
}

}  // namespace

bool is_plugin_name(std::string_view name) {
  return !name.empty() && name.size() <= 32 && name[0] >= 'a' && name[0] <= 'z' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool FileStamp::operator==(const FileStamp& o) const {
  return device == o.device && inode == o.inode && size == o.size &&
         modified.tv_sec == o.modified.tv_sec && modified.tv_nsec == o.modified.tv_nsec;
}

std::string canonical_path(const std::string& path) {
  const std::unique_ptr<char, decltype(&free)> real(realpath(path.c_str(), nullptr), &free);
  if (real == nullptr) throw PluginError(std::string("cannot open it: ") + std::strerror(errno));
  return real.get();
}

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

void PluginFile::close() {
  if (handle != nullptr) dlclose(handle);
  handle = nullptr;
  descriptor = nullptr;
}

PluginFile open_plugin_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    throw PluginError(std::string("cannot open it: ") + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw PluginError("not a regular file");
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw PluginError(fmt::format(
        "writable by group or others (mode {:04o}), so not only its owner can change the code "
        "jamd would run: chmod go-w it",
        st.st_mode & 07777));
  }
  PluginFile file{path, {st.st_dev, st.st_ino, st.st_size, st.st_mtim}, nullptr, nullptr};
  dlerror();
  file.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (file.handle == nullptr) throw PluginError("cannot be loaded: " + dl_problem(path));
  file.descriptor = static_cast<const jamd_plugin_v1*>(dlsym(file.handle, JAMD_PLUGIN_SYMBOL_NAME));
  try {
    if (file.descriptor == nullptr) {
      throw PluginError("not a jamd plugin: it defines no " JAMD_PLUGIN_SYMBOL_NAME
                        " (plugins declare it with JAMD_PLUGIN)");
    }
    check_descriptor(*file.descriptor);
  } catch (...) {
    file.close();
    throw;
  }
  return file;
}

}  // namespace jamd::plugins
